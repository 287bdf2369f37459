#include "gen/calendar.hpp"

namespace iwmo::gen {

using model::date;

date easter_sunday(int year) {
  // The anonymous Gregorian algorithm (Meeus/Jones/Butcher), integers only.
  const int a = year % 19;
  const int b = year / 100;
  const int c = year % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = (h + l - 7 * m + 114) % 31 + 1;
  return {year, static_cast<unsigned>(month), static_cast<unsigned>(day)};
}

bool is_holiday(date d) {
  const auto md = d.month() * 100 + d.day();
  if (md == 101 || md == 1225 || md == 1226) return true;
  // King's Day: 27 April, or 26 April when the 27th is a Sunday.
  const date kings{d.year(), 4, 27};
  if (d == (kings.weekday() == 7 ? date{d.year(), 4, 26} : kings)) return true;
  const auto easter = easter_sunday(d.year()).days();
  const auto n = d.days();
  return n == easter + 1 || n == easter + 39 || n == easter + 50;  // Easter Monday, Ascension, Whit Monday
}

bool is_workday(date d) { return d.weekday() <= 5 && !is_holiday(d); }

date next_workday(date d) {
  while (!is_workday(d)) d = d.add_days(1);
  return d;
}

date nth_workday(date first_of_month, int n) {
  date d = next_workday(first_of_month);
  for (int i = 1; i < n; ++i) d = next_workday(d.add_days(1));
  return d;
}

}  // namespace iwmo::gen
