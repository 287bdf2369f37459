#pragma once
// The well-behaved client of the hostile-input tests: a thread that keeps using the daemon as
// a normal party does while it is attacked — GET /healthz, a small valid message submitted,
// a stored message read back — each on a new HTTPS connection, and records how long every
// request took and whether it succeeded, per phase ("baseline", "attack").
#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "daemon/daemon_fixture.hpp"

namespace iwmo::test {

struct latency_summary {
  std::size_t requests = 0;
  std::size_t failures = 0;
  double p50_ms = 0, p99_ms = 0, max_ms = 0;
  std::vector<std::string> failed;  // the first few failures, for the test's message
};

class good_client {
 public:
  // Starts the loop in the phase "baseline". `message_id` is a message the gemeente may read.
  good_client(const gateway_daemon& daemon, std::int64_t message_id);
  ~good_client();
  good_client(const good_client&) = delete;
  good_client& operator=(const good_client&) = delete;

  // Later requests count for `phase`.
  void begin(const std::string& phase);
  // Waits until at least `n` requests of the current phase completed (at most `timeout`).
  void wait_for(std::size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  void stop();
  [[nodiscard]] latency_summary summary(const std::string& phase) const;
  // One line for the test output: "<label>: baseline p50 … p99 … max … (n) / attack …".
  [[nodiscard]] std::string report(const std::string& label) const;

 private:
  void loop();

  const gateway_daemon& daemon_;
  std::string read_path_;
  std::string message_template_;
  struct sample {
    std::string phase;
    double ms;
    bool ok;
    std::string what;
  };
  mutable std::mutex mutex_;
  std::string phase_ = "baseline";
  std::vector<sample> samples_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// Prints the line to standard output and appends it to $IWMO_HOSTILE_REPORT when that is set.
void report_line(const std::string& line);

}  // namespace iwmo::test
