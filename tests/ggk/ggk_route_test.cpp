// POST /v1/ggk through the real router and service, in-process: a Di01 envelope in, a Du01 with
// the retour out (the payload runs through the same pipeline as POST /v1/messages), and a Fo01
// with its HTTP status for every envelope-level failure. Every envelope the gateway writes is
// checked against our envelope schemas and the published ones.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "app/pipeline_fixtures.hpp"
#include "app/region_fixtures.hpp"
#include "app/service.hpp"
#include "ggk/ggk_fixtures.hpp"
#include "http/routes.hpp"
#include "store/store.hpp"

using namespace iwmo;

namespace {

const model::message_info& wmo(model::message_type t) { return model::info(model::standard::iwmo_3_2, t); }

struct gateway {
  test::temp_dir dir;
  std::atomic<int> tick{0};
  std::unique_ptr<app::service> svc;

  gateway() {
    app::service_settings settings;
    settings.database = dir / "ggk.db";
    settings.schemas = test::builtin_schemas();
    settings.reference = &test::sample_mappings();
    settings.today = [] { return model::date{2026, 11, 22}; };
    settings.now = [this] { return fmt::format("2026-11-22T10:00:{:02}Z", tick++ % 60); };
    settings.signals_auto = false;
    svc = std::make_unique<app::service>(std::move(settings));
  }

  http::response post(const std::string& body, const std::string& principal, const std::string& type = "text/xml") const {
    http::request r;
    r.method = "POST";
    r.target = "/v1/ggk";
    r.content_type = type;
    r.body = body;
    r.certificate = app::parse_principal(principal);
    return http::handle(r, *svc);
  }

  [[nodiscard]] std::int64_t messages() const {
    store::database db(dir / "ggk.db");
    return db.message_count();
  }
};

std::string header(const http::response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return {};
}

// A Di01 from gemeente 0344 to aanbieder 98000011.
std::string gemeente_envelope(const std::string& payload, std::string_view ref = test::sample_reference,
                              const model::message_info& type = wmo(model::message_type::wmo301)) {
  return test::envelope_of(payload, type, test::gemeente_system("0344"), test::aanbieder_system("98000011"), ref);
}

// The Fo01 of a refused envelope: status, code, crossRefnummer, and valid against both schema sets.
void expect_fo01(const http::response& got, unsigned status, std::string_view code, std::string_view cross_ref) {
  INFO(got.status << " " << got.body.substr(0, 1500));
  CHECK(got.status == status);
  CHECK(got.content_type == "text/xml; charset=utf-8");
  CHECK(header(got, "X-Iwmo-Stuf-Code") == code);
  CHECK(test::text_of(got.body, "StUF:code") == code);
  CHECK(test::text_of(got.body, "StUF:crossRefnummer") == cross_ref);
  CHECK(ggk::is_uuid_v4(test::text_of(got.body, "StUF:referentienummer")));
  CHECK(test::text_of(got.body, "StUF:tijdstipBericht").size() == 17);
  test::check_written(got.body);
}

}  // namespace

TEST_CASE("POST /v1/ggk: a Di01 with a WMO301 is stored and answered with a Du01 carrying the WMO302", "[ggk][http]") {
  gateway g;
  const auto payload = test::region("001-utrecht-toewijzing-c1.xml");
  const auto got = g.post(gemeente_envelope(payload), "gemeente:0344");
  INFO(got.body.substr(0, 2000));
  REQUIRE(got.status == 200);
  CHECK(got.route == "/v1/ggk");
  CHECK(got.content_type == "text/xml; charset=utf-8");
  CHECK(header(got, "X-Iwmo-Verdict") == "accepted");
  CHECK(header(got, "X-Iwmo-Message-Type") == "WMO301");
  CHECK(header(got, "X-Iwmo-Answer-Type") == "WMO302");
  test::check_written(got.body);

  const auto du01 = test::our_envelope_reader().read(got.body, ggk::max_envelope_bytes);
  REQUIRE(du01.valid);
  CHECK(du01.root == "envelopRetourbericht-ggk_Du01");
  CHECK(*du01.value("stuurgegevens/crossRefnummer") == test::sample_reference);
  CHECK(*du01.value("stuurgegevens/functie") == "WMO302");
  CHECK(*du01.value("stuurgegevens/zender/organisatie") == "98000011");
  CHECK(*du01.value("stuurgegevens/ontvanger/organisatie") == "0344");
  const auto ref = *du01.value("stuurgegevens/referentienummer");
  CHECK(ggk::is_uuid_v4(ref));
  CHECK(ref != test::sample_reference);

  // The payload is the message as stored, the Du01 carries the stored answer.
  const auto who = *app::parse_principal("gemeente:0344");
  const auto id = std::stoll(header(got, "X-Iwmo-Message-Id"));
  CHECK(std::get<std::string>(g.svc->message_raw(who, id)) == payload);
  const auto retour = ggk::envelope_reader::decode_base64(*du01.value("parameters/bericht"));
  REQUIRE(retour);
  CHECK(*retour == std::get<std::string>(g.svc->message_answer(who, id)));
  CHECK(test::our_envelope_reader().message_of(*retour) == &wmo(model::message_type::wmo302));

  // The envelope is recorded with its message, in the same transaction.
  const auto seen = std::get<std::optional<app::ggk_envelope_seen>>(g.svc->ggk_envelope(who, test::sample_reference));
  REQUIRE(seen);
  CHECK(seen->message_id == id);
  CHECK(seen->zender == "0344");
  CHECK(seen->sha256 == app::sha256_hex(payload));
  CHECK(g.messages() == 1);

  SECTION("the same envelope again (a lost answer) gets the same answer, and nothing is stored twice") {
    const auto again = g.post(gemeente_envelope(payload), "gemeente:0344");
    REQUIRE(again.status == 200);
    CHECK(header(again, "X-Iwmo-Replay") == "true");
    CHECK(header(again, "X-Iwmo-Message-Id") == std::to_string(id));
    const auto second = test::our_envelope_reader().read(again.body, ggk::max_envelope_bytes);
    CHECK(ggk::envelope_reader::decode_base64(*second.value("parameters/bericht")) == retour);
    CHECK(*second.value("stuurgegevens/referentienummer") != ref);
    CHECK(g.messages() == 1);
  }
  SECTION("another message under a referentienummer used before is answered with StUF016 and 409, and not stored") {
    const auto other = test::region("002-utrecht-toewijzing-c4.xml");
    expect_fo01(g.post(gemeente_envelope(other), "gemeente:0344"), 409, "StUF016", test::sample_reference);
    CHECK(g.messages() == 1);
    // With a new referentienummer it is a new message.
    CHECK(g.post(gemeente_envelope(other, "1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b"), "gemeente:0344").status == 200);
    CHECK(g.messages() == 2);
  }
  SECTION("the store refuses a second message under the same referentienummer (two envelopes in flight)") {
    // The route's check cannot see an envelope still on its way to the database; the store's can.
    const auto other = test::region("002-utrecht-toewijzing-c4.xml");
    const auto r = std::string("stuf-ggk:") + std::string(test::sample_reference) + " https gemeente:0344 zender=0344";
    const auto stored = g.svc->submit(who, other, r);
    REQUIRE(std::holds_alternative<app::failure>(stored));
    CHECK(std::get<app::failure>(stored).code == app::api_errc::unavailable);
    CHECK(g.messages() == 1);
  }
}

TEST_CASE("POST /v1/ggk: a provider's WMO305 is answered with a WMO306", "[ggk][http]") {
  gateway g;
  REQUIRE(g.post(gemeente_envelope(test::region("001-utrecht-toewijzing-c1.xml")), "gemeente:0344").status == 200);
  const auto start = test::region("005-start-c1.xml");
  const auto got = g.post(test::envelope_of(start, wmo(model::message_type::wmo305), test::aanbieder_system("98000011"),
                                            test::gemeente_system("0344"), "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d"),
                          "aanbieder:98000011");
  INFO(got.body.substr(0, 1500));
  REQUIRE(got.status == 200);
  CHECK(header(got, "X-Iwmo-Answer-Type") == "WMO306");
  CHECK(test::text_of(got.body, "StUF:functie") == "WMO306");
  test::check_written(got.body);
}

TEST_CASE("POST /v1/ggk: a payload that fails its schema is stored and answered with StUF055", "[ggk][http][fo01]") {
  gateway g;
  auto payload = test::region("001-utrecht-toewijzing-c1.xml");
  test::replace_once(payload, "<iwmo:Dagtekening>", "<iwmo:Dagtekenin>");
  test::replace_once(payload, "</iwmo:Dagtekening>", "</iwmo:Dagtekenin>");
  const auto envelope = gemeente_envelope(payload);
  const auto got = g.post(envelope, "gemeente:0344");
  expect_fo01(got, 400, "StUF055", test::sample_reference);
  CHECK(header(got, "X-Iwmo-Verdict") == "schema");
  CHECK(test::text_of(got.body, "StUF:details").starts_with("WMO301: line"));
  CHECK(g.messages() == 1);  // as POST /v1/messages: the message is kept with its errors
  // Sent again, the same answer (the store keeps the first record of the referentienummer).
  expect_fo01(g.post(envelope, "gemeente:0344"), 400, "StUF055", test::sample_reference);
  // A payload that is not XML at all.
  expect_fo01(g.post(gemeente_envelope("Hier staat het heenbericht", "2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d"), "gemeente:0344"),
              400, "StUF055", "2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d");
}

TEST_CASE("POST /v1/ggk: every envelope-level failure is a Fo01 with its own code and status, and nothing is stored",
          "[ggk][http][fo01]") {
  gateway g;
  const auto payload = test::region("001-utrecht-toewijzing-c1.xml");
  const auto good = gemeente_envelope(payload);
  SECTION("not XML: StUF055, 400") { expect_fo01(g.post("not an envelope", "gemeente:0344"), 400, "StUF055", ""); }
  SECTION("not valid against the envelope schema: StUF055, 400") {
    expect_fo01(g.post(test::with_text(good, "GGK:applicatieVersie", "4"), "gemeente:0344"), 400, "StUF055",
                test::sample_reference);
  }
  SECTION("a Du01: StUF025, 400") {
    const auto heen = ggk::receive(test::our_envelope_reader(), good).heen;
    REQUIRE(heen);
    const auto du01 = ggk::write_du01(*heen, payload, wmo(model::message_type::wmo302), ggk::new_outgoing(std::chrono::system_clock::now()));
    const auto got = g.post(du01, "gemeente:0344");
    expect_fo01(got, 400, "StUF025", test::text_of(du01, "StUF:referentienummer"));
    CHECK(test::text_of(got.body, "StUF:plek") == "server");
  }
  SECTION("a referentienummer that is no UUID version 4: GGK001, 400") {
    const auto ref = "9c0f7b90-5c69-11e5-a837-0800200c9a66";
    expect_fo01(g.post(gemeente_envelope(payload, ref), "gemeente:0344"), 400, "GGK001", ref);
  }
  SECTION("an unknown functie: StUF034, 400") {
    expect_fo01(g.post(test::with_text(good, "StUF:functie", "WMO399"), "gemeente:0344"), 400, "StUF034", test::sample_reference);
  }
  SECTION("a functie naming an answer: StUF037, 400") {
    expect_fo01(g.post(test::with_text(good, "StUF:functie", "WMO302"), "gemeente:0344"), 400, "StUF037", test::sample_reference);
  }
  SECTION("a functie that is not the payload's message: GGK002, 400") {
    expect_fo01(g.post(test::with_text(good, "StUF:functie", "WMO315"), "gemeente:0344"), 400, "GGK002", test::sample_reference);
  }
  SECTION("a payload over 25 MB: GGK003, 413") {
    const std::string large(ggk::max_payload_bytes + 1, 'x');
    expect_fo01(g.post(gemeente_envelope(large), "gemeente:0344"), 413, "GGK003", test::sample_reference);
  }
  SECTION("the Fo01 goes back to the envelope's zender, from its ontvanger") {
    const auto got = g.post(test::with_text(good, "StUF:functie", "WMO399"), "gemeente:0344");
    const auto fo01 = test::our_envelope_reader().read(got.body, ggk::max_envelope_bytes);
    CHECK(*fo01.value("stuurgegevens/zender/organisatie") == "98000011");
    CHECK(*fo01.value("stuurgegevens/ontvanger/organisatie") == "0344");
    CHECK(*fo01.value("stuurgegevens/ontvanger/administratie") == "test");
  }
  CHECK(g.messages() == 0);
}

TEST_CASE("POST /v1/ggk: who may send, and as what, is answered in JSON as on every endpoint", "[ggk][http]") {
  gateway g;
  const auto envelope = gemeente_envelope(test::region("001-utrecht-toewijzing-c1.xml"));
  // Not the payload's Afzender: 403, nothing stored.
  const auto other = g.post(envelope, "aanbieder:98000011");
  CHECK(other.status == 403);
  CHECK(other.body.find("\"error\":\"forbidden\"") != std::string::npos);
  CHECK(g.post(envelope, "gemeente:0307").status == 403);
  // Staff do not send messages; the router refuses them.
  CHECK(g.post(envelope, "backoffice").status == 403);
  CHECK(g.post(envelope, "admin").status == 403);
  // Without credentials.
  http::request r;
  r.method = "POST";
  r.target = "/v1/ggk";
  r.content_type = "text/xml";
  r.body = envelope;
  CHECK(http::handle(r, *g.svc).status == 401);
  // The media type.
  CHECK(g.post(envelope, "gemeente:0344", "text/plain").status == 415);
  CHECK(g.messages() == 0);
  CHECK(g.post(envelope, "gemeente:0344", "application/xml; charset=utf-8").status == 200);
  CHECK(g.messages() == 1);
}
