#include "app/service.hpp"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <openssl/rand.h>

#include "app/parties.hpp"
#include "app/pipeline.hpp"
#include "app/reconciliation.hpp"
#include "app/signal_run.hpp"
#include "log/log.hpp"
#include "store/store.hpp"

namespace iwmo::app {

namespace json = boost::json;

struct service::worker {
  store::database db;
  app::pipeline pipe;
  worker(const service_settings& s, pipeline_options options)
      : db(s.database), pipe(s.schemas, db, *s.reference, std::move(options)) {}
};

struct service::workers {
  std::mutex mutex;
  std::unordered_map<std::thread::id, std::unique_ptr<worker>> by_thread;
};


namespace {

failure purged(const store::message_summary& m) {
  return {api_errc::gone, fmt::format("the content of message {} was purged at {} under the retention policy", m.id, *m.purged_at)};
}

failure forbidden(std::string text) { return {api_errc::forbidden, std::move(text)}; }
failure not_found(std::string text) { return {api_errc::not_found, std::move(text)}; }
failure bad_request(std::string text) { return {api_errc::bad_request, std::move(text)}; }

// The code of the party that sent a stored message (retours are written by their Ontvanger).
std::optional<party> sending_party(const store::message_summary& m) {
  if (!m.type) return std::nullopt;
  const auto* i = model::message_from_name(*m.type);
  if (i == nullptr) return std::nullopt;
  const bool retour = !i->is_heen && i->type != model::message_type::wmo325;
  const auto& code = retour ? m.receiver : m.sender;
  if (!code) return std::nullopt;
  return party{i->sender, *code};
}

// Who may read a stored message: its two parties, staff of one of its municipalities, admin.
bool can_see(const principal& who, const store::message_summary& m) {
  if (who.role == role::admin) return true;
  if (who.is_party()) return m.sender == who.code || m.receiver == who.code;
  if (who.gemeenten.empty()) return true;
  return (m.sender && who.serves(*m.sender)) || (m.receiver && who.serves(*m.receiver));
}

// Content (bytes, answers, business keys) is for the parties and the back office and toezicht.
bool can_read_content(const principal& who) { return who.role != role::admin; }

json::object summary_json(const store::message_summary& m) {
  const auto opt = [](const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(nullptr); };
  const auto self = fmt::format("/v1/messages/{}", m.id);
  json::object links{{"self", self}, {"raw", self + "/raw"}};
  if (m.answer_type) links["answer"] = self + "/answer";
  return json::object{{"id", m.id},
                      {"type", opt(m.type)},
                      {"sender", opt(m.sender)},
                      {"receiver", opt(m.receiver)},
                      {"identificatie", opt(m.identificatie)},
                      {"dagtekening", opt(m.dagtekening)},
                      {"received_at", m.received_at},
                      {"sha256", m.sha256},
                      {"verdict", m.verdict},
                      {"findings", json::parse(m.findings_json)},
                      {"answer", m.answer_type ? json::value(json::object{{"type", *m.answer_type}}) : json::value(nullptr)},
                      {"purged_at", opt(m.purged_at)},
                      {"links", std::move(links)}};
}

json::object outbox_json(const store::outbox_item& o) {
  const auto opt_ms = [](const std::optional<std::int64_t>& v) { return v ? json::value(*v) : json::value(nullptr); };
  return json::object{{"id", o.id},
                      {"message_id", o.message_id},
                      {"recipient", o.recipient},
                      {"endpoint", o.endpoint},
                      {"state", std::string(store::to_string(o.state))},
                      {"attempts", o.attempts},
                      {"created_ms", o.created_ms},
                      {"next_attempt_ms", o.state == store::outbox_state::pending ? json::value(o.next_attempt_ms) : json::value(nullptr)},
                      {"last_attempt_ms", opt_ms(o.last_attempt_ms)},
                      {"last_error", o.last_error ? json::value(*o.last_error) : json::value(nullptr)},
                      {"finished_ms", opt_ms(o.finished_ms)},
                      {"replayed_ms", opt_ms(o.replayed_ms)}};
}

bool is_date(const std::optional<std::string>& s) { return !s || model::date::parse(*s).has_value(); }

pipeline_options options_of(const service_settings& s) {
  pipeline_options options;
  options.today = s.today;
  options.now = s.now;
  options.now_ms = s.now_ms;
  options.push_endpoint = s.push_endpoint;
  return options;
}

}  // namespace

// Group commit: one thread owns the writing connection. Workers check messages (levels 1 and
// 2) in parallel and queue them; the committer stores everything queued so far in one
// transaction, each message in its own savepoint, in arrival order (so a message sees the
// state of the ones before it), and commits once: one fsync for the group. Only then are the
// waiting workers answered, so a 2xx still means "on disk".
// What the committer made of one message: stored (the pipeline's outcome), the id of an
// identical earlier message (a replay), or a failure of the store.
using commit_outcome = std::variant<processed, std::int64_t, failure>;

struct service::committer {
  struct job {
    party sender;
    std::string_view bytes;
    std::string_view source;
    const prepared* checked = nullptr;
    std::promise<commit_outcome> done;
  };

  static constexpr std::size_t max_group = 256;
  static constexpr std::size_t max_group_bytes = 64u << 20;

  committer(const service_settings& s, pipeline_options options)
      : db(s.database), pipe(s.schemas, db, *s.reference, std::move(options)), thread([this] { loop(); }) {}

  ~committer() {
    {
      std::lock_guard lock(mutex);
      stopping = true;
    }
    wake.notify_all();
    thread.join();
  }

  std::future<commit_outcome> enqueue(job& j) {
    auto f = j.done.get_future();
    {
      std::lock_guard lock(mutex);
      queue.push_back(&j);
    }
    wake.notify_one();
    return f;
  }

  void loop() {
    for (;;) {
      std::vector<job*> group;
      {
        std::unique_lock lock(mutex);
        wake.wait(lock, [&] { return stopping || !queue.empty(); });
        if (queue.empty()) return;  // stopping, and nothing left to store
        std::size_t bytes = 0;
        while (!queue.empty() && group.size() < max_group && (group.empty() || bytes < max_group_bytes)) {
          bytes += queue.front()->bytes.size();
          group.push_back(queue.front());
          queue.pop_front();
        }
      }
      std::vector<commit_outcome> outcomes(group.size());
      try {
        auto tx = db.begin();
        for (std::size_t i = 0; i < group.size(); ++i) outcomes[i] = store_one(*group[i]);
        tx.commit();
      } catch (const std::exception& e) {
        log::error("store.commit_failed", {{"error", e.what()}, {"messages", static_cast<std::int64_t>(group.size())}});
        for (auto& o : outcomes) o = failure{api_errc::unavailable, "the message could not be stored; send it again later"};
      }
      groups.fetch_add(1);
      for (std::size_t i = 0; i < group.size(); ++i) group[i]->done.set_value(std::move(outcomes[i]));
    }
  }

  commit_outcome store_one(job& j) {
    // Identical bytes from the same sender earlier in this group (or committed since the
    // worker looked): the original outcome.
    for (const auto& earlier : db.with_sha256(j.checked->sha256)) {
      if (sending_party(earlier) == j.sender) return earlier.id;
    }
    try {
      auto mark = db.mark();
      auto p = pipe.store_checked(*j.checked, j.bytes, j.source);
      mark.release();
      return p;
    } catch (const store::store_error& e) {
      log::error("store.message_failed", {{"error", e.what()}});
      return failure{api_errc::unavailable, "the message could not be stored; send it again later"};
    }
  }

  store::database db;
  pipeline pipe;
  std::mutex mutex;
  std::condition_variable wake;
  std::deque<job*> queue;
  bool stopping = false;
  std::atomic<std::uint64_t> groups{0};
  std::thread thread;  // last: starts after everything it uses
};

// Re-runs the signals engine by itself: once at start, and `signals_delay` after the first
// message that changed the state since the last run (so a burst of declarations gives one run).
struct service::scheduler {
  explicit scheduler(service& s) : svc(s), thread([this] { loop(); }) {}
  ~scheduler() {
    {
      std::lock_guard lock(mutex);
      stopping = true;
    }
    wake.notify_all();
    thread.join();
  }
  void dirty() {
    {
      std::lock_guard lock(mutex);
      if (pending) return;
      pending = true;
      due = std::chrono::steady_clock::now() + svc.settings_.signals_delay;
    }
    wake.notify_all();
  }
  void loop() {
    std::unique_lock lock(mutex);
    for (;;) {
      wake.wait(lock, [&] { return stopping || pending; });
      if (stopping) return;
      if (wake.wait_until(lock, due, [&] { return stopping; })) return;
      pending = false;
      lock.unlock();
      try {
        (void)svc.run_signals_now();
      } catch (const std::exception& e) {
        log::error("signals.run_failed", {{"error", e.what()}});
      }
      lock.lock();
    }
  }

  service& svc;
  std::mutex mutex;
  std::condition_variable wake;
  bool pending = false;
  bool stopping = false;
  std::chrono::steady_clock::time_point due;
  std::thread thread;  // last: starts after everything it uses
};

std::string new_token() {
  unsigned char random[32];
  if (RAND_bytes(random, sizeof random) != 1) throw std::runtime_error("the system's random source failed");
  std::string out = "iwmo_";
  for (const auto b : random) out += fmt::format("{:02x}", b);
  return out;
}

service::service(service_settings settings) : settings_(std::move(settings)), workers_(std::make_unique<workers>()) {
  if (!settings_.today) throw std::invalid_argument("the service needs a date source");
  if (settings_.reference == nullptr) throw std::invalid_argument("the service needs reference tables");
  if (!settings_.now) settings_.now = utc_now;
  if (!settings_.now_ms) settings_.now_ms = epoch_ms;
  using k = app::metrics::kind;
  metrics_.describe("iwmo_messages_total", k::counter, "Messages received, by message type and verdict.");
  metrics_.describe("iwmo_rule_findings_total", k::counter, "Findings of the validation rules, by rule and retourcode.");
  metrics_.describe("iwmo_pipeline_seconds", k::histogram, "Time to validate, store and answer a message.");
  metrics_.describe("iwmo_submit_replays_total", k::counter, "Messages sent again with identical bytes (answered from the store).");
  metrics_.describe("iwmo_outbox_items", k::gauge, "Push deliveries by state.");
  metrics_.describe("iwmo_signals", k::gauge, "Active rechtmatigheid signals after the last run, by rule.");
  metrics_.describe("iwmo_signal_run_seconds", k::histogram, "Time to run the signals engine over the store.");
  committer_ = std::make_unique<committer>(settings_, options_of(settings_));
  if (settings_.signals_auto) {
    scheduler_ = std::make_unique<scheduler>(*this);
    scheduler_->dirty();  // a first run, signals_delay after start
  }
}

void service::signals_dirty() {
  if (scheduler_) scheduler_->dirty();
}

json::object service::run_signals_now() {
  std::lock_guard lock(signal_run_);  // one run at a time
  auto& w = local();
  static const signals::threshold_set defaults;
  const auto& thresholds = settings_.thresholds ? *settings_.thresholds : defaults;
  const auto started = std::chrono::steady_clock::now();
  const auto result = run_signals(w.db, thresholds, settings_.today(), settings_.now());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::map<std::string, double> per_rule;
  for (const auto& r : signals::rules()) per_rule[std::string(r.id)] = 0;
  for (const auto& s : result.signals) per_rule[s.rule] += 1;
  for (const auto& [rule, n] : per_rule) metrics_.set("iwmo_signals", {{"rule", rule}}, n);
  metrics_.observe("iwmo_signal_run_seconds", {}, seconds);
  log::info("signals.run", {{"active", result.counts.active},
                            {"added", result.counts.added},
                            {"cleared", result.counts.cleared},
                            {"toewijzingen", static_cast<std::int64_t>(result.toewijzingen)},
                            {"ms", static_cast<std::int64_t>(seconds * 1000)}});
  return json::object{{"run", result.counts.run_id},
                      {"signals", result.counts.active},
                      {"new", result.counts.added},
                      {"cleared", result.counts.cleared},
                      {"toewijzingen", static_cast<std::int64_t>(result.toewijzingen)},
                      {"prestaties", static_cast<std::int64_t>(result.prestaties)},
                      {"ms", static_cast<std::int64_t>(seconds * 1000)}};
}

service::~service() = default;

std::uint64_t service::commit_groups() const { return committer_->groups.load(); }

service::worker& service::local() {
  std::lock_guard lock(workers_->mutex);
  auto& w = workers_->by_thread[std::this_thread::get_id()];
  if (!w) w = std::make_unique<worker>(settings_, options_of(settings_));
  return *w;
}

store::database& service::local_db() { return local().db; }

std::optional<principal> service::authenticate_token(std::string_view token) {
  if (token.empty()) return std::nullopt;
  const auto row = local().db.credential_for(sha256_hex(token));
  if (!row) return std::nullopt;
  auto p = parse_principal(row->principal);
  if (p) p->name = row->label;
  return p;
}

std::string service::create_token(const principal& p, std::string_view label) {
  auto token = new_token();
  local().db.add_credential(sha256_hex(token), p.to_string(), label, settings_.now());
  return token;
}

outcome<submit_result> service::submit(const principal& who, std::string_view bytes, std::string_view source) {
  const auto me = who.as_party();
  if (!me) return forbidden("only an aanbieder or a gemeente submits messages");
  auto& w = local();

  // The same bytes from the same sender again (a retry after a lost response): the original
  // outcome, nothing stored twice.
  const auto replay_of = [&](std::int64_t id) -> outcome<submit_result> {
    const auto earlier = w.db.summary(id);
    if (earlier && earlier->purged_at) {
      // Its answer is gone: say so rather than answer with nothing, and store nothing.
      return failure{api_errc::conflict,
                     fmt::format("identical to message {} received at {}, whose content was purged at {} under the retention "
                                 "policy; send a new message",
                                 id, earlier->received_at, *earlier->purged_at)};
    }
    submit_result r;
    r.message_id = id;
    r.replay = true;
    if (earlier) {
      r.message_type = earlier->type.value_or("");
      r.verdict = earlier->verdict;
    }
    if (const auto a = w.db.answer(id)) {
      r.answer_type = a->type;
      r.answer_xml = a->bytes;
    }
    metrics_.add("iwmo_submit_replays_total", {});
    log::info("message.replayed", {{"message_id", id}, {"type", r.message_type}, {"principal", who.to_string()}});
    return r;
  };
  const auto sha = sha256_hex(bytes);
  for (const auto& earlier : w.db.with_sha256(sha)) {
    if (sending_party(earlier) == *me) return replay_of(earlier.id);
  }

  const auto started = std::chrono::steady_clock::now();
  const auto refuse = [&](const model::message& m) -> std::optional<std::string> {
    const auto from = sender_of(m);
    if (from == *me) return std::nullopt;
    return fmt::format("this {} is sent by {}; you are {}", model::info_of(m).name, from.id(), me->id());
  };
  const auto checked = w.pipe.check(bytes, refuse);
  if (checked.refused) {
    log::warn("message.refused", {{"principal", who.to_string()}, {"reason", *checked.refused}});
    return forbidden(*checked.refused);
  }
  committer::job job{*me, bytes, source, &checked, {}};
  auto stored = committer_->enqueue(job).get();
  if (auto* f = std::get_if<failure>(&stored)) return std::move(*f);
  if (const auto* id = std::get_if<std::int64_t>(&stored)) return replay_of(*id);
  auto& p = std::get<processed>(stored);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  submit_result r;
  r.message_id = p.message_id;
  r.message_type = p.type ? std::string(p.type->name) : std::string();
  r.verdict = p.verdict;
  r.schema_errors = p.validation.errors;
  r.findings = p.findings;
  if (p.reply) {
    r.answer_type = std::string(model::info_of(p.reply->message).name);
    r.answer_xml = std::move(p.reply->xml);
  }
  const auto type_label = r.message_type.empty() ? std::string("unknown") : r.message_type;
  metrics_.add("iwmo_messages_total", {{"type", type_label}, {"verdict", r.verdict}});
  metrics_.observe("iwmo_pipeline_seconds", {{"type", type_label}}, seconds);
  for (const auto& f : r.findings) metrics_.add("iwmo_rule_findings_total", {{"rule", f.rule}, {"retourcode", f.retourcode}});
  log::info("message.received", {{"message_id", r.message_id},
                                  {"type", type_label},
                                  {"verdict", r.verdict},
                                  {"findings", static_cast<std::int64_t>(r.findings.size())},
                                  {"principal", who.to_string()},
                                  {"ms", static_cast<std::int64_t>(seconds * 1000)}});
  if (p.push_queued && settings_.push_queued) settings_.push_queued();
  if (r.verdict == "accepted" || r.verdict == "partial") signals_dirty();
  return r;
}

outcome<json::object> service::message(const principal& who, std::int64_t id) {
  const auto m = local().db.summary(id);
  if (!m) return not_found(fmt::format("no message {}", id));
  if (!can_see(who, *m)) return forbidden(fmt::format("message {} is not yours to see", id));
  return summary_json(*m);
}

outcome<std::string> service::message_raw(const principal& who, std::int64_t id) {
  auto& w = local();
  const auto m = w.db.summary(id);
  if (!m) return not_found(fmt::format("no message {}", id));
  if (!can_see(who, *m) || !can_read_content(who)) return forbidden(fmt::format("message {} is not yours to read", id));
  if (m->purged_at) return purged(*m);
  return w.db.message(id)->bytes;
}

outcome<std::string> service::message_answer(const principal& who, std::int64_t id) {
  auto& w = local();
  const auto m = w.db.summary(id);
  if (!m) return not_found(fmt::format("no message {}", id));
  if (!can_see(who, *m) || !can_read_content(who)) return forbidden(fmt::format("message {} is not yours to read", id));
  auto a = w.db.answer(id);
  if (!a) return not_found(fmt::format("message {} has no answer (it failed the schema, or it is an answer itself)", id));
  if (m->purged_at) return purged(*m);
  return std::move(a->bytes);
}

outcome<json::object> service::search(const principal& who, const search_params& p) {
  if (!can_read_content(who)) return forbidden("searching messages is for the parties, the back office and toezicht");
  if (p.limit < 1 || p.limit > 1000) return bad_request("limit is 1 to 1000");
  if (!is_date(p.from) || !is_date(p.to)) return bad_request("from and to are dates (YYYY-MM-DD)");
  store::message_query q;
  q.bsn = p.bsn;
  q.toewijzing = p.toewijzing;
  q.declaratie = p.declaratie;
  q.referentie = p.referentie;
  q.identificatie = p.identificatie;
  q.type = p.type;
  q.from = p.from;
  q.to = p.to;
  q.after = p.after;
  q.limit = p.limit + 1;  // one more tells whether there is a next page
  if (who.is_party()) q.parties = {who.code};
  else q.parties = who.gemeenten;
  auto found = local().db.search(q);
  const bool more = static_cast<int>(found.size()) > p.limit;
  if (more) found.pop_back();
  json::array list;
  for (const auto& m : found) list.push_back(summary_json(m));
  return json::object{{"messages", std::move(list)},
                      {"next_after", more ? json::value(found.back().id) : json::value(nullptr)}};
}

outcome<json::object> service::mailbox(const principal& who, std::int64_t after, int limit) {
  const auto me = who.as_party();
  if (!me) return forbidden("a mailbox belongs to an aanbieder or a gemeente");
  if (limit < 1 || limit > 1000) return bad_request("limit is 1 to 1000");
  auto items = local().db.mailbox(me->id(), after, limit + 1);
  const bool more = static_cast<int>(items.size()) > limit;
  if (more) items.pop_back();
  json::array list;
  for (const auto& i : items) {
    list.push_back(json::object{{"id", i.id},
                                {"created_at", i.created_at},
                                {"ack", fmt::format("/v1/mailbox/{}/ack", i.id)},
                                {"message", summary_json(i.message)}});
  }
  return json::object{{"items", std::move(list)}, {"next_after", more ? json::value(items.back().id) : json::value(nullptr)}};
}

outcome<json::object> service::acknowledge(const principal& who, std::int64_t mailbox_id) {
  const auto me = who.as_party();
  if (!me) return forbidden("a mailbox belongs to an aanbieder or a gemeente");
  auto& w = local();
  const auto item = w.db.mailbox_entry(mailbox_id);
  if (!item) return not_found(fmt::format("no mailbox item {}", mailbox_id));
  if (item->recipient != me->id()) return forbidden(fmt::format("mailbox item {} is not in your mailbox", mailbox_id));
  (void)w.db.acknowledge(mailbox_id, settings_.now(), "pull");  // acknowledging twice is harmless
  const auto after = w.db.mailbox_entry(mailbox_id);
  return json::object{{"id", mailbox_id}, {"acked_at", *after->acked_at}, {"acked_by", *after->acked_by}};
}

outcome<json::object> service::reconciliation(const principal& who, const std::string& gemeente, const std::string& period,
                                              const std::optional<std::string>& aanbieder) {
  if (gemeente.size() != 4 || !model::date::parse(period + "-01") || period.size() != 7) {
    return bad_request("give gemeente (a CBS code) and period (YYYY-MM)");
  }
  auto filter = aanbieder;
  switch (who.role) {
    case role::admin:
      return forbidden("reconciliation is for the parties, the back office and toezicht");
    case role::gemeente:
      if (who.code != gemeente) return forbidden(fmt::format("you are gemeente {}, not {}", who.code, gemeente));
      break;
    case role::aanbieder:
      if (aanbieder && *aanbieder != who.code) return forbidden(fmt::format("you are aanbieder {}, not {}", who.code, *aanbieder));
      filter = who.code;  // a provider sees its own lines only
      break;
    case role::backoffice:
    case role::toezicht:
      if (!who.serves(gemeente)) return forbidden(fmt::format("you do not work for gemeente {}", gemeente));
      break;
  }
  const auto rows = local().db.ledger(gemeente, period, filter);
  const auto report = make_reconciliation(rows, settings_.reference, gemeente, period, filter);
  // BSNs masked for every role: toezicht reads a client's BSN through the audited reveal of a
  // signal, not through the money report (docs/api.md).
  return to_json(report, false);
}

outcome<json::object> service::outbox(const principal& who, const std::optional<std::string>& state, std::int64_t after,
                                      int limit) {
  if (who.role != role::admin) return forbidden("the outbox is for admins");
  if (limit < 1 || limit > 1000) return bad_request("limit is 1 to 1000");
  std::optional<store::outbox_state> s;
  if (state) {
    s = store::parse_outbox_state(*state);
    if (!s) return bad_request("state is pending, delivered or dead");
  }
  auto items = local().db.outbox(s, after, limit + 1);
  const bool more = static_cast<int>(items.size()) > limit;
  if (more) items.pop_back();
  json::array list;
  for (const auto& o : items) list.push_back(outbox_json(o));
  return json::object{{"items", std::move(list)}, {"next_after", more ? json::value(items.back().id) : json::value(nullptr)}};
}

outcome<json::object> service::replay(const principal& who, std::int64_t outbox_id) {
  if (who.role != role::admin) return forbidden("replaying dead letters is for admins");
  auto& w = local();
  const auto item = w.db.outbox_entry(outbox_id);
  if (!item) return not_found(fmt::format("no outbox item {}", outbox_id));
  if (!w.db.replay(outbox_id, settings_.now_ms())) {
    return failure{api_errc::conflict, fmt::format("outbox item {} is {}, not dead", outbox_id, store::to_string(item->state))};
  }
  log::info("outbox.replayed", {{"outbox_id", outbox_id}, {"principal", who.to_string()}});
  if (settings_.push_queued) settings_.push_queued();
  return outbox_json(*w.db.outbox_entry(outbox_id));
}

outcome<std::string> service::metrics_text(const principal* who) {
  if (!settings_.metrics_public) {
    if (who == nullptr) return failure{api_errc::unauthenticated, "metrics need an admin token or certificate"};
    if (who->role != role::admin) return forbidden("metrics are for admins");
  }
  for (const auto& [state, count] : local().db.outbox_counts()) {
    metrics_.set("iwmo_outbox_items", {{"state", state}}, static_cast<double>(count));
  }
  return metrics_.render();
}

outcome<std::optional<ggk_envelope_seen>> service::ggk_envelope(const principal& who, std::string_view referentienummer) {
  if (!who.as_party()) return forbidden("only an aanbieder or a gemeente sends envelopes");
  const auto row = local().db.ggk_envelope(referentienummer);
  if (!row) return std::optional<ggk_envelope_seen>();
  return std::optional<ggk_envelope_seen>(ggk_envelope_seen{row->message_id, row->zender, row->received_at, row->sha256, row->verdict});
}

bool service::ready() {
  try {
    (void)local().db.version();
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace iwmo::app
