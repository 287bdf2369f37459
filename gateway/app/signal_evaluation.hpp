#pragma once
// Measuring the signals against a generated region's ground truth (docs/signals.md,
// "Evaluation"): per rule, how many of its signals point at an injected anomaly (precision) and
// how many anomalies of the kind it is meant for it finds (recall).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "signals/signals.hpp"

namespace iwmo::app {

struct ground_truth_row {
  std::string id;
  std::string kind;
  std::string gemeente;
  std::string aanbieder;
  std::vector<std::string> bsns;
  std::optional<std::int64_t> toewijzing;
  std::string expected_verdict;
};

// Parses ground-truth.csv of iwmo-gateway-gen; throws mappings::mapping_error with file and line.
[[nodiscard]] std::vector<ground_truth_row> parse_ground_truth(std::string_view text, std::string source);

struct rule_evaluation {
  std::string rule;
  std::vector<std::string> kinds;  // the anomaly kinds a signal of this rule correctly points at (the first is its own)
  std::int64_t signals = 0;
  std::int64_t true_positives = 0;     // signals that match a row of one of `kinds`
  std::int64_t rows = 0;               // ground-truth rows of the rule's own kind
  std::int64_t found = 0;              // of which matched by a signal of this rule
  [[nodiscard]] std::optional<double> precision() const;
  [[nodiscard]] std::optional<double> recall() const;
};

struct kind_coverage {
  std::string kind;
  std::int64_t rows = 0;
  std::int64_t covered = 0;  // rows matched by a signal of any rule
};

struct evaluation {
  std::vector<rule_evaluation> rules;
  std::vector<kind_coverage> kinds;
};

// Whether a signal points at a ground-truth row: the same gemeente, a client in common when both
// name clients, and the same aanbieder (except for multiple_providers, which is about a client
// served by several).
[[nodiscard]] bool matches(const signals::signal& s, const ground_truth_row& row);

[[nodiscard]] evaluation evaluate_against(const std::vector<signals::signal>& signals,
                                          const std::vector<ground_truth_row>& truth);

}  // namespace iwmo::app
