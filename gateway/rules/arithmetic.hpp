#pragma once
// Volume and tariff arithmetic of TR321, TR322, TR346 and TR418 (RULES.md §3.5, §3.6). Pure
// functions of dates and numbers; the rules feed them a toewijzing and a declared line.
#include <cstdint>
#include <optional>

#include "model/records.hpp"
#include "model/values.hpp"
#include "rules/reference.hpp"

namespace iwmo::rules::arithmetic {

struct iso_week {
  int year = 0;  // the ISO week-numbering year
  unsigned week = 0;
  friend auto operator<=>(const iso_week&, const iso_week&) = default;
};
[[nodiscard]] iso_week iso_week_of(model::date d);

// Calendar quantities of the inclusive period [from, to] (0 when to < from).
[[nodiscard]] std::int64_t days(model::date from, model::date to);
[[nodiscard]] std::int64_t iso_weeks_touching(model::date from, model::date to);
[[nodiscard]] std::int64_t sundays(model::date from, model::date to);
[[nodiscard]] std::int64_t months_touching(model::date from, model::date to);

// TR321: the most a line for [begin, end] may declare, in units of the toewijzing; nullopt when
// the toewijzing has no Omvang.
[[nodiscard]] std::optional<std::int64_t> max_per_line(const model::state::toewijzing& t, variant v, model::date begin,
                                                       model::date end);

// TR322: the most all lines on the toewijzing together may declare; nullopt when unbounded
// (no Omvang, or no Einddatum for a per-day, per-week or per-month volume).
[[nodiscard]] std::optional<std::int64_t> max_total(const model::state::toewijzing& t, variant v);

// How many declared units make one assigned unit: 1 for the same unit, 60 for minutes declared
// against hours (TR341), nullopt otherwise.
[[nodiscard]] std::optional<std::int64_t> unit_factor(model::eenheid assigned, model::eenheid declared);

// a / b rounded half up, for non-negative a and positive b (IV081: 1,455 -> 1,46).
[[nodiscard]] constexpr std::int64_t divide_half_up(std::int64_t a, std::int64_t b) { return (2 * a + b) / (2 * b); }

}  // namespace iwmo::rules::arithmetic
