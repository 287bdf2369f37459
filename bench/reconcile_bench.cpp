// Reconciliation benchmark: a generated region of a given number of prestaties (declared lines),
// processed and reconciled by the real command-line tools; wall time and peak memory of each
// step, for several sizes, to show how the cost grows.
//
//   iwmo-bench-reconcile [--prestaties 10000,100000,1000000] [--group N] [--seed S] [--jeugd-share R]
//                        [--gateway PATH] [--generator PATH] [--result FILE] [--keep DIR]
//
// Per size: `iwmo-gateway-gen` writes the region (12 months, the number of clients scaled to
// reach the size), `iwmo-gateway process --group N` stores every message (levels 1-4, state,
// answers and the incremental ledger), `iwmo-gateway rebuild` recomputes the whole ledger from
// the stored state, and `iwmo-gateway reconcile` reports every gemeente for the last month.
// With --jeugd-share R the regions have that share of Jeugdwet clients (iJw messages next to the
// iWmo ones); the result line is then named `reconcile_jeugd`, so it is never compared with the
// Wmo-only `reconcile` line.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "support.hpp"

using namespace iwmo::bench;

namespace {

struct step {
  double seconds = 0;
  double peak_rss_mb = 0;
  int exit_code = -1;
};

// Runs a program with its output sent to `log`; wall time and the child's peak memory.
step run(const std::vector<std::string>& args, const fs::path& log) {
  std::vector<std::string> copy = args;
  std::vector<char*> argv;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  const auto start = clock_type::now();
  const pid_t pid = fork();
  if (pid == 0) {
    std::freopen(log.c_str(), "a", stdout);
    std::freopen(log.c_str(), "a", stderr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  step s;
  s.seconds = seconds_since(start);
  s.peak_rss_mb = static_cast<double>(usage.ru_maxrss) / 1024.0;
  s.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return s;
}

boost::json::object read_json(const fs::path& p) { return boost::json::parse(read_file(p)).as_object(); }

std::string arg(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr) return {};
  if (v->is_string()) return std::string(v->as_string());
  return boost::json::serialize(*v);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::size_t> sizes{10000, 100000, 1000000};
  std::size_t group = 1000;
  unsigned seed = 1;
  std::string gateway = IWMO_GATEWAY_BINARY;
  std::string generator = IWMO_GENERATOR_BINARY;
  fs::path result;
  fs::path keep;
  std::string jeugd_share;  // empty: a Wmo-only region, as before
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    const std::string v = argv[i + 1];
    if (a == "--group") group = std::stoul(v);
    else if (a == "--seed") seed = static_cast<unsigned>(std::stoul(v));
    else if (a == "--gateway") gateway = v;
    else if (a == "--generator") generator = v;
    else if (a == "--result") result = v;
    else if (a == "--keep") keep = v;
    else if (a == "--jeugd-share") jeugd_share = v;
    else if (a == "--prestaties") {
      sizes.clear();
      std::stringstream s(v);
      for (std::string part; std::getline(s, part, ',');) sizes.push_back(std::stoul(part));
    } else {
      std::cerr << "usage: iwmo-bench-reconcile [--prestaties 10000,100000,1000000] [--group N] [--seed S]\n"
                   "                            [--jeugd-share R] [--gateway PATH] [--generator PATH] [--result FILE]\n"
                   "                            [--keep DIR]\n";
      return 2;
    }
  }
  const auto dir = keep.empty() ? fs::temp_directory_path() / fmt::format("iwmo-bench-reconcile-{}", getpid()) : keep;
  fs::create_directories(dir);
  const auto log = dir / "bench.log";
  const unsigned months = 12;
  // The generator's arguments after the size; --jeugd-share only when asked for, so that the
  // default regions are exactly those of earlier runs.
  const auto with_jeugd = [&](std::vector<std::string> args) {
    if (!jeugd_share.empty()) {
      args.insert(args.end() - 2, "--jeugd-share");
      args.insert(args.end() - 2, jeugd_share);
    }
    return args;
  };

  // Calibration: prestaties per client over the months, from a small region.
  const auto calibration = dir / "calibration";
  fs::remove_all(calibration);
  const std::size_t calibration_clients = 500;
  if (run(with_jeugd({generator, "--seed", std::to_string(seed), "--gemeenten", "2", "--aanbieders", "4", "--clients",
                      std::to_string(calibration_clients), "--months", std::to_string(months), "--out",
                      calibration.string()}),
          log)
          .exit_code != 0) {
    std::cerr << "the generator failed; see " << log << "\n";
    return 1;
  }
  const double per_client =
      std::stod(arg(read_json(calibration / "region.json"), "prestaties")) / static_cast<double>(calibration_clients);
  fs::remove_all(calibration);

  struct row {
    std::size_t target, prestaties, messages, clients;
    double mb;
    step generate, process, rebuild, reconcile, signals;
  };
  std::vector<row> rows;
  for (const auto size : sizes) {
    const auto clients = std::max<std::size_t>(10, static_cast<std::size_t>(static_cast<double>(size) / per_client + 0.5));
    const auto gemeenten = std::clamp<std::size_t>(clients / 2500, 2, 40);
    const auto aanbieders = std::clamp<std::size_t>(clients / 400, 4, 200);
    const auto region = dir / fmt::format("region-{}", size);
    fs::remove_all(region);
    row r{size, 0, 0, clients, 0, {}, {}, {}, {}, {}};
    r.generate = run(with_jeugd({generator, "--seed", std::to_string(seed), "--gemeenten", std::to_string(gemeenten),
                                 "--aanbieders", std::to_string(aanbieders), "--clients", std::to_string(clients),
                                 "--months", std::to_string(months), "--out", region.string()}),
                     log);
    if (r.generate.exit_code != 0) {
      std::cerr << "the generator failed; see " << log << "\n";
      return 1;
    }
    const auto summary = read_json(region / "region.json");
    r.prestaties = std::stoul(arg(summary, "prestaties"));
    const auto today = arg(summary, "today");
    std::uintmax_t bytes = 0;
    for (const auto& e : fs::directory_iterator(region / "messages")) {
      bytes += e.file_size();
      ++r.messages;
    }
    r.mb = static_cast<double>(bytes) / 1e6;
    const auto db = region / "gateway.db";
    r.process = run({gateway, "process", "--db", db.string(), "--mappings", (region / "mappings").string(), "--today",
                     today, "--group", std::to_string(group), (region / "messages").string()},
                    region / "process.log");
    r.rebuild = run({gateway, "rebuild", "--db", db.string(), "--mappings", (region / "mappings").string()}, log);
    // Every gemeente, the last month of the region.
    std::vector<std::string> codes;
    {
      std::ifstream in(region / "mappings" / "gemeenten.csv");
      for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#' || line.rfind("cbs_code", 0) == 0) continue;
        codes.push_back(line.substr(0, line.find(',')));
      }
    }
    // The last whole month: the month before the region's last day.
    const auto last_day = arg(summary, "last_day");  // YYYY-MM-DD
    int year = std::stoi(last_day.substr(0, 4));
    int month = std::stoi(last_day.substr(5, 2)) - 1;
    if (month == 0) {
      month = 12;
      --year;
    }
    const auto last_month = fmt::format("{:04}-{:02}", year, month);
    for (const auto& code : codes) {
      const auto s = run({gateway, "reconcile", "--db", db.string(), "--mappings", (region / "mappings").string(),
                          "--gemeente", code, "--period", last_month, "--format", "csv"},
                         region / "reconcile.csv");
      r.reconcile.seconds += s.seconds;
      r.reconcile.peak_rss_mb = std::max(r.reconcile.peak_rss_mb, s.peak_rss_mb);
      r.reconcile.exit_code = std::max(r.reconcile.exit_code, s.exit_code);
    }
    // The rechtmatigheid signals over the whole store, with the shipped thresholds.
    fs::copy_file(fs::path(IWMO_SOURCE_DIR) / "mappings" / "signalen.csv", region / "mappings" / "signalen.csv",
                  fs::copy_options::overwrite_existing);
    r.signals = run({gateway, "signals", "--db", db.string(), "--mappings", (region / "mappings").string(), "--today",
                     today, "--quiet"},
                    region / "signals.txt");
    rows.push_back(r);
    if (keep.empty()) fs::remove_all(region);
  }
  if (keep.empty()) fs::remove_all(dir);

  fmt::print("{:>10} {:>8} {:>8} {:>7} | {:>8} | {:>9} {:>8} {:>9} | {:>9} {:>8} | {:>9} {:>8} | {:>9} {:>8}\n",
             "prestaties", "messages", "clients", "MB", "gen s", "process s", "lines/s", "RSS MB", "rebuild s", "RSS MB",
             "reconcile", "RSS MB", "signals s", "RSS MB");
  std::string line = jeugd_share.empty() ? fmt::format("reconcile group={}", group)
                                         : fmt::format("reconcile_jeugd jeugd_share={} group={}", jeugd_share, group);
  for (const auto& r : rows) {
    const bool failed =
        r.process.exit_code > 1 || r.rebuild.exit_code != 0 || r.reconcile.exit_code != 0 || r.signals.exit_code != 0;
    fmt::print("{:>10} {:>8} {:>8} {:>7.1f} | {:>8.1f} | {:>9.1f} {:>8.0f} {:>9.1f} | {:>9.1f} {:>8.1f} | {:>9.2f} {:>8.1f} | "
               "{:>9.1f} {:>8.1f}{}\n",
               r.prestaties, r.messages, r.clients, r.mb, r.generate.seconds, r.process.seconds,
               static_cast<double>(r.prestaties) / r.process.seconds, r.process.peak_rss_mb, r.rebuild.seconds,
               r.rebuild.peak_rss_mb, r.reconcile.seconds, r.reconcile.peak_rss_mb, r.signals.seconds,
               r.signals.peak_rss_mb, failed ? "  (a step FAILED)" : "");
    line += fmt::format(" p{0}_process_s={1:.1f} p{0}_process_rss_mb={2:.0f} p{0}_rebuild_s={3:.1f} p{0}_rebuild_rss_mb={4:.0f} "
                        "p{0}_reconcile_s={5:.2f} p{0}_signals_s={6:.1f} p{0}_signals_rss_mb={7:.0f}",
                        r.prestaties, r.process.seconds, r.process.peak_rss_mb, r.rebuild.seconds, r.rebuild.peak_rss_mb,
                        r.reconcile.seconds, r.signals.seconds, r.signals.peak_rss_mb);
  }
  result_line(result, line);
  return 0;
}
