#include "hostile/raw_client.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/json.hpp>

namespace iwmo::test {

namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using clock_type = std::chrono::steady_clock;

namespace {

constexpr auto with_error = net::as_tuple(net::use_awaitable);

bool iequal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string field_of(std::string_view head, std::string_view name) {
  std::size_t pos = head.find("\r\n");
  while (pos != std::string_view::npos && pos + 2 < head.size()) {
    const auto start = pos + 2;
    const auto end = head.find("\r\n", start);
    const auto line = head.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    const auto colon = line.find(':');
    if (colon != std::string_view::npos && iequal(line.substr(0, colon), name)) {
      auto value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
      return std::string(value);
    }
    pos = end;
  }
  return {};
}

// Fills `reply` from the bytes received so far when they hold a complete response; the number
// of bytes it took (0: not complete yet).
std::size_t parse(const std::string& received, raw_reply& reply) {
  const auto end = received.find("\r\n\r\n");
  if (end == std::string::npos) return 0;
  const std::string head = received.substr(0, end);
  if (!head.starts_with("HTTP/1.") || head.size() < 12) return 0;
  const auto length_text = field_of(head, "content-length");
  const std::size_t length = length_text.empty() ? 0 : std::stoul(length_text);
  if (received.size() < end + 4 + length) return 0;
  reply.head = head;
  reply.status = std::stoi(head.substr(9, 3));
  reply.body = received.substr(end + 4, length);
  return end + 4 + length;
}

}  // namespace

std::string raw_reply::error_code() const {
  boost::system::error_code ec;
  const auto v = boost::json::parse(body, ec);
  if (ec || !v.is_object()) return {};
  const auto* e = v.as_object().if_contains("error");
  return e != nullptr && e->is_string() ? std::string(e->as_string()) : std::string();
}

std::string raw_reply::header(std::string_view name) const { return field_of(head, name); }

struct raw_connection::impl {
  net::io_context io;
  std::optional<ssl::context> context;
  std::optional<tcp::socket> plain;
  std::optional<ssl::stream<tcp::socket>> secure;
  std::string handshake_error;
  std::string received;

  tcp::socket& lowest() { return secure ? secure->next_layer() : *plain; }

  // Runs the spawned work for at most `timeout`; then cancels it (the connection stays open).
  // True when it timed out.
  bool run_for(milliseconds timeout) {
    io.restart();
    io.run_for(timeout);
    if (io.stopped()) return false;
    boost::system::error_code ignored;
    lowest().cancel(ignored);
    io.restart();
    io.run();
    return true;
  }

  template <class F> void with_stream(F&& f) {
    if (secure) {
      f(*secure);
    } else {
      f(*plain);
    }
  }

  template <class Stream> net::awaitable<void> read_loop(Stream& s, raw_reply& reply, bool& done) {
    char chunk[16384];
    for (;;) {
      if (const auto used = parse(received, reply)) {
        received.erase(0, used);  // a later read starts after this response
        break;
      }
      auto [ec, n] = co_await s.async_read_some(net::buffer(chunk), with_error);
      received.append(chunk, n);
      if (ec == net::error::operation_aborted) break;  // our own timeout
      if (ec) {
        if (const auto used = parse(received, reply)) received.erase(0, used);
        reply.closed = true;
        reply.error = ec.message();
        break;
      }
    }
    done = true;
  }
};

raw_connection::raw_connection(std::uint16_t port, const std::optional<tls_client>& tls, milliseconds timeout)
    : impl_(std::make_unique<impl>()) {
  auto& s = *impl_;
  const tcp::endpoint at(net::ip::make_address("127.0.0.1"), port);
  if (tls) {
    s.context.emplace(ssl::context::tls_client);
    s.context->load_verify_file(tls->ca.string());
    if (!tls->certificate.certificate.empty()) {
      s.context->use_certificate_chain_file(tls->certificate.certificate.string());
      s.context->use_private_key_file(tls->certificate.key.string(), ssl::context::pem);
    }
    s.secure.emplace(s.io, *s.context);
    s.secure->set_verify_mode(ssl::verify_peer);
  } else {
    s.plain.emplace(s.io);
  }
  s.lowest().connect(at);  // throws: the listener must accept the TCP connection
  if (!tls) return;
  bool done = false;
  net::co_spawn(
      s.io,
      [&]() -> net::awaitable<void> {
        auto [ec] = co_await s.secure->async_handshake(ssl::stream_base::client, with_error);
        if (ec) s.handshake_error = ec.message();
        done = true;
      },
      net::detached);
  if (s.run_for(timeout) && !done) s.handshake_error = "no TLS handshake within the timeout";
}

raw_connection::~raw_connection() {
  boost::system::error_code ignored;
  impl_->lowest().close(ignored);
}

const std::string& raw_connection::handshake_error() const { return impl_->handshake_error; }

bool raw_connection::send(std::string_view bytes, milliseconds timeout) {
  auto& s = *impl_;
  bool ok = false;
  s.with_stream([&](auto& stream) {
    net::co_spawn(
        s.io,
        [&]() -> net::awaitable<void> {
          auto [ec, n] = co_await net::async_write(stream, net::buffer(bytes.data(), bytes.size()), with_error);
          (void)n;
          ok = !ec;
        },
        net::detached);
  });
  s.run_for(timeout);
  return ok;
}

raw_reply raw_connection::read_reply(milliseconds timeout) {
  auto& s = *impl_;
  raw_reply reply;
  const auto started = clock_type::now();
  bool done = false;
  s.with_stream([&](auto& stream) { net::co_spawn(s.io, s.read_loop(stream, reply, done), net::detached); });
  if (s.run_for(timeout) && reply.error.empty()) reply.error = "no answer within the timeout";
  reply.elapsed = std::chrono::duration_cast<milliseconds>(clock_type::now() - started);
  return reply;
}

stream_result raw_connection::stream(const std::function<std::string_view()>& next, milliseconds gap,
                                     milliseconds timeout) {
  auto& s = *impl_;
  stream_result result;
  const auto started = clock_type::now();
  bool read_done = false;
  net::steady_timer timer(s.io);
  s.with_stream([&](auto& stream) {
    net::co_spawn(
        s.io,
        [&]() -> net::awaitable<void> {
          co_await s.read_loop(stream, result.reply, read_done);
          // The answer (or the close) came: stop a writer that may be blocked on a full window.
          boost::system::error_code ignored;
          s.lowest().cancel(ignored);
          timer.cancel();
        },
        net::detached);
    net::co_spawn(
        s.io,
        [&]() -> net::awaitable<void> {
          while (!read_done) {
            const auto piece = next();
            if (piece.empty()) co_return;
            auto [ec, n] = co_await net::async_write(stream, net::buffer(piece.data(), piece.size()), with_error);
            result.sent += n;
            if (ec) {
              result.write_error = ec.message();
              co_return;
            }
            if (gap.count() > 0 && !read_done) {
              timer.expires_after(gap);
              (void)co_await timer.async_wait(with_error);
            }
          }
        },
        net::detached);
  });
  if (s.run_for(timeout) && result.reply.error.empty()) result.reply.error = "no answer within the timeout";
  result.reply.elapsed = std::chrono::duration_cast<milliseconds>(clock_type::now() - started);
  return result;
}

}  // namespace iwmo::test
