#include "delivery/push_worker.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>

#include <curl/curl.h>
#include <fmt/format.h>

#include "log/log.hpp"
#include "store/store.hpp"

namespace iwmo::delivery {

std::chrono::milliseconds backoff(std::int64_t failures, std::chrono::milliseconds base, std::chrono::milliseconds max,
                                  double jitter) {
  const auto exponent = std::clamp<std::int64_t>(failures - 1, 0, 40);
  const double raw = std::min(static_cast<double>(base.count()) * std::pow(2.0, static_cast<double>(exponent)),
                              static_cast<double>(max.count()));
  const double factor = 0.5 + 0.5 * std::clamp(jitter, 0.0, 1.0);
  return std::chrono::milliseconds(static_cast<std::int64_t>(raw * factor));
}

std::optional<std::int64_t> next_attempt(std::int64_t now_ms, std::int64_t origin_ms, std::int64_t failures,
                                         const push_settings& s, double jitter) {
  const auto deadline = origin_ms + s.max_age.count();
  if (now_ms >= deadline) return std::nullopt;
  return std::min(now_ms + backoff(failures, s.base_delay, s.max_delay, jitter).count(), deadline);
}

namespace {

std::int64_t system_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string utc_text(std::int64_t ms) {
  const std::time_t seconds = ms / 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour,
                     utc.tm_min, utc.tm_sec);
}

// Keeps only the start of a response body, for the error text.
std::size_t keep_some(char* data, std::size_t size, std::size_t n, void* user) {
  auto* out = static_cast<std::string*>(user);
  const auto bytes = size * n;
  if (out->size() < 200) out->append(data, std::min(bytes, 200 - out->size()));
  return bytes;
}

struct transfer {
  store::delivery job;
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  std::string response;
  char error[CURL_ERROR_SIZE] = {};
  ~transfer() {
    if (headers != nullptr) curl_slist_free_all(headers);
    if (easy != nullptr) curl_easy_cleanup(easy);
  }
};

}  // namespace

struct push_worker::state {
  CURLM* multi = nullptr;
  std::mutex mutex;  // guards `multi` between run() and notify()
};

push_worker::push_worker(push_settings settings, app::metrics& metrics, std::function<std::int64_t()> now_ms)
    : settings_(std::move(settings)), metrics_(metrics), now_ms_(now_ms ? std::move(now_ms) : system_ms),
      state_(std::make_unique<state>()) {
  static const bool curl_ready = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  if (!curl_ready) throw std::runtime_error("libcurl could not be initialised");
  metrics_.describe("iwmo_delivery_attempts_total", app::metrics::kind::counter,
                    "Push attempts by outcome (delivered, failed, dead).");
}

push_worker::~push_worker() { stop(); }

void push_worker::start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void push_worker::stop() {
  stopping_ = true;
  notify();
  if (thread_.joinable()) thread_.join();
}

void push_worker::notify() {
  woken_ = true;
  std::lock_guard lock(state_->mutex);
  if (state_->multi != nullptr) curl_multi_wakeup(state_->multi);
}

void push_worker::run() {
  std::unique_ptr<store::database> db;
  try {
    db = std::make_unique<store::database>(settings_.database);
  } catch (const std::exception& e) {
    log::error("delivery.stopped", {{"reason", e.what()}});
    return;
  }
  CURLM* multi = curl_multi_init();
  {
    std::lock_guard lock(state_->mutex);
    state_->multi = multi;
  }
  std::mt19937_64 random(std::random_device{}());
  std::uniform_real_distribution<double> jitter(0.0, 1.0);
  std::map<CURL*, std::unique_ptr<transfer>> in_flight;

  const auto begin = [&](store::delivery job) {
    auto t = std::make_unique<transfer>();
    t->job = std::move(job);
    t->easy = curl_easy_init();
    const auto& j = t->job;
    t->headers = curl_slist_append(t->headers, "Content-Type: application/xml; charset=utf-8");
    t->headers = curl_slist_append(t->headers, "Expect:");  // no 100-continue round trip
    t->headers = curl_slist_append(t->headers, fmt::format("X-Iwmo-Message-Id: {}", j.item.message_id).c_str());
    t->headers = curl_slist_append(t->headers, fmt::format("X-Iwmo-Message-Type: {}", j.type).c_str());
    t->headers = curl_slist_append(t->headers, fmt::format("X-Iwmo-Sender: {}", j.sender).c_str());
    t->headers = curl_slist_append(t->headers, fmt::format("X-Iwmo-Delivery: {}-{}", j.item.id, j.item.attempts + 1).c_str());
    CURL* e = t->easy;
    curl_easy_setopt(e, CURLOPT_URL, j.item.endpoint.c_str());
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_POST, 1L);
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, j.bytes.data());
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(j.bytes.size()));
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(settings_.timeout.count()));
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::min<std::int64_t>(settings_.timeout.count(), 10000)));
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_NOPROXY, "localhost,127.0.0.1,::1");
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, keep_some);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &t->response);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->error);
    if (!settings_.ca_file.empty()) curl_easy_setopt(e, CURLOPT_CAINFO, settings_.ca_file.c_str());
    if (!settings_.client_certificate.empty()) curl_easy_setopt(e, CURLOPT_SSLCERT, settings_.client_certificate.c_str());
    if (!settings_.client_key.empty()) curl_easy_setopt(e, CURLOPT_SSLKEY, settings_.client_key.c_str());
    curl_multi_add_handle(multi, e);
    in_flight.emplace(e, std::move(t));
  };

  const auto finish = [&](transfer& t, CURLcode code) {
    long status = 0;
    curl_easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &status);
    const auto now = now_ms_();
    const auto& item = t.job.item;
    if (code == CURLE_OK && status >= 200 && status < 300) {
      db->delivery_succeeded(item.id, now, utc_text(now));
      metrics_.add("iwmo_delivery_attempts_total", {{"outcome", "delivered"}});
      log::info("delivery.delivered", {{"outbox_id", item.id}, {"message_id", item.message_id}, {"recipient", item.recipient},
                                       {"attempts", item.attempts + 1}, {"status", status}});
      return;
    }
    const std::string error = code != CURLE_OK ? (t.error[0] != '\0' ? std::string(t.error) : curl_easy_strerror(code))
                                               : fmt::format("HTTP {}", status);
    const auto origin = item.replayed_ms.value_or(item.created_ms);
    const auto next = next_attempt(now, origin, item.attempts + 1, settings_, jitter(random));
    db->delivery_failed(item.id, now, error, next);
    metrics_.add("iwmo_delivery_attempts_total", {{"outcome", next ? "failed" : "dead"}});
    boost::json::object fields{{"outbox_id", item.id}, {"message_id", item.message_id}, {"recipient", item.recipient},
                               {"attempts", item.attempts + 1}, {"error", error}};
    if (next) {
      fields["retry_in_ms"] = *next - now;
      log::warn("delivery.failed", std::move(fields));
    } else {
      log::error("delivery.dead_letter", std::move(fields));
    }
  };

  while (!stopping_) {
    try {
      // Start due items, up to the concurrency limit.
      if (in_flight.size() < settings_.concurrency) {
        const auto room = static_cast<int>(settings_.concurrency - in_flight.size());
        for (auto& job : db->due_deliveries(now_ms_(), room + static_cast<int>(in_flight.size()))) {
          const bool busy = std::ranges::any_of(in_flight, [&](const auto& x) { return x.second->job.item.id == job.item.id; });
          if (!busy && in_flight.size() < settings_.concurrency) begin(std::move(job));
        }
      }
      int running = 0;
      curl_multi_perform(multi, &running);
      int left = 0;
      while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
        if (msg->msg != CURLMSG_DONE) continue;
        const auto it = in_flight.find(msg->easy_handle);
        if (it == in_flight.end()) continue;
        const auto code = msg->data.result;
        curl_multi_remove_handle(multi, it->first);
        finish(*it->second, code);
        in_flight.erase(it);
      }
      // Sleep until a transfer needs attention, the next item is due, or notify().
      // (Transfers in flight wake the poll through their sockets; the items they carry are
      // due themselves, so only an idle worker looks at the next due time.)
      long wait_ms = static_cast<long>(settings_.poll_interval.count());
      if (!in_flight.empty()) {
        wait_ms = std::min(wait_ms, 100L);
      } else if (const auto due = db->next_due_ms()) {
        wait_ms = std::clamp<long>(static_cast<long>(*due - now_ms_()), 0L, wait_ms);
      }
      if (woken_.exchange(false)) wait_ms = 0;
      curl_multi_poll(multi, nullptr, 0, static_cast<int>(wait_ms), nullptr);
    } catch (const std::exception& e) {
      // A database error: log it and try again after a pause instead of losing the worker.
      log::error("delivery.error", {{"reason", e.what()}});
      curl_multi_poll(multi, nullptr, 0, static_cast<int>(settings_.poll_interval.count()), nullptr);
    }
  }
  for (auto& [easy, t] : in_flight) curl_multi_remove_handle(multi, easy);
  in_flight.clear();
  {
    std::lock_guard lock(state_->mutex);
    state_->multi = nullptr;
  }
  curl_multi_cleanup(multi);
}

}  // namespace iwmo::delivery
