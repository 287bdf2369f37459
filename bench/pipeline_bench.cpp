// Pipeline benchmark: a municipality with N clients, each with one toewijzing and one start,
// then M monthly declarations from the provider, each with one line per client. Every message
// goes through `app::pipeline::submit` (levels 1-4, one SQLite transaction with WAL and
// synchronous=FULL, the answer, the ledger) exactly as `process` runs it.
//
//   iwmo-bench-pipeline [--clients N] [--months M] [--db FILE]
//
// The messages are built from the lifecycle scenario's fixtures by substituting identifiers,
// BSNs, numbers and dates. Prints wall time per phase, throughput and peak memory.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <sys/resource.h>

#include <fmt/format.h>

#include "app/pipeline.hpp"
#include "mappings/reference_tables.hpp"

using namespace iwmo;
namespace fs = std::filesystem;
using clock_type = std::chrono::steady_clock;

namespace {

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) s.replace(pos, from.size(), to);
}

// The n-th nine-digit number from 100000000 that passes the eleven test.
std::vector<std::string> bsns(std::size_t n) {
  std::vector<std::string> out;
  for (long v = 100000000; out.size() < n; ++v) {
    const auto s = std::to_string(v);
    int sum = 0;
    for (int i = 0; i < 8; ++i) sum += (s[static_cast<std::size_t>(i)] - '0') * (9 - i);
    sum -= s[8] - '0';
    if (sum % 11 == 0) out.push_back(s);
  }
  return out;
}

long peak_rss_kb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

struct phase {
  std::string name;
  std::size_t messages = 0;
  std::size_t lines = 0;
  double seconds = 0;
  std::size_t accepted = 0;
};

}  // namespace

int main(int argc, char** argv) {
  std::size_t clients = 2000;
  unsigned months = 10;
  fs::path db_file = fs::temp_directory_path() / "iwmo-bench-pipeline.db";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--clients") clients = std::stoul(argv[i + 1]);
    else if (a == "--months") months = static_cast<unsigned>(std::stoul(argv[i + 1]));
    else if (a == "--db") db_file = argv[i + 1];
    else {
      std::cerr << "usage: iwmo-bench-pipeline [--clients N] [--months M (1-10)] [--db FILE]\n";
      return 2;
    }
  }
  months = std::min(months, 10u);
  for (const auto* suffix : {"", "-wal", "-shm"}) fs::remove(db_file.string() + suffix);

  const fs::path source = IWMO_SOURCE_DIR;
  const auto scenario = source / "fixtures" / "iwmo-3.2" / "scenarios" / "01-lifecycle";
  const auto t301 = read(scenario / "01-toewijzing.xml");
  const auto t305 = read(scenario / "02-start.xml");
  const auto t323 = read(scenario / "03-declaratie-januari.xml");
  const auto client_begin = t323.find("      <Client>");
  const auto client_end = t323.find("      </Client>") + std::string_view("      </Client>\n").size();
  const auto client_block = t323.substr(client_begin, client_end - client_begin);

  const auto reference = mappings::reference_tables::load(source / "mappings");
  store::database db(db_file);
  app::pipeline_options options;
  options.today = [] { return model::date{2026, 11, 22}; };
  app::pipeline pipe(xml::schema_set::builtin(), db, reference, options);
  const auto bsn = bsns(clients);

  std::vector<phase> phases;
  auto run = [&](const std::string& name, const std::vector<std::string>& messages, std::size_t lines) {
    phase p{name, messages.size(), lines, 0, 0};
    const auto start = clock_type::now();
    for (const auto& m : messages) p.accepted += pipe.submit(m, name).accepted() ? 1 : 0;
    p.seconds = std::chrono::duration<double>(clock_type::now() - start).count();
    phases.push_back(p);
  };

  std::vector<std::string> toewijzingen, starts;
  for (std::size_t i = 0; i < clients; ++i) {
    auto m = t301;
    replace_all(m, "ID0001", fmt::format("T{:08}", i));
    replace_all(m, "999990019", bsn[i]);
    replace_all(m, "5000001", std::to_string(6000000 + i));
    toewijzingen.push_back(std::move(m));
    auto s = t305;
    replace_all(s, "ID0002", fmt::format("S{:08}", i));
    replace_all(s, "999990019", bsn[i]);
    replace_all(s, "5000001", std::to_string(6000000 + i));
    starts.push_back(std::move(s));
  }
  run("WMO301", toewijzingen, clients);
  run("WMO305", starts, clients);

  std::vector<std::string> declarations;
  std::size_t bytes = 0;
  for (unsigned month = 1; month <= months; ++month) {
    const model::date first{2026, month, 1};
    std::string body;
    body.reserve(client_block.size() * clients);
    for (std::size_t i = 0; i < clients; ++i) {
      auto c = client_block;
      replace_all(c, "999990019", bsn[i]);
      replace_all(c, "5000001", std::to_string(6000000 + i));
      replace_all(c, "RN-0001", fmt::format("R{:02}{:08}", month, i));
      body += c;
    }
    auto m = t323.substr(0, client_begin) + body + t323.substr(client_end);
    replace_all(m, "ID0003", fmt::format("D{:02}", month));
    replace_all(m, "DCL202601", fmt::format("DCL2026{:02}", month));
    replace_all(m, "<iwmo:TotaalBedrag>37800<", fmt::format("<iwmo:TotaalBedrag>{}<", 37800 * clients));
    replace_all(m, "2026-01-01", first.to_string());
    replace_all(m, "2026-01-31", first.last_of_month().to_string());
    replace_all(m, "2026-02-02", first.add_months(1).add_days(1).to_string());
    bytes += m.size();
    declarations.push_back(std::move(m));
  }
  run("WMO323", declarations, clients * months);

  fmt::print("clients {}, months {}, declaration size {:.1f} MB each\n", clients, months,
             static_cast<double>(bytes) / months / 1e6);
  fmt::print("{:<8} {:>9} {:>9} {:>10} {:>12} {:>12} {:>9}\n", "phase", "messages", "accepted", "seconds", "messages/s",
             "lines/s", "ms/msg");
  for (const auto& p : phases) {
    fmt::print("{:<8} {:>9} {:>9} {:>10.2f} {:>12.1f} {:>12.0f} {:>9.2f}\n", p.name, p.messages, p.accepted, p.seconds,
               static_cast<double>(p.messages) / p.seconds, static_cast<double>(p.lines) / p.seconds,
               1000.0 * p.seconds / static_cast<double>(p.messages));
  }
  std::uintmax_t size = 0;
  for (const auto* suffix : {"", "-wal"}) {
    std::error_code ec;
    const auto s = fs::file_size(db_file.string() + suffix, ec);
    if (!ec) size += s;
  }
  fmt::print("database {:.1f} MB, ledger lines {}, peak RSS {:.1f} MB\n", static_cast<double>(size) / 1e6,
             db.ledger_all().size(), static_cast<double>(peak_rss_kb()) / 1024.0);
  return 0;
}
