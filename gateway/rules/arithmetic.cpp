#include "rules/arithmetic.hpp"

#include <algorithm>

namespace iwmo::rules {

variant variant_for_unit(model::eenheid e) {
  return e == model::eenheid::stuks_output || e == model::eenheid::euro ? variant::outputgericht
                                                                         : variant::inspanningsgericht;
}

namespace arithmetic {

using model::date;

iso_week iso_week_of(date d) {
  // The ISO week belongs to the year of its Thursday.
  const date thursday = d.add_days(4 - static_cast<std::int64_t>(d.weekday()));
  const date jan1{thursday.year(), 1, 1};
  return {thursday.year(), static_cast<unsigned>((thursday.days() - jan1.days()) / 7 + 1)};
}

std::int64_t days(date from, date to) { return to < from ? 0 : to.days() - from.days() + 1; }

std::int64_t iso_weeks_touching(date from, date to) {
  if (to < from) return 0;
  // Weeks run Monday to Sunday: count the Mondays of the weeks of `from` and `to` and between.
  const auto monday = [](date d) { return d.days() - (d.weekday() - 1); };
  return (monday(to) - monday(from)) / 7 + 1;
}

std::int64_t sundays(date from, date to) {
  if (to < from) return 0;
  const auto first_sunday = from.days() + (7 - from.weekday()) % 7;
  if (first_sunday > to.days()) return 0;
  return (to.days() - first_sunday) / 7 + 1;
}

std::int64_t months_touching(date from, date to) {
  if (to < from) return 0;
  return (to.year() - from.year()) * 12 + static_cast<std::int64_t>(to.month()) - static_cast<std::int64_t>(from.month()) + 1;
}

std::optional<std::int64_t> unit_factor(model::eenheid assigned, model::eenheid declared) {
  if (assigned == declared) return 1;
  if (assigned == model::eenheid::uur && declared == model::eenheid::minuut) return 60;
  return std::nullopt;
}

std::optional<std::int64_t> max_per_line(const model::state::toewijzing& t, variant v, date begin, date end) {
  if (!t.has_omvang()) return std::nullopt;
  const auto volume = *t.volume;
  // The part of the line inside the toewijzing.
  const date a = std::max(begin, t.ingangsdatum);
  const date b = t.einddatum ? std::min(end, *t.einddatum) : end;
  switch (*t.frequentie) {
    case model::frequentie::per_dag:
      return volume * days(a, b);
    case model::frequentie::per_week: {
      if (t.categorie == "01") return 6 * volume;  // household help: six weeks' volume per month
      if (v != variant::outputgericht) return volume * iso_weeks_touching(a, b);
      // Output-based: one unit of volume per Sunday, plus the broken last week in the line
      // that holds the last Sunday before a non-Sunday end (RULES.md §3.5).
      std::int64_t extra = 0;
      if (t.einddatum && t.einddatum->weekday() != 7) {
        const date te = *t.einddatum;
        const date last_sunday = te.add_days(-static_cast<std::int64_t>(te.weekday()));
        if (last_sunday >= t.ingangsdatum) {
          extra = (last_sunday >= begin && last_sunday <= end) ? 1 : 0;
        } else {
          extra = (te >= begin && te <= end) ? 1 : 0;  // no Sunday at all in the toewijzing
        }
      }
      return volume * (sundays(a, b) + extra);
    }
    case model::frequentie::per_maand:
      return volume;  // a line never spans more than one month (CS337)
    case model::frequentie::totaal:
      return volume;
  }
  return std::nullopt;
}

std::optional<std::int64_t> max_total(const model::state::toewijzing& t, variant v) {
  if (!t.has_omvang()) return std::nullopt;
  const auto volume = *t.volume;
  if (*t.frequentie == model::frequentie::totaal) return volume;
  if (!t.einddatum) return std::nullopt;
  const date ti = t.ingangsdatum;
  const date te = *t.einddatum;
  switch (*t.frequentie) {
    case model::frequentie::per_dag:
      return volume * days(ti, te);
    case model::frequentie::per_week:
      if (v == variant::outputgericht && t.categorie != "01") return volume * (sundays(ti, te) + (te.weekday() != 7 ? 1 : 0));
      return volume * iso_weeks_touching(ti, te);
    case model::frequentie::per_maand:
      return volume * months_touching(ti, te);
    case model::frequentie::totaal:
      return volume;
  }
  return std::nullopt;
}

}  // namespace arithmetic
}  // namespace iwmo::rules
