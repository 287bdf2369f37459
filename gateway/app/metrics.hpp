#pragma once
// A small metrics registry rendered in the Prometheus text format: counters, gauges and
// histograms with labels. Thread-safe; every update takes one short lock.
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace iwmo::app {

using labels = std::vector<std::pair<std::string, std::string>>;

class metrics {
 public:
  enum class kind : std::uint8_t { counter, gauge, histogram };

  // Names a metric family with its type and help text (once, before use).
  void describe(const std::string& name, kind k, const std::string& help);
  void add(const std::string& name, const labels& l, double value = 1);  // counter
  void set(const std::string& name, const labels& l, double value);       // gauge
  void observe(const std::string& name, const labels& l, double value);   // histogram

  [[nodiscard]] std::string render() const;
  [[nodiscard]] double value(const std::string& name, const labels& l) const;  // counter or gauge, for tests

 private:
  struct series {
    double value = 0;                  // counter, gauge; histogram: sum
    std::vector<std::uint64_t> buckets;  // histogram: cumulative counts per bound
    std::uint64_t count = 0;
  };
  struct family {
    kind k = kind::counter;
    std::string help;
    std::map<std::string, series> by_labels;  // rendered label set -> series
  };
  series& at(const std::string& name, const labels& l);

  mutable std::mutex mutex_;
  std::map<std::string, family> families_;
};

// Seconds; for request and pipeline latencies.
inline const std::vector<double>& latency_buckets() {
  static const std::vector<double> b{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  return b;
}

}  // namespace iwmo::app
