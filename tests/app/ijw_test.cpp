// iJw 3.2 on the same engine: the iJw samples run through the pipeline with the same rules as
// iWmo, are answered in iJw, and keep their state in the Jeugdwet domain — the same
// ToewijzingNummer in Wmo and Jeugdwet are two toewijzingen, and a JW323 cannot declare on a
// Wmo toewijzing.
#include <catch2/catch.hpp>

#include <filesystem>

#include "app/pipeline.hpp"
#include "app/pipeline_fixtures.hpp"
#include "support/test_paths.hpp"

using namespace iwmo;
namespace fs = std::filesystem;

namespace {

std::string sample(const std::string& standard, const std::string& name) {
  return test::read_file(test::fixtures_dir() / standard / "samples" / name);
}

std::vector<std::string> rules_of(const app::processed& p) {
  std::vector<std::string> out;
  for (const auto& f : p.findings) out.push_back(f.rule);
  return out;
}

}  // namespace

TEST_CASE("an iJw toewijzing, start and declaration are accepted and answered in iJw", "[app][ijw]") {
  test::temp_dir dir;
  store::database db(dir / "gateway.db");
  app::pipeline pipe(test::builtin_schemas(), db, test::sample_mappings(), test::fixed_clock());

  const auto toewijzing = pipe.submit(sample("ijw-3.2", "01-jw301-toewijzing.xml"), "jw301");
  INFO(toewijzing.validation.errors.size());
  REQUIRE(toewijzing.type != nullptr);
  CHECK(toewijzing.type->name == "JW301");
  CHECK(rules_of(toewijzing).empty());
  CHECK(toewijzing.verdict == "accepted");
  REQUIRE(toewijzing.reply);
  CHECK(model::info_of(toewijzing.reply->message).name == "JW302");
  CHECK(toewijzing.reply->xml.find("http://www.istandaarden.nl/ijw/3_2/jw302/schema") != std::string::npos);
  CHECK(toewijzing.reply->xml.find("<ijw:BasisschemaXsdVersie>0.1.0</ijw:BasisschemaXsdVersie>") != std::string::npos);

  const auto start = pipe.submit(sample("ijw-3.2", "03-jw305-start.xml"), "jw305");
  CHECK(rules_of(start).empty());
  CHECK(start.verdict == "accepted");

  const auto declaratie = pipe.submit(sample("ijw-3.2", "11-jw323-declaratie.xml"), "jw323");
  CHECK(rules_of(declaratie).empty());
  CHECK(declaratie.verdict == "accepted");
  REQUIRE(declaratie.reply);
  CHECK(model::info_of(declaratie.reply->message).name == "JW325");

  // The answers validate against our iJw schemas.
  xml::validating_reader reader(test::builtin_schemas());
  for (const auto* p : {&toewijzing, &declaratie}) {
    const auto v = reader.validate(p->reply->xml);
    CHECK(v.xsd_valid);
    REQUIRE(v.message != nullptr);
    CHECK(v.message->std == model::standard::ijw_3_2);
  }
  for (const auto& row : db.ledger_all()) CHECK(row.domain == "jw");
  CHECK_FALSE(db.ledger_all().empty());
}

TEST_CASE("Wmo and Jeugdwet state are kept apart", "[app][ijw]") {
  test::temp_dir dir;
  store::database db(dir / "gateway.db");
  app::pipeline pipe(test::builtin_schemas(), db, test::sample_mappings(), test::fixed_clock());

  SECTION("a JW323 on a toewijzing known only in Wmo is rejected as an unknown toewijzing (TR338)") {
    REQUIRE(pipe.submit(sample("iwmo-3.2", "01-wmo301-toewijzing.xml"), "wmo301").verdict == "accepted");
    REQUIRE(pipe.submit(sample("iwmo-3.2", "03-wmo305-start.xml"), "wmo305").verdict == "accepted");
    const auto declaratie = pipe.submit(sample("ijw-3.2", "11-jw323-declaratie.xml"), "jw323");
    CHECK(declaratie.verdict == "rejected");
    // Both lines: no toewijzing of this provider with that number, in the Jeugdwet domain.
    CHECK(rules_of(declaratie) == std::vector<std::string>{"TR338", "TR338"});
  }
  SECTION("the same ToewijzingNummer in both domains is two toewijzingen, each declared on its own") {
    for (const auto* standard : {"iwmo-3.2", "ijw-3.2"}) {
      const std::string prefix = std::string(standard) == "iwmo-3.2" ? "wmo" : "jw";
      INFO(standard);
      CHECK(pipe.submit(sample(standard, "01-" + prefix + "301-toewijzing.xml"), "301").verdict == "accepted");
      CHECK(pipe.submit(sample(standard, "03-" + prefix + "305-start.xml"), "305").verdict == "accepted");
      const auto d = pipe.submit(sample(standard, "11-" + prefix + "323-declaratie.xml"), "323");
      CHECK(rules_of(d).empty());
      CHECK(d.verdict == "accepted");
    }
    std::set<std::string> domains;
    for (const auto& row : db.ledger_all()) domains.insert(row.domain);
    CHECK(domains == std::set<std::string>{"jw", "wmo"});
    // The toewijzing numbers are the same, the ledger lines are not merged.
    const auto keys = db.all_toewijzingen();
    CHECK(std::ranges::count(keys, model::standard::ijw_3_2, &store::toewijzing_key::standard) ==
          std::ranges::count(keys, model::standard::iwmo_3_2, &store::toewijzing_key::standard));
  }
}

TEST_CASE("an iJw answer on the residence principle must name the responsible municipality (TR377)", "[app][ijw]") {
  test::temp_dir dir;
  store::database db(dir / "gateway.db");
  app::pipeline pipe(test::builtin_schemas(), db, test::sample_mappings(), test::fixed_clock());
  auto doc = sample("ijw-3.2", "07-jw319-antwoord.xml");
  const auto from = doc.find("    <Woonplaatsbeginsel>");
  const auto to = doc.find("</Woonplaatsbeginsel>\n");
  REQUIRE(from != std::string::npos);
  REQUIRE(to != std::string::npos);
  doc.erase(from, to + 22 - from);
  const auto p = pipe.submit(doc, "jw319");
  CHECK(p.verdict == "rejected");
  CHECK(rules_of(p) == std::vector<std::string>{"TR377"});
  REQUIRE(p.reply);
  CHECK(model::info_of(p.reply->message).name == "JW320");
  CHECK(p.reply->xml.find("<RetourCode>0001</RetourCode>") != std::string::npos);
}
