#include <catch2/catch.hpp>

#include "model/values.hpp"

using namespace iwmo::model;

TEST_CASE("dates parse only real calendar days, without time zone", "[model][date]") {
  CHECK(date::parse("2024-02-29") == date{2024, 2, 29});
  CHECK(date::parse(" 2026-11-22\n") == date{2026, 11, 22});
  CHECK_FALSE(date::parse("2026-02-29"));
  CHECK_FALSE(date::parse("2100-02-29"));
  CHECK(date::parse("2000-02-29"));
  CHECK_FALSE(date::parse("2026-13-01"));
  CHECK_FALSE(date::parse("2026-04-31"));
  CHECK_FALSE(date::parse("2026-03-02Z"));
  CHECK_FALSE(date::parse("20260302"));
  CHECK_FALSE(date::parse(""));
}

TEST_CASE("date arithmetic crosses months, years and leap days", "[model][date]") {
  CHECK(date{2026, 12, 31}.add_days(1) == date{2027, 1, 1});
  CHECK(date{2024, 2, 28}.add_days(1) == date{2024, 2, 29});
  CHECK(date{2026, 3, 1}.add_days(-1) == date{2026, 2, 28});
  CHECK(date::from_days(date{1999, 12, 31}.days()) == date{1999, 12, 31});
  CHECK(date{1970, 1, 1}.days() == 0);
  CHECK(date{2024, 1, 31}.add_months(1) == date{2024, 2, 29});
  CHECK(date{2024, 2, 29}.add_months(-60) == date{2019, 2, 28});
  CHECK(date{2026, 11, 5}.add_months(-60) == date{2021, 11, 5});
  CHECK(date{2026, 1, 15}.add_months(-1) == date{2025, 12, 15});
  CHECK(date{2026, 2, 10}.last_of_month() == date{2026, 2, 28});
  CHECK(date{2026, 11, 22}.weekday() == 7);  // a Sunday
  CHECK(date{2026, 11, 23}.weekday() == 1);
  CHECK(date{2026, 10, 31}.to_string() == "2026-10-31");
  CHECK(date{2026, 10, 1} < date{2026, 10, 2});
}

TEST_CASE("the BSN 11-test", "[model][bsn]") {
  CHECK(passes_eleven_test("999990019"));
  CHECK(passes_eleven_test("999900006"));
  CHECK(passes_eleven_test("000000000"));
  CHECK_FALSE(passes_eleven_test("999990018"));
  CHECK_FALSE(passes_eleven_test("12345678"));
  CHECK_FALSE(passes_eleven_test("99999001a"));
}

TEST_CASE("code lists map to their codes and back", "[model][codes]") {
  CHECK(parse_eenheid("83") == eenheid::euro);
  CHECK(to_code(eenheid::minuut) == "01");
  CHECK_FALSE(parse_eenheid("05"));
  CHECK(parse_frequentie("2") == frequentie::per_week);
  CHECK(to_code(frequentie::totaal) == "6");
  CHECK(parse_status_aanlevering("3") == status_aanlevering::verwijderd);
  CHECK(parse_debet_credit("C") == debet_credit::credit);
  CHECK_FALSE(parse_debet_credit("c"));
  CHECK(signed_amount(500, debet_credit::credit) == -500);
}

TEST_CASE("xs:integer lexical forms", "[model][integer]") {
  CHECK(parse_integer("+12") == 12);
  CHECK(parse_integer(" 007 ") == 7);
  CHECK(parse_integer("-3") == -3);
  CHECK_FALSE(parse_integer("1.0"));
  CHECK_FALSE(parse_integer(""));
  CHECK_FALSE(parse_integer("99999999999999999999"));
}
