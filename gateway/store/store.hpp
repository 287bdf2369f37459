#pragma once
// The gateway's database: the only place with SQL (DESIGN §5). One SQLite file in WAL mode with
// synchronous=FULL, so a committed message is on disk; STRICT tables, foreign keys on; the schema
// is migrated on open and a database written by a newer version is refused.
//
// A message is stored in one transaction (begin() ... commit()) or, in a group commit, in one
// savepoint of a shared transaction (mark() ... release()): the message, its answer and the
// state it changes are stored together or not at all.
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

// A toewijzing as the state tables know it: numbers are unique per domain and gemeente.
struct toewijzing_key {
  model::standard standard;
  std::string gemeente;
  std::int64_t nummer = 0;
  friend auto operator<=>(const toewijzing_key&, const toewijzing_key&) = default;
};
using reconcile::toewijzing_state;

// A message without its bytes, as lists and searches return it.
struct message_summary {
  std::int64_t id = 0;
  std::string received_at;
  std::string sha256;
  std::optional<std::string> type;
  std::optional<std::string> sender;
  std::optional<std::string> receiver;
  std::optional<std::string> identificatie;
  std::optional<std::string> dagtekening;
  std::string verdict;
  std::string findings_json;
  std::optional<std::string> answer_type;
  std::optional<std::string> purged_at;  // the content was removed under the retention policy
};

// What a purge did (database::purge).
struct purge_report {
  std::int64_t messages = 0;          // messages whose bytes were removed
  std::int64_t answers = 0;           // answers whose bytes were removed
  std::int64_t bsn_keys = 0;          // BSN search keys removed
  std::int64_t expired_mailbox = 0;   // mailbox items never collected, now closed as 'expired'
  std::int64_t dead_outbox = 0;       // pending pushes of those, now dead
  std::optional<std::string> oldest_kept;  // received_at of the oldest message left whole
};

// Search by business key; every given criterion must hold. `parties` limits the result to
// messages a party sent or received (CBS or AGB codes); empty means no limit.
struct message_query {
  std::optional<std::string> bsn;
  std::optional<std::string> toewijzing;
  std::optional<std::string> declaratie;
  std::optional<std::string> referentie;
  std::optional<std::string> identificatie;
  std::optional<std::string> type;
  std::optional<std::string> from;  // received on or after this date (YYYY-MM-DD)
  std::optional<std::string> to;    // received on or before this date
  std::vector<std::string> parties;
  std::int64_t after = 0;  // ids greater than this
  int limit = 100;
};

struct mailbox_item {
  std::int64_t id = 0;
  std::int64_t message_id = 0;
  std::string recipient;
  std::string created_at;
  std::optional<std::string> acked_at;
  std::optional<std::string> acked_by;
  message_summary message;
};

enum class outbox_state : std::uint8_t { pending, delivered, dead };
[[nodiscard]] std::string_view to_string(outbox_state s);
[[nodiscard]] std::optional<outbox_state> parse_outbox_state(std::string_view s);

struct outbox_item {
  std::int64_t id = 0;
  std::int64_t mailbox_id = 0;
  std::int64_t message_id = 0;
  std::string recipient;
  std::string endpoint;
  outbox_state state = outbox_state::pending;
  std::int64_t attempts = 0;
  std::int64_t created_ms = 0;
  std::int64_t next_attempt_ms = 0;
  std::optional<std::int64_t> last_attempt_ms;
  std::optional<std::string> last_error;
  std::optional<std::int64_t> finished_ms;
  std::optional<std::int64_t> replayed_ms;
};

// A delivery to attempt: the outbox item with what is pushed.
struct delivery {
  outbox_item item;
  std::string type;
  std::string sender;
  std::string bytes;
};

// A StUF-GGK envelope seen before (gateway/store/ggk.cpp, docs/ggk.md): the message its
// referentienummer carried.
struct ggk_envelope_row {
  std::string referentienummer;
  std::int64_t message_id = 0;
  std::string zender;       // the envelope's zender/organisatie
  std::string received_at;
  std::string sha256;       // of that message's bytes
  std::string verdict;      // that message's verdict
};

struct credential_row {
  std::int64_t id = 0;
  std::string principal;
  std::string label;
  std::string created_at;
  std::optional<std::string> revoked_at;
};

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
  // Inside a transaction: a part that can be undone alone (one message of a group commit).
  [[nodiscard]] savepoint mark();

  std::int64_t add_message(const message_row& m);
  void add_answer(const answer_row& a);
  void register_identificatie(std::string_view sender, std::string_view type, std::string_view identificatie,
                              std::int64_t message_id);
  // Applies the state change of an accepted message; returns the toewijzingen (gemeente,
  // nummer) whose ledger it touches.
  std::vector<std::pair<std::string, std::int64_t>> apply(std::int64_t message_id, const rules::state_delta& delta,
                                                          model::standard standard);

  [[nodiscard]] const rules::history& history(model::standard standard) const;

  [[nodiscard]] std::optional<message_row> message(std::int64_t id);
  [[nodiscard]] std::optional<answer_row> answer(std::int64_t message_id);
  [[nodiscard]] std::int64_t message_count();

  // Ledger.
  [[nodiscard]] toewijzing_state toewijzing_state_of(model::standard standard, std::string_view gemeente,
                                                    std::int64_t nummer);
  void replace_ledger(model::standard standard, std::string_view gemeente, std::int64_t nummer,
                      const std::vector<ledger_row>& rows);
  [[nodiscard]] std::vector<ledger_row> ledger(std::string_view gemeente, std::string_view maand,
                                               const std::optional<std::string>& aanbieder);
  [[nodiscard]] std::vector<ledger_row> ledger_all();
  // The number of ledger lines (months × toewijzingen), without reading them.
  [[nodiscard]] std::int64_t ledger_line_count();
  [[nodiscard]] std::vector<toewijzing_key> all_toewijzingen();
  void clear_ledger();

  // Retention: removes the content of every message received before `cutoff` (UTC text, as
  // received_at) that is not purged yet, in one transaction; `now` stamps purged_at and the
  // expired mailbox items. With `dry_run` it counts and changes nothing.
  purge_report purge(std::string_view cutoff, std::string_view now, bool dry_run = false);

  // Maintenance: rows per table, and SQLite's integrity check.
  [[nodiscard]] std::map<std::string, std::int64_t> row_counts();
  [[nodiscard]] bool integrity_ok();

  // Search keys, routing and the outbox (gateway/store/routing.cpp).
  void add_message_keys(std::int64_t message_id, const std::vector<std::pair<std::string, std::string>>& keys);
  void clear_message_keys(std::int64_t message_id);
  [[nodiscard]] std::vector<message_summary> search(const message_query& q);
  [[nodiscard]] std::optional<message_summary> summary(std::int64_t id);
  // Earlier messages with exactly these bytes that passed the schema, oldest first.
  [[nodiscard]] std::vector<message_summary> with_sha256(std::string_view sha256);
  [[nodiscard]] std::vector<std::int64_t> message_ids();

  std::int64_t add_mailbox(std::int64_t message_id, std::string_view recipient, std::string_view created_at);
  [[nodiscard]] std::vector<mailbox_item> mailbox(std::string_view recipient, std::int64_t after, int limit);
  [[nodiscard]] std::optional<mailbox_item> mailbox_entry(std::int64_t id);
  // Acknowledges an open item; false when it was acknowledged before.
  bool acknowledge(std::int64_t id, std::string_view at, std::string_view by);

  std::int64_t add_outbox(std::int64_t mailbox_id, std::string_view endpoint, std::int64_t now_ms);
  // Pending deliveries whose next attempt is due, oldest first.
  [[nodiscard]] std::vector<delivery> due_deliveries(std::int64_t now_ms, int limit);
  // The earliest next attempt of a pending delivery.
  [[nodiscard]] std::optional<std::int64_t> next_due_ms();
  // A delivery succeeded: the item is delivered and its mailbox entry acknowledged by push.
  void delivery_succeeded(std::int64_t id, std::int64_t now_ms, std::string_view now_text);
  // A delivery failed: try again at `next_attempt_ms`, or, without one, the item is dead.
  void delivery_failed(std::int64_t id, std::int64_t now_ms, std::string_view error, std::optional<std::int64_t> next_attempt_ms);
  [[nodiscard]] std::vector<outbox_item> outbox(std::optional<outbox_state> state, std::int64_t after, int limit);
  [[nodiscard]] std::optional<outbox_item> outbox_entry(std::int64_t id);
  // A dead item becomes pending again, due now; false when it is not dead.
  bool replay(std::int64_t id, std::int64_t now_ms);
  [[nodiscard]] std::map<std::string, std::int64_t> outbox_counts();

  // Bearer tokens (hashes only).
  std::int64_t add_credential(std::string_view token_sha256, std::string_view principal, std::string_view label,
                              std::string_view created_at);
  [[nodiscard]] std::optional<credential_row> credential_for(std::string_view token_sha256);
  [[nodiscard]] std::vector<credential_row> credentials();
  bool revoke_credential(std::int64_t id, std::string_view at);

  // StUF-GGK envelopes (gateway/store/ggk.cpp): the envelope with this referentienummer, if any.
  // Rows are written with the message they carried (schema version 6).
  [[nodiscard]] std::optional<ggk_envelope_row> ggk_envelope(std::string_view referentienummer);

  // The connection, for tests and maintenance (integrity checks).
  [[nodiscard]] connection& raw() { return *db_; }

 private:
  void open(const std::filesystem::path& file);

  std::unique_ptr<connection> db_;
  std::vector<std::unique_ptr<rules::history>> histories_;  // one per standard, by enum value
};

}  // namespace iwmo::store
