#pragma once
// What toezicht needs from the database (docs/signals.md, docs/api.md): the signals of the last
// run, cases with their signals, notes and attachments, the append-only audit trail, client
// addresses from the WMO301s, and small settings (the pseudonymisation key). A view over a
// database's connection: construct one wherever it is needed, it holds nothing of its own.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "reconcile/ledger.hpp"
#include "store/store.hpp"

namespace iwmo::store {

// A signal as stored. `evidence_json` is {"figures": [...], "message_ids": [...]}: the app
// writes and reads it.
struct signal_row {
  std::string id;
  std::string rule;
  std::string severity;  // laag | middel | hoog
  std::string gemeente;
  std::string aanbieder;
  std::optional<std::int64_t> toewijzing;
  std::optional<std::string> product;
  std::string period_begin;
  std::string period_end;
  std::string explanation;
  std::string evidence_json;
  std::vector<std::pair<std::string, std::string>> clients;  // pseudonym, BSN
  // Kept by the store:
  std::string first_seen;
  std::string last_seen;
  bool active = true;
  std::vector<std::int64_t> cases;
};

struct signal_filter {
  std::optional<std::string> gemeente;
  std::optional<std::string> aanbieder;
  std::optional<std::string> rule;
  std::optional<std::string> severity;
  std::optional<std::pair<std::string, std::string>> overlaps;  // first and last day (YYYY-MM-DD)
  enum class in_case : std::uint8_t { any, no, yes } cases = in_case::any;
  enum class activity : std::uint8_t { active, inactive, any } active = activity::active;
  std::vector<std::string> scope;  // gemeenten; empty: all
  int offset = 0;
  int limit = 50;
  bool details = true;  // also each signal's clients and cases
};

struct run_counts {
  std::int64_t run_id = 0;
  std::int64_t active = 0;   // signals raised by this run
  std::int64_t added = 0;    // of which new
  std::int64_t cleared = 0;  // raised before, not any more
};

struct case_row {
  std::int64_t id = 0;
  std::string title;
  std::string status;
  std::string gemeente;
  std::string aanbieder;
  std::optional<std::string> assignee;
  std::optional<std::string> decision;
  std::string created_at;
  std::string created_by;
  std::string updated_at;
  std::int64_t signal_count = 0;
};

struct case_filter {
  std::optional<std::string> status;
  std::optional<std::string> assignee;
  std::optional<std::string> gemeente;
  std::vector<std::string> scope;
  int limit = 500;
};

struct note_row {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::string author;
  std::string at;
  std::string text;
};

struct attachment_row {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::string reference;
  std::string label;
  std::string author;
  std::string at;
};

struct audit_row {
  std::int64_t id = 0;
  std::string at;
  std::string principal;
  std::string action;
  std::string object;
  std::string detail_json;
};

struct audit_filter {
  std::optional<std::string> object;
  std::optional<std::string> principal;
  std::optional<std::string> action;
  std::int64_t before = 0;  // ids below this; 0: from the newest
  int limit = 100;
};

struct client_address_row {
  std::int64_t message_id = 0;
  std::string gemeente;
  std::string aanbieder;
  std::string bsn;
  std::string key;
  std::string text;
};

// Per month, what one aanbieder declared in one gemeente (from the ledger).
struct provider_month {
  std::string gemeente;
  std::string maand;
  std::int64_t declared = 0;
  std::int64_t approved = 0;
  std::int64_t rejected = 0;
  std::int64_t clients = 0;
};

class review_store {
 public:
  explicit review_store(database& db) : c_(db.raw()) {}

  // Signals. `replace_signals` stores the outcome of one run over the whole store in one
  // transaction: new signals are added, known ones updated (first_seen and cases kept), and
  // signals this run did not raise become inactive (kept, because cases may point at them).
  run_counts replace_signals(const std::vector<signal_row>& raised, std::string_view now, std::string_view today,
                             std::int64_t ms);
  [[nodiscard]] std::pair<std::vector<signal_row>, std::int64_t> signals(const signal_filter& f);
  [[nodiscard]] std::optional<signal_row> signal(std::string_view id);
  [[nodiscard]] std::optional<std::string> last_run_at();

  // Cases.
  std::int64_t add_case(std::string_view title, std::string_view gemeente, std::string_view aanbieder,
                        const std::optional<std::string>& assignee, std::string_view by, std::string_view now,
                        const std::vector<std::string>& signal_ids);
  [[nodiscard]] std::optional<case_row> case_of(std::int64_t id);
  [[nodiscard]] std::vector<case_row> cases(const case_filter& f);
  [[nodiscard]] std::vector<std::string> case_signals(std::int64_t id);
  void add_case_signals(std::int64_t id, const std::vector<std::string>& signal_ids, std::string_view now);
  void set_case_status(std::int64_t id, std::string_view status, const std::optional<std::string>& decision,
                       std::string_view now);
  void set_case_assignee(std::int64_t id, const std::optional<std::string>& assignee, std::string_view now);
  std::int64_t add_note(std::int64_t case_id, std::string_view author, std::string_view at, std::string_view text);
  [[nodiscard]] std::vector<note_row> notes(std::int64_t case_id);
  std::int64_t add_attachment(std::int64_t case_id, std::string_view reference, std::string_view label,
                              std::string_view author, std::string_view at);
  [[nodiscard]] std::vector<attachment_row> attachments(std::int64_t case_id);

  // The audit trail: append-only (the database refuses updates and deletes).
  std::int64_t audit(std::string_view at, std::string_view principal, std::string_view action, std::string_view object,
                     std::string_view detail_json);
  [[nodiscard]] std::vector<audit_row> audit_entries(const audit_filter& f);

  // Settings.
  [[nodiscard]] std::optional<std::string> setting(std::string_view key);
  // Stores the value unless the key has one; returns the value in force.
  std::string setting_or_set(std::string_view key, std::string_view value);

  // Client addresses (from accepted WMO301s and JW301s).
  void add_client_address(const client_address_row& a);
  // Accepted WMO301s and JW301s with no address row (stored before the table existed), for `rebuild`.
  [[nodiscard]] std::vector<std::int64_t> toewijzingen_without_address();
  // The latest address per gemeente, aanbieder and client.
  [[nodiscard]] std::vector<client_address_row> latest_client_addresses();

  // What the signals engine reads: declaratie id -> WMO323 message id.
  [[nodiscard]] std::vector<std::pair<std::int64_t, std::int64_t>> declaratie_messages();
  // A provider's months, from the ledger.
  [[nodiscard]] std::vector<provider_month> provider_months(std::string_view aanbieder, const std::vector<std::string>& scope);

 private:
  connection& c_;
};

}  // namespace iwmo::store
