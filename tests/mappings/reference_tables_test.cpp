// The reference tables of mappings/: the shipped sample region loads and answers the level-4
// questions (CBS codes on a date, after a merger; product codes per list; contract terms per
// period), and every kind of bad edit is refused with the file and line.
#include <catch2/catch.hpp>

#include <set>

#include "mappings/reference_tables.hpp"
#include "support/test_paths.hpp"

using namespace iwmo;
using model::date;

namespace {

const mappings::reference_tables& sample() {
  static const auto tables = mappings::reference_tables::load(test::source_dir() / "mappings");
  return tables;
}

constexpr std::string_view gemeenten = "cbs_code,naam,geldig_van,geldig_tot,opgegaan_in\n0344,Utrecht,1900-01-01,,\n";
constexpr std::string_view aanbieders = "agb_code,naam\n98000011,Zorg Thuis\n";
constexpr std::string_view producten =
    "lijst,categorie,code,omschrijving,geldig_van,geldig_tot\n"
    "WMO021,01,01A01,Huishoudelijke hulp,2015-01-01,\n"
    "WMO021,02,02A05,Begeleiding,2015-01-01,\n";
constexpr std::string_view contract_header =
    "gemeente,aanbieder,categorie,productcode,productlijst,uitvoeringsvariant,eenheid,tarief,geldig_van,geldig_tot\n";

// The message of the mapping_error that parsing throws, or "" when it parses.
std::string error_of(std::string_view g, std::string_view a, std::string_view p, std::string_view c) {
  try {
    (void)mappings::reference_tables::parse(g, a, p, c);
  } catch (const mappings::mapping_error& e) {
    return e.what();
  }
  return {};
}

std::string contract_error(const std::string& rows) {
  return error_of(gemeenten, aanbieders, producten, std::string(contract_header) + rows);
}

}  // namespace

TEST_CASE("the sample region loads", "[mappings]") {
  const auto& t = sample();
  CHECK(t.gemeenten().size() >= 5);
  CHECK(t.aanbieders().size() >= 3);
  CHECK(t.contracten().size() >= 10);
  // Product codes for the common categories 01-18.
  std::set<std::string> categories;
  for (const auto& p : t.producten()) categories.insert(p.categorie);
  for (const auto* c : {"01", "02", "03", "04", "06", "07", "08", "10", "14", "15", "16"}) {
    INFO(c);
    CHECK(categories.contains(c));
  }
  CHECK(t.gemeente_naam("0344") == "Utrecht");
  CHECK(t.aanbieder_naam("98000011") == "Zorg Thuis Midden");
  CHECK(t.product_omschrijving("01", "01A01") == "Huishoudelijke hulp");
}

TEST_CASE("TR378: CBS codes are valid on a date, old codes until the merger", "[mappings]") {
  const auto& t = sample();
  CHECK(t.gemeente_valid("0344", date{2026, 11, 22}));
  CHECK_FALSE(t.gemeente_valid("0999", date{2026, 11, 22}));
  // Leerdam, Vianen and Zederik became Vijfheerenlanden on 1 January 2019.
  CHECK(t.gemeente_valid("0545", date{2018, 12, 31}));
  CHECK_FALSE(t.gemeente_valid("0545", date{2019, 1, 1}));
  CHECK_FALSE(t.gemeente_valid("1961", date{2018, 12, 31}));
  CHECK(t.gemeente_valid("1961", date{2019, 1, 1}));
}

TEST_CASE("TR381: product codes come from the list of the pair's contract", "[mappings]") {
  const auto& t = sample();
  CHECK(t.product_in_list("0344", "98000011", "01", "01A01", date{2026, 3, 1}) == true);
  CHECK(t.product_in_list("0344", "98000011", "02", "01A01", date{2026, 3, 1}) == false);
  CHECK(t.product_in_list("0344", "98000011", "01", "01Z99", date{2026, 3, 1}) == false);
  // A pair without a contract uses the national list.
  CHECK(t.product_in_list("0545", "98000011", "01", "01A01", date{2018, 6, 1}) == true);
}

TEST_CASE("contracts: the product's row, else the category's, valid on the date", "[mappings]") {
  const auto& t = sample();
  SECTION("the tariff changes on 1 January 2027") {
    const auto y2026 = t.contract("0344", "98000011", "01", std::string("01A01"), date{2026, 12, 31});
    REQUIRE(y2026);
    CHECK(y2026->tarief == 3150);
    CHECK(y2026->eenheid == model::eenheid::uur);
    CHECK(y2026->variant == rules::variant::inspanningsgericht);
    const auto y2027 = t.contract("0344", "98000011", "01", std::string("01A01"), date{2027, 1, 1});
    REQUIRE(y2027);
    CHECK(y2027->tarief == 3260);
    CHECK_FALSE(t.contract("0344", "98000011", "01", std::string("01A01"), date{2028, 1, 1}));
  }
  SECTION("a row for the whole category serves every code in it") {
    const auto c = t.contract("0344", "98000011", "10", std::string("10A01"), date{2026, 3, 1});
    REQUIRE(c);
    CHECK(c->variant == rules::variant::outputgericht);
    CHECK(c->eenheid == model::eenheid::euro);
    CHECK_FALSE(c->tarief);
  }
  SECTION("taakgericht delivery") {
    const auto c = t.contract("0310", "98000044", "02", std::nullopt, date{2026, 3, 1});
    REQUIRE(c);
    CHECK(c->variant == rules::variant::taakgericht);
  }
  SECTION("no contract for the pair or the product") {
    CHECK_FALSE(t.contract("0344", "98000044", "01", std::string("01A01"), date{2026, 3, 1}));
    CHECK_FALSE(t.contract("0344", "98000011", "02", std::string("02A01"), date{2026, 3, 1}));
  }
}

TEST_CASE("CSV: quotes, comments, blank lines, a byte order mark, CRLF and padded fields", "[mappings]") {
  const auto t = mappings::reference_tables::parse(
      "\xEF\xBB\xBF# comment\r\ncbs_code,naam,geldig_van,geldig_tot,opgegaan_in\r\n\r\n"
      "0344 , \"Utrecht, stad\",1900-01-01,,\r\n0307,\"Amers\"\"foort\",1900-01-01,,\r\n",
      aanbieders, producten, contract_header);
  REQUIRE(t.gemeenten().size() == 2);
  CHECK(t.gemeenten()[0].code == "0344");
  CHECK(t.gemeenten()[0].naam == "Utrecht, stad");
  CHECK(t.gemeenten()[1].naam == "Amers\"foort");
}

TEST_CASE("bad edits are refused with the file and line", "[mappings]") {
  CHECK(error_of("cbs_code,naam,geldig_van\n0344,Utrecht,1900-01-01\n", aanbieders, producten, contract_header) ==
        "gemeenten.csv:1: the header lacks column 'geldig_tot'");
  CHECK(error_of("cbs_code,naam,geldig_van,geldig_tot,opgegaan_in\n344,Utrecht,1900-01-01,,\n", aanbieders, producten,
                 contract_header) == "gemeenten.csv:2: cbs_code '344' is not four digits");
  CHECK(error_of("cbs_code,naam,geldig_van,geldig_tot,opgegaan_in\n0344,Utrecht,1900-13-01,,\n", aanbieders, producten,
                 contract_header) == "gemeenten.csv:2: geldig_van '1900-13-01' is not a date (YYYY-MM-DD)");
  CHECK(error_of("cbs_code,naam,geldig_van,geldig_tot,opgegaan_in\n# old\n0344,Utrecht,2020-01-01,2019-12-31,\n",
                 aanbieders, producten, contract_header) == "gemeenten.csv:3: geldig_tot is before geldig_van");
  CHECK(error_of(gemeenten, "agb_code,naam\n9800001,Zorg\n", producten, contract_header) ==
        "aanbieders.csv:2: agb_code '9800001' is not eight digits");
  CHECK(error_of(gemeenten, "agb_code,naam\n98000011,\n", producten, contract_header) ==
        "aanbieders.csv:2: column 'naam' is empty");
  CHECK(error_of(gemeenten, aanbieders, "lijst,categorie,code,omschrijving,geldig_van,geldig_tot\nWMO021,1,01A01,x,2015-01-01,\n",
                 contract_header) == "productcodes.csv:2: categorie '1' is not two digits");
  CHECK(error_of(gemeenten, "agb_code,naam\n98000011,\"Zorg\n", producten, contract_header) ==
        "aanbieders.csv:2: unterminated quoted field");
  CHECK(error_of(gemeenten, "agb_code,naam\n98000011,Zorg,extra\n", producten, contract_header) ==
        "aanbieders.csv:2: 3 fields, the header has 2");
  CHECK(error_of("", aanbieders, producten, contract_header) == "gemeenten.csv: no header row");

  CHECK(contract_error("0344,98000011,01,01A01,WMO021,inspanning,04,3150,2025-01-01,\n") ==
        "contracten.csv:2: uitvoeringsvariant 'inspanning' is not inspanningsgericht, outputgericht or taakgericht");
  CHECK(contract_error("0344,98000011,01,01A01,WMO021,inspanningsgericht,05,3150,2025-01-01,\n") ==
        "contracten.csv:2: eenheid '05' is not a code of the Eenheid list");
  CHECK(contract_error("0344,98000011,01,01A01,WMO021,inspanningsgericht,04,31.50,2025-01-01,\n") ==
        "contracten.csv:2: tarief '31.50' is not a whole number of eurocent");
  CHECK(contract_error("0344,98000011,01,01A01,WMO099,inspanningsgericht,04,3150,2025-01-01,\n") ==
        "contracten.csv:2: productlijst 'WMO099' has no codes in productcodes.csv");
  CHECK(contract_error("0344,98000011,02,01A01,WMO021,inspanningsgericht,04,3150,2025-01-01,\n") ==
        "contracten.csv:2: product 02 01A01 is not in list WMO021 of productcodes.csv");
  CHECK(contract_error("0344,98000011,01,01A01,WMO021,inspanningsgericht,04,3150,2025-01-01,2026-12-31\n"
                       "0344,98000011,01,01A01,WMO021,inspanningsgericht,04,3260,2026-12-31,\n") ==
        "contracten.csv:3: overlaps the period of line 2 for the same product");
  // Adjacent periods and different products are fine.
  CHECK(contract_error("0344,98000011,01,01A01,WMO021,inspanningsgericht,04,3150,2025-01-01,2026-12-31\n"
                       "0344,98000011,01,01A01,WMO021,inspanningsgericht,04,3260,2027-01-01,\n"
                       "0344,98000011,02,02A05,WMO021,inspanningsgericht,04,6480,2025-01-01,\n")
            .empty());
}

TEST_CASE("a missing file is named", "[mappings]") {
  test::temp_dir dir;
  try {
    (void)mappings::reference_tables::load(dir.path());
    FAIL("loaded");
  } catch (const mappings::mapping_error& e) {
    CHECK(std::string(e.what()).find("gemeenten.csv") != std::string::npos);
  }
}

TEST_CASE("errors from a folder name the file in that folder", "[mappings]") {
  test::temp_dir dir;
  test::write_file(dir / "gemeenten.csv", std::string(gemeenten));
  test::write_file(dir / "aanbieders.csv", std::string(aanbieders));
  test::write_file(dir / "productcodes.csv", std::string(producten));
  test::write_file(dir / "contracten.csv", std::string(contract_header) + "0344,98000011,01,01A01,WMO021,x,04,1,2025-01-01,\n");
  try {
    (void)mappings::reference_tables::load(dir.path());
    FAIL("loaded");
  } catch (const mappings::mapping_error& e) {
    CHECK(std::string(e.what()).starts_with((dir / "contracten.csv:2: uitvoeringsvariant 'x'").string()));
  }
}
