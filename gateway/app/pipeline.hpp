#pragma once
// The message pipeline (DESIGN §3): schema (level 1), content rules (level 2), cross-message
// and external rules (levels 3 and 4), then one transaction that stores the message, the state
// it changes, its answer and the ledger lines it touches. The daemon and `process` run exactly
// this; only the transport differs.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "app/answer.hpp"
#include "app/check.hpp"
#include "rules/reference.hpp"
#include "store/store.hpp"

namespace iwmo::app {

struct processed {
  std::int64_t message_id = 0;
  xml::validation validation;          // level 1
  const model::message_info* type = nullptr;  // the catalogue entry (names the standard too)
  std::string verdict;                 // schema | rejected | accepted | partial | stored
  rules::findings findings;            // levels 2-4, in evaluation order
  std::optional<answer> reply;         // the retour or WMO325; none for level-1 failures and answers
  std::optional<std::int64_t> mailbox_id;  // where the message waits for its recipient
  bool push_queued = false;                // the recipient has a push endpoint: an outbox item was added
  std::optional<std::string> refused;      // the caller's check refused the message: nothing was stored
  [[nodiscard]] bool accepted() const { return verdict == "accepted"; }
};

struct pipeline_options {
  // The system date (TR135, DagtekeningRetour) and the receipt time; injected, never read here.
  std::function<model::date()> today;
  std::function<std::string()> now;  // UTC timestamp for message.received_at
  std::function<std::int64_t()> now_ms;  // the same clock in milliseconds since the epoch (outbox)
  // The push endpoint of a recipient ("aanbieder:<AGB>", "gemeente:<CBS>"), if it has one.
  std::function<std::optional<std::string>(const std::string& recipient)> push_endpoint;
  // Called between the statements of a message's transaction with the step's name; tests use
  // it to crash the process at that point.
  std::function<void(std::string_view)> fault_point;
};

// A message after the levels that need no state (1 and 2), ready to be stored.
struct prepared {
  checked_message checked;
  std::string sha256;
  std::optional<std::string> refused;  // the caller's check refused it: store nothing
};

class pipeline {
 public:
  pipeline(std::shared_ptr<const xml::schema_set> schemas, store::database& db, const rules::reference_data& ref,
           pipeline_options options);

  // Runs one message through every level and stores the outcome. Throws store::store_error
  // only when the database itself fails; then nothing of the message is stored.
  //
  // `refuse` (optional) sees a schema-valid message before anything is stored and may refuse it
  // with a reason — the daemon checks that the caller is the message's sender.
  using refusal = std::function<std::optional<std::string>(const model::message&)>;
  processed submit(std::string_view bytes, std::string_view source, const refusal& refuse = {});

  // The two halves of submit, for a group commit: check() needs no database and may run on any
  // thread with its own pipeline; store_checked() runs levels 3 and 4 and writes, inside a transaction
  // (or savepoint) the caller holds, on the pipeline that owns the writing connection.
  [[nodiscard]] prepared check(std::string_view bytes, const refusal& refuse = {});
  processed store_checked(const prepared& ready, std::string_view bytes, std::string_view source);

  // Recomputes the ledger lines of every toewijzing from the stored state, and reads the client
  // addresses of WMO301s stored before the gateway kept them.
  void rebuild_ledger();

 private:
  void fault(std::string_view step) const {
    if (options_.fault_point) options_.fault_point(step);
  }
  void update_ledger(const std::vector<store::toewijzing_key>& touched);

  checker checker_;
  store::database& db_;
  const rules::reference_data& ref_;
  pipeline_options options_;
};

// Hexadecimal SHA-256 of the bytes.
[[nodiscard]] std::string sha256_hex(std::string_view bytes);

// "YYYY-MM-DDThh:mm:ssZ" of the system clock.
[[nodiscard]] std::string utc_now();
// Milliseconds since the epoch of the system clock.
[[nodiscard]] std::int64_t epoch_ms();

}  // namespace iwmo::app
