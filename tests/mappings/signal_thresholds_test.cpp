// The signal thresholds of mappings/signalen.csv: the shipped file loads, a gemeente's rows
// override the `*` rows for that gemeente only, what no row sets keeps the engine's default,
// and every bad edit is refused with the file and line.
#include <catch2/catch.hpp>

#include "mappings/csv.hpp"
#include "mappings/signal_thresholds.hpp"
#include "support/test_paths.hpp"

using namespace iwmo;

namespace {

constexpr std::string_view header = "gemeente,regel,drempel,productcode,waarde\n";

std::string error_of(std::string_view rows) {
  try {
    (void)mappings::parse_signal_thresholds(std::string(header) + std::string(rows));
    return "";
  } catch (const mappings::mapping_error& e) {
    return e.what();
  }
}

}  // namespace

TEST_CASE("the shipped signalen.csv loads with plausible maxima per product", "[mappings][signals]") {
  const auto t = mappings::load_signal_thresholds(test::source_dir() / "mappings");
  const auto& d = t.defaults();
  CHECK(d.max_hours_per_day == Approx(24.0));
  REQUIRE(d.plausible_per_day.contains("01A01"));
  CHECK(d.plausible_per_day.at("01A01") == Approx(8.0));
  CHECK(d.plausible_per_day.at("04A01") == Approx(2.0));
  CHECK(d.eigen_bijdrage_categorieen.contains("15"));
  CHECK_FALSE(d.eigen_bijdrage_categorieen.contains("10"));
}

TEST_CASE("a folder without signalen.csv gives the engine's defaults", "[mappings][signals]") {
  test::temp_dir dir;
  const auto t = mappings::load_signal_thresholds(dir.path());
  const signals::thresholds defaults;
  CHECK(t.defaults().non_use_months == defaults.non_use_months);
  CHECK(t.defaults().plausible_per_day.empty());
  CHECK(t.overrides().empty());
}

TEST_CASE("a gemeente's rows override the * rows for that gemeente only", "[mappings][signals]") {
  const auto t = mappings::parse_signal_thresholds(std::string(header) +
                                                   "*,non_use,non_use_months,,4\n"
                                                   "*,above_plausible_maximum,plausible_per_day,01A01,6\n"
                                                   "0344,non_use,non_use_months,,2\n"
                                                   "0344,sudden_growth,growth_factor,,2.5\n");
  CHECK(t.of("0307").non_use_months == 4);
  CHECK(t.of("0307").growth_factor == Approx(1.5));  // the engine's default
  CHECK(t.of("0344").non_use_months == 2);
  CHECK(t.of("0344").growth_factor == Approx(2.5));
  // The * row of another drempel still applies to 0344.
  CHECK(t.of("0344").plausible_per_day.at("01A01") == Approx(6.0));
}

TEST_CASE("eigen_bijdrage_categorieen is a list of two-digit categories", "[mappings][signals]") {
  const auto t = mappings::parse_signal_thresholds(std::string(header) + "*,non_use,eigen_bijdrage_categorieen,,01 15\n");
  CHECK(t.defaults().eigen_bijdrage_categorieen == std::set<std::string>{"01", "15"});
  CHECK_THAT(error_of("*,non_use,eigen_bijdrage_categorieen,,01 1\n"), Catch::Contains("signalen.csv:2") && Catch::Contains("two digits"));
}

TEST_CASE("bad edits of signalen.csv are refused with the file and line", "[mappings][signals]") {
  CHECK(error_of("*,non_use,non_use_months,,3\n").empty());
  CHECK_THAT(error_of("*,non_use,non_use_months,,3\n*,no_such_rule,x,,1\n"),
             Catch::Contains("signalen.csv:3") && Catch::Contains("not a signal rule"));
  CHECK_THAT(error_of("*,non_use,no_such_drempel,,1\n"), Catch::Contains("signalen.csv:2") && Catch::Contains("no drempel"));
  CHECK_THAT(error_of("*,non_use,non_use_months,,drie\n"), Catch::Contains("signalen.csv:2") && Catch::Contains("drie"));
  CHECK_THAT(error_of("*,non_use,non_use_months,,2.5\n"), Catch::Contains("whole number"));
  CHECK_THAT(error_of("*,above_plausible_maximum,plausible_per_day,,8\n"), Catch::Contains("productcode"));
  CHECK_THAT(error_of("344,non_use,non_use_months,,3\n"), Catch::Contains("not a CBS code"));
  CHECK_THAT(error_of("*,non_use,non_use_months,,\n"), Catch::Contains("signalen.csv:2"));
  // A drempel belongs to its rule.
  CHECK_THAT(error_of("*,non_use,growth_factor,,2\n"), Catch::Contains("no drempel"));
}
