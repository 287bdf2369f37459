#pragma once
// Push delivery: a worker thread that takes due items from the outbox and POSTs the message to
// the recipient's HTTPS endpoint with libcurl (multi interface, several transfers at once).
// A 2xx answer delivers the item and acknowledges its mailbox entry; anything else is retried
// with exponential backoff and jitter until the item is older than the maximum age, then it
// is a dead letter until an admin replays it. Items in the database survive restarts: an
// attempt that was cut off by a shutdown is simply made again.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <thread>

#include "app/metrics.hpp"

namespace iwmo::delivery {

struct push_settings {
  std::filesystem::path database;
  std::chrono::milliseconds poll_interval{1000};
  std::chrono::milliseconds base_delay{2000};
  std::chrono::milliseconds max_delay{600000};
  std::chrono::milliseconds max_age{std::chrono::hours(48)};
  std::chrono::milliseconds timeout{30000};
  unsigned concurrency = 8;
  std::filesystem::path ca_file;  // empty: the system's CAs
  std::filesystem::path client_certificate;
  std::filesystem::path client_key;
};

// The wait before the next attempt after `failures` failed attempts (1, 2, ...):
// base × 2^(failures-1), at most `max`, scaled by `jitter` in [0.5, 1] ("equal jitter").
[[nodiscard]] std::chrono::milliseconds backoff(std::int64_t failures, std::chrono::milliseconds base,
                                                std::chrono::milliseconds max, double jitter);

// When a failed item is tried next, or nullopt when it is dead: attempts stop at the maximum
// age counted from `origin_ms` (creation or last replay); the last attempt is made at that age.
[[nodiscard]] std::optional<std::int64_t> next_attempt(std::int64_t now_ms, std::int64_t origin_ms, std::int64_t failures,
                                                       const push_settings& s, double jitter);

class push_worker {
 public:
  push_worker(push_settings settings, app::metrics& metrics, std::function<std::int64_t()> now_ms = {});
  ~push_worker();
  push_worker(const push_worker&) = delete;
  push_worker& operator=(const push_worker&) = delete;

  void start();
  // Stops taking work and joins the thread; transfers in flight are abandoned (their items
  // stay pending and are tried again on the next start).
  void stop();
  // New work may be due (a message was queued or replayed): look now instead of at the next poll.
  void notify();

 private:
  void run();

  push_settings settings_;
  app::metrics& metrics_;
  std::function<std::int64_t()> now_ms_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> woken_{false};
  struct state;
  std::unique_ptr<state> state_;
  std::thread thread_;
};

}  // namespace iwmo::delivery
