#include "http/routes.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <chrono>
#include <variant>

#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <fmt/format.h>

#include "app/pipeline.hpp"
#include "ggk/envelope.hpp"
#include "http/desk.hpp"
#include "log/log.hpp"

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
    case app::api_errc::gone: return error_response(410, "gone", f.message);
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

// The media type of a Content-Type value, lower case, without parameters and blanks
// ("Application/XML ; charset=utf-8" -> "application/xml"; RFC 9110 8.3.1).
std::string media_type(std::string_view content_type) {
  auto type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
  std::string out(type);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

response submit(const request& r, app::service& svc, const app::principal& who) {
  const auto type = media_type(r.content_type);
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

// POST /v1/ggk: a StUF-GGK Di01 envelope (docs/ggk.md). Its payload runs through the same
// pipeline as POST /v1/messages; the answer is a Du01 carrying the retour (200: the message is
// stored), or a Fo01 with the StUF error. Authorization errors stay JSON, as everywhere.
response submit_ggk(const request& r, app::service& svc, const app::principal& who) {
  const auto type = media_type(r.content_type);
  if (type != "application/xml" && type != "text/xml") {
    return error_response(415, "unsupported_media_type", "send the envelope as text/xml");
  }
  ggk::receipt receipt;
  receipt.answer_from = ggk::gateway_system();
  receipt.answer_to = ggk::system{std::nullopt, "onbekend", std::nullopt, std::nullopt};
  std::vector<std::pair<std::string, std::string>> headers;
  const auto fo01 = [&](ggk::fault f) {
    response out;
    out.status = f.http_status;
    out.content_type = "text/xml; charset=utf-8";
    out.body = ggk::write_fo01(f, receipt, ggk::new_outgoing(std::chrono::system_clock::now()));
    out.headers = headers;
    out.headers.emplace_back("X-Iwmo-Stuf-Code", std::string(f.code));
    return out;
  };
  try {
    thread_local ggk::envelope_reader reader;  // per worker thread: it owns its parser and grammar pool
    receipt = ggk::receive(reader, r.body);
    if (receipt.problem) return fo01(*receipt.problem);
    const auto& heen = *receipt.heen;

    // A referentienummer is used once. The same envelope again (a retry after a lost answer)
    // is answered as the first time: the pipeline recognises the identical message.
    auto seen = svc.ggk_envelope(who, heen.stuur.referentienummer);
    if (auto* f = std::get_if<app::failure>(&seen)) return failure_response(*f);
    if (const auto& earlier = std::get<std::optional<app::ggk_envelope_seen>>(seen)) {
      if (earlier->sha256 != app::sha256_hex(heen.payload) || earlier->zender != heen.stuur.zender.organisatie.value_or("")) {
        return fo01(ggk::make_fault(ggk::fault_kind::duplicate,
                                    fmt::format("referentienummer {} was used for another message, received at {}",
                                                heen.stuur.referentienummer, earlier->received_at)));
      }
    }

    auto submitted = svc.submit(who, heen.payload, ggk::store_source(heen, fmt::format("https {}", who.to_string())));
    if (auto* f = std::get_if<app::failure>(&submitted)) {
      switch (f->code) {
        case app::api_errc::unauthenticated:
        case app::api_errc::forbidden: return failure_response(*f);
        case app::api_errc::unavailable: return fo01(ggk::make_fault(ggk::fault_kind::store_failed, f->message));
        default: {
          auto fault = ggk::make_fault(ggk::fault_kind::processing_failed, f->message);
          fault.http_status = f->code == app::api_errc::conflict ? 409 : 400;
          return fo01(fault);
        }
      }
    }
    auto& s = std::get<app::submit_result>(submitted);
    const auto id = std::to_string(s.message_id);
    headers = {{"X-Iwmo-Message-Id", id}, {"Location", "/v1/messages/" + id}, {"X-Iwmo-Verdict", s.verdict}};
    if (!s.message_type.empty()) headers.emplace_back("X-Iwmo-Message-Type", s.message_type);
    if (s.replay) headers.emplace_back("X-Iwmo-Replay", "true");
    if (s.verdict == "schema") {
      // Control level 1: stored with its errors, no retour; the Fo01 carries the errors.
      return fo01(ggk::make_fault(ggk::fault_kind::payload_schema,
                                  fmt::format("{}: {}", heen.message->name, ggk::describe_errors(s.schema_errors))));
    }
    const auto* retour = s.answer_type ? model::message_from_name(*s.answer_type) : nullptr;
    if (!s.answer_xml || retour == nullptr) {
      return fo01(ggk::make_fault(ggk::fault_kind::processing_failed,
                                  fmt::format("message {} was stored, but no answer was composed", s.message_id)));
    }
    response out;
    out.content_type = "text/xml; charset=utf-8";
    out.body = ggk::write_du01(heen, *s.answer_xml, *retour, ggk::new_outgoing(std::chrono::system_clock::now()));
    out.headers = std::move(headers);
    out.headers.emplace_back("X-Iwmo-Answer-Type", *s.answer_type);
    return out;
  } catch (const std::exception& e) {
    log::error("ggk.failed", {{"error", e.what()}, {"principal", who.to_string()}});
    return fo01(ggk::make_fault(ggk::fault_kind::processing_failed, "an internal error; the gateway's log has the details"));
  }
}

// A signal id: "S" and 16 hexadecimal digits (docs/signals.md).
bool is_signal_id(std::string_view s) {
  return s.size() == 17 && s[0] == 'S' &&
         std::all_of(s.begin() + 1, s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool is_agb(std::string_view s) {
  return s.size() == 8 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The JSON object of a request body, or the response that refuses it.
std::variant<json::object, response> json_body(const request& r) {
  const auto type = media_type(r.content_type);
  if (type != "application/json") return error_response(415, "unsupported_media_type", "send the body as application/json");
  std::error_code ec;
  auto v = json::parse(r.body, ec);
  if (ec || !v.is_object()) return error_response(400, "bad_request", "the body is not a JSON object");
  return std::move(v.as_object());
}

// Personal data is never cached (a shared browser, a proxy).
response no_store(response out) {
  out.headers.emplace_back("Cache-Control", "no-store");
  return out;
}

std::string_view content_type_of(std::string_view path) {
  const auto dot = path.rfind('.');
  const auto ext = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
  if (ext == "html") return "text/html; charset=utf-8";
  if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "png") return "image/png";
  if (ext == "ico") return "image/x-icon";
  if (ext == "json") return "application/json";
  return "application/octet-stream";
}

// GET /desk/...: the web desk's static files, with a strict Content Security Policy.
response desk_file(const std::vector<std::string>& path) {
  std::string file;
  for (std::size_t i = 1; i < path.size(); ++i) file += (i > 1 ? "/" : "") + path[i];
  if (file.empty()) file = "index.html";
  for (const auto& f : desk::embedded()) {
    if (f.path != file) continue;
    response out;
    out.content_type = std::string(content_type_of(file));
    out.body = std::string(f.bytes);
    out.headers = {{"Content-Security-Policy",
                    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
                    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"},
                   {"X-Content-Type-Options", "nosniff"},
                   {"Referrer-Policy", "no-referrer"},
                   {"Cache-Control", "no-cache"}};
    out.route = "/desk/{file}";
    out.principal = "-";
    return out;
  }
  auto e = error_response(404, "not_found", "no such file of the desk");
  e.route = "/desk/{file}";
  e.principal = "-";
  return e;
}

response redirect(std::string location) {
  response out;
  out.status = 302;
  out.content_type = "text/plain; charset=utf-8";
  out.body = "see " + location;
  out.headers = {{"Location", std::move(location)}};
  out.principal = "-";
  return out;
}

std::optional<int> small_number(const std::optional<std::string>& text, int fallback) {
  if (!text) return fallback;
  int v = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || end != text->data() + text->size()) return std::nullopt;
  return v;
}

// The toezicht endpoints (docs/api.md, "Signals, cases and the toezicht desk").
response review_route(const request& r, const std::string& route, const std::vector<std::string>& path, const query& q,
                      app::service& svc, const app::principal& p) {
  const auto as_json = [](json::object o) { return json_response(o); };
  const auto created = [](json::object o) { return json_response(o, 201); };
  const auto case_id = [&] { return *to_id(path[2]); };
  // A POST with a JSON body, handed to `call`.
  const auto with_body = [&](auto call, auto ok) {
    auto body = json_body(r);
    if (auto* refused = std::get_if<response>(&body)) return std::move(*refused);
    return respond(call(std::get<json::object>(body)), ok);
  };
  if (route == "/v1/signals") {
    const auto offset = small_number(q.get("offset"), 0);
    const auto limit = small_number(q.get("limit"), 50);
    if (!offset || !limit) return error_response(400, "bad_request", "offset and limit are whole numbers");
    app::signal_query s{q.get("gemeente"), q.get("aanbieder"), q.get("rule"), q.get("severity"), q.get("period"),
                        q.get("status"), q.get("active"), *offset, *limit};
    return respond(svc.signal_list(p, s), as_json);
  }
  if (route == "/v1/signals/rules") return respond(svc.signal_rules(p), as_json);
  if (route == "/v1/signals/run") return respond(svc.signal_run(p), as_json);
  if (route == "/v1/signals/{id}") return respond(svc.signal_detail(p, path[2]), as_json);
  if (route == "/v1/signals/{id}/reveal") return respond(svc.signal_reveal(p, path[2]), as_json);
  if (route == "/v1/providers/{agb}") return respond(svc.provider_profile(p, path[2], q.get("gemeente")), as_json);
  if (route == "/v1/cases" && r.method == "POST") {
    return with_body([&](const json::object& b) { return svc.case_create(p, b); }, created);
  }
  if (route == "/v1/cases") {
    return respond(svc.case_list(p, app::case_query{q.get("status"), q.get("assignee"), q.get("gemeente")}), as_json);
  }
  if (route == "/v1/cases/{id}") return respond(svc.case_detail(p, case_id()), as_json);
  if (route == "/v1/cases/{id}/status") {
    return with_body([&](const json::object& b) { return svc.case_status(p, case_id(), b); }, as_json);
  }
  if (route == "/v1/cases/{id}/assign") {
    return with_body([&](const json::object& b) { return svc.case_assign(p, case_id(), b); }, as_json);
  }
  if (route == "/v1/cases/{id}/notes") {
    return with_body([&](const json::object& b) { return svc.case_note(p, case_id(), b); }, created);
  }
  if (route == "/v1/cases/{id}/signals") {
    return with_body([&](const json::object& b) { return svc.case_add_signals(p, case_id(), b); }, as_json);
  }
  if (route == "/v1/cases/{id}/attachments") {
    return with_body([&](const json::object& b) { return svc.case_attachment(p, case_id(), b); }, created);
  }
  if (route == "/v1/cases/{id}/export") {
    const auto format = q.get("format").value_or("json");
    const bool include_bsn = q.get("include_bsn") == std::optional<std::string>("true");
    return respond(svc.case_export(p, case_id(), format, include_bsn), [](app::document d) {
      response out;
      out.content_type = d.content_type;
      out.body = std::move(d.body);
      out.headers.emplace_back("Content-Disposition", fmt::format("attachment; filename=\"{}\"", d.filename));
      return out;
    });
  }
  if (route == "/v1/audit") {
    const auto limit = small_number(q.get("limit"), 100);
    std::int64_t before = 0;
    if (const auto b = q.get("before")) {
      const auto id = to_id(*b);
      if (!id) return error_response(400, "bad_request", "before is an audit entry id");
      before = *id;
    }
    if (!limit) return error_response(400, "bad_request", "limit is a whole number");
    return respond(svc.audit_list(p, app::audit_query{q.get("object"), q.get("principal"), q.get("action"), before, *limit}),
                   as_json);
  }
  return error_response(404, "not_found", "no such endpoint; see docs/api.md");
}

constexpr std::uint8_t aanbieder = role_bit(app::role::aanbieder);
constexpr std::uint8_t gemeente = role_bit(app::role::gemeente);
constexpr std::uint8_t backoffice = role_bit(app::role::backoffice);
constexpr std::uint8_t toezicht = role_bit(app::role::toezicht);
constexpr std::uint8_t admin = role_bit(app::role::admin);
constexpr std::uint8_t parties = aanbieder | gemeente;
constexpr std::uint8_t readers = parties | backoffice | toezicht;

using enum segment;
constexpr std::array endpoint_table = {
    endpoint{"GET", "/healthz", none, 0, scope::none},
    endpoint{"GET", "/readyz", none, 0, scope::none},
    endpoint{"GET", "/metrics", none, admin, scope::none},
    endpoint{"GET", "/v1/messages", none, readers, scope::filtered},
    endpoint{"POST", "/v1/messages", none, parties, scope::object},
    endpoint{"POST", "/v1/ggk", none, parties, scope::object},
    endpoint{"GET", "/v1/messages/{id}", number, readers | admin, scope::object},
    endpoint{"GET", "/v1/messages/{id}/raw", number, readers, scope::object},
    endpoint{"GET", "/v1/messages/{id}/answer", number, readers, scope::object},
    endpoint{"GET", "/v1/mailbox", none, parties, scope::filtered},
    endpoint{"POST", "/v1/mailbox/{id}/ack", number, parties, scope::object},
    endpoint{"GET", "/v1/reconciliation", none, readers, scope::object},
    endpoint{"GET", "/v1/outbox", none, admin, scope::none},
    endpoint{"POST", "/v1/outbox/{id}/replay", number, admin, scope::none},
    endpoint{"GET", "/v1/signals", none, toezicht, scope::filtered},
    endpoint{"GET", "/v1/signals/rules", none, toezicht, scope::none},
    endpoint{"POST", "/v1/signals/run", none, toezicht | admin, scope::none},
    endpoint{"GET", "/v1/signals/{id}", signal_id, toezicht, scope::object},
    endpoint{"POST", "/v1/signals/{id}/reveal", signal_id, toezicht, scope::object},
    endpoint{"GET", "/v1/providers/{agb}", agb, toezicht, scope::object},
    endpoint{"GET", "/v1/cases", none, toezicht, scope::filtered},
    endpoint{"POST", "/v1/cases", none, toezicht, scope::object},
    endpoint{"GET", "/v1/cases/{id}", number, toezicht, scope::object},
    endpoint{"POST", "/v1/cases/{id}/status", number, toezicht, scope::object},
    endpoint{"POST", "/v1/cases/{id}/assign", number, toezicht, scope::object},
    endpoint{"POST", "/v1/cases/{id}/notes", number, toezicht, scope::object},
    endpoint{"POST", "/v1/cases/{id}/signals", number, toezicht, scope::object},
    endpoint{"POST", "/v1/cases/{id}/attachments", number, toezicht, scope::object},
    endpoint{"GET", "/v1/cases/{id}/export", number, toezicht, scope::object},
    endpoint{"GET", "/v1/audit", none, toezicht | admin, scope::object},
};

// Whether the path's segments fit the endpoint's pattern.
bool matches(const endpoint& e, const std::vector<std::string>& path) {
  std::size_t i = 0;
  for (std::string_view rest = e.pattern.substr(1); ; ++i) {
    const auto slash = rest.find('/');
    const auto part = rest.substr(0, slash);
    if (i >= path.size()) return false;
    if (part.starts_with('{')) {
      const bool fits = e.parameter == segment::number      ? to_id(path[i]).has_value()
                        : e.parameter == segment::signal_id ? is_signal_id(path[i])
                        : e.parameter == segment::agb       ? is_agb(path[i])
                                                            : false;
      if (!fits) return false;
    } else if (part != path[i]) {
      return false;
    }
    if (slash == std::string_view::npos) break;
    rest = rest.substr(slash + 1);
  }
  return i + 1 == path.size();
}

}  // namespace

std::span<const endpoint> endpoints() { return endpoint_table; }

response handle(const request& r, app::service& svc) {
  const auto parsed = boost::urls::parse_origin_form(r.target);
  if (!parsed) return error_response(400, "bad_request", "the request target is not a valid path");
  std::vector<std::string> path;
  for (auto segment : parsed->segments()) path.emplace_back(segment);
  query q;
  for (auto p : parsed->params()) q.params.emplace_back(p.key, p.has_value ? std::string(p.value) : std::string());

  const auto id_at = [&](std::size_t i) { return *to_id(path[i]); };

  // The web desk: static files, no credentials needed to load them (the API calls need a token).
  if ((path.empty() || (path.size() == 1 && path[0].empty())) && (r.method == "GET" || r.method == "HEAD")) {
    auto out = redirect("/desk/");
    out.route = "/";
    return out;
  }
  if (!path.empty() && path[0] == "desk") {
    if (r.method != "GET" && r.method != "HEAD") {
      auto e = error_response(405, "method_not_allowed", "use GET");
      e.headers.emplace_back("Allow", "GET");
      e.route = "/desk/{file}";
      e.principal = "-";
      return e;
    }
    if (path.size() == 1) {
      auto out = redirect("/desk/");
      out.route = "/desk/{file}";
      return out;
    }
    return desk_file(path);
  }
  // The endpoint: the pattern that matches the path, then the method.
  const endpoint* found = nullptr;
  std::string allowed;
  for (const auto& e : endpoints()) {
    if (!matches(e, path)) continue;
    if (e.method == r.method) found = &e;
    if (allowed.find(e.method) == std::string::npos) allowed += (allowed.empty() ? "" : ", ") + std::string(e.method);
  }
  if (allowed.empty()) {
    auto e = error_response(404, "not_found", "no such endpoint; see docs/api.md");
    e.route = "unknown";
    e.principal = "-";
    return e;
  }
  const std::string route = found ? std::string(found->pattern) : std::string();
  const auto finish = [&](response out, const std::optional<app::principal>& who) {
    out.route = route;
    out.principal = who ? who->to_string() : "-";
    return out;
  };
  if (found == nullptr) {
    auto e = error_response(405, "method_not_allowed", fmt::format("use {}", allowed));
    e.headers.emplace_back("Allow", allowed);
    for (const auto& candidate : endpoints()) {
      if (matches(candidate, path)) e.route = std::string(candidate.pattern);
    }
    e.principal = "-";
    return e;
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
    // The one endpoint whose role check is the service's: it may be configured public.
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
  if (!found->allows(who->role)) {
    return finish(failure_response({app::api_errc::forbidden, fmt::format("{} {} is not for the role {}", found->method,
                                                                          found->pattern, app::to_string(who->role))}),
                  who);
  }

  const auto& p = *who;
  const auto as_json = [](json::object o) { return json_response(o); };
  if (route == "/v1/messages" && r.method == "POST") return finish(submit(r, svc, p), who);
  if (route == "/v1/ggk") return finish(submit_ggk(r, svc, p), who);
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
    const auto cbs = q.get("gemeente");
    const auto period = q.get("period");
    if (!cbs || !period) return finish(error_response(400, "bad_request", "give gemeente and period (YYYY-MM)"), who);
    return finish(respond(svc.reconciliation(p, *cbs, *period, q.get("aanbieder")), as_json), who);
  }
  if (route == "/v1/outbox") {
    const auto page = paging(q);
    if (!page) return finish(error_response(400, "bad_request", "after and limit are whole numbers"), who);
    return finish(respond(svc.outbox(p, q.get("state"), page->first, page->second), as_json), who);
  }
  if (route == "/v1/outbox/{id}/replay") return finish(respond(svc.replay(p, id_at(2)), as_json), who);
  if (route.starts_with("/v1/signals") || route.starts_with("/v1/cases") || route.starts_with("/v1/providers") ||
      route == "/v1/audit") {
    return finish(no_store(review_route(r, route, path, q, svc, p)), who);
  }
  return finish(error_response(404, "not_found", "no such endpoint; see docs/api.md"), who);
}

}  // namespace iwmo::http
