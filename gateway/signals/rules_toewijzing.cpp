// Rules about one toewijzing: declared after the stop or the end, without a start, above a
// plausible daily maximum, credited and rebilled, and no use while an eigen bijdrage runs.
#include <algorithm>
#include <functional>

#include <fmt/format.h>

#include "signals/signals_internal.hpp"

namespace iwmo::signals::detail {

namespace {

// The debit lines of a toewijzing that a rule singles out, with what the figures need.
struct tally {
  std::int64_t lines = 0;
  cents amount = 0;
  std::int64_t rejected = 0;
  date first_begin;
  date last_end;
  evidence proof;
};

tally count_debits(const context& ctx, const toewijzing_view& t, const std::function<bool(const st::prestatie&)>& selected) {
  tally out;
  for (const auto& p : t.record->state.prestaties) {
    if (!is_debit(p) || !well_formed(p) || !ctx.judged(p.begindatum) || !selected(p)) continue;
    if (out.lines == 0 || p.begindatum < out.first_begin) out.first_begin = p.begindatum;
    if (out.lines == 0 || p.einddatum > out.last_end) out.last_end = p.einddatum;
    ++out.lines;
    out.amount += p.bedrag;
    if (!p.approved) ++out.rejected;
    out.proof.add(ctx, p);
  }
  return out;
}

std::vector<client_ref> the_client(const context& ctx, const toewijzing_view& t) {
  return ctx.clients({t.bsn});
}

// "; 1 daarvan is afgewezen." or "."
std::string rejected_tail(std::int64_t rejected) {
  if (rejected == 0) return ".";
  return fmt::format("; {} daarvan {} afgewezen.", rejected, rejected == 1 ? "is" : "zijn");
}

// "na" or "meer dan 5 dagen na"
std::string after_words(int grace_days) {
  return grace_days > 0 ? fmt::format("meer dan {} na", counted(grace_days, "dag", "dagen")) : std::string("na");
}

signal toewijzing_signal(const context& ctx, std::string_view rule, const toewijzing_view& t, date begin, date end) {
  auto s = start_signal(rule, t.record->gemeente, t.aanbieder, t.record->nummer, t.bsn, begin, end);
  s.product = t.product();
  s.clients = the_client(ctx, t);
  return s;
}

}  // namespace

void declared_after_stop(const context& ctx, std::vector<signal>& out) {
  for (const auto& t : ctx.toewijzingen()) {
    if (t.deleted() || t.definitive_stop == nullptr) continue;
    const auto& limits = ctx.of(t.record->gemeente);
    const date stop = *t.definitive_stop->einddatum;
    const auto last_allowed = stop.days() + limits.grace_days;
    auto found = count_debits(ctx, t, [&](const st::prestatie& p) { return p.begindatum.days() > last_allowed; });
    if (found.lines == 0) continue;

    found.proof.add(t.definitive_stop->message_id);
    auto s = toewijzing_signal(ctx, "declared_after_stop", t, found.first_begin, found.last_end);
    s.message_ids = found.proof.lowest();
    s.figures = {
        make_figure("stop_einddatum", "Einddatum definitieve stop", dmy(stop)),
        make_figure("reden_beeindiging", "Reden beëindiging", t.definitive_stop->reden_beeindiging.value_or("")),
        make_figure("lines_after_stop", "Regels na de stop", std::to_string(found.lines)),
        make_figure("amount_after_stop", "Bedrag na de stop", euro(found.amount)),
        make_figure("rejected_lines", "Waarvan afgewezen", std::to_string(found.rejected)),
    };
    s.explanation = fmt::format("Aanbieder {} declareerde {} ({}) die beginnen {} de definitieve stop van de zorg op {}{}",
                                t.aanbieder, counted(found.lines, "regel", "regels"), euro(found.amount),
                                after_words(limits.grace_days), dmy(stop), rejected_tail(found.rejected));
    out.push_back(std::move(s));
  }
}

void declared_after_end(const context& ctx, std::vector<signal>& out) {
  for (const auto& t : ctx.toewijzingen()) {
    if (t.current == nullptr || t.deleted() || !t.current->einddatum) continue;
    const auto& limits = ctx.of(t.record->gemeente);
    const date end = *t.current->einddatum;
    const auto last_allowed = end.days() + limits.grace_days;
    auto found = count_debits(ctx, t, [&](const st::prestatie& p) { return p.begindatum.days() > last_allowed; });
    if (found.lines == 0) continue;

    found.proof.add(t.current->message_id);
    auto s = toewijzing_signal(ctx, "declared_after_end", t, found.first_begin, found.last_end);
    s.message_ids = found.proof.lowest();
    s.figures = {
        make_figure("toewijzing_einddatum", "Einddatum toewijzing", dmy(end)),
        make_figure("lines_after_end", "Regels na de einddatum", std::to_string(found.lines)),
        make_figure("amount_after_end", "Bedrag na de einddatum", euro(found.amount)),
        make_figure("rejected_lines", "Waarvan afgewezen", std::to_string(found.rejected)),
    };
    s.explanation = fmt::format("Aanbieder {} declareerde {} ({}) die beginnen {} de einddatum van toewijzing {} op {}{}",
                                t.aanbieder, counted(found.lines, "regel", "regels"), euro(found.amount),
                                after_words(limits.grace_days), t.record->nummer, dmy(end), rejected_tail(found.rejected));
    out.push_back(std::move(s));
  }
}

void declared_without_start(const context& ctx, std::vector<signal>& out) {
  for (const auto& t : ctx.toewijzingen()) {
    if (t.deleted()) continue;
    const auto* start = t.first_start;
    auto found = count_debits(ctx, t, [&](const st::prestatie& p) { return start == nullptr || p.einddatum < start->begindatum; });
    if (found.lines == 0) continue;

    if (start != nullptr) found.proof.add(start->message_id);
    auto s = toewijzing_signal(ctx, "declared_without_start", t, found.first_begin, found.last_end);
    s.message_ids = found.proof.lowest();
    s.figures = {
        make_figure("lines_without_start", "Regels zonder start", std::to_string(found.lines)),
        make_figure("amount_without_start", "Bedrag zonder start", euro(found.amount)),
        make_figure("first_start", "Eerste start", start != nullptr ? dmy(start->begindatum) : std::string()),
    };
    const auto lines = counted(found.lines, "regel", "regels");
    s.explanation = start == nullptr
                        ? fmt::format("Aanbieder {} declareerde {} ({}) op toewijzing {} zonder dat een start van de zorg is gemeld.",
                                      t.aanbieder, lines, euro(found.amount), t.record->nummer)
                        : fmt::format("Aanbieder {} declareerde {} ({}) die eindigen vóór de gemelde start van de zorg op {}.",
                                      t.aanbieder, lines, euro(found.amount), dmy(start->begindatum));
    out.push_back(std::move(s));
  }
}

void above_plausible_maximum(const context& ctx, std::vector<signal>& out) {
  struct month_finding {
    double worst = 0.0;
    const st::prestatie* worst_line = nullptr;
    double limit = 0.0;
    date first_begin;
    date last_end;
    evidence proof;
  };
  for (const auto& t : ctx.toewijzingen()) {
    if (t.deleted()) continue;
    const auto& plausible = ctx.of(t.record->gemeente).plausible_per_day;
    if (plausible.empty()) continue;
    std::map<date, month_finding> months;
    for (const auto& p : t.record->state.prestaties) {
      if (!is_claim(p) || !well_formed(p) || !ctx.judged(p.begindatum)) continue;
      const auto entry = plausible.find(p.code);
      if (entry == plausible.end()) continue;
      const double per_day = units_of(p) / static_cast<double>(days_of(p));
      if (per_day <= entry->second + epsilon) continue;
      auto& m = months[p.begindatum.first_of_month()];
      const bool first = m.worst_line == nullptr;
      m.first_begin = first ? p.begindatum : std::min(m.first_begin, p.begindatum);
      m.last_end = first ? p.einddatum : std::max(m.last_end, p.einddatum);
      if (first || per_day > m.worst) {
        m.worst = per_day;
        m.worst_line = &p;
        m.limit = entry->second;
      }
      m.proof.add(ctx, p);
    }
    for (const auto& [month, m] : months) {
      const auto& line = *m.worst_line;
      const auto unit = unit_word(line.eenheid);
      auto s = toewijzing_signal(ctx, "above_plausible_maximum", t, m.first_begin, m.last_end);
      s.product = line.code;
      s.message_ids = m.proof.lowest();
      s.figures = {
          make_figure("units_per_day", "Eenheden per dag", one_decimal(m.worst), number(m.limit)),
          make_figure("eenheid", "Eenheid", unit),
      };
      s.explanation = fmt::format("Aanbieder {} declareerde in {} voor product {} {} {} per dag, meer dan het plausibele maximum van {} {} per dag.",
                                  t.aanbieder, month_name(month), line.code, one_decimal_nl(m.worst), unit,
                                  number_nl(m.limit), unit);
      out.push_back(std::move(s));
    }
  }
}

void credit_rebill(const context& ctx, std::vector<signal>& out) {
  struct period {
    std::int64_t lines = 0;
    std::int64_t credits = 0;
    cents credited = 0;
    std::int64_t debits = 0;
    date last_end;
    std::string code;
    evidence proof;
  };
  for (const auto& t : ctx.toewijzingen()) {
    if (t.deleted()) continue;
    const auto min_credits = ctx.of(t.record->gemeente).rebill_min_credits;
    std::map<date, period> periods;  // by the Begindatum of the product period
    for (const auto& p : t.record->state.prestaties) {
      if (!well_formed(p) || !ctx.judged(p.begindatum)) continue;
      auto& per = periods[p.begindatum];
      const bool first = per.lines++ == 0;
      if (first) per.code = p.code;
      per.last_end = first ? p.einddatum : std::max(per.last_end, p.einddatum);
      if (is_debit(p)) {
        ++per.debits;
      } else if (p.approved) {
        ++per.credits;
        per.credited += p.bedrag;
      }
      per.proof.add(ctx, p);
    }
    for (const auto& [begin, per] : periods) {
      if (per.credits == 0 || per.credits < min_credits) continue;
      const auto rebills = std::max<std::int64_t>(0, per.debits - 1);
      auto s = toewijzing_signal(ctx, "credit_rebill", t, begin, per.last_end);
      if (!per.code.empty()) s.product = per.code;
      s.message_ids = per.proof.lowest();
      s.figures = {
          make_figure("credits", "Creditregels", std::to_string(per.credits), std::to_string(min_credits)),
          make_figure("rebills", "Opnieuw gedeclareerd", std::to_string(rebills)),
          make_figure("credited_amount", "Gecrediteerd bedrag", euro(per.credited)),
      };
      s.explanation = fmt::format("Aanbieder {} crediteerde de prestatie die begint op {} {} ({}) en declareerde die {} opnieuw.",
                                  t.aanbieder, dmy(begin), counted(per.credits, "keer", "keer"), euro(per.credited),
                                  counted(rebills, "keer", "keer"));
      out.push_back(std::move(s));
    }
  }
}

void non_use(const context& ctx, std::vector<signal>& out) {
  const auto& pair_months = ctx.pair_months();
  for (const auto& t : ctx.toewijzingen()) {
    if (t.current == nullptr || t.deleted() || !t.current->categorie) continue;
    const auto& limits = ctx.of(t.record->gemeente);
    if (!limits.eigen_bijdrage_categorieen.contains(*t.current->categorie)) continue;
    const auto declared = pair_months.find(pair_key(t.record->gemeente, t.aanbieder));
    if (declared == pair_months.end()) continue;

    // The eigen bijdrage runs from the start (or the Ingangsdatum) until the first of the
    // definitive stop, the Einddatum and today.
    const date from = t.first_start != nullptr ? t.first_start->begindatum : t.current->ingangsdatum;
    date until = ctx.today();
    if (t.definitive_stop != nullptr) until = std::min(until, *t.definitive_stop->einddatum);
    if (t.current->einddatum) until = std::min(until, *t.current->einddatum);

    std::set<date> months_with_lines;
    for (const auto& p : t.record->state.prestaties) {
      if (is_debit(p)) months_with_lines.insert(p.begindatum.first_of_month());
    }

    // Months wholly inside the period and inside the pair's declared months.
    date lo = from.day() == 1 ? from : from.first_of_month().add_months(1);
    lo = std::max(lo, declared->second.first);
    const date hi = std::min(declared->second.second, until);
    std::int64_t run = 0;
    std::int64_t best = 0;
    date run_begin;
    date best_begin;
    date best_end;
    for (date m = lo; m.last_of_month() <= until && m <= hi; m = m.add_months(1)) {
      if (months_with_lines.contains(m)) {
        run = 0;
        continue;
      }
      if (run == 0) run_begin = m;
      ++run;
      if (run > best) {
        best = run;
        best_begin = run_begin;
        best_end = m.last_of_month();
      }
    }
    if (best == 0 || best < limits.non_use_months) continue;

    auto s = toewijzing_signal(ctx, "non_use", t, best_begin, best_end);
    s.product = t.current->categorie;
    evidence proof;
    proof.add(t.current->message_id);
    if (t.first_start != nullptr) proof.add(t.first_start->message_id);
    s.message_ids = proof.lowest();
    s.figures = {
        make_figure("months_without_declaration", "Maanden zonder declaratie", std::to_string(best),
                    std::to_string(limits.non_use_months)),
        make_figure("eigen_bijdrage_from", "Eigen bijdrage vanaf", dmy(from)),
        make_figure("started", "Start gemeld", t.first_start != nullptr ? "ja" : "nee"),
    };
    s.explanation = fmt::format("Voor toewijzing {} loopt sinds {} een eigen bijdrage, maar aanbieder {} declareerde {} achter elkaar niets ({} t/m {}).",
                                t.record->nummer, dmy(from), t.aanbieder, counted(best, "maand", "maanden"),
                                dmy(best_begin), dmy(best_end));
    out.push_back(std::move(s));
  }
}

}  // namespace iwmo::signals::detail
