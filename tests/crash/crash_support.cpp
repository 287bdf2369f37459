#include "crash/crash_support.hpp"

#include <algorithm>
#include <cstdlib>
#include <set>
#include <stdexcept>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <openssl/evp.h>
#include <sqlite3.h>

#include "support/process.hpp"
#include "support/test_paths.hpp"

namespace iwmo::test::crash {

namespace {

std::vector<std::string> split(const std::string& s, char by) {
  std::vector<std::string> out(1);
  for (const char c : s) {
    if (c == by) out.emplace_back();
    else out.back() += c;
  }
  return out;
}

bool is_gemeente(const std::string& code) { return code.size() == 4; }

}  // namespace

std::string stream_message::sender_identity() const { return (is_gemeente(sender) ? "gemeente_" : "aanbieder_") + sender; }

std::string stream_message::pair() const {
  return is_gemeente(sender) ? sender + "/" + receiver : receiver + "/" + sender;
}

std::vector<std::string> region::parties() const {
  std::set<std::string> all;
  for (const auto& m : messages) {
    for (const auto& code : {m.sender, m.receiver}) all.insert((is_gemeente(code) ? "gemeente:" : "aanbieder:") + code);
  }
  return {all.begin(), all.end()};
}

region generate_region(const std::filesystem::path& out, std::uint64_t seed, int clients, int months) {
  const auto r = run_process({IWMO_GEN_BINARY, "--seed", std::to_string(seed), "--gemeenten", "4", "--aanbieders", "6",
                              "--clients", std::to_string(clients), "--months", std::to_string(months), "--out", out.string()});
  if (r.exit_code != 0) throw std::runtime_error("iwmo-gateway-gen failed: " + r.err);
  region g;
  g.messages_dir = out / "messages";
  g.mappings_dir = out / "mappings";
  g.today = std::string(boost::json::parse(read_file(out / "region.json")).as_object().at("today").as_string());
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(g.messages_dir)) files.push_back(e.path());
  std::ranges::sort(files);  // name order is send order
  for (const auto& f : files) {
    const auto parts = split(f.stem().string(), '-');
    if (parts.size() != 4) throw std::runtime_error("unexpected message file name " + f.string());
    stream_message m;
    m.file = f.filename().string();
    m.type = parts[1];
    m.sender = parts[2];
    m.receiver = parts[3];
    m.bytes = read_file(f);
    m.sha256 = sha256_hex(m.bytes);
    g.messages.push_back(std::move(m));
  }
  return g;
}

std::vector<std::vector<std::size_t>> lanes_by_pair(const std::vector<stream_message>& messages, std::size_t threads) {
  std::map<std::string, std::size_t> size_of;
  for (const auto& m : messages) ++size_of[m.pair()];
  std::vector<std::pair<std::string, std::size_t>> pairs(size_of.begin(), size_of.end());
  std::ranges::stable_sort(pairs, [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<std::size_t> load(threads, 0);
  std::map<std::string, std::size_t> lane_of;
  for (const auto& [pair, n] : pairs) {
    const auto lane = static_cast<std::size_t>(std::ranges::min_element(load) - load.begin());
    lane_of[pair] = lane;
    load[lane] += n;
  }
  std::vector<std::vector<std::size_t>> lanes(threads);
  for (std::size_t i = 0; i < messages.size(); ++i) lanes[lane_of.at(messages[i].pair())].push_back(i);
  return lanes;
}

std::string sha256_hex(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &n, EVP_sha256(), nullptr) != 1) throw std::runtime_error("SHA-256 failed");
  std::string out;
  for (unsigned int i = 0; i < n; ++i) out += fmt::format("{:02x}", digest[i]);
  return out;
}

struct sqlite_reader::handle {
  sqlite3* db = nullptr;
  ~handle() {
    if (db != nullptr) sqlite3_close(db);
  }
};

sqlite_reader::sqlite_reader(const std::filesystem::path& file) : db_(std::make_unique<handle>()) {
  if (sqlite3_open_v2(file.c_str(), &db_->db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    throw std::runtime_error(fmt::format("cannot open {}: {}", file.string(), sqlite3_errmsg(db_->db)));
  }
}

sqlite_reader::~sqlite_reader() = default;

std::vector<std::vector<std::string>> sqlite_reader::rows(const std::string& sql) const {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db_->db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
    throw std::runtime_error(fmt::format("{}: {}", sql, sqlite3_errmsg(db_->db)));
  }
  const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> stmt(raw, sqlite3_finalize);
  std::vector<std::vector<std::string>> out;
  int rc = 0;
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int c = 0; c < sqlite3_column_count(raw); ++c) {
      if (sqlite3_column_type(raw, c) == SQLITE_NULL) {
        row.emplace_back("<null>");
        continue;
      }
      const auto* data = static_cast<const char*>(sqlite3_column_blob(raw, c));
      row.emplace_back(data == nullptr ? "" : std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(raw, c))));
    }
    out.push_back(std::move(row));
  }
  if (rc != SQLITE_DONE) throw std::runtime_error(fmt::format("{}: {}", sql, sqlite3_errmsg(db_->db)));
  return out;
}

std::string sqlite_reader::scalar(const std::string& sql) const {
  const auto r = rows(sql);
  return r.empty() || r[0].empty() ? std::string() : r[0][0];
}

std::vector<std::string> sorted_lines(const sqlite_reader& db, const std::string& sql) {
  std::vector<std::string> lines;
  for (const auto& row : db.rows(sql)) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) line += (i == 0 ? "" : "|") + row[i];
    lines.push_back(std::move(line));
  }
  std::ranges::sort(lines);
  return lines;
}

std::uint64_t env_number(const char* name, std::uint64_t fallback) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return fallback;
  char* end = nullptr;
  const auto n = std::strtoull(v, &end, 10);
  return end != nullptr && *end == '\0' ? n : fallback;
}

}  // namespace iwmo::test::crash
