#pragma once
// The HTTP(S) server: Boost.Beast on Asio with C++20 coroutines. A few I/O threads accept
// connections and read and write; every request is handed to a pool of worker threads, because
// handling it blocks (XML validation, SQLite). One session per connection: TLS handshake (the
// client certificate, if any, maps to a principal), then requests with a body limit and
// deadlines for the header, the body and idle keep-alive. SIGTERM/SIGINT stop it gracefully:
// no new connections, in-flight requests finish, idle connections close.
//
// No Beast or Asio type appears here: the implementation is private.
#include <cstdint>
#include <memory>

#include "app/service.hpp"
#include "config/config.hpp"

namespace iwmo::http {

class server {
 public:
  server(const config::gateway_config& config, app::service& service);
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  // Binds the listening socket and starts the threads; throws when the address cannot be
  // bound or the TLS files cannot be loaded.
  void start();
  // The port bound by start() (useful with port 0).
  [[nodiscard]] std::uint16_t port() const;
  // Blocks until the server stopped: after a signal, or stop().
  void wait();
  // Starts a graceful stop (thread-safe).
  void stop();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace iwmo::http
