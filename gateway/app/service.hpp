#pragma once
// The daemon's use cases, independent of the transport: submit a message (the same pipeline
// as `process`), read messages and answers, search by business key, pull and acknowledge a
// mailbox, reconcile, manage the push outbox and the bearer tokens. Every call says who asks
// (a principal) and is authorised here, so the HTTP layer only translates.
//
// Calls block (XML validation, SQLite): run them on worker threads, never on I/O threads. The
// service is thread-safe: every thread that calls it gets its own database connection and
// pipeline, created on its first call. Submissions are checked (levels 1 and 2) on the calling
// thread and stored by one committing thread in group commits: the messages that arrive while
// a commit is on its way to disk share the next one.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <boost/json/object.hpp>

#include "app/metrics.hpp"
#include "app/principal.hpp"
#include "mappings/reference_tables.hpp"
#include "signals/signals.hpp"
#include "model/values.hpp"
#include "rules/finding.hpp"
#include "xml/diagnostic.hpp"
#include "xml/schema_set.hpp"

namespace iwmo::store {
class database;
}  // namespace iwmo::store

namespace iwmo::app {

// Why a call was refused; the HTTP layer maps each to one status.
enum class api_errc : std::uint8_t {
  bad_request,      // 400
  unauthenticated,  // 401
  forbidden,        // 403
  not_found,        // 404
  conflict,         // 409
  gone,             // 410: the content was purged under the retention policy
  unavailable,      // 503
};

struct failure {
  api_errc code = api_errc::bad_request;
  std::string message;
};

template <class T> using outcome = std::variant<T, failure>;

struct submit_result {
  std::int64_t message_id = 0;
  std::string message_type;  // "WMO323"; empty when not recognised
  std::string verdict;       // schema | rejected | partial | accepted | stored
  bool replay = false;       // identical bytes were sent before: this is the original outcome
  std::optional<std::string> answer_type;
  std::optional<std::string> answer_xml;
  std::vector<xml::diagnostic> schema_errors;
  rules::findings findings;
};

struct search_params {
  std::optional<std::string> bsn, toewijzing, declaratie, referentie, identificatie, type, from, to;
  std::int64_t after = 0;
  int limit = 100;
};

struct service_settings {
  std::filesystem::path database;
  std::shared_ptr<const xml::schema_set> schemas;
  const mappings::reference_tables* reference = nullptr;
  std::function<model::date()> today;
  std::function<std::string()> now;       // UTC timestamp text; default: the system clock
  std::function<std::int64_t()> now_ms;   // the same in milliseconds
  std::function<std::optional<std::string>(const std::string& recipient)> push_endpoint;
  std::function<void()> push_queued;      // called after a commit that queued a push
  bool metrics_public = false;
  // Signals (docs/signals.md): the thresholds, and whether the service re-runs the engine by
  // itself — at start and `signals_delay` after messages that change the state arrive.
  const signals::threshold_set* thresholds = nullptr;  // null: the engine's defaults
  bool signals_auto = true;
  std::chrono::milliseconds signals_delay{60000};
};

// Filters of the signal queue (GET /v1/signals), as text from the request.
struct signal_query {
  std::optional<std::string> gemeente, aanbieder, rule, severity, period, status, active;
  int offset = 0;
  int limit = 50;
};

struct case_query {
  std::optional<std::string> status, assignee, gemeente;
};

struct audit_query {
  std::optional<std::string> object, principal, action;
  std::int64_t before = 0;
  int limit = 100;
};

// A StUF-GGK envelope whose referentienummer the gateway stored before (docs/ggk.md).
struct ggk_envelope_seen {
  std::int64_t message_id = 0;  // the message it carried
  std::string zender;           // the envelope's zender/organisatie
  std::string received_at;
  std::string sha256;           // of that message's bytes
  std::string verdict;
};

// A downloadable document (a case export).
struct document {
  std::string content_type;
  std::string filename;
  std::string body;
};

class service {
 public:
  explicit service(service_settings settings);
  ~service();
  service(const service&) = delete;
  service& operator=(const service&) = delete;

  [[nodiscard]] app::metrics& metrics() { return metrics_; }
  // Transactions committed by the group committer so far (messages / groups = group size).
  [[nodiscard]] std::uint64_t commit_groups() const;

  // The principal a bearer token stands for; nullopt for unknown or revoked tokens.
  [[nodiscard]] std::optional<principal> authenticate_token(std::string_view token);

  [[nodiscard]] outcome<submit_result> submit(const principal& who, std::string_view bytes, std::string_view source);
  [[nodiscard]] outcome<boost::json::object> message(const principal& who, std::int64_t id);
  [[nodiscard]] outcome<std::string> message_raw(const principal& who, std::int64_t id);
  [[nodiscard]] outcome<std::string> message_answer(const principal& who, std::int64_t id);
  [[nodiscard]] outcome<boost::json::object> search(const principal& who, const search_params& p);
  [[nodiscard]] outcome<boost::json::object> mailbox(const principal& who, std::int64_t after, int limit);
  [[nodiscard]] outcome<boost::json::object> acknowledge(const principal& who, std::int64_t mailbox_id);
  [[nodiscard]] outcome<boost::json::object> reconciliation(const principal& who, const std::string& gemeente,
                                                            const std::string& period,
                                                            const std::optional<std::string>& aanbieder);
  [[nodiscard]] outcome<boost::json::object> outbox(const principal& who, const std::optional<std::string>& state,
                                                    std::int64_t after, int limit);
  [[nodiscard]] outcome<boost::json::object> replay(const principal& who, std::int64_t outbox_id);
  // The Prometheus text; `who` is null for an unauthenticated caller (allowed when public).
  [[nodiscard]] outcome<std::string> metrics_text(const principal* who);
  // The database answers.
  [[nodiscard]] bool ready();

  // Toezicht (gateway/app/review.cpp, docs/api.md): signals, provider profiles, cases, audit.
  [[nodiscard]] outcome<boost::json::object> signal_list(const principal& who, const signal_query& q);
  [[nodiscard]] outcome<boost::json::object> signal_rules(const principal& who);
  [[nodiscard]] outcome<boost::json::object> signal_detail(const principal& who, const std::string& id);
  [[nodiscard]] outcome<boost::json::object> signal_reveal(const principal& who, const std::string& id);
  [[nodiscard]] outcome<boost::json::object> signal_run(const principal& who);
  [[nodiscard]] outcome<boost::json::object> provider_profile(const principal& who, const std::string& agb,
                                                              const std::optional<std::string>& gemeente);
  [[nodiscard]] outcome<boost::json::object> case_list(const principal& who, const case_query& q);
  [[nodiscard]] outcome<boost::json::object> case_create(const principal& who, const boost::json::object& body);
  [[nodiscard]] outcome<boost::json::object> case_detail(const principal& who, std::int64_t id);
  [[nodiscard]] outcome<boost::json::object> case_status(const principal& who, std::int64_t id, const boost::json::object& body);
  [[nodiscard]] outcome<boost::json::object> case_assign(const principal& who, std::int64_t id, const boost::json::object& body);
  [[nodiscard]] outcome<boost::json::object> case_note(const principal& who, std::int64_t id, const boost::json::object& body);
  [[nodiscard]] outcome<boost::json::object> case_add_signals(const principal& who, std::int64_t id,
                                                              const boost::json::object& body);
  [[nodiscard]] outcome<boost::json::object> case_attachment(const principal& who, std::int64_t id,
                                                             const boost::json::object& body);
  [[nodiscard]] outcome<document> case_export(const principal& who, std::int64_t id, const std::string& format,
                                              bool include_bsn);
  [[nodiscard]] outcome<boost::json::object> audit_list(const principal& who, const audit_query& q);
  // Asks the scheduler for a run soon (after signals_delay); cheap, may be called often.
  void signals_dirty();
  // Runs the engine now on the calling thread (one run at a time).
  boost::json::object run_signals_now();

  // StUF-GGK (POST /v1/ggk, docs/ggk.md): the stored envelope with this referentienummer, if
  // any. The envelope's record is written with its message, by the store (submit with the source
  // ggk::store_source gives). Parties only.
  [[nodiscard]] outcome<std::optional<ggk_envelope_seen>> ggk_envelope(const principal& who,
                                                                      std::string_view referentienummer);

  // Tokens: the token itself is returned once and only its SHA-256 is stored.
  [[nodiscard]] std::string create_token(const principal& p, std::string_view label);

 private:
  struct worker;
  worker& local();
  // The calling thread's database connection.
  store::database& local_db();

  service_settings settings_;
  app::metrics metrics_;
  struct workers;
  std::unique_ptr<workers> workers_;
  struct committer;
  std::unique_ptr<committer> committer_;
  std::mutex signal_run_;  // run_signals_now: one run at a time
  struct scheduler;
  std::unique_ptr<scheduler> scheduler_;  // last: stops first
};

// "iwmo_" and 64 hexadecimal digits from the system's random source.
[[nodiscard]] std::string new_token();

}  // namespace iwmo::app
