// Signals, cases, the audit trail, client addresses and settings (store/review.hpp).
#include "store/review.hpp"

#include <map>
#include <set>

#include <fmt/format.h>

namespace iwmo::store {

namespace {

int rank_of(std::string_view severity) {
  if (severity == "hoog") return 3;
  if (severity == "middel") return 2;
  return 1;
}

constexpr std::string_view signal_columns =
    "s.id, s.rule, s.severity, s.gemeente, s.aanbieder, s.toewijzing_nummer, s.product, s.period_begin, s.period_end, "
    "s.explanation, s.evidence, s.first_seen, s.last_seen, s.active";

signal_row read_signal(const statement& s) {
  signal_row r;
  r.id = s.text(0);
  r.rule = s.text(1);
  r.severity = s.text(2);
  r.gemeente = s.text(3);
  r.aanbieder = s.text(4);
  r.toewijzing = s.optional_integer(5);
  r.product = s.optional_text(6);
  r.period_begin = s.text(7);
  r.period_end = s.text(8);
  r.explanation = s.text(9);
  r.evidence_json = s.text(10);
  r.first_seen = s.text(11);
  r.last_seen = s.text(12);
  r.active = s.integer(13) != 0;
  return r;
}

// "?n, ?n+1, ..." for a list bound from index `first`.
std::string placeholders(std::size_t count, int first) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) out += fmt::format("{}?{}", i == 0 ? "" : ", ", first + static_cast<int>(i));
  return out;
}

constexpr std::string_view case_columns =
    "c.id, c.title, c.status, c.gemeente, c.aanbieder, c.assignee, c.decision, c.created_at, c.created_by, c.updated_at, "
    "(SELECT count(*) FROM case_signal x WHERE x.case_id = c.id)";

case_row read_case(const statement& s) {
  return {s.integer(0),       s.text(1), s.text(2), s.text(3), s.text(4), s.optional_text(5), s.optional_text(6),
          s.text(7),          s.text(8), s.text(9), s.integer(10)};
}

// A case changed: its updated_at moves.
void touch_case(connection& c, std::int64_t id, std::string_view at) {
  query q(c, "UPDATE review_case SET updated_at = ?2 WHERE id = ?1");
  q.with(id, at);
  q->run();
}

}  // namespace

run_counts review_store::replace_signals(const std::vector<signal_row>& raised, std::string_view now,
                                         std::string_view today, std::int64_t ms) {
  transaction tx(c_);
  run_counts out;
  {
    query q(c_, "INSERT INTO signal_run (at, today, raised, added, cleared, ms) VALUES (?1, ?2, 0, 0, 0, ?3)");
    q.with(now, today, ms);
    q->run();
    out.run_id = c_.last_insert_id();
  }
  std::set<std::string, std::less<>> known;
  {
    query q(c_, "SELECT id FROM signal");
    while (q->step()) known.insert(q->text(0));
  }
  for (const auto& s : raised) {
    if (!known.contains(s.id)) ++out.added;
    {
      query q(c_,
              "INSERT INTO signal (id, rule, severity, rank, gemeente, aanbieder, toewijzing_nummer, product, period_begin, "
              "period_end, explanation, evidence, first_seen, last_seen, run_id, active) "
              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?14, 1) "
              "ON CONFLICT (id) DO UPDATE SET rule = excluded.rule, severity = excluded.severity, rank = excluded.rank, "
              "gemeente = excluded.gemeente, aanbieder = excluded.aanbieder, toewijzing_nummer = excluded.toewijzing_nummer, "
              "product = excluded.product, period_begin = excluded.period_begin, period_end = excluded.period_end, "
              "explanation = excluded.explanation, evidence = excluded.evidence, last_seen = excluded.last_seen, "
              "run_id = excluded.run_id, active = 1");
      q.with(s.id, s.rule, s.severity, rank_of(s.severity), s.gemeente, s.aanbieder, s.toewijzing, s.product,
             s.period_begin, s.period_end, s.explanation, s.evidence_json, now, out.run_id);
      q->run();
    }
    {
      query q(c_, "DELETE FROM signal_client WHERE signal_id = ?1");
      q.with(s.id);
      q->run();
    }
    for (const auto& [pseudonym, bsn] : s.clients) {
      query q(c_, "INSERT OR IGNORE INTO signal_client (signal_id, pseudonym, bsn) VALUES (?1, ?2, ?3)");
      q.with(s.id, pseudonym, bsn);
      q->run();
    }
    ++out.active;
  }
  {
    query q(c_, "UPDATE signal SET active = 0 WHERE active = 1 AND run_id <> ?1");
    q.with(out.run_id);
    q->run();
    out.cleared = c_.changes();
  }
  {
    query q(c_, "UPDATE signal_run SET raised = ?2, added = ?3, cleared = ?4 WHERE id = ?1");
    q.with(out.run_id, out.active, out.added, out.cleared);
    q->run();
  }
  tx.commit();
  return out;
}

std::pair<std::vector<signal_row>, std::int64_t> review_store::signals(const signal_filter& f) {
  // The conditions and their values; every value is bound, never spliced into the text.
  std::vector<std::string> where;
  std::vector<std::string> values;
  const auto add = [&](std::string_view condition, const std::string& value) {
    values.push_back(value);
    where.push_back(fmt::format(fmt::runtime(std::string(condition)), values.size()));
  };
  if (f.gemeente) add("s.gemeente = ?{}", *f.gemeente);
  if (f.aanbieder) add("s.aanbieder = ?{}", *f.aanbieder);
  if (f.rule) add("s.rule = ?{}", *f.rule);
  if (f.severity) add("s.severity = ?{}", *f.severity);
  if (f.overlaps) {
    add("s.period_end >= ?{}", f.overlaps->first);
    add("s.period_begin <= ?{}", f.overlaps->second);
  }
  if (f.active == signal_filter::activity::active) where.emplace_back("s.active = 1");
  if (f.active == signal_filter::activity::inactive) where.emplace_back("s.active = 0");
  if (f.cases == signal_filter::in_case::no) where.emplace_back("NOT EXISTS (SELECT 1 FROM case_signal x WHERE x.signal_id = s.id)");
  if (f.cases == signal_filter::in_case::yes) where.emplace_back("EXISTS (SELECT 1 FROM case_signal x WHERE x.signal_id = s.id)");
  if (!f.scope.empty()) {
    where.push_back(fmt::format("s.gemeente IN ({})", placeholders(f.scope.size(), static_cast<int>(values.size()) + 1)));
    values.insert(values.end(), f.scope.begin(), f.scope.end());
  }
  std::string condition;
  for (const auto& w : where) condition += (condition.empty() ? " WHERE " : " AND ") + w;

  const auto bind_all = [&](query& q) {
    for (std::size_t i = 0; i < values.size(); ++i) q->bind(static_cast<int>(i) + 1, values[i]);
  };
  std::int64_t total = 0;
  {
    query q(c_, fmt::format("SELECT count(*) FROM signal s{}", condition));
    bind_all(q);
    q->step();
    total = q->integer(0);
  }
  std::vector<signal_row> out;
  {
    query q(c_, fmt::format("SELECT {} FROM signal s{} ORDER BY s.active DESC, s.rank DESC, s.period_end DESC, s.id "
                            "LIMIT ?{} OFFSET ?{}",
                            signal_columns, condition, values.size() + 1, values.size() + 2));
    bind_all(q);
    q->bind(static_cast<int>(values.size()) + 1, f.limit);
    q->bind(static_cast<int>(values.size()) + 2, f.offset);
    while (q->step()) out.push_back(read_signal(q.get()));
  }
  if (!f.details) return {std::move(out), total};
  for (auto& s : out) {
    {
      query q(c_, "SELECT pseudonym, bsn FROM signal_client WHERE signal_id = ?1 ORDER BY pseudonym");
      q.with(s.id);
      while (q->step()) s.clients.emplace_back(q->text(0), q->text(1));
    }
    query q(c_, "SELECT case_id FROM case_signal WHERE signal_id = ?1 ORDER BY case_id");
    q.with(s.id);
    while (q->step()) s.cases.push_back(q->integer(0));
  }
  return {std::move(out), total};
}

std::optional<signal_row> review_store::signal(std::string_view id) {
  std::optional<signal_row> out;
  {
    query q(c_, fmt::format("SELECT {} FROM signal s WHERE s.id = ?1", signal_columns));
    q.with(id);
    if (!q->step()) return std::nullopt;
    out = read_signal(q.get());
  }
  {
    query q(c_, "SELECT pseudonym, bsn FROM signal_client WHERE signal_id = ?1 ORDER BY pseudonym");
    q.with(id);
    while (q->step()) out->clients.emplace_back(q->text(0), q->text(1));
  }
  query q(c_, "SELECT case_id FROM case_signal WHERE signal_id = ?1 ORDER BY case_id");
  q.with(id);
  while (q->step()) out->cases.push_back(q->integer(0));
  return out;
}

std::optional<std::string> review_store::last_run_at() {
  query q(c_, "SELECT at FROM signal_run ORDER BY id DESC LIMIT 1");
  if (!q->step()) return std::nullopt;
  return q->text(0);
}

std::int64_t review_store::add_case(std::string_view title, std::string_view gemeente, std::string_view aanbieder,
                                    const std::optional<std::string>& assignee, std::string_view by,
                                    std::string_view now, const std::vector<std::string>& signal_ids) {
  transaction tx(c_);
  std::int64_t id = 0;
  {
    query q(c_,
            "INSERT INTO review_case (title, status, gemeente, aanbieder, assignee, created_at, created_by, updated_at) "
            "VALUES (?1, 'nieuw', ?2, ?3, ?4, ?5, ?6, ?5)");
    q.with(title, gemeente, aanbieder, assignee, now, by);
    q->run();
    id = c_.last_insert_id();
  }
  for (const auto& s : signal_ids) {
    query q(c_, "INSERT OR IGNORE INTO case_signal (case_id, signal_id, added_at) VALUES (?1, ?2, ?3)");
    q.with(id, s, now);
    q->run();
  }
  tx.commit();
  return id;
}

std::optional<case_row> review_store::case_of(std::int64_t id) {
  query q(c_, fmt::format("SELECT {} FROM review_case c WHERE c.id = ?1", case_columns));
  q.with(id);
  if (!q->step()) return std::nullopt;
  return read_case(q.get());
}

std::vector<case_row> review_store::cases(const case_filter& f) {
  std::vector<std::string> where;
  std::vector<std::string> values;
  const auto add = [&](std::string_view column, const std::string& value) {
    values.push_back(value);
    where.push_back(fmt::format("{} = ?{}", column, values.size()));
  };
  if (f.status) add("c.status", *f.status);
  if (f.assignee) add("c.assignee", *f.assignee);
  if (f.gemeente) add("c.gemeente", *f.gemeente);
  if (!f.scope.empty()) {
    where.push_back(fmt::format("c.gemeente IN ({})", placeholders(f.scope.size(), static_cast<int>(values.size()) + 1)));
    values.insert(values.end(), f.scope.begin(), f.scope.end());
  }
  std::string condition;
  for (const auto& w : where) condition += (condition.empty() ? " WHERE " : " AND ") + w;
  query q(c_, fmt::format("SELECT {} FROM review_case c{} ORDER BY c.updated_at DESC, c.id DESC LIMIT ?{}", case_columns,
                          condition, values.size() + 1));
  for (std::size_t i = 0; i < values.size(); ++i) q->bind(static_cast<int>(i) + 1, values[i]);
  q->bind(static_cast<int>(values.size()) + 1, f.limit);
  std::vector<case_row> out;
  while (q->step()) out.push_back(read_case(q.get()));
  return out;
}

std::vector<std::string> review_store::case_signals(std::int64_t id) {
  query q(c_, "SELECT signal_id FROM case_signal WHERE case_id = ?1 ORDER BY added_at, signal_id");
  q.with(id);
  std::vector<std::string> out;
  while (q->step()) out.push_back(q->text(0));
  return out;
}

void review_store::add_case_signals(std::int64_t id, const std::vector<std::string>& signal_ids, std::string_view now) {
  transaction tx(c_);
  for (const auto& s : signal_ids) {
    query q(c_, "INSERT OR IGNORE INTO case_signal (case_id, signal_id, added_at) VALUES (?1, ?2, ?3)");
    q.with(id, s, now);
    q->run();
  }
  touch_case(c_, id, now);
  tx.commit();
}

void review_store::set_case_status(std::int64_t id, std::string_view status, const std::optional<std::string>& decision,
                                   std::string_view now) {
  query q(c_, "UPDATE review_case SET status = ?2, decision = coalesce(?3, decision), updated_at = ?4 WHERE id = ?1");
  q.with(id, status, decision, now);
  q->run();
}

void review_store::set_case_assignee(std::int64_t id, const std::optional<std::string>& assignee, std::string_view now) {
  query q(c_, "UPDATE review_case SET assignee = ?2, updated_at = ?3 WHERE id = ?1");
  q.with(id, assignee, now);
  q->run();
}

std::int64_t review_store::add_note(std::int64_t case_id, std::string_view author, std::string_view at,
                                    std::string_view text) {
  transaction tx(c_);
  {
    query q(c_, "INSERT INTO case_note (case_id, author, at, text) VALUES (?1, ?2, ?3, ?4)");
    q.with(case_id, author, at, text);
    q->run();
  }
  const auto id = c_.last_insert_id();
  touch_case(c_, case_id, at);
  tx.commit();
  return id;
}

std::vector<note_row> review_store::notes(std::int64_t case_id) {
  query q(c_, "SELECT id, case_id, author, at, text FROM case_note WHERE case_id = ?1 ORDER BY id");
  q.with(case_id);
  std::vector<note_row> out;
  while (q->step()) out.push_back({q->integer(0), q->integer(1), q->text(2), q->text(3), q->text(4)});
  return out;
}

std::int64_t review_store::add_attachment(std::int64_t case_id, std::string_view reference, std::string_view label,
                                          std::string_view author, std::string_view at) {
  transaction tx(c_);
  {
    query q(c_, "INSERT INTO case_attachment (case_id, reference, label, author, at) VALUES (?1, ?2, ?3, ?4, ?5)");
    q.with(case_id, reference, label, author, at);
    q->run();
  }
  const auto id = c_.last_insert_id();
  touch_case(c_, case_id, at);
  tx.commit();
  return id;
}

std::vector<attachment_row> review_store::attachments(std::int64_t case_id) {
  query q(c_, "SELECT id, case_id, reference, label, author, at FROM case_attachment WHERE case_id = ?1 ORDER BY id");
  q.with(case_id);
  std::vector<attachment_row> out;
  while (q->step()) out.push_back({q->integer(0), q->integer(1), q->text(2), q->text(3), q->text(4), q->text(5)});
  return out;
}

std::int64_t review_store::audit(std::string_view at, std::string_view principal, std::string_view action,
                                 std::string_view object, std::string_view detail_json) {
  query q(c_, "INSERT INTO audit (at, principal, action, object, detail) VALUES (?1, ?2, ?3, ?4, ?5)");
  q.with(at, principal, action, object, detail_json);
  q->run();
  return c_.last_insert_id();
}

std::vector<audit_row> review_store::audit_entries(const audit_filter& f) {
  std::vector<std::string> where;
  std::vector<std::string> values;
  const auto add = [&](std::string_view column, const std::string& value) {
    values.push_back(value);
    where.push_back(fmt::format("{} = ?{}", column, values.size()));
  };
  if (f.object) add("object", *f.object);
  if (f.principal) add("principal", *f.principal);
  if (f.action) add("action", *f.action);
  std::string condition;
  for (const auto& w : where) condition += (condition.empty() ? " WHERE " : " AND ") + w;
  if (f.before > 0) condition += fmt::format("{}id < ?{}", condition.empty() ? " WHERE " : " AND ", values.size() + 1);
  const auto limit_index = values.size() + (f.before > 0 ? 2 : 1);
  query q(c_, fmt::format("SELECT id, at, principal, action, object, detail FROM audit{} ORDER BY id DESC LIMIT ?{}",
                          condition, limit_index));
  for (std::size_t i = 0; i < values.size(); ++i) q->bind(static_cast<int>(i) + 1, values[i]);
  if (f.before > 0) q->bind(static_cast<int>(values.size()) + 1, f.before);
  q->bind(static_cast<int>(limit_index), f.limit);
  std::vector<audit_row> out;
  while (q->step()) out.push_back({q->integer(0), q->text(1), q->text(2), q->text(3), q->text(4), q->text(5)});
  return out;
}

std::optional<std::string> review_store::setting(std::string_view key) {
  query q(c_, "SELECT value FROM setting WHERE key = ?1");
  q.with(key);
  if (!q->step()) return std::nullopt;
  return q->text(0);
}

std::string review_store::setting_or_set(std::string_view key, std::string_view value) {
  {
    query q(c_, "INSERT OR IGNORE INTO setting (key, value) VALUES (?1, ?2)");
    q.with(key, value);
    q->run();
  }
  return setting(key).value_or(std::string(value));
}

void review_store::add_client_address(const client_address_row& a) {
  query q(c_,
          "INSERT OR REPLACE INTO client_adres (message_id, gemeente, aanbieder, bsn, adres_key, adres_text) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  q.with(a.message_id, a.gemeente, a.aanbieder, a.bsn, a.key, a.text);
  q->run();
}

std::vector<std::int64_t> review_store::toewijzingen_without_address() {
  query q(c_,
          "SELECT m.id FROM message m WHERE m.type IN ('WMO301', 'JW301') AND m.verdict IN ('accepted', 'partial') AND m.purged_at IS NULL AND NOT EXISTS "
          "(SELECT 1 FROM client_adres a WHERE a.message_id = m.id) ORDER BY m.id");
  std::vector<std::int64_t> out;
  while (q->step()) out.push_back(q->integer(0));
  return out;
}

std::vector<client_address_row> review_store::latest_client_addresses() {
  // The row with the highest message id per (gemeente, aanbieder, bsn).
  query q(c_,
          "SELECT a.message_id, a.gemeente, a.aanbieder, a.bsn, a.adres_key, a.adres_text FROM client_adres a "
          "WHERE a.message_id = (SELECT max(b.message_id) FROM client_adres b WHERE b.gemeente = a.gemeente AND "
          "b.aanbieder = a.aanbieder AND b.bsn = a.bsn) ORDER BY a.gemeente, a.aanbieder, a.bsn");
  std::vector<client_address_row> out;
  while (q->step()) out.push_back({q->integer(0), q->text(1), q->text(2), q->text(3), q->text(4), q->text(5)});
  return out;
}

std::vector<std::pair<std::int64_t, std::int64_t>> review_store::declaratie_messages() {
  query q(c_, "SELECT id, message_id FROM declaratie ORDER BY id");
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  while (q->step()) out.emplace_back(q->integer(0), q->integer(1));
  return out;
}

std::vector<provider_month> review_store::provider_months(std::string_view aanbieder, const std::vector<std::string>& scope) {
  std::string condition;
  if (!scope.empty()) condition = fmt::format(" AND gemeente IN ({})", placeholders(scope.size(), 2));
  query q(c_, fmt::format("SELECT gemeente, maand, sum(gedeclareerd_bedrag), sum(goedgekeurd_bedrag), sum(afgewezen_bedrag), "
                          "count(DISTINCT CASE WHEN gedeclareerd_volume > 0 OR gedeclareerd_bedrag > 0 THEN bsn END) "
                          "FROM ledger WHERE aanbieder = ?1{} GROUP BY gemeente, maand ORDER BY maand, gemeente",
                          condition));
  q->bind(1, aanbieder);
  for (std::size_t i = 0; i < scope.size(); ++i) q->bind(static_cast<int>(i) + 2, scope[i]);
  std::vector<provider_month> out;
  while (q->step()) {
    out.push_back({q->text(0), q->text(1), q->integer(2), q->integer(3), q->integer(4), q->integer(5)});
  }
  return out;
}

}  // namespace iwmo::store
