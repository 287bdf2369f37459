#include "http/routes.hpp"

#include <charconv>

#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <fmt/format.h>

namespace iwmo::http {

namespace json = boost::json;

response error_response(unsigned status, std::string_view code, std::string_view message) {
  response r;
  r.status = status;
  r.body = json::serialize(json::object{{"error", code}, {"message", message}});
  return r;
}

namespace {

response failure_response(const app::failure& f) {
  switch (f.code) {
    case app::api_errc::bad_request: return error_response(400, "bad_request", f.message);
    case app::api_errc::unauthenticated: {
      auto r = error_response(401, "unauthenticated", f.message);
      r.headers.emplace_back("WWW-Authenticate", "Bearer");
      return r;
    }
    case app::api_errc::forbidden: return error_response(403, "forbidden", f.message);
    case app::api_errc::not_found: return error_response(404, "not_found", f.message);
    case app::api_errc::conflict: return error_response(409, "conflict", f.message);
    case app::api_errc::unavailable: return error_response(503, "unavailable", f.message);
  }
  return error_response(500, "internal", f.message);
}

response json_response(const json::object& o, unsigned status = 200) {
  response r;
  r.status = status;
  r.body = json::serialize(o);
  return r;
}

response xml_response(std::string body) {
  response r;
  r.content_type = "application/xml; charset=utf-8";
  r.body = std::move(body);
  return r;
}

template <class T, class F> response respond(app::outcome<T> o, F&& ok) {
  if (auto* f = std::get_if<app::failure>(&o)) return failure_response(*f);
  return ok(std::move(std::get<T>(o)));
}

std::optional<std::int64_t> to_id(std::string_view s) {
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v <= 0) return std::nullopt;
  return v;
}

struct query {
  std::vector<std::pair<std::string, std::string>> params;
  [[nodiscard]] std::optional<std::string> get(std::string_view key) const {
    for (const auto& [k, v] : params) {
      if (k == key && !v.empty()) return v;
    }
    return std::nullopt;
  }
};

// `limit` and `after` of a paged list; nullopt when they are not whole numbers.
std::optional<std::pair<std::int64_t, int>> paging(const query& q) {
  std::int64_t after = 0;
  int limit = 100;
  if (const auto a = q.get("after")) {
    const auto [end, ec] = std::from_chars(a->data(), a->data() + a->size(), after);
    if (ec != std::errc() || end != a->data() + a->size() || after < 0) return std::nullopt;
  }
  if (const auto l = q.get("limit")) {
    const auto [end, ec] = std::from_chars(l->data(), l->data() + l->size(), limit);
    if (ec != std::errc() || end != l->data() + l->size()) return std::nullopt;
  }
  return std::pair{after, limit};
}

response submit(const request& r, app::service& svc, const app::principal& who) {
  const auto type = r.content_type.substr(0, r.content_type.find(';'));
  if (type != "application/xml" && type != "text/xml") {
    return error_response(415, "unsupported_media_type", "send the message as application/xml");
  }
  if (r.body.empty()) return error_response(400, "bad_request", "the body is empty; send an iWmo message");
  return respond(svc.submit(who, r.body, fmt::format("https {}", who.to_string())), [](app::submit_result s) {
    response out;
    const auto id = std::to_string(s.message_id);
    out.headers = {{"X-Iwmo-Message-Id", id}, {"Location", "/v1/messages/" + id}, {"X-Iwmo-Verdict", s.verdict}};
    if (!s.message_type.empty()) out.headers.emplace_back("X-Iwmo-Message-Type", s.message_type);
    if (s.replay) out.headers.emplace_back("X-Iwmo-Replay", "true");
    if (s.verdict == "schema") {
      // Control level 1: no answer exists; the schema errors go back to the sender.
      json::array errors;
      for (const auto& e : s.schema_errors) errors.push_back(json::object{{"line", e.line}, {"column", e.column}, {"text", e.text}});
      auto body = json::object{{"error", "schema"},
                               {"message", "the message does not satisfy the iWmo 3.2 schema (control level 1)"},
                               {"message_id", s.message_id},
                               {"message_type", s.message_type.empty() ? json::value(nullptr) : json::value(s.message_type)},
                               {"errors", std::move(errors)}};
      auto r400 = json_response(body, 400);
      r400.headers = std::move(out.headers);
      return r400;
    }
    if (!s.answer_xml) {
      // A received answer (retour or WMO325): stored, nothing to answer.
      auto stored = json_response(json::object{{"message_id", s.message_id}, {"message_type", s.message_type}, {"verdict", s.verdict}});
      stored.headers = std::move(out.headers);
      return stored;
    }
    out.headers.emplace_back("X-Iwmo-Answer-Type", *s.answer_type);
    out.content_type = "application/xml; charset=utf-8";
    out.body = std::move(*s.answer_xml);
    return out;
  });
}

}  // namespace

response handle(const request& r, app::service& svc) {
  const auto parsed = boost::urls::parse_origin_form(r.target);
  if (!parsed) return error_response(400, "bad_request", "the request target is not a valid path");
  std::vector<std::string> path;
  for (auto segment : parsed->segments()) path.emplace_back(segment);
  query q;
  for (auto p : parsed->params()) q.params.emplace_back(p.key, p.has_value ? std::string(p.value) : std::string());

  // Routes: method, pattern, and whether a principal is needed.
  const auto is = [&](std::initializer_list<std::string_view> pattern) {
    if (pattern.size() != path.size()) return false;
    std::size_t i = 0;
    for (const auto part : pattern) {
      if (part != "{id}" && part != path[i]) return false;
      if (part == "{id}" && !to_id(path[i])) return false;
      ++i;
    }
    return true;
  };
  const auto id_at = [&](std::size_t i) { return *to_id(path[i]); };
  const auto method_not_allowed = [](std::string_view allow) {
    auto e = error_response(405, "method_not_allowed", fmt::format("use {}", allow));
    e.headers.emplace_back("Allow", std::string(allow));
    return e;
  };

  std::string route;
  std::string_view allowed;
  if (is({"healthz"})) route = "/healthz", allowed = "GET";
  else if (is({"readyz"})) route = "/readyz", allowed = "GET";
  else if (is({"metrics"})) route = "/metrics", allowed = "GET";
  else if (is({"v1", "messages"})) route = "/v1/messages", allowed = "GET, POST";
  else if (is({"v1", "messages", "{id}"})) route = "/v1/messages/{id}", allowed = "GET";
  else if (is({"v1", "messages", "{id}", "raw"})) route = "/v1/messages/{id}/raw", allowed = "GET";
  else if (is({"v1", "messages", "{id}", "answer"})) route = "/v1/messages/{id}/answer", allowed = "GET";
  else if (is({"v1", "mailbox"})) route = "/v1/mailbox", allowed = "GET";
  else if (is({"v1", "mailbox", "{id}", "ack"})) route = "/v1/mailbox/{id}/ack", allowed = "POST";
  else if (is({"v1", "reconciliation"})) route = "/v1/reconciliation", allowed = "GET";
  else if (is({"v1", "outbox"})) route = "/v1/outbox", allowed = "GET";
  else if (is({"v1", "outbox", "{id}", "replay"})) route = "/v1/outbox/{id}/replay", allowed = "POST";
  else {
    auto e = error_response(404, "not_found", "no such endpoint; see docs/api.md");
    e.route = "unknown";
    e.principal = "-";
    return e;
  }
  const auto finish = [&](response out, const std::optional<app::principal>& who) {
    out.route = route;
    out.principal = who ? who->to_string() : "-";
    return out;
  };
  const auto method_allowed = [&] {
    for (std::string_view rest = allowed; !rest.empty();) {
      const auto comma = rest.find(", ");
      if (rest.substr(0, comma) == r.method) return true;
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 2);
    }
    return false;
  };
  if (!method_allowed()) {
    return finish(method_not_allowed(allowed), std::nullopt);
  }

  // Public endpoints.
  if (route == "/healthz") return finish(json_response(json::object{{"status", "ok"}}), std::nullopt);
  if (route == "/readyz") {
    return finish(svc.ready() ? json_response(json::object{{"status", "ready"}})
                              : error_response(503, "unavailable", "the database does not answer"),
                  std::nullopt);
  }

  // Who asks: a bearer token, else a mapped client certificate.
  std::optional<app::principal> who;
  if (!r.authorization.empty()) {
    constexpr std::string_view scheme = "Bearer ";
    if (!r.authorization.starts_with(scheme)) {
      return finish(failure_response({app::api_errc::unauthenticated, "use Authorization: Bearer <token>"}), who);
    }
    who = svc.authenticate_token(std::string_view(r.authorization).substr(scheme.size()));
    if (!who) return finish(failure_response({app::api_errc::unauthenticated, "the token is unknown or revoked"}), who);
  } else if (r.certificate) {
    who = r.certificate;
  }

  if (route == "/metrics") {
    return finish(respond(svc.metrics_text(who ? &*who : nullptr),
                          [](std::string text) {
                            response out;
                            out.content_type = "text/plain; version=0.0.4";
                            out.body = std::move(text);
                            return out;
                          }),
                  who);
  }
  if (!who) {
    return finish(failure_response({app::api_errc::unauthenticated,
                                    "authenticate with a client certificate or Authorization: Bearer <token>"}),
                  who);
  }

  const auto& p = *who;
  const auto as_json = [](json::object o) { return json_response(o); };
  if (route == "/v1/messages" && r.method == "POST") return finish(submit(r, svc, p), who);
  if (route == "/v1/messages") {
    const auto page = paging(q);
    if (!page) return finish(error_response(400, "bad_request", "after and limit are whole numbers"), who);
    app::search_params s{q.get("bsn"), q.get("toewijzing"), q.get("declaratie"), q.get("referentie"),
                         q.get("identificatie"), q.get("type"), q.get("from"), q.get("to"), page->first, page->second};
    return finish(respond(svc.search(p, s), as_json), who);
  }
  if (route == "/v1/messages/{id}") return finish(respond(svc.message(p, id_at(2)), as_json), who);
  if (route == "/v1/messages/{id}/raw") return finish(respond(svc.message_raw(p, id_at(2)), xml_response), who);
  if (route == "/v1/messages/{id}/answer") return finish(respond(svc.message_answer(p, id_at(2)), xml_response), who);
  if (route == "/v1/mailbox") {
    const auto page = paging(q);
    if (!page) return finish(error_response(400, "bad_request", "after and limit are whole numbers"), who);
    return finish(respond(svc.mailbox(p, page->first, page->second), as_json), who);
  }
  if (route == "/v1/mailbox/{id}/ack") return finish(respond(svc.acknowledge(p, id_at(2)), as_json), who);
  if (route == "/v1/reconciliation") {
    const auto gemeente = q.get("gemeente");
    const auto period = q.get("period");
    if (!gemeente || !period) return finish(error_response(400, "bad_request", "give gemeente and period (YYYY-MM)"), who);
    return finish(respond(svc.reconciliation(p, *gemeente, *period, q.get("aanbieder")), as_json), who);
  }
  if (route == "/v1/outbox") {
    const auto page = paging(q);
    if (!page) return finish(error_response(400, "bad_request", "after and limit are whole numbers"), who);
    return finish(respond(svc.outbox(p, q.get("state"), page->first, page->second), as_json), who);
  }
  if (route == "/v1/outbox/{id}/replay") return finish(respond(svc.replay(p, id_at(2)), as_json), who);
  return finish(error_response(404, "not_found", "no such endpoint; see docs/api.md"), who);
}

}  // namespace iwmo::http
