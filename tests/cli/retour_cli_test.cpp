#include <catch2/catch.hpp>

#include "support/process.hpp"
#include "support/test_paths.hpp"

using namespace iwmo;
using test::gateway;

namespace {

std::string fixture(const std::string& relative) { return (test::fixtures_dir() / "iwmo-3.2" / relative).string(); }

}  // namespace

TEST_CASE("retour writes the answer to standard output", "[cli][retour]") {
  const auto r = gateway({"retour", "--today", "2026-11-22", "--id", "ANSWER-0001", fixture("rules/TR358-fail-1.xml")});
  CHECK(r.exit_code == 0);
  CHECK(r.out == test::read_file(fixture("answers/wmo323-rejected.WMO325.xml")));
  CHECK(r.err.empty());
}

TEST_CASE("retour reads standard input and derives a stable identifier", "[cli][retour]") {
  const auto input = test::read_file(fixture("samples/05-wmo315-verzoek-om-toewijzing.xml"));
  const auto first = gateway({"retour", "--today", "2026-11-22", "-"}, input);
  const auto second = gateway({"retour", "--today", "2026-11-22", "-"}, input);
  CHECK(first.exit_code == 0);
  CHECK(first.out == second.out);
  CHECK_THAT(first.out, Catch::Contains("<BerichtCode>445</BerichtCode>"));
  CHECK_THAT(first.out, Catch::Contains("<IdentificatieRetour>R"));
}

TEST_CASE("retour: no answer for schema failures and for answers", "[cli][retour]") {
  test::temp_dir dir;
  test::write_file(dir / "broken.xml", "<Bericht xmlns='http://www.istandaarden.nl/iwmo/3_2/wmo319/schema'/>");
  const auto broken = gateway({"retour", (dir / "broken.xml").string()});
  CHECK(broken.exit_code == 1);
  CHECK(broken.out.empty());
  CHECK_THAT(broken.err, Catch::Contains("fails the schema"));
  const auto answer = gateway({"retour", fixture("samples/02-wmo302-retour.xml")});
  CHECK(answer.exit_code == 1);
  CHECK_THAT(answer.err, Catch::Contains("WMO302 is itself an answer"));
}

TEST_CASE("retour usage errors", "[cli][retour]") {
  CHECK(gateway({"retour"}).exit_code == 2);
  CHECK(gateway({"retour", fixture("samples/07-wmo319-antwoord.xml"), fixture("samples/07-wmo319-antwoord.xml")}).exit_code == 2);
  CHECK(gateway({"retour", "--today", "tomorrow", fixture("samples/07-wmo319-antwoord.xml")}).exit_code == 2);
  CHECK(gateway({"retour", "--id", "THIRTEEN-CHARS", fixture("samples/07-wmo319-antwoord.xml")}).exit_code == 2);
  CHECK(gateway({"retour", "/nonexistent/file.xml"}).exit_code == 2);
}

TEST_CASE("docs/rules.md is the output of `rules --markdown`", "[cli][rules][docs]") {
  const auto r = gateway({"rules", "--markdown"});
  CHECK(r.exit_code == 0);
  CHECK(r.out == test::read_file(test::source_dir() / "docs" / "rules.md"));
}

TEST_CASE("rules lists every rule as a table or as JSON", "[cli][rules]") {
  const auto table = gateway({"rules"});
  CHECK(table.exit_code == 0);
  CHECK_THAT(table.out, Catch::Contains("TR101"));
  const auto json = gateway({"rules", "--json"});
  CHECK(json.exit_code == 0);
  CHECK_THAT(json.out, Catch::Contains("\"id\":\"CS002\""));
  CHECK(gateway({"rules", "--yaml"}).exit_code == 2);
}
