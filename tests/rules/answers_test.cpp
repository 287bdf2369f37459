#include <catch2/catch.hpp>

#include <random>

#include <fmt/format.h>

#include "app/answer.hpp"
#include "rules/answers.hpp"
#include "support/test_paths.hpp"
#include "xml/message_codec.hpp"

using namespace iwmo;

namespace {

std::shared_ptr<const xml::schema_set> ours() {
  static const auto set = xml::schema_set::builtin();
  return set;
}

app::checker& checker() {
  static app::checker c(ours());
  return c;
}

const model::date answer_day{2026, 11, 22};
const rules::answer_identity answer_id{"ANSWER-0001", answer_day};

model::message load(const std::string& relative) {
  const auto checked = checker().check(test::read_file(test::fixtures_dir() / "iwmo-3.2" / relative), {});
  REQUIRE(checked.message);
  return *checked.message;
}

// Writes the message and validates it with our schemas (and the official ones when present).
void require_schema_valid(const model::message& m) {
  const auto xml = xml::write_message(m);
  xml::validating_reader reader(ours());
  const auto v = reader.validate(xml);
  INFO(xml);
  REQUIRE(v.xsd_valid);
  if (const auto ref = test::reference_dir()) {
    xml::validating_reader official(xml::schema_set::from_directory(*ref / "iwmo-3.2" / "xsd"));
    CHECK(official.validate(xml).xsd_valid);
  }
}

}  // namespace

TEST_CASE("golden answers: each heen type accepted and rejected", "[rules][answers][golden]") {
  const auto [input, golden] = GENERATE(table<std::string, std::string>({
      {"samples/01-wmo301-toewijzing.xml", "wmo301-accepted.WMO302.xml"},
      {"rules/CD005-fail-1.xml", "wmo301-rejected.WMO302.xml"},
      {"samples/03-wmo305-start.xml", "wmo305-accepted.WMO306.xml"},
      {"rules/CS058-fail-1.xml", "wmo305-rejected.WMO306.xml"},
      {"samples/13-wmo307-stop.xml", "wmo307-accepted.WMO308.xml"},
      {"rules/TR018-fail-1.xml", "wmo307-rejected.WMO308.xml"},
      {"samples/05-wmo315-verzoek-om-toewijzing.xml", "wmo315-accepted.WMO316.xml"},
      {"rules/CD043-fail-1.xml", "wmo315-rejected.WMO316.xml"},
      {"samples/09-wmo317-verzoek-om-wijziging.xml", "wmo317-accepted.WMO318.xml"},
      {"rules/TR380-fail-1.xml", "wmo317-rejected.WMO318.xml"},
      {"samples/07-wmo319-antwoord.xml", "wmo319-accepted.WMO320.xml"},
      {"rules/CD085-fail-1.xml", "wmo319-rejected.WMO320.xml"},
      {"rules/TR135-fail-1.xml", "wmo319-future.WMO320.xml"},
      {"samples/11-wmo323-declaratie.xml", "wmo323-accepted.WMO325.xml"},
      {"rules/TR358-fail-1.xml", "wmo323-rejected.WMO325.xml"},
  }));
  INFO(input);
  const auto checked = checker().check(test::read_file(test::fixtures_dir() / "iwmo-3.2" / input), {answer_day});
  const auto answer = app::answer_to(checked, answer_id);
  REQUIRE(answer);
  CHECK(answer->xml == test::read_file(test::fixtures_dir() / "iwmo-3.2" / "answers" / golden));
  require_schema_valid(answer->message);
}

TEST_CASE("retour header: copied from the heen message, not swapped, with the retour's own fields",
          "[rules][answers]") {
  const auto heen = load("samples/03-wmo305-start.xml");
  const auto answer = rules::compose_answer(heen, {}, answer_id);
  REQUIRE(answer);
  const auto& r = std::get<model::wmo306>(*answer);
  const auto& h = std::get<model::wmo305>(heen).header;
  CHECK(r.header.bericht_code == "419");
  CHECK(r.header.afzender == h.afzender);
  CHECK(r.header.ontvanger == h.ontvanger);
  CHECK(r.header.identificatie == h.identificatie);
  CHECK(r.header.xsd_versie == h.xsd_versie);
  CHECK(r.header.identificatie_retour == "ANSWER-0001");
  CHECK(r.header.dagtekening_retour == "2026-11-22");
  CHECK_FALSE(r.header.xslt_versie);
  CHECK(r.header.retour_codes.empty());
  CHECK_FALSE(r.client);
}

TEST_CASE("retour case D: every class of the client carries codes, 0200 or 0233", "[rules][answers]") {
  const auto heen = load("samples/03-wmo305-start.xml");
  rules::verdict v;
  v.class_codes["/Bericht/Client/StartProducten/StartProduct[2]"] = {"9063"};
  const auto answer = rules::compose_answer(heen, v, answer_id);
  const auto& r = std::get<model::wmo306>(*answer);
  CHECK(r.header.retour_codes == model::codes{"0200"});
  REQUIRE(r.client);
  CHECK(r.client->retour_codes == model::codes{"0200"});
  CHECK(r.client->start_producten[0].retour_codes == model::codes{"0200"});
  CHECK(r.client->start_producten[1].retour_codes == model::codes{"9063"});
  CHECK(r.client->start_producten[1].begindatum == std::get<model::wmo305>(heen).client.start_producten[1].begindatum);
  require_schema_valid(*answer);

  SECTION("classes not assessed get 0233") {
    v.not_assessed.insert("/Bericht/Client/StartProducten/StartProduct[1]");
    const auto a = rules::compose_answer(heen, v, answer_id);
    CHECK(std::get<model::wmo306>(*a).client->start_producten[0].retour_codes == model::codes{"0233"});
  }
  SECTION("a header code suppresses class detail") {
    v.header_codes = {"9056"};
    const auto a = rules::compose_answer(heen, v, answer_id);
    CHECK(std::get<model::wmo306>(*a).header.retour_codes == model::codes{"9056"});
    CHECK_FALSE(std::get<model::wmo306>(*a).client);
  }
  SECTION("a content rejection wins over everything") {
    v.content_rejected = true;
    const auto a = rules::compose_answer(heen, v, answer_id);
    CHECK(std::get<model::wmo306>(*a).header.retour_codes == model::codes{"0001"});
    CHECK(std::get<model::wmo306>(*a).header.xslt_versie == "2.10.5");
    CHECK_FALSE(std::get<model::wmo306>(*a).client);
  }
}

TEST_CASE("retour case D for a WMO301 covers relations, their contacts, contacts and products",
          "[rules][answers]") {
  const auto heen = load("samples/01-wmo301-toewijzing.xml");
  rules::verdict v;
  v.class_codes["/Bericht/Client/ToegewezenProducten/ToegewezenProduct[3]"] = {"9332", "9385"};
  const auto a = rules::compose_answer(heen, v, answer_id);
  const auto& c = *std::get<model::wmo302>(*a).client;
  CHECK(c.relaties[0].retour_codes == model::codes{"0200"});
  CHECK(c.relaties[0].contact.retour_codes == model::codes{"0200"});
  CHECK(c.contactgegevens[1].retour_codes == model::codes{"0200"});
  CHECK(c.toegewezen_producten[2].retour_codes == (model::codes{"9332", "9385"}));
  require_schema_valid(*a);
  CHECK(rules::class_paths(heen).size() == 8);
}

TEST_CASE("findings are sorted into header, declaration and class codes", "[rules][answers]") {
  const auto decl = load("samples/11-wmo323-declaratie.xml");
  const rules::findings found{
      {"TR056", "9056", "/Bericht/Header/BerichtIdentificatie/Identificatie"},
      {"TR333", "9333", "/Bericht/Declaratie/DeclaratieNummer"},
      {"TR307", "9307", "/Bericht/Declaratie/Clienten/Client[1]/Prestaties/Prestatie[2]/ProductPeriode/Begindatum"},
      {"TR308", "9308", "/Bericht/Declaratie/Clienten/Client[1]/Prestaties/Prestatie[2]"},
      {"TR307", "9307", "/Bericht/Declaratie/Clienten/Client[1]/Prestaties/Prestatie[2]"},
  };
  const auto v = rules::make_verdict(decl, found);
  CHECK_FALSE(v.content_rejected);
  CHECK(v.header_codes == std::vector<std::string>{"9056"});
  CHECK(v.declaratie_codes == std::vector<std::string>{"9333"});
  REQUIRE(v.class_codes.size() == 1);
  CHECK(v.class_codes.begin()->first == "/Bericht/Declaratie/Clienten/Client[1]/Prestaties/Prestatie[2]");
  CHECK(v.class_codes.begin()->second == (std::vector<std::string>{"9307", "9308"}));
  CHECK(rules::make_verdict(decl, {{"TR358", "0001", "/Bericht/Declaratie/TotaalIngediendBedrag"}}).content_rejected);
}

TEST_CASE("WMO325 cases 3 and 4", "[rules][answers]") {
  const auto decl = load("samples/11-wmo323-declaratie.xml");
  SECTION("case 3: the whole declaration is rejected, nothing approved") {
    rules::verdict v;
    v.declaratie_codes = {"9333"};
    const auto a = rules::compose_answer(decl, v, answer_id);
    const auto& da = *std::get<model::wmo325>(*a).declaratie_antwoord;
    CHECK(std::get<model::wmo325>(*a).header.retour_codes == model::codes{"0200"});
    CHECK(da.retour_codes == model::codes{"9333"});
    CHECK(da.totaal_toegekend_bedrag == model::totaal_bedrag_met_dc{"0", "D"});
    CHECK(da.clienten.empty());
    require_schema_valid(*a);
  }
  SECTION("case 4: a rejected line is returned with its codes, the rest is approved") {
    rules::verdict v;
    v.class_codes["/Bericht/Declaratie/Clienten/Client[1]/Prestaties/Prestatie[2]"] = {"9307"};
    const auto a = rules::compose_answer(decl, v, answer_id);
    const auto& da = *std::get<model::wmo325>(*a).declaratie_antwoord;
    CHECK(da.retour_codes == model::codes{"0200"});
    CHECK(da.totaal_toegekend_bedrag == model::totaal_bedrag_met_dc{"40950", "D"});
    REQUIRE(da.clienten.size() == 1);
    CHECK(da.clienten[0].retour_codes == model::codes{"0200"});
    REQUIRE(da.clienten[0].prestaties.size() == 1);
    CHECK(da.clienten[0].prestaties[0].product_referentie.referentie_nummer == "P2026100002");
    CHECK(da.clienten[0].prestaties[0].retour_codes == model::codes{"9307"});
    require_schema_valid(*a);
    CHECK(rules::check_content(*a).empty());
  }
  SECTION("case 4: a rejected client returns all its lines as not assessed") {
    rules::verdict v;
    v.class_codes["/Bericht/Declaratie/Clienten/Client[1]"] = {"8187"};
    const auto a = rules::compose_answer(decl, v, answer_id);
    const auto& da = *std::get<model::wmo325>(*a).declaratie_antwoord;
    CHECK(da.totaal_toegekend_bedrag == model::totaal_bedrag_met_dc{"0", "D"});
    REQUIRE(da.clienten.size() == 1);
    CHECK(da.clienten[0].retour_codes == model::codes{"8187"});
    CHECK(da.clienten[0].prestaties.size() == 2);
    for (const auto& p : da.clienten[0].prestaties) CHECK(p.retour_codes == model::codes{"0233"});
    require_schema_valid(*a);
    CHECK(rules::check_content(*a).empty());
  }
}

TEST_CASE("retours and WMO325 messages are not answered", "[rules][answers]") {
  CHECK_FALSE(rules::compose_answer(load("samples/02-wmo302-retour.xml"), {}, answer_id));
  CHECK_FALSE(rules::compose_answer(load("samples/12-wmo325-declaratie-antwoord.xml"), {}, answer_id));
}

TEST_CASE("TR342 property: composed WMO325 totals always satisfy the arithmetic", "[rules][answers][property]") {
  std::mt19937 rng(20261122);
  for (int round = 0; round < 300; ++round) {
    model::wmo323 decl = std::get<model::wmo323>(load("samples/11-wmo323-declaratie.xml"));
    decl.declaratie.clienten.clear();
    rules::verdict v;
    long long net = 0;
    const int clients = 1 + static_cast<int>(rng() % 4);
    int ref = 0;
    for (int c = 0; c < clients; ++c) {
      model::declaratie_client client{fmt::format("99999{:04}", c), {}, {}};
      const int lines = 1 + static_cast<int>(rng() % 5);
      for (int p = 0; p < lines; ++p) {
        const long long amount = static_cast<long long>(rng() % 200000);
        const bool credit = amount != 0 && rng() % 4 == 0;
        model::prestatie line;
        line.product_referentie.referentie_nummer = fmt::format("R{}", ++ref);
        if (credit) line.product_referentie.vorig_referentie_nummer = fmt::format("OLD{}", ref);
        line.toewijzing_nummer = std::to_string(1000 + ref);
        line.product_categorie = "01";
        line.product_code = "01A01";
        line.product_periode = {"2026-10-01", "2026-10-31"};
        line.geleverd_volume = std::to_string(amount);
        line.eenheid = "83";
        line.ingediend_bedrag = {std::to_string(amount), credit ? "C" : "D"};
        net += credit ? -amount : amount;
        if (rng() % 3 == 0) {
          v.class_codes[fmt::format("/Bericht/Declaratie/Clienten/Client[{}]/Prestaties/Prestatie[{}]", c + 1, p + 1)] = {"9307"};
        }
        client.prestaties.push_back(std::move(line));
      }
      if (rng() % 7 == 0) v.class_codes[fmt::format("/Bericht/Declaratie/Clienten/Client[{}]", c + 1)] = {"8187"};
      decl.declaratie.clienten.push_back(std::move(client));
    }
    decl.declaratie.totaal_ingediend_bedrag = {std::to_string(net < 0 ? -net : net), net < 0 ? "C" : "D"};
    if (rng() % 10 == 0) v.declaratie_codes = {"9333"};
    const auto answer = rules::compose_answer(model::message{decl}, v, answer_id);
    REQUIRE(answer);
    const auto findings = rules::check_content(*answer);
    INFO("round " << round);
    CHECK(std::none_of(findings.begin(), findings.end(), [](const auto& f) { return f.rule == "TR342"; }));
    if (round % 50 == 0) require_schema_valid(*answer);
  }
}
