// Pipeline benchmark: a municipality with N clients, each with one toewijzing and one start,
// then M monthly declarations from the provider, each with one line per client. Every message
// goes through `app::pipeline::submit` (levels 1-4, one SQLite transaction with WAL and
// synchronous=FULL, the answer, the ledger) exactly as `process` runs it.
//
//   iwmo-bench-pipeline [--clients N] [--months M] [--db FILE] [--result FILE]
//
// The messages are built from the lifecycle scenario's fixtures by substituting identifiers,
// BSNs, numbers and dates. Prints wall time per phase, throughput and peak memory.
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "app/pipeline.hpp"
#include "mappings/reference_tables.hpp"
#include "support.hpp"

using namespace iwmo;
using namespace iwmo::bench;

namespace {

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
  fs::path result;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--clients") clients = std::stoul(argv[i + 1]);
    else if (a == "--months") months = static_cast<unsigned>(std::stoul(argv[i + 1]));
    else if (a == "--db") db_file = argv[i + 1];
    else if (a == "--result") result = argv[i + 1];
    else {
      std::cerr << "usage: iwmo-bench-pipeline [--clients N] [--months M (1-12)] [--db FILE] [--result FILE]\n";
      return 2;
    }
  }
  months = std::min(months, 12u);
  for (const auto* suffix : {"", "-wal", "-shm"}) fs::remove(db_file.string() + suffix);

  const auto templates = lifecycle_templates::load();
  const auto reference = mappings::reference_tables::load(source_dir() / "mappings");
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
    p.seconds = seconds_since(start);
    phases.push_back(p);
  };

  std::vector<std::string> toewijzingen, starts;
  for (std::size_t i = 0; i < clients; ++i) {
    toewijzingen.push_back(templates.toewijzing_for(i, bsn[i]));
    starts.push_back(templates.start_for(i, bsn[i]));
  }
  run("WMO301", toewijzingen, clients);
  run("WMO305", starts, clients);

  std::vector<std::string> declarations;
  std::size_t bytes = 0;
  for (unsigned month = 1; month <= months; ++month) {
    declarations.push_back(templates.declaratie_for(month, bsn, clients));
    bytes += declarations.back().size();
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
             db.ledger_all().size(), peak_rss_mb());
  std::string line = fmt::format("pipeline clients={} months={}", clients, months);
  for (const auto& p : phases) {
    line += fmt::format(" {}_msg_s={:.1f} {}_ms={:.2f}", p.name, static_cast<double>(p.messages) / p.seconds, p.name,
                        1000.0 * p.seconds / static_cast<double>(p.messages));
  }
  line += fmt::format(" db_mb={:.1f} peak_rss_mb={:.1f}", static_cast<double>(size) / 1e6, peak_rss_mb());
  result_line(result, line);
  return 0;
}
