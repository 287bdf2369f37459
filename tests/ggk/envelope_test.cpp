// The StUF-GGK envelope layer on its own: reading and checking a Di01 (every Fo01 case),
// writing Du01, Fo01 and outbound Di01 envelopes, and the identity helpers.
#include <catch2/catch.hpp>

#include <chrono>
#include <set>
#include <string>

#include "app/region_fixtures.hpp"
#include "ggk/ggk_fixtures.hpp"

using namespace iwmo;

namespace {

const model::message_info& wmo(model::message_type t) { return model::info(model::standard::iwmo_3_2, t); }

std::string toewijzing() { return test::region("001-utrecht-toewijzing-c1.xml"); }

std::string di01_of(std::string_view payload, const model::message_info& type, std::string_view ref = test::sample_reference) {
  return test::envelope_of(payload, type, test::gemeente_system("0344"), test::aanbieder_system("98000011"), ref);
}

ggk::receipt received(const std::string& envelope) { return ggk::receive(test::our_envelope_reader(), envelope); }

// The fault of an envelope that fails a check; its Fo01 is valid against both schema sets.
ggk::fault refused(const std::string& envelope, ggk::fault_kind kind) {
  const auto r = received(envelope);
  REQUIRE(r.problem);
  INFO(r.problem->code << ": " << r.problem->details);
  CHECK(r.problem->kind == kind);
  CHECK_FALSE(r.heen);
  test::check_written(ggk::write_fo01(*r.problem, r, ggk::new_outgoing(std::chrono::system_clock::now())));
  return *r.problem;
}

}  // namespace

TEST_CASE("ggk: a Di01 with a WMO301 is read with its stuurgegevens, parameters and decoded payload", "[ggk]") {
  const auto payload = toewijzing();
  const auto r = received(di01_of(payload, wmo(model::message_type::wmo301)));
  INFO((r.problem ? r.problem->details : ""));
  REQUIRE(r.heen);
  const auto& h = *r.heen;
  CHECK(h.payload == payload);
  CHECK(h.message == &wmo(model::message_type::wmo301));
  CHECK(h.stuur.berichtcode == "Di01");
  CHECK(h.stuur.zender == test::gemeente_system("0344"));
  CHECK(h.stuur.ontvanger == test::aanbieder_system("98000011"));
  CHECK(h.stuur.referentienummer == test::sample_reference);
  CHECK(h.stuur.tijdstip_bericht == "20261122100000000");
  CHECK(h.stuur.functie == "WMO301");
  CHECK(h.params.applicatie_versie.size() == 4);
  CHECK(h.params.functie_versie == "0003");
  CHECK(h.params.functie_subversie == "0002");
  CHECK(h.params.content_type == "application/xml");
  CHECK(h.params.bestandsnaam == std::optional<std::string>("WMO301.xml"));
  CHECK_FALSE(h.params.referentienummer_bericht);
  CHECK(r.answer_from == h.stuur.ontvanger);
  CHECK(r.answer_to == h.stuur.zender);
  CHECK(r.cross_ref == test::sample_reference);
}

TEST_CASE("ggk: the published Di01 example reads, and is refused only for its version 1 UUID", "[ggk]") {
  const auto dir = test::ggk_reference_dir();
  if (!dir) {
    WARN("skipped: ../shared/reference/stuf-ggk0310-2.1.03 is absent (set IWMO_REFERENCE_DIR to run this)");
    return;
  }
  const auto doc = test::read_file(*dir / "voorbeeldberichten" / "envelopHeenbericht-ggk_Di01_v21.xml");
  refused(doc, ggk::fault_kind::referentienummer);
  // With a version 4 UUID, the next check: its payload is the text "Hier staat het heenbericht",
  // not XML, which the pipeline reports (the functie WMO301 is fine).
  const auto r = received(test::with_text(doc, "StUF:referentienummer", std::string(test::sample_reference)));
  REQUIRE(r.heen);
  CHECK(r.heen->payload == "Hier staat het heenbericht");
  CHECK(r.heen->params.referentienummer_bericht == std::optional<std::string>("123456789012"));
  CHECK(r.heen->stuur.zender.organisatie == std::optional<std::string>("0548"));
  CHECK(r.heen->stuur.ontvanger.applicatie == "GGk");
}

TEST_CASE("ggk: an envelope that is not well-formed or not valid is answered with StUF055", "[ggk][fo01]") {
  const auto good = di01_of(toewijzing(), wmo(model::message_type::wmo301));
  SECTION("not XML") {
    const auto f = refused("this is not an envelope", ggk::fault_kind::envelope_schema);
    CHECK(f.code == "StUF055");
    CHECK(f.client);
    CHECK(f.http_status == 400);
  }
  SECTION("empty") { refused("", ggk::fault_kind::envelope_schema); }
  SECTION("not well-formed: the Fo01 still names the envelope's parties and reference as far as they were read") {
    const auto doc = test::replaced(good, "</GGK:parameters>", "</GGK:parameter>");
    const auto f = refused(doc, ggk::fault_kind::envelope_schema);
    CHECK(f.details.find("not well-formed") != std::string::npos);
    const auto r = received(doc);
    CHECK(r.cross_ref == test::sample_reference);
    CHECK(r.answer_to == test::gemeente_system("0344"));
    CHECK(r.answer_from == test::aanbieder_system("98000011"));
  }
  SECTION("invalid: a required element is missing") {
    const auto f = refused(test::without(good, "GGK:functieVersie"), ggk::fault_kind::envelope_schema);
    CHECK(f.details.find("line") != std::string::npos);
  }
  SECTION("invalid: the payload is not base64") {
    refused(test::with_text(good, "GGK:bericht", "not base64!"), ggk::fault_kind::envelope_schema);
  }
  SECTION("an applicatie too short for the Fo01 is replaced by the gateway's") {
    const auto doc = test::with_text(test::with_text(good, "StUF:applicatie", "ab", 2), "StUF:referentienummer", std::string(50, 'x'));
    refused(doc, ggk::fault_kind::envelope_schema);
    const auto r = received(doc);
    CHECK(r.answer_from == ggk::gateway_system());
    CHECK(r.cross_ref.empty());
  }
  SECTION("a DOCTYPE is refused") {
    refused(test::replaced(good, "?>", "?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"),
            ggk::fault_kind::envelope_schema);
  }
}

TEST_CASE("ggk: a valid envelope that is not a Di01 is answered with StUF025", "[ggk][fo01]") {
  const auto di01 = di01_of(toewijzing(), wmo(model::message_type::wmo301));
  const auto heen = received(di01).heen;
  REQUIRE(heen);
  const auto du01 = ggk::write_du01(*heen, "<x/>", wmo(model::message_type::wmo302), ggk::new_outgoing(std::chrono::system_clock::now()));
  const auto f = refused(du01, ggk::fault_kind::not_di01);
  CHECK(f.code == "StUF025");
  CHECK_FALSE(f.client);
  const auto fo01 = ggk::write_fo01(f, ggk::gateway_system(), test::gemeente_system("0344"), "x", ggk::new_outgoing(std::chrono::system_clock::now()));
  refused(fo01, ggk::fault_kind::not_di01);
}

TEST_CASE("ggk: a referentienummer that is not a UUID version 4 is answered with GGK001", "[ggk][fo01]") {
  const auto payload = toewijzing();
  const auto& type = wmo(model::message_type::wmo301);
  for (const auto* ref : {"9c0f7b90-5c69-11e5-a837-0800200c9a66",   // version 1 (the published example)
                          "6f1c2a3b-4d5e-4f60-7a7b-9c0d1e2f3a4b",   // variant 7
                          "6f1c2a3b-4d5e-4f60-ca7b-9c0d1e2f3a4b",   // variant c
                          "6f1c2a3b4d5e4f608a7b9c0d1e2f3a4b",       // no hyphens
                          "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4",    // one digit short
                          "6f1c2a3g-4d5e-4f60-8a7b-9c0d1e2f3a4b",   // not hexadecimal
                          " 6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b",  // a blank
                          "123456789012", ""}) {
    INFO(ref);
    const auto f = refused(di01_of(payload, type, ref), ggk::fault_kind::referentienummer);
    CHECK(f.code == "GGK001");
    CHECK(f.http_status == 400);
  }
  CHECK(received(di01_of(payload, type, "6F1C2A3B-4D5E-4F60-BA7B-9C0D1E2F3A4B")).heen);  // upper case
  CHECK(received(di01_of(payload, type, "00000000-0000-4000-9000-000000000000")).heen);
}

TEST_CASE("ggk: a functie that is not a message, or names an answer, is answered with StUF034 or StUF037", "[ggk][fo01]") {
  const auto di01 = di01_of(toewijzing(), wmo(model::message_type::wmo301));
  for (const auto* functie : {"WMO999", "wmo301", "WMO301 ", "Toewijzing", "", "JW30"}) {
    INFO(functie);
    const auto f = refused(test::with_text(di01, "StUF:functie", functie), ggk::fault_kind::functie_unknown);
    CHECK(f.code == "StUF034");
  }
  for (const auto* functie : {"WMO302", "WMO325", "JW306"}) {
    INFO(functie);
    const auto f = refused(test::with_text(di01, "StUF:functie", functie), ggk::fault_kind::functie_not_heen);
    CHECK(f.code == "StUF037");
    CHECK_FALSE(f.client);
  }
}

TEST_CASE("ggk: a functie that is another message than the payload is answered with GGK002", "[ggk][fo01]") {
  const auto payload = toewijzing();
  for (const auto t : {model::message_type::wmo305, model::message_type::wmo323}) {
    const auto f = refused(di01_of(payload, wmo(t)), ggk::fault_kind::functie_mismatch);
    CHECK(f.code == "GGK002");
    CHECK(f.details.find("WMO301") != std::string::npos);
  }
  // The iJw message of the same number is another message too.
  const auto f = refused(di01_of(payload, model::info(model::standard::ijw_3_2, model::message_type::wmo301)),
                         ggk::fault_kind::functie_mismatch);
  CHECK(f.details.find("JW301") != std::string::npos);
  // A payload that is no known message passes: the pipeline's schema check reports it.
  CHECK(received(di01_of("no XML at all", wmo(model::message_type::wmo301))).heen);
  CHECK(received(di01_of("<Bericht xmlns=\"urn:other\"/>", wmo(model::message_type::wmo301))).heen);
}

TEST_CASE("ggk: a payload over 25 MB is answered with GGK003 and 413", "[ggk][fo01]") {
  const auto& type = wmo(model::message_type::wmo301);
  const std::string at_limit(ggk::max_payload_bytes, 'a');
  CHECK(received(di01_of(at_limit, type)).heen);
  const auto f = refused(di01_of(at_limit + "a", type), ggk::fault_kind::too_large);
  CHECK(f.code == "GGK003");
  CHECK(f.http_status == 413);
  // An envelope too large to read at all.
  refused(std::string(ggk::max_envelope_bytes + 1, ' '), ggk::fault_kind::too_large);
}

TEST_CASE("ggk: the Du01 answers the Di01: parties swapped, a new reference, the retour in base64", "[ggk][du01]") {
  const auto di01 = test::replaced(di01_of(toewijzing(), wmo(model::message_type::wmo301)), "<GGK:applicatieVersie>",
                                   "<GGK:referentienummerBericht>T2026-0001</GGK:referentienummerBericht><GGK:applicatieVersie>");
  const auto heen = received(di01).heen;
  REQUIRE(heen);
  const std::string retour = "<?xml version=\"1.0\"?>\n<Bericht>retour &amp; more</Bericht>\n";
  const auto now = std::chrono::sys_days{std::chrono::year{2026} / 11 / 22} + std::chrono::hours{10} + std::chrono::milliseconds{1234};
  const auto id = ggk::new_outgoing(now);
  const auto du01 = ggk::write_du01(*heen, retour, wmo(model::message_type::wmo302), id);
  test::check_written(du01);
  const auto doc = test::our_envelope_reader().read(du01, ggk::max_envelope_bytes);
  REQUIRE(doc.valid);
  CHECK(doc.root == "envelopRetourbericht-ggk_Du01");
  CHECK(*doc.value("stuurgegevens/berichtcode") == "Du01");
  CHECK(*doc.value("stuurgegevens/zender/organisatie") == "98000011");
  CHECK(*doc.value("stuurgegevens/zender/applicatie") == "Applicatie leverancier");
  CHECK(*doc.value("stuurgegevens/ontvanger/organisatie") == "0344");
  CHECK(*doc.value("stuurgegevens/ontvanger/gebruiker") == "gebruiker1");
  CHECK(*doc.value("stuurgegevens/referentienummer") == id.referentienummer);
  CHECK(ggk::is_uuid_v4(id.referentienummer));
  CHECK(id.referentienummer != test::sample_reference);
  CHECK(*doc.value("stuurgegevens/tijdstipBericht") == "20261122100001234");
  CHECK(*doc.value("stuurgegevens/crossRefnummer") == test::sample_reference);
  CHECK(*doc.value("stuurgegevens/functie") == "WMO302");
  CHECK(*doc.value("parameters/crossRefnummerBericht") == "T2026-0001");
  CHECK(*doc.value("parameters/bericht@contentType") == "application/xml");
  CHECK(*doc.value("parameters/bericht@bestandsnaam") == "WMO302.xml");
  CHECK(ggk::envelope_reader::decode_base64(*doc.value("parameters/bericht")) == std::optional<std::string>(retour));
}

TEST_CASE("ggk: every Fo01 is valid, with the code, plek, omschrijving and details of its fault", "[ggk][fo01]") {
  const ggk::outgoing id{"0c9d8e7f-6a5b-4c3d-9e1f-203a4b5c6d7e", "20261122100000000"};
  std::set<std::string_view> codes;
  for (const auto kind : {ggk::fault_kind::envelope_schema, ggk::fault_kind::not_di01, ggk::fault_kind::referentienummer,
                          ggk::fault_kind::functie_unknown, ggk::fault_kind::functie_not_heen, ggk::fault_kind::functie_mismatch,
                          ggk::fault_kind::too_large, ggk::fault_kind::payload_schema, ggk::fault_kind::duplicate,
                          ggk::fault_kind::store_failed, ggk::fault_kind::processing_failed}) {
    // Details longer than StUF allows are cut, at a character boundary; markup is escaped.
    const auto f = ggk::make_fault(kind, "<&\"> \xC3\xA9" + std::string(2000, 'x'));
    INFO(f.code);
    CHECK(f.code.size() <= 7);
    CHECK(f.omschrijving.size() <= 200);
    CHECK(f.details.size() <= 1001);
    CHECK(f.details.ends_with("..."));
    CHECK((f.http_status >= 400 && f.http_status < 600));
    codes.insert(f.code);
    const auto fo01 = ggk::write_fo01(f, ggk::gateway_system(), test::gemeente_system("0344"), test::sample_reference, id);
    test::check_written(fo01);
    const auto doc = test::our_envelope_reader().read(fo01, ggk::max_envelope_bytes);
    CHECK(doc.root == "Fo01Bericht");
    CHECK(*doc.value("body/code") == f.code);
    CHECK(*doc.value("body/plek") == (f.client ? "client" : "server"));
    CHECK(*doc.value("body/omschrijving") == f.omschrijving);
    CHECK(doc.value("body/details")->starts_with("<&\"> \xC3\xA9xxx"));
    CHECK(*doc.value("stuurgegevens/crossRefnummer") == test::sample_reference);
    CHECK(doc.value("stuurgegevens/zender/organisatie") == nullptr);
    CHECK(*doc.value("stuurgegevens/zender/applicatie") == "iwmo-gateway");
  }
  CHECK(codes.size() == 10);  // StUF055 serves the envelope and the payload
}

TEST_CASE("ggk: an outbound message is wrapped in a Di01 that the gateway itself reads back", "[ggk][wrap]") {
  for (const auto* file : {"001-utrecht-toewijzing-c1.xml", "005-start-c1.xml"}) {
    const auto message = test::region(file);
    const auto* info = test::our_envelope_reader().message_of(message);
    REQUIRE(info != nullptr);
    const auto id = ggk::new_outgoing(std::chrono::system_clock::now());
    const auto di01 = ggk::wrap(message, *info, test::gemeente_system("0344"), test::aanbieder_system("98000011"), id);
    test::check_written(di01);
    const auto r = received(di01);
    REQUIRE(r.heen);
    CHECK(r.heen->payload == message);
    CHECK(r.heen->message == info);
    CHECK(r.heen->stuur.referentienummer == id.referentienummer);
    CHECK(r.heen->stuur.tijdstip_bericht == id.tijdstip);
  }
}

TEST_CASE("ggk: referentienummers are random version 4 UUIDs; tijdstip is StUF's 17 digits in UTC", "[ggk]") {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const auto ref = ggk::new_referentienummer();
    CHECK(ggk::is_uuid_v4(ref));
    CHECK(ref.size() == 36);
    seen.insert(ref);
  }
  CHECK(seen.size() == 200);
  using namespace std::chrono;
  CHECK(ggk::stuf_tijdstip(sys_days{year{2016} / 4 / 21} + hours{13} + minutes{25} + seconds{14} + milliseconds{7}) ==
        "20160421132514007");
  CHECK(ggk::stuf_tijdstip(sys_days{year{1999} / 12 / 31}) == "19991231000000000");
}

TEST_CASE("ggk: base64 round trips, with and without white space", "[ggk]") {
  for (const std::string& bytes : {std::string(), std::string("a"), std::string("ab"), std::string("abc"),
                                  std::string("\x00\xff\x10 binary", 10), std::string(100000, 'z')}) {
    const auto text = ggk::encode_base64(bytes);
    CHECK(text.find('\n') == std::string::npos);
    CHECK(ggk::envelope_reader::decode_base64(text) == std::optional<std::string>(bytes));
  }
  CHECK(ggk::envelope_reader::decode_base64("SGVs\nbG8=\n") == std::optional<std::string>("Hello"));
  CHECK(ggk::envelope_reader::decode_base64(" SGVs bG8= ") == std::optional<std::string>("Hello"));
  CHECK_FALSE(ggk::envelope_reader::decode_base64("SGVsbG8"));
  CHECK_FALSE(ggk::envelope_reader::decode_base64("SGVs*G8="));
}
