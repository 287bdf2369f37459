#include "app/metrics.hpp"

#include <cmath>

#include <fmt/format.h>

namespace iwmo::app {

namespace {

std::string escape(std::string_view v) {
  std::string out;
  for (const char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string render_labels(const labels& l) {
  std::string out;
  for (const auto& [k, v] : l) out += fmt::format("{}{}=\"{}\"", out.empty() ? "" : ",", k, escape(v));
  return out;
}

std::string number(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (v == std::floor(v) && std::abs(v) < 1e15) return fmt::format("{}", static_cast<long long>(v));
  return fmt::format("{}", v);
}

std::string with(const std::string& base, const std::string& extra) {
  if (base.empty()) return extra;
  if (extra.empty()) return base;
  return base + "," + extra;
}

}  // namespace

void metrics::describe(const std::string& name, kind k, const std::string& help) {
  std::lock_guard lock(mutex_);
  auto& f = families_[name];
  f.k = k;
  f.help = help;
}

metrics::series& metrics::at(const std::string& name, const labels& l) {
  auto& f = families_[name];
  auto& s = f.by_labels[render_labels(l)];
  if (f.k == kind::histogram && s.buckets.empty()) s.buckets.assign(latency_buckets().size(), 0);
  return s;
}

void metrics::add(const std::string& name, const labels& l, double value) {
  std::lock_guard lock(mutex_);
  at(name, l).value += value;
}

void metrics::set(const std::string& name, const labels& l, double value) {
  std::lock_guard lock(mutex_);
  at(name, l).value = value;
}

void metrics::observe(const std::string& name, const labels& l, double value) {
  std::lock_guard lock(mutex_);
  auto& s = at(name, l);
  s.value += value;
  s.count += 1;
  const auto& bounds = latency_buckets();
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    if (value <= bounds[i]) s.buckets[i] += 1;
  }
}

double metrics::value(const std::string& name, const labels& l) const {
  std::lock_guard lock(mutex_);
  const auto f = families_.find(name);
  if (f == families_.end()) return 0;
  const auto s = f->second.by_labels.find(render_labels(l));
  return s == f->second.by_labels.end() ? 0 : s->second.value;
}

std::string metrics::render() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& [name, f] : families_) {
    const char* type = f.k == kind::counter ? "counter" : f.k == kind::gauge ? "gauge" : "histogram";
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, f.help, name, type);
    for (const auto& [l, s] : f.by_labels) {
      if (f.k != kind::histogram) {
        out += l.empty() ? fmt::format("{} {}\n", name, number(s.value)) : fmt::format("{}{{{}}} {}\n", name, l, number(s.value));
        continue;
      }
      const auto& bounds = latency_buckets();
      for (std::size_t i = 0; i < bounds.size(); ++i) {
        out += fmt::format("{}_bucket{{{}}} {}\n", name, with(l, fmt::format("le=\"{}\"", number(bounds[i]))), s.buckets[i]);
      }
      out += fmt::format("{}_bucket{{{}}} {}\n", name, with(l, "le=\"+Inf\""), s.count);
      out += l.empty() ? fmt::format("{}_sum {}\n{}_count {}\n", name, number(s.value), name, s.count)
                       : fmt::format("{}_sum{{{}}} {}\n{}_count{{{}}} {}\n", name, l, number(s.value), name, l, s.count);
    }
  }
  return out;
}

}  // namespace iwmo::app
