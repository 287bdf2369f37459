#pragma once
// A blocking HTTP/HTTPS client for tests, on libcurl's easy interface.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace iwmo::test {

struct http_request {
  std::string method = "GET";
  std::string url;                    // http:// or https://
  std::string body;                   // sent when non-empty or the method is POST or PUT
  std::vector<std::string> headers;   // "Name: value"
  std::string bearer;                 // adds "Authorization: Bearer <bearer>" when non-empty
  std::filesystem::path ca_file;      // trust only this CA (peer and host verification stay on)
  std::filesystem::path client_certificate, client_key;  // mutual TLS when set (PEM)
  long timeout_ms = 30000;            // the whole transfer
};

struct http_response {
  long status = 0;                             // 0 when the transfer failed
  std::string body;
  std::map<std::string, std::string> headers;  // names lower-cased; the last value wins
  std::string error;                           // curl's error text when status == 0
  [[nodiscard]] std::string header(const std::string& lower_name) const;  // "" when absent
};

// Performs the request over HTTP/1.1 without any proxy. Transfer errors (refused connection,
// failed TLS verification, timeout) do not throw: they give status 0 and an error text.
[[nodiscard]] http_response http(const http_request& r);

}  // namespace iwmo::test
