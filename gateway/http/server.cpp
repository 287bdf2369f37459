#include "http/server.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "http/routes.hpp"
#include "log/log.hpp"

namespace iwmo::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using clock_type = std::chrono::steady_clock;

namespace {

constexpr auto with_error = net::as_tuple(net::use_awaitable);

// What draining needs to know of a connection: whether it waits for a new request, and how
// to interrupt that wait (on the connection's own executor).
struct session_state {
  net::any_io_executor executor;
  beast::tcp_stream* tcp = nullptr;  // valid while the session runs
  std::atomic<bool> idle{false};      // waiting for a request header
  std::atomic<bool> proven{false};    // a whole request header arrived on this connection
  std::atomic<bool> evicted{false};
  clock_type::time_point since = clock_type::now();
};

std::string hex(const unsigned char* data, unsigned size) {
  std::string out;
  for (unsigned i = 0; i < size; ++i) out += fmt::format("{:02x}", data[i]);
  return out;
}

}  // namespace

struct server::impl {
  const config::gateway_config& cfg;
  app::service& svc;
  net::io_context ioc;
  net::thread_pool pool;
  std::optional<ssl::context> tls;
  tcp::acceptor acceptor;
  net::signal_set signals;
  net::steady_timer drain_timer;
  std::vector<std::thread> threads;
  std::atomic<std::int64_t> connections{0};
  std::atomic<bool> draining{false};
  std::mutex sessions_mutex;
  std::set<std::shared_ptr<session_state>> sessions;
  std::uint16_t bound_port = 0;

  impl(const config::gateway_config& c, app::service& s)
      : cfg(c), svc(s), ioc(static_cast<int>(c.server.io_threads)), pool(c.server.workers), acceptor(ioc),
        signals(ioc, SIGINT, SIGTERM), drain_timer(ioc) {
    using k = app::metrics::kind;
    auto& m = svc.metrics();
    m.describe("iwmo_http_requests_total", k::counter, "HTTP requests by route and status.");
    m.describe("iwmo_http_request_seconds", k::histogram, "Time to answer an HTTP request, by route.");
    m.describe("iwmo_http_connections", k::gauge, "Open connections.");
    m.describe("iwmo_http_connections_refused_total", k::counter, "Connections closed at once because of the connection limit.");
  m.describe("iwmo_http_connections_evicted_total", k::counter,
             "Connections that had not sent a request, closed at the connection limit to make room for a new one.");
  }

  void load_tls() {
    if (!cfg.tls.enabled) return;
    tls.emplace(ssl::context::tls_server);
    tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                     ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    const auto load = [](const std::filesystem::path& file, const char* what, auto&& f) {
      try {
        f();
      } catch (const boost::system::system_error& e) {
        throw std::runtime_error(fmt::format("cannot load the TLS {} {}: {}", what, file.string(), e.code().message()));
      }
    };
    load(cfg.tls.certificate, "certificate", [&] { tls->use_certificate_chain_file(cfg.tls.certificate.string()); });
    load(cfg.tls.private_key, "private key", [&] { tls->use_private_key_file(cfg.tls.private_key.string(), ssl::context::pem); });
    if (!cfg.tls.client_ca.empty()) {
      // A client certificate is optional (bearer tokens are the other way in), but one that is
      // presented must be signed by this CA, or the handshake fails.
      load(cfg.tls.client_ca, "client CA", [&] { tls->load_verify_file(cfg.tls.client_ca.string()); });
      tls->set_verify_mode(ssl::verify_peer);
    }
  }

  // The principal of a verified client certificate, by fingerprint or common name.
  std::optional<app::principal> certificate_principal(SSL* handle) const {
    X509* cert = SSL_get1_peer_certificate(handle);
    if (cert == nullptr) return std::nullopt;
    std::optional<app::principal> found;
    if (SSL_get_verify_result(handle) == X509_V_OK) {
      unsigned char digest[EVP_MAX_MD_SIZE];
      unsigned length = 0;
      X509_digest(cert, EVP_sha256(), digest, &length);
      const auto fingerprint = hex(digest, length);
      char cn[256] = {};
      const int n = X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, cn, sizeof cn);
      for (const auto& m : cfg.certificates) {
        if ((!m.sha256.empty() && m.sha256 == fingerprint) || (!m.subject_cn.empty() && n > 0 && m.subject_cn == cn)) {
          found = m.principal;
          break;
        }
      }
      if (!found) log::warn("http.certificate_unmapped", {{"sha256", fingerprint}});
    }
    X509_free(cert);
    return found;
  }

  net::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(net::make_strand(ioc), with_error);
      if (ec) {
        if (ec == net::error::operation_aborted || draining) co_return;
        log::warn("http.accept_failed", {{"error", ec.message()}});
        continue;
      }
      if (connections >= static_cast<std::int64_t>(cfg.server.max_connections) && evict_one()) {
        // A connection that sent nothing yet made room: idle connections cannot lock the others out.
      } else if (connections >= static_cast<std::int64_t>(cfg.server.max_connections)) {
        svc.metrics().add("iwmo_http_connections_refused_total", {});
        log::warn("http.connection_refused", {{"reason", "connection limit"}, {"limit", cfg.server.max_connections}});
        boost::system::error_code ignored;
        socket.close(ignored);
        continue;
      }
      auto executor = socket.get_executor();
      net::co_spawn(executor, session(std::move(socket)), net::detached);
    }
  }

  // At the connection limit: closes the oldest connection that has not sent a whole request
  // header yet (a slow or silent client, or one still in its TLS handshake), else the oldest one
  // waiting idle between requests. Connections busy with a request are never evicted. False
  // when there is none.
  bool evict_one() {
    std::shared_ptr<session_state> victim;
    {
      std::lock_guard lock(sessions_mutex);
      const auto pick = [&](auto eligible) {
        for (const auto& s : sessions) {
          if (s->evicted || !eligible(*s)) continue;
          if (!victim || s->since < victim->since) victim = s;
        }
      };
      pick([](const session_state& s) { return !s.proven; });
      if (!victim) pick([](const session_state& s) { return s.proven && s.idle; });
      if (!victim) return false;
      victim->evicted = true;
    }
    svc.metrics().add("iwmo_http_connections_evicted_total", {});
    log::debug("http.connection_evicted", {{"reason", "connection limit"}, {"proven", victim->proven.load()}});
    net::post(victim->executor, [victim] {
      // Only while it still waits: a request that has started meanwhile is served.
      if (victim->tcp != nullptr && (victim->idle || !victim->proven)) victim->tcp->close();
    });
    return true;
  }

  net::awaitable<void> session(tcp::socket socket) {
    auto state = std::make_shared<session_state>();
    state->executor = socket.get_executor();
    {
      std::lock_guard lock(sessions_mutex);
      sessions.insert(state);
    }
    svc.metrics().set("iwmo_http_connections", {}, static_cast<double>(++connections));
    boost::system::error_code ignored;
    const auto endpoint = socket.remote_endpoint(ignored);
    const auto remote = ignored ? std::string("?") : endpoint.address().to_string();
    try {
      if (tls) {
        beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), *tls);
        state->tcp = &beast::get_lowest_layer(stream);
        beast::get_lowest_layer(stream).expires_after(cfg.server.header_timeout);
        auto [ec] = co_await stream.async_handshake(ssl::stream_base::server, with_error);
        if (ec) {
          log::debug("http.handshake_failed", {{"remote", remote}, {"error", ec.message()}});
        } else {
          const auto who = certificate_principal(stream.native_handle());
          const bool reusable = co_await serve(stream, *state, remote, who);
          if (reusable) {
            beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(5));
            auto [shutdown_error] = co_await stream.async_shutdown(with_error);  // close_notify; errors do not matter
            (void)shutdown_error;
          }
        }
        state->tcp = nullptr;
      } else {
        beast::tcp_stream stream(std::move(socket));
        state->tcp = &stream;
        (void)co_await serve(stream, *state, remote, std::nullopt);
        stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
        state->tcp = nullptr;
      }
    } catch (const std::exception& e) {
      state->tcp = nullptr;
      log::error("http.session_failed", {{"remote", remote}, {"error", e.what()}});
    }
    {
      std::lock_guard lock(sessions_mutex);
      sessions.erase(state);
    }
    svc.metrics().set("iwmo_http_connections", {}, static_cast<double>(--connections));
  }

  // The client may still be sending the request this answer refuses (a body over the limit, a
  // header over 64 KiB). Closing a socket with unread input makes the kernel send a reset, which
  // can destroy the answer before the client has read it; so end our side first and discard
  // what still arrives, for at most two seconds.
  net::awaitable<void> linger(beast::tcp_stream& lowest) {
    boost::system::error_code ignored;
    lowest.socket().shutdown(net::socket_base::shutdown_send, ignored);
    lowest.expires_after(std::chrono::seconds(2));
    std::array<char, 16384> sink;
    for (;;) {
      auto [ec, n] = co_await lowest.async_read_some(net::buffer(sink), with_error);
      (void)n;
      if (ec) co_return;
    }
  }

  // A small error answer written directly by the session (limits, malformed requests).
  template <class Stream>
  net::awaitable<void> write_error(Stream& stream, unsigned version, unsigned status, std::string_view code,
                                   std::string_view text) {
    const auto e = error_response(status, code, text);
    bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(status), version};
    out.set(bhttp::field::server, "iwmo-gateway");
    out.set(bhttp::field::content_type, e.content_type);
    out.body() = e.body;
    out.keep_alive(false);
    out.prepare_payload();
    beast::get_lowest_layer(stream).expires_after(cfg.server.header_timeout);
    auto [ec, n] = co_await bhttp::async_write(stream, out, with_error);
    (void)n;
    if (!ec) co_await linger(beast::get_lowest_layer(stream));
    svc.metrics().add("iwmo_http_requests_total", {{"route", "-"}, {"status", std::to_string(status)}});
    log::info("http.request", {{"route", "-"}, {"status", status}, {"error", code}});
  }

  // Reads and answers requests until the connection closes; true when the connection ended
  // cleanly (worth a TLS close_notify).
  template <class Stream>
  net::awaitable<bool> serve(Stream& stream, session_state& state, const std::string& remote,
                             const std::optional<app::principal>& certificate) {
    auto& lowest = beast::get_lowest_layer(stream);
    beast::flat_buffer buffer;
    bool first = true;
    while (!draining) {
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(64 * 1024);
      parser.body_limit(cfg.server.max_body_bytes);
      lowest.expires_after(first ? cfg.server.header_timeout : cfg.server.idle_timeout);
      state.idle = true;
      auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, parser, with_error);
      state.idle = false;
      if (!ec) state.proven = true;
      (void)n;
      if (ec == bhttp::error::end_of_stream || ec == net::error::operation_aborted || ec == beast::error::timeout) co_return true;
      if (ec == bhttp::error::body_limit) {
        // Beast checks Content-Length against the limit while it reads the header: the body is
        // refused before a byte of it is read (a client waiting for 100-continue never sends it).
        co_await write_error(stream, 11, 413, "payload_too_large",
                             fmt::format("the body is larger than {} bytes", cfg.server.max_body_bytes));
        co_return false;
      }
      if (ec == bhttp::error::header_limit) {
        co_await write_error(stream, 11, 431, "header_too_large", "the request header is larger than 64 KiB");
        co_return false;
      }
      if (ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() && ec != bhttp::error::partial_message) {
        co_await write_error(stream, 11, 400, "bad_request", "the request is not valid HTTP/1.1");
        co_return false;
      }
      if (ec) co_return false;
      first = false;
      const auto started = clock_type::now();
      auto& head = parser.get();
      const auto version = head.version();

      // The body limit (the standard's 25 MB) is known from Content-Length: refuse before
      // reading the body, so a client that waits for 100-continue never sends it.
      if (parser.content_length() && *parser.content_length() > cfg.server.max_body_bytes) {
        co_await write_error(stream, version, 413, "payload_too_large",
                             fmt::format("the body is larger than {} bytes", cfg.server.max_body_bytes));
        co_return false;
      }
      if (beast::iequals(head[bhttp::field::expect], "100-continue")) {
        bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, version};
        lowest.expires_after(cfg.server.body_timeout);
        auto [e, m] = co_await bhttp::async_write(stream, go_on, with_error);
        (void)m;
        if (e) co_return false;
      }
      lowest.expires_after(cfg.server.body_timeout);
      auto [body_error, read] = co_await bhttp::async_read(stream, buffer, parser, with_error);
      (void)read;
      if (body_error == bhttp::error::body_limit) {
        co_await write_error(stream, version, 413, "payload_too_large",
                             fmt::format("the body is larger than {} bytes", cfg.server.max_body_bytes));
        co_return false;
      }
      if (body_error.category() == bhttp::make_error_code(bhttp::error::bad_chunk).category() &&
          body_error != bhttp::error::partial_message) {
        // A malformed body (a bad chunk size or chunk end) is answered, like a malformed header.
        co_await write_error(stream, version, 400, "bad_request", "the request body is not valid HTTP/1.1 framing");
        co_return false;
      }
      if (body_error) co_return false;  // timeout or a client that went away
      lowest.expires_never();

      request r;
      r.method = std::string(head.method_string());
      r.target = std::string(head.target());
      r.authorization = std::string(head[bhttp::field::authorization]);
      r.content_type = std::string(head[bhttp::field::content_type]);
      r.body = std::move(parser.get().body());
      r.certificate = certificate;
      r.remote = remote;
      const bool keep_alive = head.keep_alive();

      // The blocking part on a worker thread; this coroutine resumes on its own executor.
      response res = co_await net::co_spawn(
          pool.get_executor(),
          [&]() -> net::awaitable<response> {
            try {
              co_return handle(r, svc);
            } catch (const std::exception& e) {
              log::error("http.handler_failed", {{"error", e.what()}});
              co_return error_response(500, "internal", "the request could not be handled; see the gateway's log");
            }
          },
          net::use_awaitable);

      bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), version};
      out.set(bhttp::field::server, "iwmo-gateway");
      out.set(bhttp::field::content_type, res.content_type);
      for (const auto& [name, value] : res.headers) out.set(name, value);
      out.body() = std::move(res.body);
      out.keep_alive(keep_alive && !draining);
      out.prepare_payload();
      lowest.expires_after(cfg.server.body_timeout);
      auto [write_error_code, written] = co_await bhttp::async_write(stream, out, with_error);
      (void)written;

      const double seconds = std::chrono::duration<double>(clock_type::now() - started).count();
      svc.metrics().add("iwmo_http_requests_total", {{"route", res.route}, {"status", std::to_string(res.status)}});
      svc.metrics().observe("iwmo_http_request_seconds", {{"route", res.route}}, seconds);
      // The route pattern, never the path or query: those may hold a BSN.
      log::info("http.request", {{"method", r.method},
                                 {"route", res.route},
                                 {"status", res.status},
                                 {"ms", static_cast<std::int64_t>(seconds * 1000)},
                                 {"principal", res.principal},
                                 {"remote", remote}});
      if (write_error_code || !out.keep_alive()) co_return !write_error_code;
    }
    co_return true;
  }

  void begin_drain(const std::string& reason) {
    if (draining.exchange(true)) return;
    log::info("server.draining", {{"reason", reason}, {"connections", connections.load()}});
    net::post(ioc, [this] {
      boost::system::error_code ignored;
      acceptor.close(ignored);
      // Connections waiting for their next request close now; busy ones finish their request.
      std::lock_guard lock(sessions_mutex);
      for (const auto& s : sessions) {
        net::post(s->executor, [s] {
          if (s->idle && s->tcp != nullptr) s->tcp->cancel();
        });
      }
    });
    wait_for_connections(clock_type::now() + cfg.server.shutdown_timeout);
  }

  void wait_for_connections(clock_type::time_point deadline) {
    drain_timer.expires_after(std::chrono::milliseconds(50));
    drain_timer.async_wait([this, deadline](const boost::system::error_code&) {
      if (connections == 0 || clock_type::now() >= deadline) {
        if (connections != 0) log::warn("server.drain_timeout", {{"connections", connections.load()}});
        ioc.stop();
        return;
      }
      wait_for_connections(deadline);
    });
  }
};

server::server(const config::gateway_config& config, app::service& service)
    : impl_(std::make_unique<impl>(config, service)) {}

server::~server() {
  if (!impl_->threads.empty()) {
    stop();
    wait();
  }
}

void server::start() {
  auto& s = *impl_;
  s.load_tls();
  boost::system::error_code ec;
  const auto address = net::ip::make_address(s.cfg.server.listen, ec);
  if (ec) throw std::runtime_error(fmt::format("listen address '{}' is not an IP address", s.cfg.server.listen));
  const tcp::endpoint endpoint(address, s.cfg.server.port);
  s.acceptor.open(endpoint.protocol());
  s.acceptor.set_option(net::socket_base::reuse_address(true));
  s.acceptor.bind(endpoint, ec);
  if (ec) throw std::runtime_error(fmt::format("cannot listen on {}:{}: {}", s.cfg.server.listen, s.cfg.server.port, ec.message()));
  s.acceptor.listen(net::socket_base::max_listen_connections);
  s.bound_port = s.acceptor.local_endpoint().port();
  if (!s.cfg.server.port_file.empty()) {
    std::ofstream(s.cfg.server.port_file) << s.bound_port << "\n";
  }
  net::co_spawn(s.ioc, s.accept_loop(), net::detached);
  s.signals.async_wait([&s](const boost::system::error_code& error, int signal) {
    if (!error) s.begin_drain(signal == SIGTERM ? "SIGTERM" : "SIGINT");
  });
  for (unsigned i = 0; i < s.cfg.server.io_threads; ++i) {
    s.threads.emplace_back([&s] {
      for (;;) {
        try {
          s.ioc.run();
          return;
        } catch (const std::exception& e) {
          log::error("server.io_error", {{"error", e.what()}});
        }
      }
    });
  }
  log::info("server.listening", {{"address", s.cfg.server.listen}, {"port", s.bound_port}, {"tls", s.cfg.tls.enabled},
                                 {"io_threads", s.cfg.server.io_threads}, {"workers", s.cfg.server.workers}});
}

std::uint16_t server::port() const { return impl_->bound_port; }

void server::wait() {
  for (auto& t : impl_->threads) {
    if (t.joinable()) t.join();
  }
  impl_->threads.clear();
  impl_->pool.join();  // requests being handled finish (their commits are complete or not started)
}

void server::stop() {
  net::post(impl_->ioc, [s = impl_.get()] { s->begin_drain("stop"); });
}

}  // namespace iwmo::http
