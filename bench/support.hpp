#pragma once
// Shared by the benchmarks: reading files, timing, peak memory, result lines, and messages
// built from the lifecycle scenario's fixtures by substituting identifiers, BSNs and dates.
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace iwmo::bench {

namespace fs = std::filesystem;
using clock_type = std::chrono::steady_clock;

[[nodiscard]] std::string read_file(const fs::path& p);
void write_file(const fs::path& p, std::string_view bytes);
void replace_all(std::string& s, std::string_view from, std::string_view to);

// The first n nine-digit numbers from 100000000 that pass the eleven test.
[[nodiscard]] std::vector<std::string> bsns(std::size_t n);

[[nodiscard]] double seconds_since(clock_type::time_point start);
[[nodiscard]] double peak_rss_mb();

// Runs a command (each argument quoted), standard error discarded, standard output into `out`
// when given; the exit status, -1 when it did not exit.
int run_command(const std::vector<std::string>& args, std::string* out = nullptr);
[[nodiscard]] std::string trimmed(std::string s);
// The p-quantile (0..1) of the values, nearest rank; 0 for none.
[[nodiscard]] double percentile(std::vector<double> v, double p);

// A started daemon process, stopped with SIGTERM (and waited for) on destruction.
struct daemon_process {
  int pid = -1;
  daemon_process() = default;
  daemon_process(const daemon_process&) = delete;
  daemon_process& operator=(const daemon_process&) = delete;
  ~daemon_process() { stop(); }
  void stop();
};

// The source tree (for fixtures, mappings and schemas).
[[nodiscard]] fs::path source_dir();

// Messages of the lifecycle scenario: one toewijzing (WMO301), its start (WMO305), and a
// monthly declaration (WMO323) with one line per client.
struct lifecycle_templates {
  std::string toewijzing;
  std::string start;
  std::string declaratie;
  static lifecycle_templates load();

  [[nodiscard]] std::string toewijzing_for(std::size_t client, const std::string& bsn) const;
  [[nodiscard]] std::string start_for(std::size_t client, const std::string& bsn) const;
  // A declaration for `month` (1-12) of 2026 with one prestatie for each of the first
  // `clients` clients.
  [[nodiscard]] std::string declaratie_for(unsigned month, const std::vector<std::string>& bsn,
                                           std::size_t clients) const;
};

// Appends one comparable result line ("name key=value ...") to `file` when it is not empty,
// and prints it.
void result_line(const fs::path& file, std::string_view line);

}  // namespace iwmo::bench
