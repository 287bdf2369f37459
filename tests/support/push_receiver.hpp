#pragma once
// An HTTPS server for tests that records the messages pushed to it (Boost.Beast, one
// background thread serving all connections).
#include "support/pki.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace iwmo::test {

struct received_request {
  std::string method;
  std::string target;
  std::string body;
  std::map<std::string, std::string> headers;  // names lower-cased; the last value wins
};

class push_receiver {
 public:
  // Listens on 127.0.0.1 with the given certificate and key (TLS); port 0 picks a free port.
  // When client_ca is non-empty, a client certificate signed by it is required. Throws when
  // the certificate, key or CA cannot be loaded or the port cannot be bound.
  explicit push_receiver(const key_pair& server, std::filesystem::path client_ca = {},
                         std::uint16_t port = 0);
  ~push_receiver();  // stops and joins; never throws
  push_receiver(const push_receiver&) = delete;
  push_receiver& operator=(const push_receiver&) = delete;
  push_receiver(push_receiver&&) = delete;
  push_receiver& operator=(push_receiver&&) = delete;

  [[nodiscard]] std::uint16_t port() const;
  // "https://localhost:<port><path>"
  [[nodiscard]] std::string url(const std::string& path = "/push") const;

  // Stops listening, so new connections are refused, and closes the open connections too: a
  // client keeping a connection alive must not keep reaching a receiver that is down.
  void down();
  // Listens again on the same port. Does nothing when already listening.
  void up();

  // The status answered to the requests that follow (200 until changed).
  void respond_with(unsigned status);

  // Copies of the requests received so far, in arrival order.
  [[nodiscard]] std::vector<received_request> received() const;
  // Waits until at least n requests were received; false on timeout.
  [[nodiscard]] bool wait_for(std::size_t n, std::chrono::milliseconds timeout) const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace iwmo::test
