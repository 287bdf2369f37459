// Rules about one client over all aanbieders: more hours on a day than a day has, and two
// aanbieders declaring the same category on the same days.
#include <algorithm>
#include <cmath>
#include <span>
#include <tuple>

#include <fmt/format.h>

#include "signals/signals_internal.hpp"

namespace iwmo::signals::detail {

namespace {

using line_span = std::span<const st::prestatie* const>;

// Calls f(span) for each run of lines that share key(line); lines are sorted by that key.
template <typename Key, typename F>
void for_each_group(line_span lines, Key key, F f) {
  for (std::size_t i = 0; i < lines.size();) {
    std::size_t j = i + 1;
    while (j < lines.size() && key(*lines[j]) == key(*lines[i])) ++j;
    f(lines.subspan(i, j - i));
    i = j;
  }
}

// ---- hours_over_day ----

struct hour_line {
  const st::prestatie* p = nullptr;
  std::int64_t begin = 0;  // days since the epoch
  std::int64_t end = 0;
  double rate = 0.0;       // hours per day
};

// What one client-month shows: the days over the limit and the worst of them.
struct hour_month {
  std::int64_t first_day = 0;
  std::int64_t last_day = 0;
  double worst = -1.0;
  std::int64_t worst_day = 0;
  std::vector<const hour_line*> worst_lines;
  evidence proof;
};

class hour_sweep {
 public:
  hour_sweep(const context& ctx, double limit) : ctx_(ctx), limit_(limit) {}

  // The standing lines summed day by day: a sweep over their begin and end days.
  void standing(const std::vector<hour_line>& lines) {
    std::vector<std::tuple<std::int64_t, bool, std::size_t>> ev;  // day, begins, line index
    ev.reserve(lines.size() * 2);
    for (std::size_t i = 0; i < lines.size(); ++i) {
      ev.emplace_back(lines[i].begin, true, i);
      ev.emplace_back(lines[i].end + 1, false, i);
    }
    std::ranges::sort(ev);
    std::set<std::size_t> active;
    double running = 0.0;
    for (std::size_t i = 0; i < ev.size();) {
      const auto day = std::get<0>(ev[i]);
      for (; i < ev.size() && std::get<0>(ev[i]) == day; ++i) {
        const auto index = std::get<2>(ev[i]);
        if (std::get<1>(ev[i])) {
          active.insert(index);
          running += lines[index].rate;
        } else {
          active.erase(index);
          running -= lines[index].rate;
        }
      }
      if (active.empty()) {
        running = 0.0;  // drop the rounding drift of the sum
        continue;
      }
      if (running <= limit_ - 1e-6) continue;
      // Close to or over the limit: the exact sum of the lines in force decides.
      double sum = 0.0;
      std::vector<const hour_line*> in_force;
      for (const auto index : active) {
        sum += lines[index].rate;
        in_force.push_back(&lines[index]);
      }
      if (sum > limit_ + epsilon) note(day, std::get<0>(ev[i]) - 1, sum, in_force);
    }
  }

  // A rejected line on its own: a claim is a claim even when it was refused.
  void rejected(const hour_line& line) {
    if (line.rate > limit_ + epsilon) note(line.begin, line.end, line.rate, {&line});
  }

  [[nodiscard]] const std::map<date, hour_month>& months() const { return months_; }

 private:
  void note(std::int64_t from, std::int64_t to, double value, const std::vector<const hour_line*>& lines) {
    for (date m = date::from_days(from).first_of_month(); m.days() <= to && m <= ctx_.today(); m = m.add_months(1)) {
      const auto a = std::max(from, m.days());
      const auto b = std::min(to, m.last_of_month().days());
      const auto [it, fresh] = months_.try_emplace(m);
      auto& month = it->second;
      month.first_day = fresh ? a : std::min(month.first_day, a);
      month.last_day = fresh ? b : std::max(month.last_day, b);
      if (value > month.worst) {
        month.worst = value;
        month.worst_day = a;
        month.worst_lines = lines;
      }
      for (const auto* l : lines) month.proof.add(ctx_, *l->p);
    }
  }

  const context& ctx_;
  double limit_;
  std::map<date, hour_month> months_;
};

void judge_client_hours(const context& ctx, line_span lines, std::vector<signal>& out) {
  const auto& first = *lines.front();
  const double limit = ctx.of(first.gemeente).max_hours_per_day;
  std::vector<hour_line> standing;
  std::vector<hour_line> rejected;
  for (const auto* p : lines) {
    if (!is_claim(*p) || !in_hours(p->eenheid) || !well_formed(*p)) continue;
    const hour_line l{p, p->begindatum.days(), p->einddatum.days(), units_of(*p) / static_cast<double>(days_of(*p))};
    (p->approved ? standing : rejected).push_back(l);
  }
  if (standing.empty() && rejected.empty()) return;

  hour_sweep sweep(ctx, limit);
  sweep.standing(standing);
  for (const auto& l : rejected) sweep.rejected(l);

  for (const auto& [month, m] : sweep.months()) {
    // The subject: the aanbieder with the most hours on the worst day (ties: the lower AGB code),
    // and of its lines that day the one with the most hours (ties: the lower ToewijzingNummer).
    std::map<std::string_view, double> per_aanbieder;
    for (const auto* l : m.worst_lines) per_aanbieder[l->p->aanbieder] += l->rate;
    std::string_view subject;
    double most = -1.0;
    for (const auto& [agb, hours] : per_aanbieder) {
      if (hours > most + epsilon) {
        subject = agb;
        most = hours;
      }
    }
    const hour_line* line = nullptr;
    for (const auto* l : m.worst_lines) {
      if (l->p->aanbieder != subject) continue;
      if (line == nullptr || l->rate > line->rate + epsilon ||
          (std::fabs(l->rate - line->rate) <= epsilon && l->p->toewijzing_nummer < line->p->toewijzing_nummer)) {
        line = l;
      }
    }
    const date worst_day = date::from_days(m.worst_day);
    auto s = start_signal("hours_over_day", first.gemeente, subject, line->p->toewijzing_nummer, first.bsn,
                          date::from_days(m.first_day), date::from_days(m.last_day));
    s.clients = ctx.clients({first.bsn});
    s.message_ids = m.proof.lowest();
    const auto aanbieders = static_cast<std::int64_t>(per_aanbieder.size());
    s.figures = {
        make_figure("hours_per_day", "Gedeclareerde uren per dag", one_decimal(m.worst), number(limit)),
        make_figure("worst_day", "Dag met de meeste uren", dmy(worst_day)),
        make_figure("aanbieders", "Aanbieders op die dag", std::to_string(aanbieders)),
    };
    s.explanation = fmt::format("Voor deze cliënt is op {} in totaal {} uur zorg gedeclareerd door {}, meer dan de {} uur die een dag kan bevatten.",
                                dmy(worst_day), one_decimal_nl(m.worst), counted(aanbieders, "aanbieder", "aanbieders"),
                                number_nl(limit));
    out.push_back(std::move(s));
  }
}

// ---- multiple_providers ----

using interval = std::pair<std::int64_t, std::int64_t>;  // days, inclusive

std::vector<interval> merged(line_span lines) {
  std::vector<interval> spans;
  for (const auto* p : lines) spans.emplace_back(p->begindatum.days(), p->einddatum.days());
  std::ranges::sort(spans);
  std::vector<interval> out;
  for (const auto& s : spans) {
    if (!out.empty() && s.first <= out.back().second + 1) {
      out.back().second = std::max(out.back().second, s.second);
    } else {
      out.push_back(s);
    }
  }
  return out;
}

std::vector<interval> intersection(const std::vector<interval>& a, const std::vector<interval>& b) {
  std::vector<interval> out;
  for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    const auto from = std::max(a[i].first, b[j].first);
    const auto to = std::min(a[i].second, b[j].second);
    if (from <= to) out.emplace_back(from, to);
    (a[i].second < b[j].second ? i : j)++;
  }
  return out;
}

bool touches(const st::prestatie& p, const std::vector<interval>& pieces) {
  const auto from = p.begindatum.days();
  const auto to = p.einddatum.days();
  return std::ranges::any_of(pieces, [&](const interval& x) { return from <= x.second && to >= x.first; });
}

// The first line (by Begindatum, then ToewijzingNummer) of an aanbieder that falls in the overlap.
const st::prestatie* first_in(line_span lines, const std::vector<interval>& pieces) {
  const st::prestatie* best = nullptr;
  for (const auto* p : lines) {
    if (!touches(*p, pieces)) continue;
    if (best == nullptr || std::tie(p->begindatum, p->toewijzing_nummer) < std::tie(best->begindatum, best->toewijzing_nummer)) best = p;
  }
  return best;
}

struct provider_lines {
  std::string_view aanbieder;
  std::vector<const st::prestatie*> lines;
  std::vector<interval> days;
};

void judge_pair(const context& ctx, const provider_lines& a, const provider_lines& b, std::vector<signal>& out) {
  const auto& any = *a.lines.front();
  const auto min_overlap = ctx.of(any.gemeente).multiple_providers_min_overlap_days;
  const auto pieces = intersection(a.days, b.days);
  std::int64_t overlap = 0;
  for (const auto& x : pieces) overlap += x.second - x.first + 1;
  if (pieces.empty() || overlap < min_overlap) return;

  const auto* first_a = first_in(a.lines, pieces);
  const auto* first_b = first_in(b.lines, pieces);
  // The subject began later in the overlap (ties: the higher AGB code; b's is higher).
  const bool subject_b = first_a->begindatum <= first_b->begindatum;
  const auto& subject = subject_b ? b : a;
  const auto& other = subject_b ? a : b;
  const auto* subject_line = subject_b ? first_b : first_a;

  evidence proof;
  for (const auto* side : {&a, &b}) {
    for (const auto* p : side->lines) {
      if (touches(*p, pieces)) proof.add(ctx, *p);
    }
  }
  const date from = date::from_days(pieces.front().first);
  const date to = date::from_days(pieces.back().second);
  // The client slot of the id also names the other aanbieder: with three aanbieders overlapping,
  // each pair is a signal of its own.
  const auto id_client = fmt::format("{}/{}", any.bsn, other.aanbieder);
  auto s = start_signal("multiple_providers", any.gemeente, subject.aanbieder, subject_line->toewijzing_nummer, id_client, from, to);
  s.product = any.categorie;
  s.clients = ctx.clients({any.bsn});
  s.message_ids = proof.lowest();
  s.figures = {
      make_figure("other_aanbieder", "Andere aanbieder", std::string(other.aanbieder)),
      make_figure("overlap_days", "Overlappende dagen", std::to_string(overlap), std::to_string(min_overlap)),
      make_figure("categorie", "Productcategorie", any.categorie),
  };
  s.explanation = fmt::format("Aanbieder {} en aanbieder {} declareerden voor dezelfde cliënt allebei zorg in categorie {} op {} ({} t/m {}).",
                              subject.aanbieder, other.aanbieder, any.categorie, counted(overlap, "dezelfde dag", "dezelfde dagen"),
                              dmy(from), dmy(to));
  out.push_back(std::move(s));
}

void judge_client_category(const context& ctx, line_span lines, std::vector<signal>& out) {
  std::vector<provider_lines> providers;
  for_each_group(lines, [](const st::prestatie& p) { return std::string_view(p.aanbieder); }, [&](line_span group) {
    provider_lines pl{group.front()->aanbieder, {}, {}};
    for (const auto* p : group) {
      if (is_claim(*p) && well_formed(*p) && ctx.judged(p->begindatum)) pl.lines.push_back(p);
    }
    if (pl.lines.empty()) return;
    pl.days = merged(pl.lines);
    providers.push_back(std::move(pl));
  });
  for (std::size_t i = 0; i < providers.size(); ++i) {
    for (std::size_t j = i + 1; j < providers.size(); ++j) judge_pair(ctx, providers[i], providers[j], out);
  }
}

line_span all_lines(const context& ctx) {
  const auto& lines = ctx.lines_by_client();
  return {lines.data(), lines.size()};
}

auto client_key(const st::prestatie& p) { return std::pair<std::string_view, std::string_view>(p.gemeente, p.bsn); }

}  // namespace

void hours_over_day(const context& ctx, std::vector<signal>& out) {
  for_each_group(all_lines(ctx), client_key, [&](line_span client) {
    if (!client.front()->bsn.empty()) judge_client_hours(ctx, client, out);
  });
}

void multiple_providers(const context& ctx, std::vector<signal>& out) {
  for_each_group(all_lines(ctx), client_key, [&](line_span client) {
    if (client.front()->bsn.empty()) return;
    for_each_group(client, [](const st::prestatie& p) { return std::string_view(p.categorie); },
                   [&](line_span category) { judge_client_category(ctx, category, out); });
  });
}

}  // namespace iwmo::signals::detail
