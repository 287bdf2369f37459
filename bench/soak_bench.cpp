// Soak: the daemon on loopback (HTTPS, bearer tokens) under a steady, open-loop rate of valid
// messages and reads for a long time, sampled every interval: the daemon's resident memory and
// open file descriptors, request latency and throughput in that window, and errors. Flat
// memory and latency over the run is what it is meant to show (docs/PERFORMANCE.md, "Soak").
//
//   iwmo-bench-soak [--duration S] [--rate MSG_PER_S] [--reads READS_PER_S] [--interval S]
//                   [--in-flight N] [--workers W] [--io-threads T] [--gateway PATH]
//                   [--signals auto|off] [--csv FILE] [--keep DIR]
//
// Messages follow the lifecycle of a client: a toewijzing (WMO301) from the gemeente, and once
// it is accepted the start (WMO305) from the aanbieder. Reads alternate between a stored
// message (GET /v1/messages/{id}) and /healthz. Each request is due at a fixed time from the
// start (open loop); its latency counts from that time, so a daemon that falls behind shows it
// in the figures instead of slowing the load down. A request answered with anything but 200
// (and, for messages, verdict "accepted") is an error.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <deque>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

#include <curl/curl.h>
#include <fmt/format.h>

#include "support.hpp"

using namespace iwmo::bench;

namespace {

// The daemon as seen from /proc: resident memory (MiB) and open file descriptors.
double rss_mib(pid_t pid) {
  std::ifstream in(fmt::format("/proc/{}/status", pid));
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("VmRSS:")) return std::stod(line.substr(6)) / 1024.0;
  }
  return 0;
}

std::size_t open_fds(pid_t pid) {
  std::error_code ec;
  std::size_t n = 0;
  for (auto it = fs::directory_iterator(fmt::format("/proc/{}/fd", pid), ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    ++n;
  }
  return n;
}

std::uintmax_t database_bytes(const fs::path& dir) {
  std::uintmax_t total = 0;
  for (const char* name : {"gateway.db", "gateway.db-wal"}) {
    std::error_code ec;
    const auto size = fs::file_size(dir / name, ec);
    if (!ec) total += size;
  }
  return total;
}

enum class kind { toewijzing, start, read_message, healthz };

struct transfer {
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  kind what = kind::healthz;
  std::size_t client = 0;
  clock_type::time_point due;
  std::string verdict;
  std::string message_id;
};

std::size_t discard(char*, std::size_t size, std::size_t n, void*) { return size * n; }

std::size_t header_line(char* data, std::size_t size, std::size_t n, void* user) {
  std::string line(data, size * n);
  std::string lower = line.substr(0, line.find(':'));
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  const auto value = [&] {
    auto v = line.substr(line.find(':') + 1);
    v.erase(0, v.find_first_not_of(' '));
    return trimmed(v);
  };
  auto* t = static_cast<transfer*>(user);
  if (lower == "x-iwmo-verdict") t->verdict = value();
  if (lower == "x-iwmo-message-id") t->message_id = value();
  return size * n;
}

// What one sampling window saw.
struct window {
  std::vector<double> submit_ms, read_ms;
  std::size_t errors = 0;
  std::size_t late = 0;  // requests started more than 100 ms after they were due (all slots busy)
};

}  // namespace

int main(int argc, char** argv) {
  double duration_s = 600;
  double rate = 50;   // messages per second
  double reads = 50;  // reads per second
  double interval_s = 10;
  unsigned in_flight = 32;
  unsigned workers = 16;
  unsigned io_threads = 2;
  std::string gateway = IWMO_GATEWAY_BINARY;
  std::string signals = "auto";  // the daemon's default: the signals engine re-runs after new messages
  fs::path csv;
  fs::path keep;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    const std::string v = argv[i + 1];
    if (a == "--duration") duration_s = std::stod(v);
    else if (a == "--rate") rate = std::stod(v);
    else if (a == "--reads") reads = std::stod(v);
    else if (a == "--interval") interval_s = std::stod(v);
    else if (a == "--in-flight") in_flight = static_cast<unsigned>(std::stoul(v));
    else if (a == "--workers") workers = static_cast<unsigned>(std::stoul(v));
    else if (a == "--io-threads") io_threads = static_cast<unsigned>(std::stoul(v));
    else if (a == "--gateway") gateway = v;
    else if (a == "--signals") signals = v;
    else if (a == "--csv") csv = v;
    else if (a == "--keep") keep = v;
    else {
      std::cerr << "usage: iwmo-bench-soak [--duration S] [--rate MSG_PER_S] [--reads READS_PER_S] [--interval S]\n"
                   "                       [--in-flight N] [--workers W] [--io-threads T] [--gateway PATH]\n"
                   "                       [--signals auto|off] [--csv FILE] [--keep DIR]\n";
      return 2;
    }
  }
  if (argc % 2 == 0 || (signals != "auto" && signals != "off") || rate <= 0 || reads < 0 || interval_s <= 0 ||
      duration_s <= 0 || in_flight == 0) {
    std::cerr << "iwmo-bench-soak: options take one value each; rates, interval and duration must be positive\n";
    return 2;
  }
  if (csv.empty()) {
    char date[16];
    const auto now = std::time(nullptr);
    std::strftime(date, sizeof date, "%Y-%m-%d", std::gmtime(&now));
    csv = source_dir() / "bench" / "results" / fmt::format("soak-{}.csv", date);
  }

  curl_global_init(CURL_GLOBAL_DEFAULT);
  const auto dir = keep.empty() ? fs::temp_directory_path() / fmt::format("iwmo-bench-soak-{}", getpid()) : keep;
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto cert = dir / "server.pem";
  const auto key = dir / "server.key";
  if (run_command({"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
           "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key.string(),
           "-out", cert.string()}) != 0) {
    std::cerr << "openssl could not make a server certificate\n";
    return 1;
  }
  const auto config = dir / "gateway.toml";
  std::ofstream(config) << fmt::format(R"([server]
listen = "127.0.0.1"
port = 0
port_file = "port"
io_threads = {io}
workers = {workers}

[tls]
certificate = "{cert}"
private_key = "{key}"

[store]
database = "gateway.db"
mappings = "{mappings}"
today = "2026-11-22"

[log]
level = "warn"

[push]
enabled = false

[signals]
auto = {signals}
)",
                                       fmt::arg("io", io_threads), fmt::arg("workers", workers), fmt::arg("cert", cert.string()),
                                       fmt::arg("key", key.string()), fmt::arg("mappings", (source_dir() / "mappings").string()),
                                       fmt::arg("signals", signals == "auto" ? "true" : "false"));
  std::string gemeente_token, aanbieder_token;
  if (run_command({gateway, "token", "create", "--config", config.string(), "--principal", "gemeente:0344", "--label", "soak"},
          &gemeente_token) != 0 ||
      run_command({gateway, "token", "create", "--config", config.string(), "--principal", "aanbieder:98000011", "--label", "soak"},
          &aanbieder_token) != 0) {
    std::cerr << "could not create tokens with " << gateway << "\n";
    return 1;
  }
  const auto gemeente_auth = "Authorization: Bearer " + trimmed(gemeente_token);
  const auto aanbieder_auth = "Authorization: Bearer " + trimmed(aanbieder_token);

  // Enough clients for the whole run: every client gives two messages.
  const auto clients = static_cast<std::size_t>(duration_s * rate / 2) + 16;
  const auto templates = lifecycle_templates::load();
  const auto bsn = bsns(clients);

  daemon_process daemon;
  daemon.pid = fork();
  if (daemon.pid == 0) {
    std::freopen((dir / "daemon.log").c_str(), "w", stdout);
    std::freopen((dir / "daemon.err").c_str(), "w", stderr);
    execl(gateway.c_str(), gateway.c_str(), "serve", "--config", config.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  std::string port;
  for (int tries = 0; tries < 200 && port.empty(); ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::ifstream in(dir / "port");
    std::getline(in, port);
  }
  if (port.empty()) {
    std::cerr << "the daemon did not start; see " << (dir / "daemon.err") << "\n";
    return 1;
  }
  const auto base = fmt::format("https://localhost:{}", port);
  const auto submit_url = base + "/v1/messages";
  const auto health_url = base + "/healthz";

  CURLM* multi = curl_multi_init();
  curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(in_flight));
  curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, static_cast<long>(in_flight));
  std::vector<transfer> slots(in_flight);
  std::vector<transfer*> idle;
  for (auto& t : slots) {
    t.easy = curl_easy_init();
    idle.push_back(&t);
  }

  std::string body;  // the message of the transfer being started (libcurl copies it)
  std::size_t next_client = 0;
  std::deque<std::size_t> startable;   // clients whose toewijzing was accepted
  std::vector<std::string> stored_ids;  // messages the gemeente may read
  std::mt19937 random(42);
  std::size_t total_messages = 0, total_reads = 0, total_errors = 0;
  window w;

  const auto start_transfer = [&](transfer* t, kind what, clock_type::time_point due) {
    if (clock_type::now() - due > std::chrono::milliseconds(100)) ++w.late;
    t->what = what;
    t->due = due;
    t->verdict.clear();
    t->message_id.clear();
    curl_easy_reset(t->easy);
    curl_slist_free_all(t->headers);
    t->headers = nullptr;
    curl_easy_setopt(t->easy, CURLOPT_CAINFO, cert.c_str());
    curl_easy_setopt(t->easy, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(t->easy, CURLOPT_HEADERFUNCTION, header_line);
    curl_easy_setopt(t->easy, CURLOPT_HEADERDATA, t);
    curl_easy_setopt(t->easy, CURLOPT_PRIVATE, t);
    curl_easy_setopt(t->easy, CURLOPT_TIMEOUT, 60L);
    if (what == kind::toewijzing || what == kind::start) {
      if (what == kind::toewijzing) {
        t->client = next_client++;
        body = templates.toewijzing_for(t->client, bsn[t->client]);
      } else {
        t->client = startable.front();
        startable.pop_front();
        body = templates.start_for(t->client, bsn[t->client]);
      }
      t->headers = curl_slist_append(t->headers, "Content-Type: application/xml");
      t->headers = curl_slist_append(t->headers, (what == kind::toewijzing ? gemeente_auth : aanbieder_auth).c_str());
      t->headers = curl_slist_append(t->headers, "Expect:");
      curl_easy_setopt(t->easy, CURLOPT_URL, submit_url.c_str());
      curl_easy_setopt(t->easy, CURLOPT_COPYPOSTFIELDS, body.c_str());
    } else if (what == kind::read_message && !stored_ids.empty()) {
      const auto& id = stored_ids[std::uniform_int_distribution<std::size_t>(0, stored_ids.size() - 1)(random)];
      const auto url = fmt::format("{}/v1/messages/{}", base, id);
      t->headers = curl_slist_append(t->headers, gemeente_auth.c_str());
      curl_easy_setopt(t->easy, CURLOPT_URL, url.c_str());  // libcurl copies option strings
    } else {
      t->what = kind::healthz;
      curl_easy_setopt(t->easy, CURLOPT_URL, health_url.c_str());
    }
    curl_easy_setopt(t->easy, CURLOPT_HTTPHEADER, t->headers);
    curl_multi_add_handle(multi, t->easy);
  };

  fmt::print("soak: {:.0f} s at {:.0f} messages/s and {:.0f} reads/s, at most {} in flight; daemon with {} workers, {} I/O "
             "threads, signals {}; pid {}\n",
             duration_s, rate, reads, in_flight, workers, io_threads, signals, daemon.pid);
  const auto header = fmt::format("{:>7} {:>9} {:>5} {:>10} {:>9} {:>10} {:>10} {:>10} {:>10} {:>7} {:>6} {:>9}", "t_s",
                                  "rss_mib", "fds", "db_mib", "msg/s", "sub_p50", "sub_p99", "read_p50", "read_p99", "errors",
                                  "late", "messages");
  fmt::print("{}\n", header);
  fs::create_directories(csv.parent_path());
  std::ofstream out(csv);
  out << "t_s,rss_mib,fds,db_mib,messages_per_s,reads_per_s,submit_p50_ms,submit_p99_ms,read_p50_ms,read_p99_ms,errors,late,"
         "messages_total\n";

  const auto begin = clock_type::now();
  const auto end = begin + std::chrono::duration_cast<clock_type::duration>(std::chrono::duration<double>(duration_s));
  const auto message_gap = std::chrono::duration_cast<clock_type::duration>(std::chrono::duration<double>(1.0 / rate));
  const auto read_gap = reads > 0 ? std::chrono::duration_cast<clock_type::duration>(std::chrono::duration<double>(1.0 / reads))
                                  : clock_type::duration::max();
  auto next_message = begin;
  auto next_read = begin;
  auto next_sample = begin + std::chrono::duration_cast<clock_type::duration>(std::chrono::duration<double>(interval_s));
  std::size_t reads_issued = 0;
  bool toewijzing_turn = true;
  auto window_start = begin;
  std::size_t window_messages = 0, window_reads = 0;

  for (;;) {
    const auto now = clock_type::now();
    // Start what is due, oldest first, while there is a free slot.
    while (now < end && !idle.empty() && (next_message <= now || next_read <= now)) {
      if (next_message <= next_read) {
        const bool start = !toewijzing_turn && !startable.empty();
        if (next_client >= clients && !start) break;
        start_transfer(idle.back(), start ? kind::start : kind::toewijzing, next_message);
        toewijzing_turn = !toewijzing_turn;
        next_message += message_gap;
      } else {
        start_transfer(idle.back(), (reads_issued++ % 2 == 0) ? kind::read_message : kind::healthz, next_read);
        next_read += read_gap;
      }
      idle.pop_back();
    }

    int running = 0;
    curl_multi_perform(multi, &running);
    int left = 0;
    while (CURLMsg* m = curl_multi_info_read(multi, &left)) {
      if (m->msg != CURLMSG_DONE) continue;
      transfer* t = nullptr;
      curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, reinterpret_cast<char**>(&t));
      long status = 0;
      if (m->data.result == CURLE_OK) curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
      const double ms = std::chrono::duration<double, std::milli>(clock_type::now() - t->due).count();
      const bool submit = t->what == kind::toewijzing || t->what == kind::start;
      bool ok = status == 200;
      if (submit) {
        ok = ok && t->verdict == "accepted";
        w.submit_ms.push_back(ms);
        ++window_messages;
        ++total_messages;
        if (ok && t->what == kind::toewijzing) {
          startable.push_back(t->client);
          stored_ids.push_back(t->message_id);
        }
      } else {
        w.read_ms.push_back(ms);
        ++window_reads;
        ++total_reads;
      }
      if (!ok) {
        ++w.errors;
        ++total_errors;
        if (total_errors <= 5) {
          std::cerr << fmt::format("error: {} status {} verdict '{}' {}\n", submit ? "submit" : "read", status, t->verdict,
                                   m->data.result == CURLE_OK ? "" : curl_easy_strerror(m->data.result));
        }
      }
      curl_multi_remove_handle(multi, t->easy);
      idle.push_back(t);
    }

    const auto after = clock_type::now();
    if (after >= next_sample || (after >= end && idle.size() == slots.size())) {
      const double span = std::chrono::duration<double>(after - window_start).count();
      const double t_s = std::chrono::duration<double>(after - begin).count();
      const double rss = rss_mib(daemon.pid);
      const auto fds = open_fds(daemon.pid);
      const double db = static_cast<double>(database_bytes(dir)) / (1024.0 * 1024.0);
      const double msg_s = static_cast<double>(window_messages) / span;
      const double read_s = static_cast<double>(window_reads) / span;
      const double sp50 = percentile(w.submit_ms, 0.5), sp99 = percentile(w.submit_ms, 0.99);
      const double rp50 = percentile(w.read_ms, 0.5), rp99 = percentile(w.read_ms, 0.99);
      fmt::print("{:>7.0f} {:>9.1f} {:>5} {:>10.1f} {:>9.1f} {:>10.2f} {:>10.2f} {:>10.2f} {:>10.2f} {:>7} {:>6} {:>9}\n", t_s,
                 rss, fds, db, msg_s, sp50, sp99, rp50, rp99, w.errors, w.late, total_messages);
      std::fflush(stdout);
      out << fmt::format("{:.0f},{:.1f},{},{:.1f},{:.1f},{:.1f},{:.2f},{:.2f},{:.2f},{:.2f},{},{},{}\n", t_s, rss, fds, db, msg_s,
                         read_s, sp50, sp99, rp50, rp99, w.errors, w.late, total_messages);
      out.flush();
      w = window{};
      window_messages = window_reads = 0;
      window_start = after;
      next_sample += std::chrono::duration_cast<clock_type::duration>(std::chrono::duration<double>(interval_s));
      if (after >= end && idle.size() == slots.size()) break;
    }
    if (after >= end && idle.size() == slots.size()) break;
    // Wait for network activity, but not past the next due request.
    const auto due = std::min({next_message, next_read, next_sample});
    const auto wait_ms = std::clamp<long>(
        static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(due - clock_type::now()).count()), 0, 100);
    curl_multi_poll(multi, nullptr, 0, static_cast<int>(idle.empty() ? 100 : wait_ms), nullptr);
  }

  for (auto& t : slots) {
    curl_slist_free_all(t.headers);
    curl_easy_cleanup(t.easy);
  }
  curl_multi_cleanup(multi);
  daemon.stop();
  fmt::print("soak: {} messages, {} reads, {} errors in {:.0f} s; CSV in {}\n", total_messages, total_reads, total_errors,
             seconds_since(begin), csv.string());
  if (keep.empty()) fs::remove_all(dir);
  curl_global_cleanup();
  return total_errors == 0 ? 0 : 1;
}
