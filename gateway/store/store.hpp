#pragma once
// The gateway's database: the only place with SQL (DESIGN §5). One SQLite file in WAL mode with
// synchronous=FULL, so a committed message is on disk; STRICT tables, foreign keys on; the schema
// is migrated on open and a database written by a newer version is refused.
//
// One message is one transaction (begin() ... commit()): the message, its answer and the state
// it changes are stored together or not at all.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/records.hpp"
#include "reconcile/ledger.hpp"
#include "rules/cross_message.hpp"
#include "rules/history.hpp"
#include "store/sqlite.hpp"

namespace iwmo::store {

struct message_row {
  std::int64_t id = 0;
  std::string received_at;
  std::string source;
  std::string sha256;
  std::string bytes;
  std::optional<std::string> type;
  std::optional<std::string> sender;
  std::optional<std::string> receiver;
  std::optional<std::string> identificatie;
  std::optional<std::string> dagtekening;
  std::string verdict;        // schema | rejected | accepted | partial | stored
  std::string findings_json;  // [{"rule","retourcode","path"}]
  std::string errors_json;    // [{"line","column","text"}]
};

struct answer_row {
  std::int64_t message_id = 0;
  std::string type;
  std::string identificatie;
  std::string dagtekening;
  std::string bytes;
};

using reconcile::ledger_row;
using reconcile::toewijzing_state;

class database {
 public:
  // Opens (or creates) the file, applies the pragmas and pending migrations. Throws store_error
  // for an unreadable file or a schema newer than this binary.
  explicit database(const std::filesystem::path& file);
  ~database();
  database(const database&) = delete;
  database& operator=(const database&) = delete;

  [[nodiscard]] static int current_version();
  [[nodiscard]] int version();

  [[nodiscard]] transaction begin();

  std::int64_t add_message(const message_row& m);
  void add_answer(const answer_row& a);
  void register_identificatie(std::string_view sender, std::string_view type, std::string_view identificatie,
                              std::int64_t message_id);
  // Applies the state change of an accepted message; returns the toewijzingen (gemeente,
  // nummer) whose ledger it touches.
  std::vector<std::pair<std::string, std::int64_t>> apply(std::int64_t message_id, const rules::state_delta& delta);

  [[nodiscard]] const rules::history& history() const;

  [[nodiscard]] std::optional<message_row> message(std::int64_t id);
  [[nodiscard]] std::optional<answer_row> answer(std::int64_t message_id);
  [[nodiscard]] std::int64_t message_count();

  // Ledger.
  [[nodiscard]] toewijzing_state toewijzing_state_of(std::string_view gemeente, std::int64_t nummer);
  void replace_ledger(std::string_view gemeente, std::int64_t nummer, const std::vector<ledger_row>& rows);
  [[nodiscard]] std::vector<ledger_row> ledger(std::string_view gemeente, std::string_view maand,
                                               const std::optional<std::string>& aanbieder);
  [[nodiscard]] std::vector<ledger_row> ledger_all();
  [[nodiscard]] std::vector<std::pair<std::string, std::int64_t>> all_toewijzingen();
  void clear_ledger();

  // Maintenance: rows per table, and SQLite's integrity check.
  [[nodiscard]] std::map<std::string, std::int64_t> row_counts();
  [[nodiscard]] bool integrity_ok();

  // The connection, for tests and maintenance (integrity checks).
  [[nodiscard]] connection& raw() { return *db_; }

 private:
  void open(const std::filesystem::path& file);

  std::unique_ptr<connection> db_;
  std::unique_ptr<rules::history> history_;
};

}  // namespace iwmo::store
