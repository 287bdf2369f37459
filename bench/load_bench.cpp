// End-to-end benchmark: the daemon on loopback (HTTPS, bearer tokens, WAL with
// synchronous=FULL) under a load generator of our own (libcurl multi, keep-alive connections).
//
//   iwmo-bench-load [--clients N] [--concurrency 1,8,64] [--workers W] [--io-threads T]
//                   [--gateway PATH] [--result FILE] [--keep DIR]
//
// For every concurrency level a fresh daemon with an empty database receives a month of a
// region with N clients: N toewijzingen (WMO301, from the gemeente), then N starts (WMO305,
// from the aanbieder), then the month's WMO323 with N prestaties. Each phase submits with the
// given number of requests in flight; every answer must be 200 with verdict "accepted".
// Reported: throughput and p50/p95/p99 latency of the small messages, and the latency of the
// declaration.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
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

struct request {
  const std::string* body = nullptr;
  const std::string* auth = nullptr;  // "Authorization: Bearer ..."
};

struct response {
  long status = 0;
  std::string verdict;
  double seconds = 0;
};

struct transfer {
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  std::size_t index = 0;
  std::string verdict;
  clock_type::time_point started;
};

std::size_t discard(char*, std::size_t size, std::size_t n, void*) { return size * n; }

std::size_t header_line(char* data, std::size_t size, std::size_t n, void* user) {
  std::string_view line(data, size * n);
  constexpr std::string_view name = "x-iwmo-verdict:";
  if (line.size() > name.size()) {
    std::string lower(line.substr(0, name.size()));
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (lower == name) {
      auto v = std::string(line.substr(name.size()));
      v.erase(0, v.find_first_not_of(' '));
      static_cast<transfer*>(user)->verdict = trimmed(v);
    }
  }
  return size * n;
}

// Submits every request with at most `in_flight` transfers at once over reused connections.
std::vector<response> submit_all(const std::string& url, const std::string& ca, const std::vector<request>& requests,
                                 unsigned in_flight) {
  std::vector<response> out(requests.size());
  CURLM* multi = curl_multi_init();
  curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(in_flight));
  curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, static_cast<long>(in_flight));
  std::vector<transfer> slots(in_flight);
  std::vector<transfer*> idle;
  for (auto& t : slots) {
    t.easy = curl_easy_init();
    idle.push_back(&t);
  }
  std::size_t next = 0;
  std::size_t done = 0;
  auto start_one = [&](transfer* t) {
    const auto& r = requests[next];
    t->index = next++;
    t->verdict.clear();
    curl_easy_reset(t->easy);
    curl_slist_free_all(t->headers);
    t->headers = curl_slist_append(nullptr, "Content-Type: application/xml");
    t->headers = curl_slist_append(t->headers, r.auth->c_str());
    t->headers = curl_slist_append(t->headers, "Expect:");
    curl_easy_setopt(t->easy, CURLOPT_URL, url.c_str());
    curl_easy_setopt(t->easy, CURLOPT_CAINFO, ca.c_str());
    curl_easy_setopt(t->easy, CURLOPT_HTTPHEADER, t->headers);
    curl_easy_setopt(t->easy, CURLOPT_POSTFIELDS, r.body->data());
    curl_easy_setopt(t->easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body->size()));
    curl_easy_setopt(t->easy, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(t->easy, CURLOPT_HEADERFUNCTION, header_line);
    curl_easy_setopt(t->easy, CURLOPT_HEADERDATA, t);
    curl_easy_setopt(t->easy, CURLOPT_PRIVATE, t);
    curl_easy_setopt(t->easy, CURLOPT_TIMEOUT, 120L);
    t->started = clock_type::now();
    curl_multi_add_handle(multi, t->easy);
  };
  while (done < requests.size()) {
    while (!idle.empty() && next < requests.size()) {
      start_one(idle.back());
      idle.pop_back();
    }
    int running = 0;
    curl_multi_perform(multi, &running);
    int left = 0;
    while (CURLMsg* m = curl_multi_info_read(multi, &left)) {
      if (m->msg != CURLMSG_DONE) continue;
      transfer* t = nullptr;
      curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, reinterpret_cast<char**>(&t));
      auto& r = out[t->index];
      r.seconds = seconds_since(t->started);
      if (m->data.result == CURLE_OK) curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &r.status);
      r.verdict = t->verdict;
      curl_multi_remove_handle(multi, t->easy);
      idle.push_back(t);
      ++done;
    }
    // Poll only when nothing can be started: a finished transfer frees a slot at once.
    if (done < requests.size() && (idle.empty() || next == requests.size())) {
      curl_multi_poll(multi, nullptr, 0, 100, nullptr);
    }
  }
  for (auto& t : slots) {
    curl_slist_free_all(t.headers);
    curl_easy_cleanup(t.easy);
  }
  curl_multi_cleanup(multi);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t clients = 2000;
  std::vector<unsigned> levels{1, 8, 64};
  unsigned workers = 16;  // the daemon's default
  unsigned io_threads = 1;
  std::string gateway = IWMO_GATEWAY_BINARY;
  fs::path result;
  fs::path keep;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    const std::string v = argv[i + 1];
    if (a == "--clients") clients = std::stoul(v);
    else if (a == "--workers") workers = static_cast<unsigned>(std::stoul(v));
    else if (a == "--io-threads") io_threads = static_cast<unsigned>(std::stoul(v));
    else if (a == "--gateway") gateway = v;
    else if (a == "--result") result = v;
    else if (a == "--keep") keep = v;
    else if (a == "--concurrency") {
      levels.clear();
      std::stringstream s(v);
      for (std::string part; std::getline(s, part, ',');) levels.push_back(static_cast<unsigned>(std::stoul(part)));
    } else {
      std::cerr << "usage: iwmo-bench-load [--clients N] [--concurrency 1,8,64] [--workers W] [--io-threads T]\n"
                   "                       [--gateway PATH] [--result FILE] [--keep DIR]\n";
      return 2;
    }
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  const auto dir = keep.empty() ? fs::temp_directory_path() / fmt::format("iwmo-bench-load-{}", getpid()) : keep;
  fs::create_directories(dir);
  const auto cert = dir / "server.pem";
  const auto key = dir / "server.key";
  if (run_command({"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
           "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key.string(),
           "-out", cert.string()}) != 0) {
    std::cerr << "openssl could not make a server certificate\n";
    return 1;
  }

  const auto templates = lifecycle_templates::load();
  const auto bsn = bsns(clients);
  std::vector<std::string> toewijzingen, starts;
  for (std::size_t i = 0; i < clients; ++i) {
    toewijzingen.push_back(templates.toewijzing_for(i, bsn[i]));
    starts.push_back(templates.start_for(i, bsn[i]));
  }
  const auto declaratie = templates.declaratie_for(1, bsn, clients);

  struct level_result {
    unsigned concurrency;
    double messages_per_s, p50, p95, p99, declaratie_ms;
    std::size_t failures;
  };
  std::vector<level_result> results;
  for (const auto concurrency : levels) {
    const auto run_dir = dir / fmt::format("c{}", concurrency);
    fs::remove_all(run_dir);
    fs::create_directories(run_dir);
    const auto config = run_dir / "gateway.toml";
    std::ofstream(config) << fmt::format(R"([server]
listen = "127.0.0.1"
port = 0
port_file = "port"
io_threads = {io}
workers = {workers}
max_connections = 512

[tls]
certificate = "{cert}"
private_key = "{key}"

[store]
database = "gateway.db"
mappings = "{mappings}"
today = "2026-11-22"

[log]
level = "warn"
)",
                                         fmt::arg("io", io_threads), fmt::arg("workers", workers),
                                         fmt::arg("cert", cert.string()), fmt::arg("key", key.string()),
                                         fmt::arg("mappings", (source_dir() / "mappings").string()));
    std::string gemeente_token, aanbieder_token;
    if (run_command({gateway, "token", "create", "--config", config.string(), "--principal", "gemeente:0344", "--label", "bench"},
            &gemeente_token) != 0 ||
        run_command({gateway, "token", "create", "--config", config.string(), "--principal", "aanbieder:98000011", "--label",
             "bench"},
            &aanbieder_token) != 0) {
      std::cerr << "could not create tokens with " << gateway << "\n";
      return 1;
    }
    const auto gemeente_auth = "Authorization: Bearer " + trimmed(gemeente_token);
    const auto aanbieder_auth = "Authorization: Bearer " + trimmed(aanbieder_token);

    daemon_process daemon;
    daemon.pid = fork();
    if (daemon.pid == 0) {
      std::freopen((run_dir / "daemon.log").c_str(), "w", stdout);
      std::freopen((run_dir / "daemon.err").c_str(), "w", stderr);
      execl(gateway.c_str(), gateway.c_str(), "serve", "--config", config.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    std::string port;
    for (int tries = 0; tries < 200 && port.empty(); ++tries) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      std::ifstream in(run_dir / "port");
      std::getline(in, port);
    }
    if (port.empty()) {
      std::cerr << "the daemon did not start; see " << (run_dir / "daemon.err") << "\n";
      return 1;
    }
    const auto url = fmt::format("https://localhost:{}/v1/messages", port);

    std::vector<request> small;
    for (const auto& m : toewijzingen) small.push_back({&m, &gemeente_auth});
    const auto split = small.size();
    for (const auto& m : starts) small.push_back({&m, &aanbieder_auth});

    std::size_t failures = 0;
    std::vector<double> latencies;
    const auto begin = clock_type::now();
    for (const auto& phase : {std::vector<request>(small.begin(), small.begin() + static_cast<std::ptrdiff_t>(split)),
                              std::vector<request>(small.begin() + static_cast<std::ptrdiff_t>(split), small.end())}) {
      for (const auto& r : submit_all(url, cert.string(), phase, concurrency)) {
        latencies.push_back(r.seconds * 1000);
        if (r.status != 200 || r.verdict != "accepted") ++failures;
      }
    }
    const double small_seconds = seconds_since(begin);
    const auto big = submit_all(url, cert.string(), {{&declaratie, &aanbieder_auth}}, 1);
    if (big[0].status != 200 || big[0].verdict != "accepted") ++failures;
    daemon.stop();

    results.push_back({concurrency, static_cast<double>(small.size()) / small_seconds, percentile(latencies, 0.50),
                       percentile(latencies, 0.95), percentile(latencies, 0.99), big[0].seconds * 1000, failures});
  }
  if (keep.empty()) fs::remove_all(dir);

  fmt::print("{} clients: {} WMO301 + {} WMO305 per level, then one WMO323 with {} prestaties; daemon with {} workers, "
             "{} I/O threads\n",
             clients, clients, clients, clients, workers, io_threads);
  fmt::print("{:>11} {:>12} {:>9} {:>9} {:>9} {:>14} {:>9}\n", "concurrency", "messages/s", "p50 ms", "p95 ms", "p99 ms",
             "WMO323 ms", "failures");
  std::string line = fmt::format("load clients={} workers={}", clients, workers);
  for (const auto& r : results) {
    fmt::print("{:>11} {:>12.0f} {:>9.2f} {:>9.2f} {:>9.2f} {:>14.0f} {:>9}\n", r.concurrency, r.messages_per_s, r.p50,
               r.p95, r.p99, r.declaratie_ms, r.failures);
    line += fmt::format(" c{0}_msg_s={1:.0f} c{0}_p50_ms={2:.2f} c{0}_p95_ms={3:.2f} c{0}_p99_ms={4:.2f} c{0}_wmo323_ms={5:.0f} "
                        "c{0}_failures={6}",
                        r.concurrency, r.messages_per_s, r.p50, r.p95, r.p99, r.declaratie_ms, r.failures);
  }
  result_line(result, line);
  curl_global_cleanup();
  bool failed = false;
  for (const auto& r : results) failed = failed || r.failures != 0;
  return failed ? 1 : 0;
}
