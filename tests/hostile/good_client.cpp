#include "hostile/good_client.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

namespace iwmo::test {

namespace {

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

std::string replaced(std::string s, std::string_view from, const std::string& to) {
  const auto at = s.find(from);
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

}  // namespace

good_client::good_client(const gateway_daemon& daemon, std::int64_t message_id)
    : daemon_(daemon),
      read_path_(fmt::format("/v1/messages/{}", message_id)),
      message_template_(region_message("001-utrecht-toewijzing-c1.xml")),
      thread_([this] { loop(); }) {}

good_client::~good_client() { stop(); }

void good_client::stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

void good_client::begin(const std::string& phase) {
  std::lock_guard lock(mutex_);
  phase_ = phase;
}

void good_client::wait_for(std::size_t n, std::chrono::milliseconds timeout) {
  (void)eventually(
      [&] {
        std::lock_guard lock(mutex_);
        return static_cast<std::size_t>(std::count_if(samples_.begin(), samples_.end(),
                                                      [&](const sample& s) { return s.phase == phase_; })) >= n;
      },
      timeout);
}

void good_client::loop() {
  const auto& gemeente = daemon_.who("gemeente_0344");
  const auto& anyone = daemon_.who("nobody");
  for (unsigned i = 0; !stop_; ++i) {
    std::string what;
    http_response r;
    std::string phase;
    {
      std::lock_guard lock(mutex_);
      phase = phase_;
    }
    const auto started = std::chrono::steady_clock::now();
    switch (i % 3) {
      case 0:
        what = "GET /healthz";
        r = daemon_.get("/healthz", anyone);
        break;
      case 1:
        // A new message every time (a new Identificatie), so that it runs the whole pipeline.
        what = "POST /v1/messages";
        r = daemon_.post("/v1/messages",
                         replaced(message_template_, "<iwmo:Identificatie>034400001<",
                                  fmt::format("<iwmo:Identificatie>G{:08}<", i)),
                         gemeente);
        break;
      default:
        what = "GET " + read_path_;
        r = daemon_.get(read_path_, gemeente);
        break;
    }
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    const bool ok = r.status == 200;
    {
      std::lock_guard lock(mutex_);
      samples_.push_back({phase, ms, ok, ok ? what : fmt::format("{}: status {} {}", what, r.status, r.error)});
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

latency_summary good_client::summary(const std::string& phase) const {
  latency_summary out;
  std::vector<double> ms;
  std::lock_guard lock(mutex_);
  for (const auto& s : samples_) {
    if (s.phase != phase) continue;
    ++out.requests;
    ms.push_back(s.ms);
    if (!s.ok) {
      ++out.failures;
      if (out.failed.size() < 5) out.failed.push_back(s.what);
    }
  }
  out.p50_ms = percentile(ms, 0.50);
  out.p99_ms = percentile(ms, 0.99);
  out.max_ms = ms.empty() ? 0 : *std::max_element(ms.begin(), ms.end());
  return out;
}

std::string good_client::report(const std::string& label) const {
  const auto b = summary("baseline");
  const auto a = summary("attack");
  return fmt::format(
      "{}: good client baseline p50 {:.1f} ms p99 {:.1f} ms max {:.1f} ms ({} requests, {} failed); during the attack "
      "p50 {:.1f} ms p99 {:.1f} ms max {:.1f} ms ({} requests, {} failed)",
      label, b.p50_ms, b.p99_ms, b.max_ms, b.requests, b.failures, a.p50_ms, a.p99_ms, a.max_ms, a.requests, a.failures);
}

void report_line(const std::string& line) {
  std::cout << line << std::endl;
  if (const char* file = std::getenv("IWMO_HOSTILE_REPORT"); file != nullptr && *file != '\0') {
    std::ofstream(file, std::ios::app) << line << '\n';
  }
}

}  // namespace iwmo::test
