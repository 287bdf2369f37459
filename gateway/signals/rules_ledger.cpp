// Rules over the reconciliation ledger, per aanbieder within a gemeente: always the maximum,
// sudden growth, and a volume per client-month far above that of comparable aanbieders.
#include <algorithm>
#include <cmath>
#include <tuple>

#include <fmt/format.h>

#include "model/message_type.hpp"
#include "signals/signals_internal.hpp"

namespace iwmo::signals::detail {

namespace {

using reconcile::ledger_row;

// The WMO323/JW323s of the debit lines on a toewijzing that begin in the months [first, last].
// The ledger groups an aanbieder's lines within a gemeente over both domains; a number used in
// both gives the lines of both.
void add_declared(const context& ctx, evidence& proof, std::string_view gemeente, std::int64_t nummer, date first, date last) {
  for (const auto& s : model::all_standards()) {
    const auto* t = ctx.find(s.domain, gemeente, nummer);
    if (t == nullptr) continue;
    for (const auto& p : t->record->state.prestaties) {
      const date m = p.begindatum.first_of_month();
      if (is_debit(p) && m >= first && m <= last) proof.add(ctx, p);
    }
  }
}

// A ledger row of a judged month, with its month; nullopt for a row to skip.
std::optional<date> judged_row_month(const context& ctx, const ledger_row& r) {
  if (!ctx.judged_month(r.maand)) return std::nullopt;
  return parse_month(r.maand);
}

// Ledger rows come grouped by toewijzing: remembering the last key saves most map lookups.
template <typename Value, typename Key = pair_key>
class key_cache {
 public:
  Value& get(std::map<Key, Value>& map, const Key& key) {
    if (value_ == nullptr || key != key_) {
      value_ = &map[key];
      key_ = key;
    }
    return *value_;
  }

 private:
  Key key_;
  Value* value_ = nullptr;
};

template <typename T>
void distinct(std::vector<T>& xs) {
  std::ranges::sort(xs);
  xs.erase(std::unique(xs.begin(), xs.end()), xs.end());
}

[[nodiscard]] bool at_least(double count, double share, double of) { return count + epsilon >= share * of; }

// Linear on average (nth_element): the median is taken once per subject over its peers.
double median(std::vector<double> xs) {
  const auto n = xs.size();
  if (n == 0) return 0.0;
  const auto mid = xs.begin() + static_cast<std::ptrdiff_t>(n / 2);
  std::nth_element(xs.begin(), mid, xs.end());
  if (n % 2 == 1) return *mid;
  return (*std::max_element(xs.begin(), mid) + *mid) / 2.0;
}

}  // namespace

void always_maximum(const context& ctx, std::vector<signal>& out) {
  struct months_at_max {
    std::int64_t months = 0;  // rows with an assigned volume and a declared one
    std::int64_t at_max = 0;  // of which declared at or above the assigned volume
    date first;
    date last;
  };
  std::map<pair_key, std::map<std::int64_t, months_at_max>> per_pair;
  key_cache<std::map<std::int64_t, months_at_max>> cache;
  for (const auto& r : ctx.data().ledger) {
    if (!r.toegewezen_volume || *r.toegewezen_volume <= 0 || r.gedeclareerd_volume <= 0) continue;
    // A maximum of one unit (a monthly fee) is always declared in full: no sign of anything.
    if (*r.toegewezen_volume < ctx.of(r.gemeente).always_max_min_volume) continue;
    const auto month = judged_row_month(ctx, r);
    if (!month) continue;
    auto& t = cache.get(per_pair, pair_key(r.gemeente, r.aanbieder))[r.toewijzing_nummer];
    t.first = t.months == 0 ? *month : std::min(t.first, *month);
    t.last = t.months == 0 ? *month : std::max(t.last, *month);
    ++t.months;
    if (r.gedeclareerd_volume >= *r.toegewezen_volume) ++t.at_max;
  }

  for (const auto& [pair, toewijzingen] : per_pair) {
    const auto& [gemeente, aanbieder] = pair;
    const auto& limits = ctx.of(gemeente);
    std::int64_t counted_n = 0;
    std::int64_t at_max_n = 0;
    std::optional<date> first;
    std::optional<date> last;
    std::vector<std::pair<std::int64_t, const months_at_max*>> at_max;
    for (const auto& [nummer, t] : toewijzingen) {
      if (t.months < limits.always_max_min_months) continue;
      ++counted_n;
      first = first ? std::min(*first, t.first) : t.first;
      last = last ? std::max(*last, t.last) : t.last;
      if (at_least(static_cast<double>(t.at_max), limits.always_max_month_share, static_cast<double>(t.months))) {
        ++at_max_n;
        at_max.emplace_back(nummer, &t);
      }
    }
    if (counted_n == 0 || counted_n < limits.always_max_min_clients) continue;
    const double share = static_cast<double>(at_max_n) / static_cast<double>(counted_n);
    if (!at_least(static_cast<double>(at_max_n), limits.always_max_client_share, static_cast<double>(counted_n))) continue;

    evidence proof;
    for (const auto& [nummer, t] : at_max) add_declared(ctx, proof, gemeente, nummer, t->first, t->last);
    auto s = start_signal("always_maximum", gemeente, aanbieder, std::nullopt, "", *first, last->last_of_month());
    s.message_ids = proof.lowest();
    s.figures = {
        make_figure("toewijzingen_counted", "Getelde toewijzingen", std::to_string(counted_n),
                    std::to_string(limits.always_max_min_clients)),
        make_figure("toewijzingen_at_maximum", "Toewijzingen steeds op het maximum", std::to_string(at_max_n)),
        make_figure("share_at_maximum", "Aandeel op het maximum", percent(share), percent(limits.always_max_client_share)),
    };
    s.explanation = fmt::format("Aanbieder {} declareerde bij {} van de {} toewijzingen ({}) vrijwel elke maand het volledige toegewezen volume.",
                                aanbieder, at_max_n, counted_n, percent(share));
    out.push_back(std::move(s));
  }
}

void sudden_growth(const context& ctx, std::vector<signal>& out) {
  struct month_total {
    cents amount = 0;
    std::vector<std::string_view> clients;   // made distinct below
    std::vector<std::int64_t> toewijzingen;  // with declarations, for the evidence
  };
  std::map<pair_key, std::map<date, month_total>> per_pair;
  key_cache<std::map<date, month_total>> cache;
  for (const auto& r : ctx.data().ledger) {
    const auto month = judged_row_month(ctx, r);
    if (!month) continue;
    auto& m = cache.get(per_pair, pair_key(r.gemeente, r.aanbieder))[*month];
    m.amount += r.gedeclareerd_bedrag;
    if (r.gedeclareerd_volume > 0 || r.gedeclareerd_bedrag > 0) {
      m.clients.push_back(r.bsn);
      m.toewijzingen.push_back(r.toewijzing_nummer);
    }
  }
  for (auto& [pair, months] : per_pair) {
    for (auto& [month, total] : months) {
      distinct(total.clients);
      distinct(total.toewijzingen);
    }
  }

  struct growth {
    date month;
    const month_total* total;
    double baseline_amount;
    double baseline_clients;
    double factor;
  };
  for (const auto& [pair, months] : per_pair) {
    const auto& [gemeente, aanbieder] = pair;
    const auto& limits = ctx.of(gemeente);
    std::vector<std::pair<date, const month_total*>> declared;  // months with declarations, in order
    for (const auto& [month, total] : months) {
      if (!total.clients.empty()) declared.emplace_back(month, &total);
    }

    // Runs of calendar-consecutive growing months.
    std::vector<std::vector<growth>> runs;
    for (std::size_t i = 0; i < declared.size(); ++i) {
      const std::size_t from = i >= 3 ? i - 3 : 0;
      const auto baseline_n = static_cast<std::int64_t>(i - from);
      if (baseline_n == 0 || baseline_n < limits.growth_min_baseline_months) continue;
      double base_amount = 0.0;
      double base_clients = 0.0;
      for (std::size_t k = from; k < i; ++k) {
        base_amount += static_cast<double>(declared[k].second->amount);
        base_clients += static_cast<double>(declared[k].second->clients.size());
      }
      base_amount /= static_cast<double>(baseline_n);
      base_clients /= static_cast<double>(baseline_n);
      if (base_clients + epsilon < limits.growth_min_baseline_clients) continue;
      const auto amount = static_cast<double>(declared[i].second->amount);
      const auto clients = static_cast<double>(declared[i].second->clients.size());
      const bool by_amount = at_least(amount, limits.growth_factor, base_amount) &&
                             amount - base_amount + epsilon >= static_cast<double>(limits.growth_min_amount_increase);
      const bool by_clients = at_least(clients, limits.growth_factor, base_clients) &&
                              clients - base_clients + epsilon >= static_cast<double>(limits.growth_min_client_increase);
      if (!by_amount && !by_clients) continue;
      const double factor = by_amount && base_amount > 0.0 ? amount / base_amount : clients / base_clients;
      const growth g{declared[i].first, declared[i].second, base_amount, base_clients, factor};
      if (!runs.empty() && runs.back().back().month.add_months(1) == g.month) {
        runs.back().push_back(g);
      } else {
        runs.push_back({g});
      }
    }

    for (const auto& run : runs) {
      // The figures are those of the run's first month: its jump over what came before.
      const auto& g = run.front();
      const date end = run.back().month.last_of_month();
      evidence proof;
      for (const auto& m : run) {
        for (const auto nummer : m.total->toewijzingen) add_declared(ctx, proof, gemeente, nummer, m.month, m.month);
      }
      auto s = start_signal("sudden_growth", gemeente, aanbieder, std::nullopt, "", g.month, end);
      s.message_ids = proof.lowest();
      const auto clients = static_cast<std::int64_t>(g.total->clients.size());
      const auto baseline_amount = static_cast<cents>(std::llround(g.baseline_amount));
      s.figures = {
          make_figure("amount", "Gedeclareerd bedrag", euro(g.total->amount)),
          make_figure("baseline_amount", "Gemiddeld bedrag in de maanden ervoor", euro(baseline_amount)),
          make_figure("clients", "Cliënten", std::to_string(clients)),
          make_figure("baseline_clients", "Gemiddeld aantal cliënten in de maanden ervoor", one_decimal(g.baseline_clients)),
          make_figure("factor", "Groeifactor", one_decimal(g.factor), number(limits.growth_factor)),
      };
      const std::string run_words =
          run.size() > 1 ? fmt::format(", en de groei hield aan tot en met {}", month_name(run.back().month)) : std::string();
      s.explanation = fmt::format("Aanbieder {} declareerde in {} {} voor {}, tegen gemiddeld {} voor {} cliënten in de maanden ervoor{}.",
                                  aanbieder, month_name(g.month), euro(g.total->amount), counted(clients, "cliënt", "cliënten"),
                                  euro(baseline_amount), one_decimal_nl(g.baseline_clients), run_words);
      out.push_back(std::move(s));
    }
  }
}

void peer_outlier(const context& ctx, std::vector<signal>& out) {
  // Per gemeente x aanbieder x product code x unit (minutes counted as hours).
  using subject_key = std::tuple<std::string_view, std::string_view, std::string_view, model::eenheid>;
  struct volumes {
    double sum = 0.0;
    std::int64_t rows = 0;
    date first;
    date last;
    std::vector<const ledger_row*> evidence_rows;
    [[nodiscard]] double mean() const { return sum / static_cast<double>(rows); }
  };
  std::map<subject_key, volumes> subjects;
  key_cache<volumes, subject_key> cache;
  for (const auto& r : ctx.data().ledger) {
    if (!r.code || r.code->empty() || !r.eenheid || r.gedeclareerd_volume <= 0) continue;
    const auto unit = model::parse_eenheid(*r.eenheid);
    if (!unit || *unit == model::eenheid::euro) continue;
    const auto month = judged_row_month(ctx, r);
    if (!month) continue;
    const auto kind = in_hours(*unit) ? model::eenheid::uur : *unit;
    auto& v = cache.get(subjects, {r.gemeente, r.aanbieder, *r.code, kind});
    const auto volume = static_cast<double>(r.gedeclareerd_volume);
    v.sum += *unit == model::eenheid::minuut ? volume / 60.0 : volume;
    v.first = v.rows == 0 ? *month : std::min(v.first, *month);
    v.last = v.rows == 0 ? *month : std::max(v.last, *month);
    ++v.rows;
    v.evidence_rows.push_back(&r);
  }

  // The groups: the same product in the gemeente, and in every gemeente of the data (regio).
  struct group {
    std::vector<double> xs;
  };
  std::map<std::tuple<std::string_view, std::string_view, model::eenheid>, group> local;
  std::map<std::pair<std::string_view, model::eenheid>, group> regio;
  for (const auto& [key, v] : subjects) {
    const auto& [gemeente, aanbieder, code, kind] = key;
    local[{gemeente, code, kind}].xs.push_back(v.mean());
    regio[{code, kind}].xs.push_back(v.mean());
  }
  // The median and MAD of the peers: the group without the subject itself (leave one out), so
  // that an outlier does not pull its own yardstick towards it in a small group.
  const auto peers_of = [](const group& g, double x) {
    std::vector<double> peers;
    peers.reserve(g.xs.size());
    bool left_out = false;
    for (const auto p : g.xs) {
      if (!left_out && p == x) {
        left_out = true;
        continue;
      }
      peers.push_back(p);
    }
    const double m = median(peers);
    for (auto& p : peers) p = std::fabs(p - m);
    return std::pair{m, median(std::move(peers))};
  };

  for (const auto& [key, v] : subjects) {
    const auto& [gemeente, aanbieder, code, kind] = key;
    const auto& limits = ctx.of(gemeente);
    if (v.rows < limits.peer_min_client_months) continue;
    const auto min_group = static_cast<std::size_t>(std::max(limits.peer_min_group, 0));
    const group* g = &local.at({gemeente, code, kind});
    bool in_gemeente = true;
    if (g->xs.size() < min_group) {
      g = &regio.at({code, kind});
      in_gemeente = false;
    }
    if (g->xs.size() < min_group || g->xs.size() < 2) continue;
    const double x = v.mean();
    const auto [m, mad] = peers_of(*g, x);
    const double spread = std::max(1.4826 * mad, 0.1 * m);
    if (spread <= 0.0) continue;
    const double distance = (x - m) / spread;
    if (distance <= limits.peer_mad_factor + epsilon || x + epsilon < limits.peer_min_ratio * m) continue;

    evidence proof;
    for (const auto* r : v.evidence_rows) {
      if (const auto month = parse_month(r->maand)) add_declared(ctx, proof, r->gemeente, r->toewijzing_nummer, *month, *month);
    }
    // One aanbieder can stand out on several products in the same months: the code keeps their ids apart.
    auto s = start_signal("peer_outlier", gemeente, aanbieder, std::nullopt, code, v.first, v.last.last_of_month());
    s.product = std::string(code);
    s.message_ids = proof.lowest();
    const auto peers = static_cast<std::int64_t>(g->xs.size());
    const std::string scope = in_gemeente ? "gemeente" : "regio";
    s.figures = {
        make_figure("volume_per_client_month", "Volume per cliënt per maand", one_decimal(x)),
        make_figure("peer_median", "Mediaan vergelijkbare aanbieders", one_decimal(m)),
        make_figure("robust_distance", "Robuuste afstand tot de mediaan", one_decimal(distance), number(limits.peer_mad_factor)),
        make_figure("peer_group_size", "Aanbieders in de vergelijking", std::to_string(peers), std::to_string(limits.peer_min_group)),
        make_figure("peer_scope", "Vergeleken binnen", scope),
    };
    const auto unit = unit_word(kind);
    s.explanation = fmt::format("Aanbieder {} declareerde voor product {} gemiddeld {} {} per cliënt per maand, terwijl de mediaan van {} met dit product in de {} {} {} is.",
                                aanbieder, code, one_decimal_nl(x), unit, counted(peers - 1, "andere aanbieder", "andere aanbieders"),
                                scope, one_decimal_nl(m), unit);
    out.push_back(std::move(s));
  }
}

}  // namespace iwmo::signals::detail
