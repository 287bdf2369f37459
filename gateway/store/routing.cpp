// Search keys, mailboxes, the push outbox and bearer tokens: what the daemon adds to the store.
#include <fmt/format.h>

#include "store/store.hpp"

namespace iwmo::store {

namespace {

constexpr std::string_view summary_columns =
    "m.id, m.received_at, m.sha256, m.type, m.sender, m.receiver, m.identificatie, m.dagtekening, m.verdict, m.findings, "
    "a.type, m.purged_at";
constexpr std::string_view summary_from = "message m LEFT JOIN answer a ON a.message_id = m.id";

message_summary read_summary(const statement& s, int first = 0) {
  return {s.integer(first + 0),       s.text(first + 1),          s.text(first + 2),          s.optional_text(first + 3),
          s.optional_text(first + 4), s.optional_text(first + 5), s.optional_text(first + 6), s.optional_text(first + 7),
          s.text(first + 8),          s.text(first + 9),          s.optional_text(first + 10), s.optional_text(first + 11)};
}

constexpr std::string_view outbox_columns =
    "o.id, o.mailbox_id, b.message_id, b.recipient, o.endpoint, o.state, o.attempts, o.created_ms, o.next_attempt_ms, "
    "o.last_attempt_ms, o.last_error, o.finished_ms, o.replayed_ms";

outbox_item read_outbox(const statement& s) {
  outbox_item o;
  o.id = s.integer(0);
  o.mailbox_id = s.integer(1);
  o.message_id = s.integer(2);
  o.recipient = s.text(3);
  o.endpoint = s.text(4);
  o.state = parse_outbox_state(s.text(5)).value_or(outbox_state::pending);
  o.attempts = s.integer(6);
  o.created_ms = s.integer(7);
  o.next_attempt_ms = s.integer(8);
  o.last_attempt_ms = s.optional_integer(9);
  o.last_error = s.optional_text(10);
  o.finished_ms = s.optional_integer(11);
  o.replayed_ms = s.optional_integer(12);
  return o;
}

}  // namespace

std::string_view to_string(outbox_state s) {
  switch (s) {
    case outbox_state::pending: return "pending";
    case outbox_state::delivered: return "delivered";
    case outbox_state::dead: return "dead";
  }
  return "pending";
}

std::optional<outbox_state> parse_outbox_state(std::string_view s) {
  if (s == "pending") return outbox_state::pending;
  if (s == "delivered") return outbox_state::delivered;
  if (s == "dead") return outbox_state::dead;
  return std::nullopt;
}

void database::add_message_keys(std::int64_t message_id, const std::vector<std::pair<std::string, std::string>>& keys) {
  for (const auto& [kind, value] : keys) {
    query q(*db_, "INSERT OR IGNORE INTO message_key (kind, value, message_id) VALUES (?1, ?2, ?3)");
    q.with(kind, value, message_id);
    q->run();
  }
}

void database::clear_message_keys(std::int64_t message_id) {
  query q(*db_, "DELETE FROM message_key WHERE message_id = ?1");
  q.with(message_id);
  q->run();
}

std::vector<message_summary> database::search(const message_query& mq) {
  // One statement for every combination: absent criteria are NULL and match everything.
  std::string parties;
  for (const auto& p : mq.parties) parties += (parties.empty() ? "" : ",") + p;
  query q(*db_, fmt::format(
                    "SELECT {} FROM {} WHERE m.id > ?1 AND m.verdict <> 'schema'"
                    " AND (?2 IS NULL OR m.id IN (SELECT message_id FROM message_key WHERE kind = 'bsn' AND value = ?2))"
                    " AND (?3 IS NULL OR m.id IN (SELECT message_id FROM message_key WHERE kind = 'toewijzing' AND value = ?3))"
                    " AND (?4 IS NULL OR m.id IN (SELECT message_id FROM message_key WHERE kind = 'declaratie' AND value = ?4))"
                    " AND (?5 IS NULL OR m.id IN (SELECT message_id FROM message_key WHERE kind = 'referentie' AND value = ?5))"
                    " AND (?6 IS NULL OR m.identificatie = ?6)"
                    " AND (?7 IS NULL OR m.type = ?7)"
                    " AND (?8 IS NULL OR substr(m.received_at, 1, 10) >= ?8)"
                    " AND (?9 IS NULL OR substr(m.received_at, 1, 10) <= ?9)"
                    " AND (?10 = '' OR instr(',' || ?10 || ',', ',' || m.sender || ',') > 0"
                    "      OR instr(',' || ?10 || ',', ',' || m.receiver || ',') > 0)"
                    " ORDER BY m.id LIMIT ?11",
                    summary_columns, summary_from));
  q.with(mq.after);
  q->bind(2, mq.bsn).bind(3, mq.toewijzing).bind(4, mq.declaratie).bind(5, mq.referentie).bind(6, mq.identificatie);
  q->bind(7, mq.type).bind(8, mq.from).bind(9, mq.to).bind(10, parties).bind(11, mq.limit);
  std::vector<message_summary> out;
  while (q->step()) out.push_back(read_summary(q.get()));
  return out;
}

std::optional<message_summary> database::summary(std::int64_t id) {
  query q(*db_, fmt::format("SELECT {} FROM {} WHERE m.id = ?1", summary_columns, summary_from));
  q.with(id);
  if (!q->step()) return std::nullopt;
  return read_summary(q.get());
}

std::vector<message_summary> database::with_sha256(std::string_view sha256) {
  query q(*db_, fmt::format("SELECT {} FROM {} WHERE m.sha256 = ?1 AND m.verdict <> 'schema' ORDER BY m.id", summary_columns,
                            summary_from));
  q.with(sha256);
  std::vector<message_summary> out;
  while (q->step()) out.push_back(read_summary(q.get()));
  return out;
}

std::vector<std::int64_t> database::message_ids() {
  query q(*db_, "SELECT id FROM message ORDER BY id");
  std::vector<std::int64_t> out;
  while (q->step()) out.push_back(q->integer(0));
  return out;
}

std::int64_t database::add_mailbox(std::int64_t message_id, std::string_view recipient, std::string_view created_at) {
  query q(*db_, "INSERT INTO mailbox (message_id, recipient, created_at) VALUES (?1, ?2, ?3)");
  q.with(message_id, recipient, created_at);
  q->run();
  return db_->last_insert_id();
}

std::vector<mailbox_item> database::mailbox(std::string_view recipient, std::int64_t after, int limit) {
  query q(*db_, fmt::format("SELECT x.id, x.message_id, x.recipient, x.created_at, x.acked_at, x.acked_by, {} "
                            "FROM mailbox x JOIN message m ON m.id = x.message_id LEFT JOIN answer a ON a.message_id = m.id "
                            "WHERE x.recipient = ?1 AND x.acked_at IS NULL AND x.id > ?2 ORDER BY x.id LIMIT ?3",
                            summary_columns));
  q.with(recipient, after, limit);
  std::vector<mailbox_item> out;
  while (q->step()) {
    const auto& s = q.get();
    out.push_back({s.integer(0), s.integer(1), s.text(2), s.text(3), s.optional_text(4), s.optional_text(5), read_summary(s, 6)});
  }
  return out;
}

std::optional<mailbox_item> database::mailbox_entry(std::int64_t id) {
  query q(*db_, fmt::format("SELECT x.id, x.message_id, x.recipient, x.created_at, x.acked_at, x.acked_by, {} "
                            "FROM mailbox x JOIN message m ON m.id = x.message_id LEFT JOIN answer a ON a.message_id = m.id "
                            "WHERE x.id = ?1",
                            summary_columns));
  q.with(id);
  if (!q->step()) return std::nullopt;
  const auto& s = q.get();
  return mailbox_item{s.integer(0), s.integer(1), s.text(2), s.text(3), s.optional_text(4), s.optional_text(5), read_summary(s, 6)};
}

bool database::acknowledge(std::int64_t id, std::string_view at, std::string_view by) {
  query q(*db_, "UPDATE mailbox SET acked_at = ?2, acked_by = ?3 WHERE id = ?1 AND acked_at IS NULL");
  q.with(id, at, by);
  q->run();
  return db_->changes() == 1;
}

std::int64_t database::add_outbox(std::int64_t mailbox_id, std::string_view endpoint, std::int64_t now_ms) {
  query q(*db_, "INSERT INTO outbox (mailbox_id, endpoint, state, created_ms, next_attempt_ms) VALUES (?1, ?2, 'pending', ?3, ?3)");
  q.with(mailbox_id, endpoint, now_ms);
  q->run();
  return db_->last_insert_id();
}

std::vector<delivery> database::due_deliveries(std::int64_t now_ms, int limit) {
  query q(*db_, fmt::format("SELECT {}, m.type, m.sender, m.bytes FROM outbox o JOIN mailbox b ON b.id = o.mailbox_id "
                            "JOIN message m ON m.id = b.message_id "
                            "WHERE o.state = 'pending' AND o.next_attempt_ms <= ?1 ORDER BY o.next_attempt_ms, o.id LIMIT ?2",
                            outbox_columns));
  q.with(now_ms, limit);
  std::vector<delivery> out;
  while (q->step()) {
    const auto& s = q.get();
    out.push_back({read_outbox(s), s.optional_text(13).value_or(""), s.optional_text(14).value_or(""), s.blob(15)});
  }
  return out;
}

std::optional<std::int64_t> database::next_due_ms() {
  query q(*db_, "SELECT MIN(next_attempt_ms) FROM outbox WHERE state = 'pending'");
  if (!q->step() || q->is_null(0)) return std::nullopt;
  return q->integer(0);
}

void database::delivery_succeeded(std::int64_t id, std::int64_t now_ms, std::string_view now_text) {
  transaction tx(*db_);
  {
    query q(*db_, "UPDATE outbox SET state = 'delivered', attempts = attempts + 1, last_attempt_ms = ?2, finished_ms = ?2, "
                  "last_error = NULL WHERE id = ?1 AND state = 'pending'");
    q.with(id, now_ms);
    q->run();
  }
  {
    query q(*db_, "UPDATE mailbox SET acked_at = ?2, acked_by = 'push' "
                  "WHERE id = (SELECT mailbox_id FROM outbox WHERE id = ?1) AND acked_at IS NULL");
    q.with(id, now_text);
    q->run();
  }
  tx.commit();
}

void database::delivery_failed(std::int64_t id, std::int64_t now_ms, std::string_view error,
                               std::optional<std::int64_t> next_attempt_ms) {
  if (next_attempt_ms) {
    query q(*db_, "UPDATE outbox SET attempts = attempts + 1, last_attempt_ms = ?2, last_error = ?3, next_attempt_ms = ?4 "
                  "WHERE id = ?1 AND state = 'pending'");
    q.with(id, now_ms, error, *next_attempt_ms);
    q->run();
  } else {
    query q(*db_, "UPDATE outbox SET state = 'dead', attempts = attempts + 1, last_attempt_ms = ?2, last_error = ?3, "
                  "finished_ms = ?2 WHERE id = ?1 AND state = 'pending'");
    q.with(id, now_ms, error);
    q->run();
  }
}

std::vector<outbox_item> database::outbox(std::optional<outbox_state> state, std::int64_t after, int limit) {
  query q(*db_, fmt::format("SELECT {} FROM outbox o JOIN mailbox b ON b.id = o.mailbox_id "
                            "WHERE (?1 IS NULL OR o.state = ?1) AND o.id > ?2 ORDER BY o.id LIMIT ?3",
                            outbox_columns));
  q->bind(1, state ? std::optional<std::string>(std::string(to_string(*state))) : std::nullopt);
  q->bind(2, after).bind(3, limit);
  std::vector<outbox_item> out;
  while (q->step()) out.push_back(read_outbox(q.get()));
  return out;
}

std::optional<outbox_item> database::outbox_entry(std::int64_t id) {
  query q(*db_, fmt::format("SELECT {} FROM outbox o JOIN mailbox b ON b.id = o.mailbox_id WHERE o.id = ?1", outbox_columns));
  q.with(id);
  if (!q->step()) return std::nullopt;
  return read_outbox(q.get());
}

bool database::replay(std::int64_t id, std::int64_t now_ms) {
  query q(*db_, "UPDATE outbox SET state = 'pending', next_attempt_ms = ?2, replayed_ms = ?2, finished_ms = NULL "
                "WHERE id = ?1 AND state = 'dead'");
  q.with(id, now_ms);
  q->run();
  return db_->changes() == 1;
}

std::map<std::string, std::int64_t> database::outbox_counts() {
  std::map<std::string, std::int64_t> out{{"pending", 0}, {"delivered", 0}, {"dead", 0}};
  query q(*db_, "SELECT state, COUNT(*) FROM outbox GROUP BY state");
  while (q->step()) out[q->text(0)] = q->integer(1);
  return out;
}

std::int64_t database::add_credential(std::string_view token_sha256, std::string_view principal, std::string_view label,
                                      std::string_view created_at) {
  query q(*db_, "INSERT INTO credential (token_sha256, principal, label, created_at) VALUES (?1, ?2, ?3, ?4)");
  q.with(token_sha256, principal, label, created_at);
  q->run();
  return db_->last_insert_id();
}

std::optional<credential_row> database::credential_for(std::string_view token_sha256) {
  query q(*db_, "SELECT id, principal, label, created_at, revoked_at FROM credential WHERE token_sha256 = ?1 AND revoked_at IS NULL");
  q.with(token_sha256);
  if (!q->step()) return std::nullopt;
  return credential_row{q->integer(0), q->text(1), q->text(2), q->text(3), q->optional_text(4)};
}

std::vector<credential_row> database::credentials() {
  query q(*db_, "SELECT id, principal, label, created_at, revoked_at FROM credential ORDER BY id");
  std::vector<credential_row> out;
  while (q->step()) out.push_back({q->integer(0), q->text(1), q->text(2), q->text(3), q->optional_text(4)});
  return out;
}

bool database::revoke_credential(std::int64_t id, std::string_view at) {
  query q(*db_, "UPDATE credential SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL");
  q.with(id, at);
  q->run();
  return db_->changes() == 1;
}

}  // namespace iwmo::store
