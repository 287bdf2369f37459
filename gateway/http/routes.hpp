#pragma once
// The API (docs/api.md) as a function from a plain request to a plain response: it knows the
// routes, authentication and the JSON error format, and nothing about sockets. The server
// calls it on a worker thread, because the service it calls blocks.
#include <cstdint>
#include <optional>
#include <span>
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

// The role model of the API: every endpoint with the roles that may call it and how the data
// behind it is scoped. The router is driven by this table (an endpoint that is not in it does
// not exist) and refuses a role that is not listed with 403 before the service is called; the
// service then checks the scope. tests/http/authorization_test.cpp asserts the whole matrix,
// every endpoint x role x own/other party, from this table (docs/api.md, "Who may do what").
enum class scope : std::uint8_t {
  none,      // not about one party's data (health, operations, the rule list)
  object,    // one party's object (a message, a mailbox item, a case): another party gets 403
  filtered,  // a list: every caller sees only their own items
};

// What a variable path segment must look like.
enum class segment : std::uint8_t {
  none,
  number,     // {id}: a positive whole number
  signal_id,  // {id}: "S" and 16 hexadecimal digits
  agb,        // {agb}: 8 digits
};

[[nodiscard]] constexpr std::uint8_t role_bit(app::role r) { return static_cast<std::uint8_t>(1u << static_cast<unsigned>(r)); }

struct endpoint {
  std::string_view method;   // "GET" or "POST"
  std::string_view pattern;  // "/v1/messages/{id}": also the route label of logs and metrics
  segment parameter = segment::none;
  std::uint8_t roles = 0;    // role_bit()s; 0: public, no credentials needed
  http::scope scope = http::scope::none;

  [[nodiscard]] bool is_public() const { return roles == 0; }
  [[nodiscard]] bool allows(app::role r) const { return (roles & role_bit(r)) != 0; }
};

// The table, in the order of docs/api.md.
[[nodiscard]] std::span<const endpoint> endpoints();

// A JSON error response {"error": code, "message": text}.
[[nodiscard]] response error_response(unsigned status, std::string_view code, std::string_view message);

}  // namespace iwmo::http
