// `iwmo-gateway reconcile` on the sample region: totals per provider and product, the lines that
// need attention, masked BSNs, the three formats and usage errors. The amounts were added up by
// hand from the messages in fixtures/iwmo-3.2/region/.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "support/process.hpp"
#include "support/test_paths.hpp"

using namespace iwmo;
using test::gateway;
namespace json = boost::json;

namespace {

// A database with the whole sample region processed, shared by the tests of this file.
const std::string& region_db() {
  static test::temp_dir dir;
  static const std::string db = [] {
    const auto file = (dir / "region.db").string();
    const auto r = gateway({"process", "--db", file, "--mappings", (test::source_dir() / "mappings").string(), "--today",
                            "2026-11-22", (test::fixtures_dir() / "iwmo-3.2" / "region").string()});
    if (r.exit_code != 1) FAIL("processing the region failed: " << r.err);
    return file;
  }();
  return db;
}

std::vector<std::string> reconcile(std::vector<std::string> extra) {
  std::vector<std::string> args{"reconcile", "--db", region_db(), "--mappings", (test::source_dir() / "mappings").string()};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

}  // namespace

TEST_CASE("reconcile --format json: Utrecht, September 2026", "[cli][reconcile]") {
  const auto r = gateway(reconcile({"--gemeente", "0344", "--period", "2026-09", "--format", "json"}));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto o = json::parse(r.out).as_object();
  CHECK(o.at("gemeente").as_string() == "0344");
  CHECK(o.at("period").as_string() == "2026-09");
  // Debits: 378.00 (C1) + 648.00 + 518.40 (C2) + 432.00 + 324.00 (C3) + 663.00 (C4) + 360.00 (C5).
  const auto& total = o.at("totaal").as_object();
  CHECK(total.at("gedeclareerd").as_string() == "3323.40");
  CHECK(total.at("goedgekeurd").as_string() == "2243.40");  // without C2's rejected line and C3's credited one
  CHECK(total.at("afgewezen").as_string() == "648.00");     // C2: 10 hours where 8 a month were assigned
  CHECK(total.at("gecrediteerd").as_string() == "432.00");  // C3: September credited in October
  CHECK(total.at("toewijzingen").as_int64() == 5);

  const auto& products = o.at("producten").as_array();
  REQUIRE(products.size() == 5);
  const auto& c2 = products[1].as_object();
  CHECK(c2.at("code").as_string() == "02A05");
  CHECK(c2.at("aanbieder_naam").as_string() == "Zorg Thuis Midden");
  CHECK(c2.at("omschrijving").as_string() == "Begeleiding individueel specialistisch");
  CHECK(c2.at("toegewezen_volume").as_int64() == 8);
  CHECK(c2.at("gedeclareerd_volume").as_int64() == 18);
  CHECK(c2.at("goedgekeurd_volume").as_int64() == 8);

  const auto& attention = o.at("aandacht").as_array();
  REQUIRE(attention.size() == 3);
  const auto flags = [](const json::value& v) {
    std::vector<std::string> out;
    for (const auto& f : v.as_object().at("aandacht").as_array()) out.emplace_back(f.as_string());
    return out;
  };
  CHECK(attention[0].as_object().at("toewijzing").as_int64() == 3440002);
  CHECK(flags(attention[0]) == std::vector<std::string>{"rejected"});
  CHECK(attention[0].as_object().at("afgewezen_codes").as_string() == "9321");
  CHECK(attention[0].as_object().at("bsn").as_string() == "******020");
  CHECK(attention[1].as_object().at("toewijzing").as_int64() == 3440003);
  CHECK(flags(attention[1]) == std::vector<std::string>{"credited_and_rebilled"});
  CHECK(attention[2].as_object().at("toewijzing").as_int64() == 3440005);
  CHECK(flags(attention[2]) == std::vector<std::string>{"declared_without_start"});
  CHECK(attention[2].as_object().at("dagen_geleverd").as_int64() == 0);
}

TEST_CASE("reconcile table: totals, attention lines, masked BSNs unless asked", "[cli][reconcile]") {
  const auto r = gateway(reconcile({"--gemeente", "0307", "--period", "2026-10"}));
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.starts_with("Reconciliation 0307 Amersfoort 2026-10\n"));
  CHECK(r.out.find("98000033  Hulp bij het Huishouden Utrecht") != std::string::npos);
  CHECK(r.out.find("1 of 3 toewijzing(en) need attention") != std::string::npos);
  CHECK(r.out.find("toewijzing 3070007 bsn ******081 10: rejected") != std::string::npos);
  CHECK(r.out.find("declared 400.00, approved 0.00 on a budget of 1500.00; rejected 400.00 [9369]") != std::string::npos);
  CHECK(r.out.find("999990081") == std::string::npos);

  const auto full = gateway(reconcile({"--gemeente", "0307", "--period", "2026-10", "--show-bsn"}));
  CHECK(full.out.find("bsn 999990081") != std::string::npos);
}

TEST_CASE("reconcile csv, a provider filter and an empty month", "[cli][reconcile]") {
  const auto csv = gateway(reconcile({"--gemeente", "0344", "--period", "2026-09", "--aanbieder", "98000022", "--format", "csv"}));
  REQUIRE(csv.exit_code == 0);
  const auto lines = test::lines_of(csv.out);
  REQUIRE(lines.size() == 4);  // header, two products, one attention line
  CHECK(lines[0].starts_with("soort,aanbieder,categorie,code,eenheid,toewijzing,bsn,"));
  CHECK(lines[1] == "totaal,98000022,07,07A01,16,,,20,17,17,663.00,663.00,0.00,0.00,,");
  CHECK(lines[2] == "totaal,98000022,08,08A01,82,,,32,30,30,360.00,360.00,0.00,0.00,,");
  CHECK(lines[3] == "aandacht,98000022,08,08A01,82,3440005,******056,32,30,30,360.00,360.00,0.00,0.00,,declared_without_start");

  const auto empty = gateway(reconcile({"--gemeente", "0344", "--period", "2025-01"}));
  CHECK(empty.exit_code == 0);
  CHECK(empty.out.find("no toewijzingen in this month") != std::string::npos);
}

TEST_CASE("reconcile usage errors", "[cli][reconcile]") {
  CHECK(gateway(reconcile({"--gemeente", "0344", "--period", "2026-13"})).exit_code == 2);
  CHECK(gateway(reconcile({"--gemeente", "0344", "--period", "2026-09", "--format", "xml"})).exit_code == 2);
  CHECK(gateway(reconcile({"--period", "2026-09"})).exit_code == 2);
  const auto missing = gateway({"reconcile", "--db", "/nonexistent/x.db", "--gemeente", "0344", "--period", "2026-09"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("/nonexistent/x.db does not exist") != std::string::npos);
}
