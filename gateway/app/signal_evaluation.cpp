#include "app/signal_evaluation.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "mappings/csv.hpp"
#include "model/values.hpp"

namespace iwmo::app {

namespace {

// Which anomaly kinds each rule is meant to find; the first is the rule's own. A sudden-growth
// pair declares every client at the maximum (docs/generator.md), so always_maximum finding it is
// correct too. high_rejection_share has no injected kind: its precision cannot be measured.
const std::map<std::string, std::vector<std::string>, std::less<>>& kinds_of_rule() {
  static const std::map<std::string, std::vector<std::string>, std::less<>> m{
      {"declared_after_stop", {"after_stop"}},
      {"declared_after_end", {"after_stop"}},
      {"declared_without_start", {"no_start"}},
      {"hours_over_day", {"impossible_hours"}},
      {"above_plausible_maximum", {"impossible_hours"}},
      {"always_maximum", {"always_maximum", "sudden_growth"}},
      {"multiple_providers", {"multiple_providers"}},
      {"sudden_growth", {"sudden_growth"}},
      {"peer_outlier", {"peer_outlier"}},
      {"address_cluster", {"address_cluster"}},
      {"credit_rebill", {"credit_rebill"}},
      {"tariff_above_contract", {"tariff_above_contract"}},
      {"high_rejection_share", {}},
      {"non_use", {"non_use"}},
  };
  return m;
}

}  // namespace

std::optional<double> rule_evaluation::precision() const {
  if (signals == 0 || kinds.empty()) return std::nullopt;
  return static_cast<double>(true_positives) / static_cast<double>(signals);
}

std::optional<double> rule_evaluation::recall() const {
  if (rows == 0) return std::nullopt;
  return static_cast<double>(found) / static_cast<double>(rows);
}

std::vector<ground_truth_row> parse_ground_truth(std::string_view text, std::string source) {
  const auto table = mappings::parse_csv(text, std::move(source), {"id", "kind", "gemeente", "aanbieder", "bsn"});
  std::vector<ground_truth_row> out;
  for (const auto& r : table.rows) {
    ground_truth_row g;
    g.id = r.optional("id");
    g.kind = r.optional("kind");
    g.gemeente = r.optional("gemeente");
    g.aanbieder = r.optional("aanbieder");
    std::istringstream bsns(r.optional("bsn"));
    for (std::string b; std::getline(bsns, b, ';');) {
      if (!b.empty()) g.bsns.push_back(b);
    }
    if (const auto t = model::parse_integer(r.optional("toewijzingnummer"))) g.toewijzing = *t;
    g.expected_verdict = r.optional("expected_verdict");
    if (g.kind.empty() || g.gemeente.empty()) {
      throw mappings::mapping_error(table.where(r) + ": a ground-truth row needs kind and gemeente");
    }
    out.push_back(std::move(g));
  }
  return out;
}

bool matches(const signals::signal& s, const ground_truth_row& row) {
  if (s.gemeente != row.gemeente) return false;
  const bool any_provider = s.rule == "multiple_providers";
  if (!any_provider && !row.aanbieder.empty() && s.aanbieder != row.aanbieder) return false;
  if (s.clients.empty() || row.bsns.empty()) return !row.aanbieder.empty() && s.aanbieder == row.aanbieder;
  return std::ranges::any_of(s.clients, [&](const signals::client_ref& c) {
    return std::ranges::find(row.bsns, c.bsn) != row.bsns.end();
  });
}

evaluation evaluate_against(const std::vector<signals::signal>& found, const std::vector<ground_truth_row>& truth) {
  evaluation out;
  std::map<std::string, std::vector<const signals::signal*>> by_rule;
  for (const auto& s : found) by_rule[s.rule].push_back(&s);
  std::set<std::string> covered_rows;
  for (const auto& info : signals::rules()) {
    rule_evaluation e;
    e.rule = std::string(info.id);
    if (const auto it = kinds_of_rule().find(info.id); it != kinds_of_rule().end()) e.kinds = it->second;
    const auto& mine = by_rule[e.rule];
    e.signals = static_cast<std::int64_t>(mine.size());
    for (const auto* s : mine) {
      const bool hit = std::ranges::any_of(truth, [&](const ground_truth_row& r) {
        return std::ranges::find(e.kinds, r.kind) != e.kinds.end() && matches(*s, r);
      });
      if (hit) ++e.true_positives;
    }
    if (!e.kinds.empty()) {
      for (const auto& r : truth) {
        if (r.kind != e.kinds.front()) continue;
        ++e.rows;
        if (std::ranges::any_of(mine, [&](const signals::signal* s) { return matches(*s, r); })) ++e.found;
      }
    }
    out.rules.push_back(std::move(e));
  }
  std::map<std::string, kind_coverage> kinds;
  for (const auto& r : truth) {
    auto& k = kinds[r.kind];
    k.kind = r.kind;
    ++k.rows;
    if (std::ranges::any_of(found, [&](const signals::signal& s) { return matches(s, r); })) ++k.covered;
  }
  for (auto& [name, k] : kinds) out.kinds.push_back(std::move(k));
  return out;
}

}  // namespace iwmo::app
