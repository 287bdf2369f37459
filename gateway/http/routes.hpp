#pragma once
// The API (docs/api.md) as a function from a plain request to a plain response: it knows the
// routes, authentication and the JSON error format, and nothing about sockets. The server
// calls it on a worker thread, because the service it calls blocks.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/principal.hpp"
#include "app/service.hpp"

namespace iwmo::http {

struct request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // origin form: path and query
  std::string authorization;
  std::string content_type;
  std::string body;
  std::optional<app::principal> certificate;  // from a verified, mapped client certificate
  std::string remote;                          // peer address, for logs
};

struct response {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string route;      // the route pattern, for logs and metrics ("/v1/messages/{id}")
  std::string principal;  // who asked, for logs ("aanbieder:98000011", "-" when nobody)
};

[[nodiscard]] response handle(const request& r, app::service& svc);

// A JSON error response {"error": code, "message": text}.
[[nodiscard]] response error_response(unsigned status, std::string_view code, std::string_view message);

}  // namespace iwmo::http
