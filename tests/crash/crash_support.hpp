#pragma once
// Support for the crash-consistency test: a generated region as a stream of messages with their
// senders, and read-only access to a gateway database for the checks after the kills.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace iwmo::test::crash {

// One message of the stream, in the order it must be sent.
struct stream_message {
  std::string file;      // 0000001-WMO301-0344-98123456.xml
  std::string type;      // WMO301
  std::string sender;    // Afzender: a CBS or AGB code
  std::string receiver;  // Ontvanger
  std::string bytes;
  std::string sha256;    // lower-case hex, as the message table stores it
  [[nodiscard]] std::string sender_identity() const;  // "gemeente_0344", "aanbieder_98123456"
  [[nodiscard]] std::string pair() const;             // "0344/98123456": gemeente, then aanbieder
};

struct region {
  std::filesystem::path messages_dir;
  std::filesystem::path mappings_dir;
  std::string today;  // the date to process with
  std::vector<stream_message> messages;
  [[nodiscard]] std::vector<std::string> parties() const;  // "gemeente:0344", "aanbieder:98123456", sorted
};

// Runs iwmo-gateway-gen into `out` (absent or empty) and reads the stream back.
[[nodiscard]] region generate_region(const std::filesystem::path& out, std::uint64_t seed, int clients, int months);

// Splits the stream over `threads` lanes: every (gemeente, aanbieder) pair goes to one lane, so
// a lane sends the messages of its pairs in stream order (a start after its toewijzing, a
// credit after its debit); pairs are spread by size, largest first. Indices into `messages`.
[[nodiscard]] std::vector<std::vector<std::size_t>> lanes_by_pair(const std::vector<stream_message>& messages,
                                                                  std::size_t threads);

[[nodiscard]] std::string sha256_hex(const std::string& bytes);

// A database opened read-only. Values are text (BLOBs as their bytes); NULL is "<null>".
class sqlite_reader {
 public:
  explicit sqlite_reader(const std::filesystem::path& file);
  ~sqlite_reader();
  sqlite_reader(const sqlite_reader&) = delete;
  sqlite_reader& operator=(const sqlite_reader&) = delete;

  [[nodiscard]] std::vector<std::vector<std::string>> rows(const std::string& sql) const;
  [[nodiscard]] std::string scalar(const std::string& sql) const;  // first column of the first row, "" when none

 private:
  struct handle;
  std::unique_ptr<handle> db_;
};

// The rows of a query as sorted lines (columns joined by '|'), for comparing two databases
// whatever the order of the rows.
[[nodiscard]] std::vector<std::string> sorted_lines(const sqlite_reader& db, const std::string& sql);

// Reads an environment variable as a number; `fallback` when it is absent or not a number.
[[nodiscard]] std::uint64_t env_number(const char* name, std::uint64_t fallback);

}  // namespace iwmo::test::crash
