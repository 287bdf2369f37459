#include "support/push_receiver.hpp"

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <future>
#include <mutex>
#include <set>
#include <thread>
#include <utility>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <openssl/ssl.h>

namespace iwmo::test {

namespace {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

// Generous: tests push bodies of tens of megabytes (Beast's default limit is 8 MB).
constexpr std::uint64_t max_body_bytes = std::uint64_t{256} * 1024 * 1024;
// A stuck client must not keep a connection (and the receiver's shutdown) waiting forever.
constexpr auto io_timeout = std::chrono::seconds(60);
constexpr auto shutdown_timeout = std::chrono::seconds(2);

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// Keeps the set of open connections accurate however a connection's coroutine ends
// (including its frame being destroyed without resuming).
class connection_registration {
 public:
  connection_registration(std::set<beast::tcp_stream*>& connections, beast::tcp_stream& stream)
      : connections_(connections), stream_(&stream) {
    connections_.insert(stream_);
  }
  ~connection_registration() { connections_.erase(stream_); }
  connection_registration(const connection_registration&) = delete;
  connection_registration& operator=(const connection_registration&) = delete;

 private:
  std::set<beast::tcp_stream*>& connections_;
  beast::tcp_stream* stream_;
};

}  // namespace

// Members are declared in destruction-safe order: connection coroutines live in the
// io_context and refer to the TLS context and the connection set, so those come first.
struct push_receiver::impl {
  impl(const key_pair& server, const std::filesystem::path& client_ca, std::uint16_t requested_port);

  // Runs `task` on the I/O thread and waits for it, rethrowing its exception.
  template <class Task>
  void run_on_io(Task task);

  // I/O thread (or before it starts): listen on `port` and start accepting.
  void open();
  // I/O thread: stop accepting and close the connections; `stopping` also lets io.run() end.
  void close(bool stopping);
  net::awaitable<void> accept_loop(unsigned listening);
  net::awaitable<void> serve(tcp::socket socket, unsigned listening);
  unsigned record(const http::request<http::string_body>& request);

  ssl::context tls{ssl::context::tls_server};

  // Shared with the test thread, under `mutex`.
  mutable std::mutex mutex;
  mutable std::condition_variable arrived;
  std::vector<received_request> requests;
  unsigned status = 200;

  // I/O thread only.
  std::set<beast::tcp_stream*> connections;
  unsigned listening_period = 0;  // incremented by every up() and down(): stale work ends

  net::io_context io;
  // Keeps io.run() going while the receiver is down and has nothing else to do.
  net::executor_work_guard<net::io_context::executor_type> work{io.get_executor()};
  tcp::acceptor acceptor{io};
  std::uint16_t port = 0;  // fixed once the constructor bound it
  std::thread thread;
};

push_receiver::impl::impl(const key_pair& server, const std::filesystem::path& client_ca,
                          std::uint16_t requested_port)
    : port(requested_port) {
  tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                  ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  tls.use_certificate_chain_file(server.certificate.string());
  tls.use_private_key_file(server.key.string(), ssl::context::pem);
  if (!client_ca.empty()) {
    tls.load_verify_file(client_ca.string());
    tls.set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
    // Tells clients which issuer is acceptable, and lets sessions be resumed: OpenSSL refuses
    // resumption on a verifying server without a session id context.
    SSL_CTX_set_client_CA_list(tls.native_handle(), SSL_load_client_CA_file(client_ca.c_str()));
    static constexpr unsigned char session_context[] = "iwmo-push-receiver";
    SSL_CTX_set_session_id_context(tls.native_handle(), session_context, sizeof session_context - 1);
  }
}

template <class Task>
void push_receiver::impl::run_on_io(Task task) {
  if (io.get_executor().running_in_this_thread()) {
    task();
    return;
  }
  std::packaged_task<void()> packaged(std::move(task));
  auto done = packaged.get_future();
  net::post(io, [&packaged] { packaged(); });
  done.get();
}

void push_receiver::impl::open() {
  if (acceptor.is_open()) return;
  const tcp::endpoint endpoint(net::ip::make_address_v4("127.0.0.1"), port);
  try {
    acceptor.open(endpoint.protocol());
    // Lets up() bind the same port again while old connections linger in TIME_WAIT.
    acceptor.set_option(tcp::acceptor::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen();
  } catch (...) {
    beast::error_code ignored;
    acceptor.close(ignored);
    throw;
  }
  if (port == 0) port = acceptor.local_endpoint().port();
  net::co_spawn(io, accept_loop(++listening_period), net::detached);
}

void push_receiver::impl::close(bool stopping) {
  ++listening_period;
  beast::error_code ignored;
  acceptor.close(ignored);
  // Closing fails the connections' pending operations; their coroutines then end.
  for (beast::tcp_stream* connection : connections) connection->socket().close(ignored);
  if (stopping) work.reset();
}

net::awaitable<void> push_receiver::impl::accept_loop(unsigned listening) {
  for (;;) {
    beast::error_code ec;
    tcp::socket socket = co_await acceptor.async_accept(net::redirect_error(net::use_awaitable, ec));
    // A connection accepted just before down() must not be served.
    if (listening != listening_period) co_return;
    if (ec) {
      if (!acceptor.is_open()) co_return;
      // E.g. out of file descriptors: pause rather than spin.
      net::steady_timer pause(io, std::chrono::milliseconds(10));
      co_await pause.async_wait(net::redirect_error(net::use_awaitable, ec));
      continue;
    }
    net::co_spawn(io, serve(std::move(socket), listening), net::detached);
  }
}

net::awaitable<void> push_receiver::impl::serve(tcp::socket socket, unsigned listening) {
  if (listening != listening_period) co_return;  // down() came between accept and start
  beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), tls);
  beast::tcp_stream& transport = beast::get_lowest_layer(stream);
  const connection_registration registration(connections, transport);
  // Any failure (client gone, failed handshake, bad request, closed by down()) just ends this
  // connection; nothing may escape into the I/O thread.
  try {
    transport.expires_after(io_timeout);
    co_await stream.async_handshake(ssl::stream_base::server, net::use_awaitable);
    beast::flat_buffer buffer;
    for (;;) {
      http::request_parser<http::string_body> parser;
      parser.body_limit(max_body_bytes);
      transport.expires_after(io_timeout);
      co_await http::async_read_header(stream, buffer, parser, net::use_awaitable);
      // curl waits (one second) for this before sending a large body.
      if (beast::iequals(parser.get()[http::field::expect], "100-continue")) {
        http::response<http::empty_body> go_on{http::status::continue_, parser.get().version()};
        co_await http::async_write(stream, go_on, net::use_awaitable);
      }
      co_await http::async_read(stream, buffer, parser, net::use_awaitable);
      const http::request<http::string_body>& request = parser.get();

      http::response<http::string_body> response;
      response.result(record(request));
      response.version(request.version());
      response.set(http::field::content_type, "text/plain");
      response.body() = std::to_string(response.result_int()) + "\n";
      response.keep_alive(request.keep_alive());
      response.prepare_payload();
      co_await http::async_write(stream, response, net::use_awaitable);
      if (!response.keep_alive()) break;
    }
    transport.expires_after(shutdown_timeout);
    beast::error_code ignored;
    co_await stream.async_shutdown(net::redirect_error(net::use_awaitable, ignored));
  } catch (...) {
  }
}

unsigned push_receiver::impl::record(const http::request<http::string_body>& request) {
  received_request copy;
  copy.method = std::string(request.method_string());
  copy.target = std::string(request.target());
  copy.body = request.body();
  for (const auto& field : request) {
    copy.headers[lower(std::string(field.name_string()))] = std::string(field.value());
  }
  const std::lock_guard lock(mutex);
  requests.push_back(std::move(copy));
  arrived.notify_all();
  return status;
}

push_receiver::push_receiver(const key_pair& server, std::filesystem::path client_ca,
                             std::uint16_t port)
    : impl_(std::make_unique<impl>(server, client_ca, port)) {
  impl_->open();  // before the thread starts, so no hand-over is needed
  impl_->thread = std::thread([state = impl_.get()] {
    for (;;) {
      try {
        state->io.run();
        return;
      } catch (...) {  // no handler should throw; if one does, keep serving
      }
    }
  });
}

push_receiver::~push_receiver() {
  try {
    impl_->run_on_io([state = impl_.get()] { state->close(true); });
  } catch (...) {
    impl_->io.stop();  // last resort: abandoned connections are destroyed with the io_context
  }
  if (impl_->thread.joinable()) impl_->thread.join();
}

std::uint16_t push_receiver::port() const { return impl_->port; }

std::string push_receiver::url(const std::string& path) const {
  return "https://localhost:" + std::to_string(impl_->port) + path;
}

void push_receiver::down() {
  impl_->run_on_io([state = impl_.get()] { state->close(false); });
}

void push_receiver::up() {
  impl_->run_on_io([state = impl_.get()] { state->open(); });
}

void push_receiver::respond_with(unsigned status) {
  const std::lock_guard lock(impl_->mutex);
  impl_->status = status;
}

std::vector<received_request> push_receiver::received() const {
  const std::lock_guard lock(impl_->mutex);
  return impl_->requests;
}

bool push_receiver::wait_for(std::size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(impl_->mutex);
  return impl_->arrived.wait_for(lock, timeout, [&] { return impl_->requests.size() >= n; });
}

}  // namespace iwmo::test
