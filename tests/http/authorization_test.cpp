// The authorization matrix of the API, generated from its role model (http::endpoints()): every
// endpoint x every role x own and other party, through the real router and service on the sample
// region. For each endpoint the table says which roles may call it and how its data is scoped;
// this test derives the expected answer of every call from that and checks it:
//   no credentials                  -> 401 (public endpoints: allowed)
//   a role the endpoint does not list -> 403
//   scope object:   own party allowed, the other party 403
//   scope filtered: both allowed, the other party's answer lacks the own party's item
//   scope none:     allowed
// "Allowed" is a 2xx answer, or 409 when an earlier allowed call already did the thing (an
// acknowledgement, a status move). An endpoint added to the table without a sample request here
// fails the first test case, so no endpoint goes unchecked.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "app/pipeline_fixtures.hpp"
#include "app/region_fixtures.hpp"
#include "app/service.hpp"
#include "ggk/envelope.hpp"
#include "http/routes.hpp"

using namespace iwmo;
namespace json = boost::json;

namespace {

struct caller {
  std::string name;                   // "aanbieder:98000011", "nobody"
  std::optional<app::principal> who;  // nullopt: no credentials
  bool own = true;                    // the party the sample data belongs to, or another one
};

std::vector<caller> callers() {
  std::vector<caller> out;
  for (const auto& [own, other] : std::vector<std::pair<std::string, std::string>>{
           {"aanbieder:98000011", "aanbieder:98000022"},
           {"gemeente:0344", "gemeente:0307"},
           {"backoffice:0344", "backoffice:0307"},
           {"toezicht:0344", "toezicht:0307"}}) {
    out.push_back({own, app::parse_principal(own), true});
    out.push_back({other, app::parse_principal(other), false});
  }
  out.push_back({"admin", app::parse_principal("admin"), true});
  out.push_back({"nobody", std::nullopt, true});
  return out;
}

struct sample {
  explicit sample(std::string t, std::string b = {}, std::string type = {}, std::string m = {})
      : target(std::move(t)), body(std::move(b)), content_type(type.empty() ? "application/json" : std::move(type)),
        marker(std::move(m)) {}
  std::string target;
  std::string body;
  std::string content_type;
  // scope filtered: text the own party's answer holds and the other party's must not.
  std::string marker;
};

// The sample region plus two late stops (three signals), a case, a pushed item in the outbox.
struct world {
  test::temp_dir dir;
  std::atomic<int> tick{0};
  std::unique_ptr<app::service> svc;
  std::map<std::string, std::int64_t> message_ids;  // region file -> message id
  std::int64_t box_aanbieder = 0;                  // mailbox item of 001 for aanbieder 98000011
  std::int64_t box_gemeente = 0;                   // mailbox item of 005 for gemeente 0344
  std::string signal_0344, other_signal_0344;
  std::int64_t case_0344 = 0;
  std::int64_t outbox_item = 0;

  world() {
    app::service_settings settings;
    settings.database = dir / "authorization.db";
    settings.schemas = test::builtin_schemas();
    settings.reference = &test::sample_mappings();
    settings.today = [] { return model::date{2026, 11, 22}; };
    settings.now = [this] {
      const int t = tick++;
      return fmt::format("2026-11-22T{:02}:{:02}:{:02}Z", 10 + t / 3600, t / 60 % 60, t % 60);
    };
    settings.push_endpoint = [](const std::string& recipient) -> std::optional<std::string> {
      if (recipient == "aanbieder:98000011") return "https://127.0.0.1:9/push";
      return std::nullopt;
    };
    settings.signals_auto = false;
    svc = std::make_unique<app::service>(std::move(settings));

    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(test::fixtures_dir() / "iwmo-3.2" / "region")) {
      if (e.path().extension() == ".xml") files.push_back(e.path());
    }
    std::ranges::sort(files);
    for (const auto& f : files) {
      const auto xml = test::read_file(f);
      message_ids[f.filename().string()] = accepted(xml);
    }
    accepted(test::stop_of("005-start-c1.xml", "2026-09-30", "980000901"));
    accepted(test::stop_of("006-start-c6.xml", "2026-09-30", "980000902"));
    svc->run_signals_now();

    box_aanbieder = mailbox_item("aanbieder:98000011", message_ids.at("001-utrecht-toewijzing-c1.xml"));
    box_gemeente = mailbox_item("gemeente:0344", message_ids.at("005-start-c1.xml"));

    const auto officer = *app::parse_principal("toezicht");
    const auto list = ok(svc->signal_list(officer, gemeente_0344()));
    for (const auto& s : list.at("signals").as_array()) {
      const auto& o = s.as_object();
      const std::string id(o.at("id").as_string());
      if (o.at("rule").as_string() == "declared_after_stop") signal_0344 = id;
      else other_signal_0344 = id;
    }
    REQUIRE(!signal_0344.empty());
    REQUIRE(!other_signal_0344.empty());
    const auto created = ok(svc->case_create(
        officer, json::object{{"title", "Autorisatiematrix"}, {"signals", json::array{json::string(signal_0344)}}}));
    case_0344 = created.at("id").as_int64();

    const auto outbox = ok(svc->outbox(*app::parse_principal("admin"), std::nullopt, 0, 10));
    REQUIRE(!outbox.at("items").as_array().empty());
    outbox_item = outbox.at("items").as_array().front().as_object().at("id").as_int64();
  }

  static app::signal_query gemeente_0344() {
    app::signal_query q;
    q.gemeente = "0344";
    q.limit = 500;
    return q;
  }

  template <class T> static T ok(app::outcome<T> r) {
    const auto* f = std::get_if<app::failure>(&r);
    INFO((f ? f->message : std::string()));
    REQUIRE(f == nullptr);
    return std::move(std::get<T>(r));
  }

  std::int64_t accepted(const std::string& xml) {
    const auto r = ok(svc->submit(test::sender_of(xml), xml, "test"));
    REQUIRE((r.verdict == "accepted" || r.verdict == "partial" || r.verdict == "stored"));
    return r.message_id;
  }

  std::int64_t mailbox_item(const std::string& party, std::int64_t message_id) {
    const auto box = ok(svc->mailbox(*app::parse_principal(party), 0, 1000));
    for (const auto& item : box.at("items").as_array()) {
      const auto& o = item.as_object();
      if (o.at("message").as_object().at("id").as_int64() == message_id) return o.at("id").as_int64();
    }
    FAIL("message " << message_id << " is not in the mailbox of " << party);
    return 0;
  }

  // The sample request of an endpoint for this caller; nullopt when the test has none.
  std::optional<sample> sample_of(const http::endpoint& e, const caller& c) const {
    const auto key = fmt::format("{} {}", e.method, e.pattern);
    const bool aanbieder = c.who && c.who->role == app::role::aanbieder;
    const auto message = std::to_string(message_ids.at("001-utrecht-toewijzing-c1.xml"));
    const auto case_path = "/v1/cases/" + std::to_string(case_0344);
    const auto xml = [](const std::string& file) {
      return sample{"/v1/messages", test::region(file), "application/xml", {}};
    };
    if (key == "GET /healthz") return sample{"/healthz"};
    if (key == "GET /readyz") return sample{"/readyz"};
    if (key == "GET /metrics") return sample{"/metrics"};
    // Each party sends a message of its own (the same bytes again are a replay: 200).
    if (key == "POST /v1/messages") return xml(aanbieder ? "005-start-c1.xml" : "001-utrecht-toewijzing-c1.xml");
    if (key == "POST /v1/ggk") {
      // The same messages in a StUF-GGK Di01 envelope (docs/ggk.md).
      const auto file = aanbieder ? "005-start-c1.xml" : "001-utrecht-toewijzing-c1.xml";
      const auto payload = test::region(file);
      const auto& type = model::info(model::standard::iwmo_3_2, aanbieder ? model::message_type::wmo305 : model::message_type::wmo301);
      const ggk::system gemeente{"0344", "Wmo Applicatie", std::nullopt, std::nullopt};
      const ggk::system provider{"98000011", "Applicatie leverancier", std::nullopt, std::nullopt};
      const ggk::outgoing id{aanbieder ? "3e1d2c4b-5a69-4788-97a6-b5c4d3e2f1a0" : "7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d",
                             "20261122100000000"};
      return sample{"/v1/ggk", ggk::wrap(payload, type, aanbieder ? provider : gemeente, aanbieder ? gemeente : provider, id),
                    "text/xml", {}};
    }
    if (key == "GET /v1/messages") return sample{"/v1/messages?toewijzing=3440001", {}, {}, "\"messages\":[{"};
    if (key == "GET /v1/messages/{id}") return sample{"/v1/messages/" + message};
    if (key == "GET /v1/messages/{id}/raw") return sample{"/v1/messages/" + message + "/raw"};
    if (key == "GET /v1/messages/{id}/answer") return sample{"/v1/messages/" + message + "/answer"};
    if (key == "GET /v1/mailbox") {
      return sample{"/v1/mailbox?limit=1000", {}, {}, fmt::format("\"id\":{},", aanbieder ? box_aanbieder : box_gemeente)};
    }
    if (key == "POST /v1/mailbox/{id}/ack") {
      return sample{fmt::format("/v1/mailbox/{}/ack", aanbieder ? box_aanbieder : box_gemeente)};
    }
    if (key == "GET /v1/reconciliation") return sample{"/v1/reconciliation?gemeente=0344&period=2026-08&aanbieder=98000011"};
    if (key == "GET /v1/outbox") return sample{"/v1/outbox"};
    if (key == "POST /v1/outbox/{id}/replay") return sample{fmt::format("/v1/outbox/{}/replay", outbox_item)};
    if (key == "GET /v1/signals") return sample{"/v1/signals", {}, {}, signal_0344};
    if (key == "GET /v1/signals/rules") return sample{"/v1/signals/rules"};
    if (key == "POST /v1/signals/run") return sample{"/v1/signals/run"};
    if (key == "GET /v1/signals/{id}") return sample{"/v1/signals/" + signal_0344};
    if (key == "POST /v1/signals/{id}/reveal") return sample{"/v1/signals/" + signal_0344 + "/reveal"};
    if (key == "GET /v1/providers/{agb}") return sample{"/v1/providers/98000011?gemeente=0344"};
    if (key == "GET /v1/cases") return sample{"/v1/cases", {}, {}, "Autorisatiematrix"};
    if (key == "POST /v1/cases") {
      return sample{"/v1/cases", json::serialize(json::object{{"title", "Nieuwe zaak"}, {"signals", json::array{json::string(other_signal_0344)}}})};
    }
    if (key == "GET /v1/cases/{id}") return sample{case_path};
    if (key == "POST /v1/cases/{id}/status") return sample{case_path + "/status", R"({"status":"in_onderzoek"})"};
    if (key == "POST /v1/cases/{id}/assign") return sample{case_path + "/assign", R"({"assignee":"A. Bakker"})"};
    if (key == "POST /v1/cases/{id}/notes") return sample{case_path + "/notes", R"({"text":"Gebeld met de aanbieder."})"};
    if (key == "POST /v1/cases/{id}/signals") {
      return sample{case_path + "/signals", json::serialize(json::object{{"signals", json::array{json::string(other_signal_0344)}}})};
    }
    if (key == "POST /v1/cases/{id}/attachments") {
      return sample{case_path + "/attachments", R"({"label":"Verslag","reference":"dms://zaak/1"})"};
    }
    if (key == "GET /v1/cases/{id}/export") return sample{case_path + "/export?format=json"};
    if (key == "GET /v1/audit") return sample{fmt::format("/v1/audit?object=case:{}", case_0344)};
    return std::nullopt;
  }

  http::response call(const http::endpoint& e, const caller& c, const sample& s) const {
    http::request r;
    r.method = std::string(e.method);
    r.target = s.target;
    r.body = s.body;
    r.content_type = s.body.empty() && e.method == "GET" ? std::string() : s.content_type;
    r.certificate = c.who;
    return http::handle(r, *svc);
  }
};

enum class expect { allowed, unauthenticated, forbidden, filtered_out };

// What the role model says this caller gets from this endpoint.
expect expected(const http::endpoint& e, const caller& c) {
  if (e.is_public()) return expect::allowed;
  if (!c.who) return expect::unauthenticated;
  if (!e.allows(c.who->role)) return expect::forbidden;
  switch (e.scope) {
    case http::scope::none: return expect::allowed;
    case http::scope::object: return c.own ? expect::allowed : expect::forbidden;
    case http::scope::filtered: return c.own ? expect::allowed : expect::filtered_out;
  }
  return expect::forbidden;
}

const char* name_of(expect x) {
  switch (x) {
    case expect::allowed: return "allowed";
    case expect::unauthenticated: return "401";
    case expect::forbidden: return "403";
    case expect::filtered_out: return "allowed, without the other party's item";
  }
  return "?";
}

}  // namespace

TEST_CASE("authorization: every endpoint of the router has a rule and a sample request", "[http][authorization]") {
  world w;
  const auto everyone = callers();
  CHECK(http::endpoints().size() >= 29);
  for (const auto& e : http::endpoints()) {
    INFO(e.method << " " << e.pattern);
    CHECK((e.method == "GET" || e.method == "POST"));
    // Only health and readiness are open; everything else names its roles.
    CHECK(e.is_public() == (e.pattern == "/healthz" || e.pattern == "/readyz"));
    for (const auto& c : everyone) CHECK(w.sample_of(e, c).has_value());
    // A list that is filtered per party says what the own party's answer holds.
    if (e.scope == http::scope::filtered) CHECK(!w.sample_of(e, everyone.front())->marker.empty());
  }
  // Each method and pattern once: the router takes the first match.
  for (std::size_t i = 0; i < http::endpoints().size(); ++i) {
    for (std::size_t j = i + 1; j < http::endpoints().size(); ++j) {
      const auto& a = http::endpoints()[i];
      const auto& b = http::endpoints()[j];
      CHECK_FALSE((a.method == b.method && a.pattern == b.pattern));
    }
  }
}

TEST_CASE("authorization: every endpoint x role x own/other party answers as the role model says", "[http][authorization]") {
  world w;
  const auto everyone = callers();
  int checked = 0;
  for (const auto& e : http::endpoints()) {
    for (const auto& c : everyone) {
      const auto s = w.sample_of(e, c);
      REQUIRE(s.has_value());
      const auto want = expected(e, c);
      const auto got = w.call(e, c, *s);
      INFO(e.method << " " << s->target << " as " << c.name << ": expected " << name_of(want) << ", got " << got.status
                    << " " << got.body.substr(0, 300));
      CHECK(got.route == e.pattern);
      switch (want) {
        case expect::allowed: CHECK(((got.status >= 200 && got.status < 300) || got.status == 409)); break;
        case expect::unauthenticated: CHECK(got.status == 401); break;
        case expect::forbidden: CHECK(got.status == 403); break;
        case expect::filtered_out:
          CHECK(got.status == 200);
          CHECK(got.body.find(s->marker) == std::string::npos);
          break;
      }
      // The own party's list holds its item (so the filtered check above is not vacuous).
      if (want == expect::allowed && e.scope == http::scope::filtered) CHECK(got.body.find(s->marker) != std::string::npos);
      if (got.status >= 400) CHECK(got.body.find("\"error\"") != std::string::npos);
      ++checked;
    }
  }
  CHECK(checked == static_cast<int>(http::endpoints().size() * everyone.size()));
}

TEST_CASE("authorization: a role outside the model is refused by the router before the service is asked", "[http][authorization]") {
  world w;
  // The service would answer an aanbieder's signal run itself; the router refuses it first, with
  // a message naming the endpoint and the role.
  http::request r;
  r.method = "POST";
  r.target = "/v1/signals/run";
  r.certificate = app::parse_principal("aanbieder:98000011");
  const auto got = http::handle(r, *w.svc);
  CHECK(got.status == 403);
  CHECK(got.body.find("POST /v1/signals/run is not for the role aanbieder") != std::string::npos);
  // Unknown paths and methods are not endpoints: 404 and 405 with the methods that exist.
  r.target = "/v1/nothing";
  CHECK(http::handle(r, *w.svc).status == 404);
  r.method = "DELETE";
  r.target = "/v1/messages";
  const auto wrong = http::handle(r, *w.svc);
  CHECK(wrong.status == 405);
  CHECK(std::ranges::find(wrong.headers, std::pair<std::string, std::string>{"Allow", "GET, POST"}) != wrong.headers.end());
}

TEST_CASE("routes: media types are compared without case, parameters or blanks", "[http]") {
  world w;
  http::request r;
  r.method = "POST";
  r.target = "/v1/messages";
  r.body = test::region("001-utrecht-toewijzing-c1.xml");
  r.certificate = app::parse_principal("gemeente:0344");
  for (const auto* type : {"application/xml", "Application/XML", "application/xml ; charset=utf-8", " text/xml"}) {
    r.content_type = type;
    INFO(type);
    CHECK(http::handle(r, *w.svc).status == 200);
  }
  for (const auto* type : {"text/plain", "application/xmlx", "", "application/json"}) {
    r.content_type = type;
    INFO(type);
    CHECK(http::handle(r, *w.svc).status == 415);
  }
}
