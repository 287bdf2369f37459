// The toezicht endpoints of the daemon over HTTPS (docs/api.md, "Signals, cases and the toezicht
// desk"): who gets in, the JSON bodies and their content types, Cache-Control on personal data,
// the web desk's static files, and no BSN in the log after a reveal.
//
// The data: Utrecht's toewijzing for client c5 (aanbieder 98000022) and that aanbieder's
// September and October declarations, without any start: the engine raises
// declared_without_start for toewijzing 3440005 (client 999990056), among others.
#include <catch2/catch.hpp>

#include <csignal>
#include <string>

#include <boost/json.hpp>

#include "daemon/daemon_fixture.hpp"

using namespace iwmo;
using test::gateway_daemon;
using test::http_response;
namespace json = boost::json;

namespace {

constexpr const char* bsn_c5 = "999990056";

json::object json_of(const http_response& r) {
  INFO(r.status << " " << r.body);
  const auto v = json::parse(r.body);
  REQUIRE(v.is_object());
  return v.as_object();
}

std::string error_of(const http_response& r) {
  const auto o = json_of(r);
  return o.contains("error") ? std::string(o.at("error").as_string()) : std::string();
}

// Submits the data above and runs the signals as the toezicht officer; the id of the
// declared_without_start signal of toewijzing 3440005.
std::string load(const gateway_daemon& d) {
  const auto submit = [&](const std::string& name, const std::string& as) {
    const auto r = d.post("/v1/messages", test::region_message(name), d.who(as));
    INFO(name << ": " << r.status << " " << r.header("x-iwmo-verdict"));
    REQUIRE(r.status == 200);
  };
  submit("003-utrecht-toewijzing-c5.xml", "gemeente_0344");
  submit("026-debrug-declaratie-september.xml", "aanbieder_98000022");
  submit("030-debrug-declaratie-oktober.xml", "aanbieder_98000022");
  const auto run = d.post("/v1/signals/run", "", d.who("toezicht"), "application/json");
  REQUIRE(run.status == 200);
  CHECK(run.header("cache-control") == "no-store");
  CHECK(json_of(run).at("signals").as_int64() >= 1);

  const auto list = d.get("/v1/signals?rule=declared_without_start&gemeente=0344", d.who("toezicht"));
  REQUIRE(list.status == 200);
  const auto signals = json_of(list);
  for (const auto& s : signals.at("signals").as_array()) {
    if (s.as_object().at("toewijzing") == 3440005) return std::string(s.as_object().at("id").as_string());
  }
  FAIL("no declared_without_start signal for toewijzing 3440005: " << list.body);
  return {};
}

}  // namespace

TEST_CASE("review daemon: the toezicht token reads the queue; other roles get 403, no credentials 401", "[daemon][review]") {
  gateway_daemon d;
  d.start();
  const auto id = load(d);
  const auto& officer = d.who("toezicht");

  const auto list = d.get("/v1/signals", officer);
  REQUIRE(list.status == 200);
  CHECK(list.header("content-type").starts_with("application/json"));
  CHECK(list.header("cache-control") == "no-store");
  const auto body = json_of(list);
  CHECK(body.at("signals").is_array());
  CHECK(body.at("total").as_int64() == static_cast<std::int64_t>(body.at("signals").as_array().size()));
  CHECK(body.at("total").as_int64() >= 1);
  CHECK(list.body.find(bsn_c5) == std::string::npos);

  const auto detail = d.get("/v1/signals/" + id, officer);
  REQUIRE(detail.status == 200);
  CHECK(detail.header("cache-control") == "no-store");
  CHECK(json_of(detail).at("id") == json::value(id));
  CHECK(detail.body.find(bsn_c5) == std::string::npos);
  for (const auto* path : {"/v1/signals/rules", "/v1/cases", "/v1/providers/98000022", "/v1/audit"}) {
    INFO(path);
    const auto r = d.get(path, officer);
    CHECK(r.status == 200);
    CHECK(r.header("cache-control") == "no-store");
  }

  // Bad parameters.
  for (const auto* path : {"/v1/signals?limit=0", "/v1/signals?limit=501", "/v1/signals?limit=ten", "/v1/signals?rule=nope",
                           "/v1/signals?severity=kritiek", "/v1/signals?period=2026-13"}) {
    INFO(path);
    const auto r = d.get(path, officer);
    CHECK(r.status == 400);
    CHECK(error_of(r) == "bad_request");
  }

  // Everyone else: 403 on every read of the queue, a signal, a reveal, the cases and a profile.
  const auto refused = [&](const test::identity& who) {
    INFO(who.name);
    const std::vector<http_response> answers{
        d.get("/v1/signals", who),
        d.get("/v1/signals/" + id, who),
        d.post("/v1/signals/" + id + "/reveal", "", who, "application/json"),
        d.get("/v1/cases", who),
        d.get("/v1/providers/98000011", who),
    };
    for (const auto& r : answers) {
      CHECK(r.status == 403);
      CHECK(error_of(r) == "forbidden");
      CHECK(r.body.find(bsn_c5) == std::string::npos);
    }
  };
  refused(d.who("aanbieder_98000011"));  // certificate
  refused(d.who("aanbieder_98000022"));  // the aanbieder the signal is about
  refused(d.who("gemeente_0344"));
  refused(d.who("backoffice_0344"));
  refused(d.who("admin"));

  // The admin may run the engine and read the trail.
  CHECK(d.post("/v1/signals/run", "", d.who("admin"), "application/json").status == 200);
  CHECK(d.get("/v1/audit", d.who("admin")).status == 200);
  CHECK(d.post("/v1/signals/run", "", d.who("aanbieder_98000011"), "application/json").status == 403);

  // No credentials, or an unknown token: 401.
  for (const auto* name : {"nobody", "bad_token"}) {
    INFO(name);
    for (const auto& path : {std::string("/v1/signals"), "/v1/signals/" + id, std::string("/v1/cases")}) {
      const auto r = d.get(path, d.who(name));
      CHECK(r.status == 401);
      CHECK(error_of(r) == "unauthenticated");
      CHECK(r.header("www-authenticate").starts_with("Bearer"));
    }
    CHECK(d.post("/v1/signals/" + id + "/reveal", "", d.who(name), "application/json").status == 401);
  }
}

TEST_CASE("review daemon: cases over HTTPS: 201, 415 for a body that is not JSON, 400 for bad JSON, 409 for a bad move", "[daemon][review]") {
  gateway_daemon d;
  d.start();
  const auto id = load(d);
  const auto& officer = d.who("toezicht");
  const auto body = json::serialize(json::object{{"title", "De Brug zonder start"}, {"signals", json::array{json::string(id)}}});

  auto r = d.post("/v1/cases", body, officer, "text/plain");
  CHECK(r.status == 415);
  CHECK(error_of(r) == "unsupported_media_type");
  r = d.post("/v1/cases", body, officer, "application/xml");
  CHECK(r.status == 415);
  r = d.post("/v1/cases", "{\"title\": ", officer, "application/json");
  CHECK(r.status == 400);
  CHECK(error_of(r) == "bad_request");
  r = d.post("/v1/cases", "[]", officer, "application/json");
  CHECK(r.status == 400);
  r = d.post("/v1/cases", R"({"title": "Zonder signalen"})", officer, "application/json");
  CHECK(r.status == 400);
  r = d.post("/v1/cases", R"({"title": "Onbekend", "signals": ["S0000000000000000"]})", officer, "application/json");
  CHECK(r.status == 404);
  CHECK(d.post("/v1/cases", body, d.who("aanbieder_98000011"), "application/json").status == 403);

  r = d.post("/v1/cases", body, officer, "application/json; charset=utf-8");
  REQUIRE(r.status == 201);
  CHECK(r.header("cache-control") == "no-store");
  const auto created = json_of(r);
  CHECK(created.at("status") == "nieuw");
  CHECK(std::string(created.at("created_by").as_string()).starts_with("toezicht"));  // the token's label
  const auto path = "/v1/cases/" + std::to_string(created.at("id").as_int64());

  r = d.post(path + "/notes", R"({"text": "Aanbieder gevraagd naar de startdatum."})", officer, "application/json");
  CHECK(r.status == 201);
  CHECK(r.header("cache-control") == "no-store");
  r = d.post(path + "/attachments", R"({"reference": "DMS-2026-0042", "label": "Brief"})", officer, "application/json");
  CHECK(r.status == 201);
  r = d.post(path + "/status", R"({"status": "afgesloten"})", officer, "application/json");
  CHECK(r.status == 409);
  CHECK(error_of(r) == "conflict");
  CHECK(d.post(path + "/status", R"({"status": "in_onderzoek"})", officer, "application/json").status == 200);
  r = d.post(path + "/status", R"({"status": "gegrond"})", officer, "application/json");
  CHECK(r.status == 400);
  r = d.post(path + "/status", R"({"status": "gegrond", "decision": "Zorg zonder start gedeclareerd."})", officer,
             "application/json");
  CHECK(r.status == 200);
  CHECK(json_of(r).at("status") == "gegrond");
  r = d.post(path + "/notes", "text", officer, "text/plain");
  CHECK(r.status == 415);

  r = d.get(path, officer);
  REQUIRE(r.status == 200);
  CHECK(r.header("cache-control") == "no-store");
  const auto c = json_of(r);
  CHECK(c.at("notes").as_array().size() == 1);
  CHECK(c.at("attachments").as_array().size() == 1);
  CHECK(c.at("events").as_array().size() >= 5);
  CHECK(c.at("events").as_array()[0].as_object().at("action") == "case.create");
  CHECK(c.at("events").as_array()[0].as_object().at("principal") == "toezicht (toezicht)");
  CHECK(d.get(path, d.who("gemeente_0344")).status == 403);

  r = d.get(path + "/export?format=csv", officer);
  REQUIRE(r.status == 200);
  CHECK(r.header("content-type").starts_with("text/csv"));
  CHECK(r.header("content-disposition").find("attachment") != std::string::npos);
  CHECK(r.header("cache-control") == "no-store");
  CHECK(r.body.find(bsn_c5) == std::string::npos);
  r = d.get(path + "/export", officer);
  REQUIRE(r.status == 200);
  CHECK(r.header("content-type").starts_with("application/json"));
  CHECK(r.body.find(bsn_c5) == std::string::npos);
  CHECK(d.get(path + "/export?format=pdf", officer).status == 400);
  CHECK(d.get("/v1/cases/9999", officer).status == 404);
}

TEST_CASE("review daemon: the desk is static files with a Content Security Policy, / redirects to it", "[daemon][review]") {
  gateway_daemon d;
  d.start();
  const auto& nobody = d.who("nobody");  // the desk needs no credentials

  auto r = d.get("/desk/", nobody);
  REQUIRE(r.status == 200);
  CHECK(r.header("content-type").starts_with("text/html"));
  CHECK_FALSE(r.header("content-security-policy").empty());
  CHECK(r.header("content-security-policy").find("default-src") != std::string::npos);
  CHECK(r.body.find("<html") != std::string::npos);

  r = d.get("/", nobody);
  CHECK(r.status == 302);
  CHECK(r.header("location") == "/desk/");

  r = d.get("/desk/nope.js", nobody);
  CHECK(r.status == 404);
  CHECK(error_of(r) == "not_found");
  // The same for a signed-in client.
  CHECK(d.get("/desk/", d.who("toezicht")).status == 200);
}

TEST_CASE("review daemon: after a reveal the log holds no BSN of the revealed client", "[daemon][review]") {
  gateway_daemon d;
  d.start();
  const auto id = load(d);
  const auto& officer = d.who("toezicht");

  const auto r = d.post("/v1/signals/" + id + "/reveal", "", officer, "application/json");
  REQUIRE(r.status == 200);
  CHECK(r.header("cache-control") == "no-store");
  const auto revealed = json_of(r);
  REQUIRE(revealed.at("clients").as_array().size() == 1);
  CHECK(revealed.at("clients").as_array()[0].as_object().at("bsn") == bsn_c5);

  // The reveal is in the trail, under the token's label.
  const auto audit = d.get("/v1/audit?action=signal.reveal_bsn&object=signal:" + id, officer);
  REQUIRE(audit.status == 200);
  const auto entries = json_of(audit).at("entries").as_array();
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].as_object().at("principal") == "toezicht (toezicht)");

  // An export with BSNs too.
  const auto body = json::serialize(json::object{{"title", "Zaak"}, {"signals", json::array{json::string(id)}}});
  const auto created = d.post("/v1/cases", body, officer, "application/json");
  REQUIRE(created.status == 201);
  const auto exported =
      d.get("/v1/cases/" + std::to_string(json_of(created).at("id").as_int64()) + "/export?include_bsn=true", officer);
  REQUIRE(exported.status == 200);
  CHECK(exported.body.find(bsn_c5) != std::string::npos);

  REQUIRE(d.stop(SIGTERM) == 0);
  const auto log = d.log();
  CHECK(log.find("/reveal") != std::string::npos);  // the request was logged
  CHECK(log.find(bsn_c5) == std::string::npos);
}
