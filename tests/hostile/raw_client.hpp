#pragma once
// A raw HTTP/1.1 client over TCP or TLS for hostile-input tests: it sends exactly the bytes it
// is given (malformed requests, slow trickles, endless bodies) and reports what the server did
// with them — an answer, a close, or nothing before a deadline. Blocking calls, each with its
// own deadline; one connection is used by one thread.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "support/pki.hpp"

namespace iwmo::test {

using std::chrono::milliseconds;

struct tls_client {
  std::filesystem::path ca;  // trust only this CA
  key_pair certificate;      // presented when set
};

struct raw_reply {
  int status = 0;      // 0 when no complete response arrived
  std::string head;    // status line and header fields
  std::string body;
  bool closed = false;  // the server ended the connection (end of file, reset or TLS alert)
  std::string error;    // what ended the read when there was no complete response
  milliseconds elapsed{0};
  // The "error" member of a JSON body ("" when there is none).
  [[nodiscard]] std::string error_code() const;
  // A header field's value, the name compared without case ("" when absent).
  [[nodiscard]] std::string header(std::string_view name) const;
};

struct stream_result {
  raw_reply reply;         // what came back while (or after) the pieces were sent
  std::uint64_t sent = 0;  // bytes written before the writer stopped
  std::string write_error;  // why the writer stopped, when it did not run out of pieces
};

class raw_connection {
 public:
  // Connects to 127.0.0.1:port and, with tls, completes the TLS handshake. Throws when the TCP
  // connection cannot be made; a failed handshake is reported by handshake_error().
  raw_connection(std::uint16_t port, const std::optional<tls_client>& tls, milliseconds timeout = milliseconds(5000));
  ~raw_connection();
  raw_connection(const raw_connection&) = delete;
  raw_connection& operator=(const raw_connection&) = delete;

  [[nodiscard]] const std::string& handshake_error() const;

  // Writes all bytes; false when the write failed or did not finish within the timeout.
  bool send(std::string_view bytes, milliseconds timeout = milliseconds(5000));
  // One response (framed by Content-Length), or whatever arrived until the server closed the
  // connection or the timeout passed.
  [[nodiscard]] raw_reply read_reply(milliseconds timeout);
  // Writes the pieces `next` gives (an empty piece ends them), waiting `gap` between pieces,
  // while reading. Ends at the first complete response or close, after the last piece has
  // been answered, or at the timeout.
  [[nodiscard]] stream_result stream(const std::function<std::string_view()>& next, milliseconds gap,
                                     milliseconds timeout);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace iwmo::test
