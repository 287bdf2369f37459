#include "reconcile/ledger.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include <fmt/format.h>

#include "rules/arithmetic.hpp"

namespace iwmo::reconcile {

namespace st = model::state;
namespace ar = rules::arithmetic;
using model::date;

std::string month_of(const date& d) { return fmt::format("{:04}-{:02}", d.year(), d.month()); }

namespace {

const st::toewijzing* current_version(const std::vector<st::toewijzing>& versions) {
  const st::toewijzing* best = nullptr;
  for (const auto& v : versions) {  // oldest first: later rows win ties (the later received)
    if (best == nullptr || std::tie(v.toewijzingsdatum, v.toewijzingstijd) >= std::tie(best->toewijzingsdatum, best->toewijzingstijd)) {
      best = &v;
    }
  }
  return best;
}

void add_flag(std::string& flags, std::string_view flag) {
  if (flags.find(flag) != std::string::npos) return;
  if (!flags.empty()) flags += ' ';
  flags += flag;
}

}  // namespace

std::vector<ledger_row> compute_ledger(const std::string& gemeente, std::int64_t nummer, const toewijzing_state& state,
                                       const rules::reference_data& ref) {
  const auto* t = current_version(state.versions);
  // Lines declared on a number that never had a toewijzing still belong in the ledger.
  std::string aanbieder = t ? t->aanbieder : std::string();
  std::string bsn = t ? t->bsn : std::string();
  if (!t && !state.prestaties.empty()) {
    aanbieder = state.prestaties.front().aanbieder;
    bsn = state.prestaties.front().bsn;
  }

  // The months to report.
  std::set<date> months;
  auto add_month = [&](date d) { months.insert(d.first_of_month()); };
  std::optional<date> last_activity;
  auto note_activity = [&](date d) { last_activity = last_activity ? std::max(*last_activity, d) : d; };
  for (const auto& l : state.leveringen) note_activity(l.einddatum.value_or(l.begindatum));
  for (const auto& p : state.prestaties) {
    add_month(p.begindatum);
    note_activity(p.einddatum);
  }
  if (t && !t->deleted()) {
    const date end = t->einddatum ? *t->einddatum : std::max(t->ingangsdatum, last_activity.value_or(t->ingangsdatum));
    for (date m = t->ingangsdatum.first_of_month(); m <= end; m = m.add_months(1)) months.insert(m);
  }

  const bool minutes = t && t->eenheid == model::eenheid::uur &&
                       std::ranges::any_of(state.prestaties, [](const st::prestatie& p) { return p.eenheid == model::eenheid::minuut; });
  const auto units = [&](const st::prestatie& p) {
    return p.volume * (minutes && p.eenheid == model::eenheid::uur ? 60 : 1);
  };
  const auto v = t ? (t->categorie ? ref.contract(gemeente, aanbieder, *t->categorie, t->code, t->ingangsdatum)
                                   : std::nullopt)
                   : std::nullopt;
  const auto delivery_variant = v ? v->variant : (t && t->eenheid ? rules::variant_for_unit(*t->eenheid) : rules::variant::inspanningsgericht);

  // Delivery intervals: each start until the earliest stop that refers to it.
  std::vector<std::pair<date, std::optional<date>>> delivered;
  std::optional<date> definitive_stop;
  for (const auto& s : state.leveringen) {
    if (s.soort != st::levering::kind::start) continue;
    std::optional<date> end;
    for (const auto& x : state.leveringen) {
      if (x.soort == st::levering::kind::stop && x.same_start_key(s) && x.einddatum) {
        end = end ? std::min(*end, *x.einddatum) : *x.einddatum;
      }
    }
    delivered.emplace_back(s.begindatum, end);
  }
  for (const auto& x : state.leveringen) {
    if (x.soort == st::levering::kind::stop && !x.temporary() && x.einddatum) {
      definitive_stop = definitive_stop ? std::min(*definitive_stop, *x.einddatum) : *x.einddatum;
    }
  }

  std::vector<ledger_row> out;
  for (const auto& m : months) {
    const date first = m;
    const date last = m.last_of_month();
    ledger_row r;
    r.gemeente = gemeente;
    r.toewijzing_nummer = nummer;
    r.maand = month_of(m);
    r.aanbieder = aanbieder;
    r.bsn = bsn;
    if (t) {
      r.categorie = t->categorie;
      r.code = t->code;
      if (t->eenheid) {
        r.eenheid = minutes ? model::to_code(model::eenheid::minuut) : model::to_code(*t->eenheid);
      } else if (!state.prestaties.empty()) {
        r.eenheid = model::to_code(state.prestaties.front().eenheid);  // a budget: the unit declared in
      }
      if (t->frequentie) r.frequentie = model::to_code(*t->frequentie);
      r.budget = t->budget;
      const bool inside = !t->deleted() && t->ingangsdatum <= last && (!t->einddatum || *t->einddatum >= first);
      // The most the month may carry (TR321); for a total (TBGT) that is the whole volume.
      if (t->has_omvang()) {
        const auto max = inside ? ar::max_per_line(*t, delivery_variant, std::max(first, t->ingangsdatum),
                                                   t->einddatum ? std::min(last, *t->einddatum) : last)
                                : std::optional<std::int64_t>(0);
        if (max) r.toegewezen_volume = *max * (minutes ? 60 : 1);
      }
    }

    std::set<std::string> codes;
    std::map<std::pair<date, date>, int> credited_periods;  // product periods with a reversed debit
    bool declared_after_definitive_stop = false;
    for (const auto& p : state.prestaties) {
      if (p.begindatum < first || p.begindatum > last) continue;
      const bool debit = p.dc == model::debet_credit::debet;
      if (debit) {
        r.gedeclareerd_volume += units(p);
        r.gedeclareerd_bedrag += p.bedrag;
        if (definitive_stop && p.begindatum > *definitive_stop) declared_after_definitive_stop = true;
      }
      if (!p.approved) {
        r.afgewezen_bedrag += p.bedrag;
        codes.insert(p.codes.begin(), p.codes.end());
      } else if (debit && !p.credited) {
        r.goedgekeurd_volume += units(p);
        r.goedgekeurd_bedrag += p.bedrag;
      } else if (!debit) {
        r.gecrediteerd_bedrag += p.bedrag;
      }
      if (debit && p.approved && p.credited) credited_periods[{p.begindatum, p.einddatum}]++;
    }
    for (const auto& c : codes) r.afgewezen_codes += (r.afgewezen_codes.empty() ? "" : " ") + c;

    // Days with a start in force: the length of the union of the delivery intervals.
    std::vector<std::pair<std::int64_t, std::int64_t>> spans;
    for (const auto& [from, to] : delivered) {
      const auto a = std::max(from, first).days();
      const auto b = (to ? std::min(*to, last) : last).days();
      if (a <= b) spans.emplace_back(a, b);
    }
    std::ranges::sort(spans);
    std::int64_t covered_until = std::numeric_limits<std::int64_t>::min();
    for (const auto& [a, b] : spans) {
      const auto from = std::max(a, covered_until + 1);
      if (b >= from) r.dagen_geleverd += b - from + 1;
      covered_until = std::max(covered_until, b);
    }
    for (const auto& l : state.leveringen) {
      if (l.soort == st::levering::kind::start && l.begindatum >= first && l.begindatum <= last) ++r.starts;
      if (l.soort == st::levering::kind::stop && l.einddatum && *l.einddatum >= first && *l.einddatum <= last) ++r.stops;
    }

    if (r.gedeclareerd_volume > 0 && r.dagen_geleverd == 0) add_flag(r.aandacht, declared_without_start);
    if (declared_after_definitive_stop) add_flag(r.aandacht, declared_after_stop);
    if (r.toegewezen_volume && r.goedgekeurd_volume > *r.toegewezen_volume) add_flag(r.aandacht, over_volume);
    if (r.afgewezen_bedrag > 0 || !r.afgewezen_codes.empty()) add_flag(r.aandacht, rejected);
    for (const auto& p : state.prestaties) {
      if (p.dc == model::debet_credit::debet && p.approved && !p.credited && credited_periods.contains({p.begindatum, p.einddatum}) &&
          p.begindatum >= first && p.begindatum <= last) {
        add_flag(r.aandacht, credited_and_rebilled);
      }
    }
    out.push_back(std::move(r));
  }

  // Budget: flag the months where the approved total passes the budget.
  if (t && t->budget) {
    std::int64_t running = 0;
    for (auto& r : out) {
      running += r.goedgekeurd_bedrag;
      if (running > *t->budget) add_flag(r.aandacht, over_budget);
    }
  }
  return out;
}

}  // namespace iwmo::reconcile
