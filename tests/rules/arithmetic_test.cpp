// Volume and tariff arithmetic (RULES.md §3.5, §3.6): the test vectors of the catalogue, every
// Eenheid x Frequentie combination, month and year boundaries, leap years and weeks that span
// two months. Expected values are worked out by hand from calendars, not by the code under test.
#include <catch2/catch.hpp>

#include "rules/arithmetic.hpp"

using namespace iwmo;
using namespace iwmo::rules::arithmetic;
using model::date;
using model::eenheid;
using model::frequentie;
using rules::variant;

namespace {

model::state::toewijzing assigned(date from, std::optional<date> to, std::int64_t volume, eenheid e, frequentie f,
                                  std::string categorie = "02") {
  model::state::toewijzing t;
  t.categorie = std::move(categorie);
  t.ingangsdatum = from;
  t.einddatum = to;
  t.volume = volume;
  t.eenheid = e;
  t.frequentie = f;
  return t;
}

}  // namespace

TEST_CASE("ISO weeks: the week belongs to the year of its Thursday", "[rules][arithmetic]") {
  CHECK(iso_week_of(date{2020, 12, 31}) == iso_week{2020, 53});
  CHECK(iso_week_of(date{2021, 1, 3}) == iso_week{2020, 53});
  CHECK(iso_week_of(date{2021, 1, 4}) == iso_week{2021, 1});
  CHECK(iso_week_of(date{2024, 12, 30}) == iso_week{2025, 1});  // Monday before New Year
  CHECK(iso_week_of(date{2025, 12, 29}) == iso_week{2026, 1});
  CHECK(iso_week_of(date{2026, 1, 1}) == iso_week{2026, 1});
  CHECK(iso_week_of(date{2026, 7, 7}) == iso_week{2026, 28});
  CHECK(iso_week_of(date{2026, 12, 31}) == iso_week{2026, 53});  // 2026 starts on a Thursday: 53 weeks
  CHECK(iso_week_of(date{2027, 1, 3}) == iso_week{2026, 53});
  CHECK(iso_week_of(date{2027, 1, 4}) == iso_week{2027, 1});
}

TEST_CASE("calendar counts over inclusive periods", "[rules][arithmetic]") {
  SECTION("days, with leap years") {
    CHECK(days(date{2024, 2, 1}, date{2024, 2, 29}) == 29);
    CHECK(days(date{2026, 2, 1}, date{2026, 2, 28}) == 28);
    CHECK(days(date{2024, 2, 28}, date{2024, 3, 1}) == 3);
    CHECK(days(date{2100, 2, 28}, date{2100, 3, 1}) == 2);  // 2100 is not a leap year
    CHECK(days(date{2000, 2, 28}, date{2000, 3, 1}) == 3);  // 2000 is
    CHECK(days(date{2025, 12, 31}, date{2026, 1, 1}) == 2);
    CHECK(days(date{2026, 1, 1}, date{2026, 12, 31}) == 365);
    CHECK(days(date{2024, 1, 1}, date{2024, 12, 31}) == 366);
    CHECK(days(date{2026, 5, 5}, date{2026, 5, 5}) == 1);
    CHECK(days(date{2026, 5, 6}, date{2026, 5, 5}) == 0);
  }
  SECTION("ISO weeks touching a period, also across months and years") {
    CHECK(iso_weeks_touching(date{2026, 3, 30}, date{2026, 4, 5}) == 1);  // Monday to Sunday over a month end
    CHECK(iso_weeks_touching(date{2026, 3, 31}, date{2026, 4, 1}) == 1);
    CHECK(iso_weeks_touching(date{2026, 4, 1}, date{2026, 4, 30}) == 5);  // W14..W18
    CHECK(iso_weeks_touching(date{2026, 8, 1}, date{2026, 8, 31}) == 6);  // Saturday .. Monday: W31..W36
    CHECK(iso_weeks_touching(date{2026, 2, 1}, date{2026, 2, 28}) == 5);  // Sunday .. Saturday: W05..W09
    CHECK(iso_weeks_touching(date{2026, 2, 2}, date{2026, 3, 1}) == 4);   // Monday .. Sunday: exactly 4
    CHECK(iso_weeks_touching(date{2025, 12, 29}, date{2026, 1, 4}) == 1);
    CHECK(iso_weeks_touching(date{2026, 12, 28}, date{2027, 1, 10}) == 2);  // 2026-W53 and 2027-W01
    CHECK(iso_weeks_touching(date{2026, 5, 10}, date{2026, 5, 9}) == 0);
  }
  SECTION("Sundays") {
    CHECK(sundays(date{2026, 5, 1}, date{2026, 5, 31}) == 5);   // 3, 10, 17, 24, 31
    CHECK(sundays(date{2026, 2, 1}, date{2026, 2, 28}) == 4);   // 1, 8, 15, 22
    CHECK(sundays(date{2026, 7, 7}, date{2026, 7, 31}) == 3);   // 12, 19, 26
    CHECK(sundays(date{2026, 7, 6}, date{2026, 7, 11}) == 0);
    CHECK(sundays(date{2026, 7, 5}, date{2026, 7, 5}) == 1);
    CHECK(sundays(date{2024, 2, 1}, date{2024, 2, 29}) == 4);   // 4, 11, 18, 25
  }
  SECTION("months touching") {
    CHECK(months_touching(date{2026, 10, 14}, date{2026, 12, 13}) == 3);
    CHECK(months_touching(date{2026, 10, 31}, date{2026, 11, 1}) == 2);
    CHECK(months_touching(date{2025, 12, 15}, date{2026, 1, 15}) == 2);
    CHECK(months_touching(date{2026, 1, 1}, date{2026, 12, 31}) == 12);
    CHECK(months_touching(date{2026, 6, 1}, date{2026, 6, 30}) == 1);
  }
}

TEST_CASE("TR321/TR322: the test vectors of RULES.md §3.5", "[rules][arithmetic]") {
  const auto in = variant::inspanningsgericht;
  const auto out = variant::outputgericht;
  SECTION("07-07-2025 .. 07-09-2025, 3 hours a week, inspanningsgericht (IV076)") {
    const auto t = assigned(date{2025, 7, 7}, date{2025, 9, 7}, 3, eenheid::uur, frequentie::per_week);
    CHECK(max_per_line(t, in, date{2025, 7, 7}, date{2025, 7, 31}) == 12);
    CHECK(max_per_line(t, in, date{2025, 8, 1}, date{2025, 8, 31}) == 15);
    CHECK(max_per_line(t, in, date{2025, 9, 1}, date{2025, 9, 7}) == 3);
    CHECK(max_total(t, in) == 27);
  }
  SECTION("07-10-2025 .. 30-12-2025, 3 hours a week (IV077)") {
    const auto t = assigned(date{2025, 10, 7}, date{2025, 12, 30}, 3, eenheid::uur, frequentie::per_week);
    CHECK(max_per_line(t, in, date{2025, 10, 7}, date{2025, 10, 31}) == 12);
    CHECK(max_per_line(t, in, date{2025, 11, 1}, date{2025, 11, 30}) == 15);
    CHECK(max_per_line(t, in, date{2025, 12, 1}, date{2025, 12, 30}) == 15);
    CHECK(max_total(t, in) == 39);
  }
  SECTION("12-11-2025 .. 13-12-2025, 3 hours a week (IV078)") {
    const auto t = assigned(date{2025, 11, 12}, date{2025, 12, 13}, 3, eenheid::uur, frequentie::per_week);
    CHECK(max_per_line(t, in, date{2025, 11, 12}, date{2025, 11, 30}) == 9);
  }
  SECTION("07-07-2025 .. 07-09-2025 (a Sunday), 300 euro a week, outputgericht (IV076)") {
    const auto t = assigned(date{2025, 7, 7}, date{2025, 9, 7}, 30000, eenheid::euro, frequentie::per_week);
    CHECK(max_per_line(t, out, date{2025, 7, 7}, date{2025, 7, 31}) == 90000);
    CHECK(max_per_line(t, out, date{2025, 8, 1}, date{2025, 8, 31}) == 150000);
    CHECK(max_per_line(t, out, date{2025, 9, 1}, date{2025, 9, 7}) == 30000);
    CHECK(max_total(t, out) == 270000);
  }
  SECTION("07-07-2025 .. 06-09-2025 (a Saturday), 300 euro a week: the broken week goes to August") {
    const auto t = assigned(date{2025, 7, 7}, date{2025, 9, 6}, 30000, eenheid::euro, frequentie::per_week);
    CHECK(max_per_line(t, out, date{2025, 7, 7}, date{2025, 7, 31}) == 90000);
    CHECK(max_per_line(t, out, date{2025, 8, 1}, date{2025, 8, 31}) == 180000);
    CHECK(max_per_line(t, out, date{2025, 9, 1}, date{2025, 9, 6}) == 0);
    CHECK(max_total(t, out) == 270000);
  }
  SECTION("01-10-2025 .. 31-12-2025 (a Wednesday), 300 euro a week") {
    const auto t = assigned(date{2025, 10, 1}, date{2025, 12, 31}, 30000, eenheid::euro, frequentie::per_week);
    CHECK(max_per_line(t, out, date{2025, 10, 1}, date{2025, 10, 31}) == 120000);
    CHECK(max_per_line(t, out, date{2025, 11, 1}, date{2025, 11, 30}) == 150000);
    CHECK(max_per_line(t, out, date{2025, 12, 1}, date{2025, 12, 31}) == 150000);
    CHECK(max_total(t, out) == 420000);
  }
  SECTION("14-10-2025 .. 13-12-2025, 15 hours a month (IV078)") {
    const auto t = assigned(date{2025, 10, 14}, date{2025, 12, 13}, 15, eenheid::uur, frequentie::per_maand);
    CHECK(max_per_line(t, in, date{2025, 10, 14}, date{2025, 10, 31}) == 15);
    CHECK(max_total(t, in) == 45);
  }
}

TEST_CASE("TR321/TR322 for every Eenheid x Frequentie", "[rules][arithmetic]") {
  // Volume 10 from Tuesday 7 July 2026 to Saturday 5 September 2026; the line covers 7-31 July:
  // 25 days, ISO weeks 28-31 (4), Sundays 12, 19 and 26 (3). The whole toewijzing: 61 days,
  // weeks 28-36 (9), 8 Sundays plus the broken last week (9), 3 months.
  const date from{2026, 7, 7}, to{2026, 9, 5};
  const date line_begin{2026, 7, 7}, line_end{2026, 7, 31};
  struct expectation {
    eenheid e;
    frequentie f;
    std::int64_t per_line;
    std::int64_t total;
  };
  const std::vector<expectation> table = {
      // per day: calendar days, whatever the unit
      {eenheid::minuut, frequentie::per_dag, 250, 610},
      {eenheid::uur, frequentie::per_dag, 250, 610},
      {eenheid::etmaal, frequentie::per_dag, 250, 610},
      {eenheid::dagdeel, frequentie::per_dag, 250, 610},
      {eenheid::stuks_output, frequentie::per_dag, 250, 610},
      {eenheid::euro, frequentie::per_dag, 250, 610},
      {eenheid::stuks_inspanning, frequentie::per_dag, 250, 610},
      // per week: ISO weeks for effort-based units, Sundays for output-based ones (82, 83)
      {eenheid::minuut, frequentie::per_week, 40, 90},
      {eenheid::uur, frequentie::per_week, 40, 90},
      {eenheid::etmaal, frequentie::per_week, 40, 90},
      {eenheid::dagdeel, frequentie::per_week, 40, 90},
      {eenheid::stuks_output, frequentie::per_week, 30, 90},
      {eenheid::euro, frequentie::per_week, 30, 90},
      {eenheid::stuks_inspanning, frequentie::per_week, 40, 90},
      // per month: the monthly volume per line, months touching for the total
      {eenheid::minuut, frequentie::per_maand, 10, 30},
      {eenheid::uur, frequentie::per_maand, 10, 30},
      {eenheid::etmaal, frequentie::per_maand, 10, 30},
      {eenheid::dagdeel, frequentie::per_maand, 10, 30},
      {eenheid::stuks_output, frequentie::per_maand, 10, 30},
      {eenheid::euro, frequentie::per_maand, 10, 30},
      {eenheid::stuks_inspanning, frequentie::per_maand, 10, 30},
      // total within the toewijzing
      {eenheid::minuut, frequentie::totaal, 10, 10},
      {eenheid::uur, frequentie::totaal, 10, 10},
      {eenheid::etmaal, frequentie::totaal, 10, 10},
      {eenheid::dagdeel, frequentie::totaal, 10, 10},
      {eenheid::stuks_output, frequentie::totaal, 10, 10},
      {eenheid::euro, frequentie::totaal, 10, 10},
      {eenheid::stuks_inspanning, frequentie::totaal, 10, 10},
  };
  REQUIRE(table.size() == 28);
  for (const auto& x : table) {
    INFO("Eenheid " << model::to_code(x.e) << ", Frequentie " << model::to_code(x.f));
    const auto t = assigned(from, to, 10, x.e, x.f);
    const auto v = rules::variant_for_unit(x.e);
    CHECK(max_per_line(t, v, line_begin, line_end) == x.per_line);
    CHECK(max_total(t, v) == x.total);
    // Without an Einddatum only the TBGT total is bounded.
    auto open = t;
    open.einddatum.reset();
    CHECK(max_total(open, v) == (x.f == frequentie::totaal ? std::optional<std::int64_t>(10) : std::nullopt));
  }
}

TEST_CASE("TR321: household help (category 01) may declare six weeks per line", "[rules][arithmetic]") {
  const auto t = assigned(date{2026, 1, 1}, date{2026, 12, 31}, 3, eenheid::uur, frequentie::per_week, "01");
  // July 2026 touches five ISO weeks (15 hours for other categories); category 01 allows 18.
  CHECK(max_per_line(t, variant::inspanningsgericht, date{2026, 7, 1}, date{2026, 7, 31}) == 18);
  CHECK(max_per_line(t, variant::outputgericht, date{2026, 2, 1}, date{2026, 2, 28}) == 18);
  // The total still counts ISO weeks: 2026 has 53.
  CHECK(max_total(t, variant::inspanningsgericht) == 159);
  CHECK(max_total(t, variant::outputgericht) == 159);
}

TEST_CASE("TR321: per-day and per-week maxima use only the part of the line inside the toewijzing",
          "[rules][arithmetic]") {
  const auto t = assigned(date{2026, 6, 20}, date{2026, 7, 10}, 2, eenheid::uur, frequentie::per_dag);
  CHECK(max_per_line(t, variant::inspanningsgericht, date{2026, 6, 1}, date{2026, 6, 30}) == 22);
  CHECK(max_per_line(t, variant::inspanningsgericht, date{2026, 7, 1}, date{2026, 7, 31}) == 20);
  CHECK(max_per_line(t, variant::inspanningsgericht, date{2026, 8, 1}, date{2026, 8, 31}) == 0);
  CHECK(max_total(t, variant::inspanningsgericht) == 42);
  const auto leap = assigned(date{2024, 2, 1}, date{2024, 12, 31}, 1, eenheid::etmaal, frequentie::per_dag);
  CHECK(max_per_line(leap, variant::inspanningsgericht, date{2024, 2, 1}, date{2024, 2, 29}) == 29);
  const auto plain = assigned(date{2026, 2, 1}, date{2026, 12, 31}, 1, eenheid::etmaal, frequentie::per_dag);
  CHECK(max_per_line(plain, variant::inspanningsgericht, date{2026, 2, 1}, date{2026, 2, 28}) == 28);
}

TEST_CASE("TR321 outputgericht without any Sunday: the one broken week goes to the line with the Einddatum",
          "[rules][arithmetic]") {
  const auto t = assigned(date{2026, 7, 6}, date{2026, 7, 11}, 500, eenheid::euro, frequentie::per_week);
  CHECK(max_per_line(t, variant::outputgericht, date{2026, 7, 6}, date{2026, 7, 11}) == 500);
  CHECK(max_total(t, variant::outputgericht) == 500);
  // Over a month end: Tuesday 28 April to Thursday 30 April has no Sunday, the line holds the end.
  const auto u = assigned(date{2026, 4, 28}, date{2026, 4, 30}, 500, eenheid::euro, frequentie::per_week);
  CHECK(max_per_line(u, variant::outputgericht, date{2026, 4, 28}, date{2026, 4, 30}) == 500);
}

TEST_CASE("a toewijzing without Omvang has no volume maximum", "[rules][arithmetic]") {
  model::state::toewijzing t;
  t.ingangsdatum = date{2026, 1, 1};
  t.einddatum = date{2026, 12, 31};
  t.budget = 500000;
  CHECK_FALSE(max_per_line(t, variant::outputgericht, date{2026, 1, 1}, date{2026, 1, 31}));
  CHECK_FALSE(max_total(t, variant::outputgericht));
}

TEST_CASE("TR341: minutes may be declared against hours, nothing else converts", "[rules][arithmetic]") {
  const std::vector<eenheid> all = {eenheid::minuut, eenheid::uur, eenheid::etmaal, eenheid::dagdeel,
                                    eenheid::stuks_output, eenheid::euro, eenheid::stuks_inspanning};
  for (const auto assigned_unit : all) {
    for (const auto declared : all) {
      INFO(model::to_code(assigned_unit) << " assigned, " << model::to_code(declared) << " declared");
      if (assigned_unit == declared) {
        CHECK(unit_factor(assigned_unit, declared) == 1);
      } else if (assigned_unit == eenheid::uur && declared == eenheid::minuut) {
        CHECK(unit_factor(assigned_unit, declared) == 60);
      } else {
        CHECK_FALSE(unit_factor(assigned_unit, declared));
      }
    }
  }
}

TEST_CASE("TR346/TR418 rounding: half up to whole cents (IV081)", "[rules][arithmetic]") {
  CHECK(divide_half_up(6500, 60) == 108);             // tariff per minute of 65,00 an hour
  CHECK(divide_half_up(6500 * 95, 60) == 10292);      // 95 minutes: 102,92, not 95 x 1,08
  CHECK(divide_half_up(3150, 60) == 53);              // 52,5 cents rounds up
  CHECK(divide_half_up(3150 * 95, 60) == 4988);       // 4987,5 rounds up
  CHECK(divide_half_up(1455, 10) == 146);             // 1,455 -> 1,46
  CHECK(divide_half_up(1454, 10) == 145);             // 1,454 -> 1,45
  CHECK(divide_half_up(5400, 60) == 90);
  CHECK(divide_half_up(0, 60) == 0);
}
