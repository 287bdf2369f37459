#pragma once
// Working days: municipalities and providers send messages from Monday to Friday, not on the
// Dutch national holidays (New Year, Easter Monday, King's Day, Ascension Day, Whit Monday,
// Christmas).
#include "model/values.hpp"

namespace iwmo::gen {

[[nodiscard]] model::date easter_sunday(int year);
[[nodiscard]] bool is_holiday(model::date d);
[[nodiscard]] bool is_workday(model::date d);
// `d` when it is a working day, else the next one.
[[nodiscard]] model::date next_workday(model::date d);
// The n-th working day (1-based) of a month.
[[nodiscard]] model::date nth_workday(model::date first_of_month, int n);

// Months counted from the first month of the run (0 = the --start month).
[[nodiscard]] inline model::date month_start(model::date first, int m) { return first.add_months(m); }
[[nodiscard]] inline int month_index(model::date first, model::date d) {
  return (d.year() - first.year()) * 12 + static_cast<int>(d.month()) - static_cast<int>(first.month());
}

}  // namespace iwmo::gen
