// The rule registry, signal ids, thresholds per gemeente and the run over all rules.
#include "signals/signals.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "signals/signals_internal.hpp"

namespace iwmo::signals {

namespace {

struct rule_entry {
  rule_info info;
  detail::rule_fn run;
};

// The order here is the order of rules() and of the output; ids are stable.
const std::array<rule_entry, 14>& registry() {
  static const std::array<rule_entry, 14> entries{{
      {{"declared_after_stop", severity::middel, "Gedeclareerd na stop",
        "Debit lines that begin after the definitive stop of the care on the toewijzing."},
       detail::declared_after_stop},
      {{"declared_after_end", severity::hoog, "Gedeclareerd na einde toewijzing",
        "Debit lines that begin after the Einddatum of the current toewijzing version."},
       detail::declared_after_end},
      {{"declared_without_start", severity::laag, "Gedeclareerd zonder start",
        "Debit lines on a toewijzing without any start, or ending before the earliest start."},
       detail::declared_without_start},
      {{"hours_over_day", severity::hoog, "Meer uren dan een dag heeft",
        "A client's declared hours on one day, over all aanbieders, exceed the hours a day can hold."},
       detail::hours_over_day},
      {{"above_plausible_maximum", severity::middel, "Boven plausibel maximum",
        "Declared units per day of a product exceed the plausible daily maximum set for it."},
       detail::above_plausible_maximum},
      {{"always_maximum", severity::middel, "Steeds het maximum",
        "Most of an aanbieder's toewijzingen are declared at the full assigned volume nearly every month."},
       detail::always_maximum},
      {{"multiple_providers", severity::hoog, "Meerdere aanbieders",
        "Two aanbieders declared the same product category for the same client on overlapping days."},
       detail::multiple_providers},
      {{"sudden_growth", severity::middel, "Plotselinge groei",
        "An aanbieder's declared amount or number of clients in a month jumps well above its recent months."},
       detail::sudden_growth},
      {{"peer_outlier", severity::middel, "Afwijkend van vergelijkbare aanbieders",
        "An aanbieder's mean declared volume per client-month of a product is far above that of its peers."},
       detail::peer_outlier},
      {{"address_cluster", severity::middel, "Veel cliënten op één adres",
        "Many clients of one aanbieder share the same address."},
       detail::address_cluster},
      {{"credit_rebill", severity::laag, "Herhaald crediteren en opnieuw declareren",
        "The same product period of a toewijzing was credited and declared again repeatedly."},
       detail::credit_rebill},
      {{"tariff_above_contract", severity::middel, "Tarief boven contract",
        "An aanbieder repeatedly declared lines rejected because the tariff is not the contract's (0611)."},
       detail::tariff_above_contract},
      {{"high_rejection_share", severity::laag, "Hoog aandeel afgewezen",
        "A large share of an aanbieder's debit lines in a month was rejected."},
       detail::high_rejection_share},
      {{"non_use", severity::laag, "Geen gebruik bij lopende eigen bijdrage",
        "A toewijzing with a running eigen bijdrage has had no declarations for several months in a row."},
       detail::non_use},
  }};
  return entries;
}

constexpr std::uint64_t fnv_offset = 0xcbf29ce484222325ULL;
constexpr std::uint64_t fnv_prime = 0x100000001b3ULL;

}  // namespace

std::string_view to_string(severity s) {
  switch (s) {
    case severity::laag: return "laag";
    case severity::middel: return "middel";
    case severity::hoog: return "hoog";
  }
  return "middel";
}

std::optional<severity> parse_severity(std::string_view s) {
  if (s == "laag") return severity::laag;
  if (s == "middel") return severity::middel;
  if (s == "hoog") return severity::hoog;
  return std::nullopt;
}

const thresholds& threshold_set::of(std::string_view gemeente) const {
  const auto it = per_gemeente_.find(gemeente);
  return it == per_gemeente_.end() ? defaults_ : it->second;
}

const std::vector<rule_info>& rules() {
  static const std::vector<rule_info> all = [] {
    std::vector<rule_info> v;
    for (const auto& e : registry()) v.push_back(e.info);
    return v;
  }();
  return all;
}

const rule_info* find_rule(std::string_view id) {
  const auto& all = rules();
  const auto it = std::ranges::find(all, id, &rule_info::id);
  return it == all.end() ? nullptr : &*it;
}

std::string signal_id(std::string_view rule, std::string_view gemeente, std::string_view aanbieder,
                      const std::optional<std::int64_t>& toewijzing, std::string_view client_bsn,
                      const model::date& period_begin) {
  const std::string key = fmt::format("{}|{}|{}|{}|{}|{}", rule, gemeente, aanbieder,
                                      toewijzing ? std::to_string(*toewijzing) : std::string(), client_bsn,
                                      period_begin.to_string());
  std::uint64_t hash = fnv_offset;
  for (const char c : key) {
    hash ^= static_cast<std::uint8_t>(c);
    hash *= fnv_prime;
  }
  return fmt::format("S{:016x}", hash);
}

std::vector<signal> evaluate(const dataset& data, const threshold_set& limits, const run_options& options) {
  const detail::context ctx(data, limits, options);
  std::vector<signal> out;
  for (const auto& e : registry()) {
    if (!options.only_rules.empty() && !options.only_rules.contains(std::string(e.info.id))) continue;
    std::vector<signal> found;
    e.run(ctx, found);
    // Stable: the rules emit in a deterministic order, which then breaks (unexpected) id ties.
    std::ranges::stable_sort(found, {}, &signal::id);
    out.insert(out.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
  }
  return out;
}

}  // namespace iwmo::signals
