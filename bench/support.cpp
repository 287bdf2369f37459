#include "support.hpp"

#include <sys/resource.h>
#include <sys/wait.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

namespace iwmo::bench {

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const fs::path& p, std::string_view bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + p.string());
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
}

std::vector<std::string> bsns(std::size_t n) {
  std::vector<std::string> out;
  out.reserve(n);
  for (long v = 100000000; out.size() < n; ++v) {
    const auto s = std::to_string(v);
    int sum = 0;
    for (int i = 0; i < 8; ++i) sum += (s[static_cast<std::size_t>(i)] - '0') * (9 - i);
    sum -= s[8] - '0';
    if (sum % 11 == 0) out.push_back(s);
  }
  return out;
}

double seconds_since(clock_type::time_point start) {
  return std::chrono::duration<double>(clock_type::now() - start).count();
}

double peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

fs::path source_dir() { return IWMO_SOURCE_DIR; }

lifecycle_templates lifecycle_templates::load() {
  const auto scenario = source_dir() / "fixtures" / "iwmo-3.2" / "scenarios" / "01-lifecycle";
  return {read_file(scenario / "01-toewijzing.xml"), read_file(scenario / "02-start.xml"),
          read_file(scenario / "03-declaratie-januari.xml")};
}

std::string lifecycle_templates::toewijzing_for(std::size_t client, const std::string& bsn) const {
  auto m = toewijzing;
  replace_all(m, "ID0001", fmt::format("T{:08}", client));
  replace_all(m, "999990019", bsn);
  replace_all(m, "5000001", std::to_string(6000000 + client));
  return m;
}

std::string lifecycle_templates::start_for(std::size_t client, const std::string& bsn) const {
  auto s = start;
  replace_all(s, "ID0002", fmt::format("S{:08}", client));
  replace_all(s, "999990019", bsn);
  replace_all(s, "5000001", std::to_string(6000000 + client));
  return s;
}

std::string lifecycle_templates::declaratie_for(unsigned month, const std::vector<std::string>& bsn,
                                                std::size_t clients) const {
  const auto& t = declaratie;
  const auto client_begin = t.find("      <Client>");
  const auto client_end = t.find("      </Client>") + std::string_view("      </Client>\n").size();
  const auto client_block = t.substr(client_begin, client_end - client_begin);
  std::string body;
  body.reserve(client_block.size() * clients);
  for (std::size_t i = 0; i < clients; ++i) {
    auto c = client_block;
    replace_all(c, "999990019", bsn[i]);
    replace_all(c, "5000001", std::to_string(6000000 + i));
    replace_all(c, "RN-0001", fmt::format("R{:02}{:08}", month, i));
    body += c;
  }
  auto m = t.substr(0, client_begin) + body + t.substr(client_end);
  const auto last_day = month == 2 ? 28 : (month == 4 || month == 6 || month == 9 || month == 11) ? 30 : 31;
  const auto next = month == 12 ? std::string("2027-01-02") : fmt::format("2026-{:02}-02", month + 1);
  replace_all(m, "ID0003", fmt::format("D{:02}", month));
  replace_all(m, "DCL202601", fmt::format("DCL2026{:02}", month));
  replace_all(m, "<iwmo:TotaalBedrag>37800<", fmt::format("<iwmo:TotaalBedrag>{}<", 37800 * clients));
  replace_all(m, "2026-01-01", fmt::format("2026-{:02}-01", month));
  replace_all(m, "2026-01-31", fmt::format("2026-{:02}-{:02}", month, last_day));
  replace_all(m, "2026-02-02", next);
  return m;
}

void result_line(const fs::path& file, std::string_view line) {
  std::cout << line << '\n';
  if (file.empty()) return;
  std::ofstream out(file, std::ios::app);
  out << line << '\n';
}

int run_command(const std::vector<std::string>& args, std::string* out) {
  std::string command;
  for (const auto& a : args) command += "'" + a + "' ";
  if (out == nullptr) command += ">/dev/null ";
  command += "2>/dev/null";
  FILE* p = popen(command.c_str(), "r");
  if (p == nullptr) return -1;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, p)) > 0) {
    if (out != nullptr) out->append(buffer, n);
  }
  const int status = pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

void daemon_process::stop() {
  if (pid <= 0) return;
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  pid = -1;
}

}  // namespace iwmo::bench
