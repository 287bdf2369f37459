// The toezicht tables: a signals run adds, updates and clears signals by id (first_seen and the
// cases they are in survive), queue filters and paging, cases with their notes, and the audit
// trail that refuses to be changed.
#include <catch2/catch.hpp>

#include "store/review.hpp"
#include "store/store.hpp"
#include "support/test_paths.hpp"

using namespace iwmo;

namespace {

store::signal_row signal(const std::string& id, const std::string& gemeente, const std::string& severity,
                         const std::string& period_begin = "2026-09-01") {
  store::signal_row s;
  s.id = id;
  s.rule = "declared_after_stop";
  s.severity = severity;
  s.gemeente = gemeente;
  s.aanbieder = "98000011";
  s.toewijzing = 26000001;
  s.period_begin = period_begin;
  s.period_end = period_begin.substr(0, 8) + "30";
  s.explanation = "Aanbieder 98000011 declareerde na de stop.";
  s.evidence_json = R"({"figures":[],"message_ids":[1]})";
  s.clients = {{"K-0123456789", "999999990"}};
  return s;
}

}  // namespace

TEST_CASE("a signals run adds new signals, updates known ones and clears the rest", "[store][review]") {
  test::temp_dir dir;
  store::database db(dir / "review.db");
  store::review_store r(db);

  const auto first = r.replace_signals({signal("S0000000000000001", "0344", "middel"), signal("S0000000000000002", "0307", "hoog")},
                                       "2026-11-01T08:00:00Z", "2026-11-01", 12);
  CHECK(first.active == 2);
  CHECK(first.added == 2);
  CHECK(first.cleared == 0);

  const auto c = r.add_case("Zaak", "0344", "98000011", std::nullopt, "tester", "2026-11-01T09:00:00Z", {"S0000000000000001"});

  // The second run raises signal 2 again (changed), no longer raises 1, and raises 3.
  auto changed = signal("S0000000000000002", "0307", "hoog");
  changed.explanation = "anders";
  const auto second = r.replace_signals({changed, signal("S0000000000000003", "0344", "laag")}, "2026-11-02T08:00:00Z",
                                        "2026-11-02", 10);
  CHECK(second.active == 2);
  CHECK(second.added == 1);
  CHECK(second.cleared == 1);

  const auto one = r.signal("S0000000000000001");
  REQUIRE(one);
  CHECK_FALSE(one->active);                                 // kept, inactive
  CHECK(one->cases == std::vector<std::int64_t>{c});        // still in its case
  const auto two = r.signal("S0000000000000002");
  REQUIRE(two);
  CHECK(two->explanation == "anders");
  CHECK(two->first_seen == "2026-11-01T08:00:00Z");
  CHECK(two->last_seen == "2026-11-02T08:00:00Z");
  CHECK(two->clients == std::vector<std::pair<std::string, std::string>>{{"K-0123456789", "999999990"}});
  CHECK(r.last_run_at() == std::optional<std::string>("2026-11-02T08:00:00Z"));
  CHECK(r.case_signals(c) == std::vector<std::string>{"S0000000000000001"});
}

TEST_CASE("the signal queue filters, orders by severity and pages", "[store][review]") {
  test::temp_dir dir;
  store::database db(dir / "review.db");
  store::review_store r(db);
  (void)r.replace_signals({signal("S0000000000000001", "0344", "laag", "2026-08-01"),
                           signal("S0000000000000002", "0344", "hoog", "2026-09-01"),
                           signal("S0000000000000003", "0307", "middel", "2026-09-01")},
                          "2026-11-01T08:00:00Z", "2026-11-01", 1);
  store::signal_filter all;
  const auto [rows, total] = r.signals(all);
  CHECK(total == 3);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].severity == "hoog");
  CHECK(rows[2].severity == "laag");

  store::signal_filter scoped;
  scoped.scope = {"0307"};
  CHECK(r.signals(scoped).second == 1);

  store::signal_filter august;
  august.overlaps = std::pair{std::string("2026-08-01"), std::string("2026-08-31")};
  const auto [in_august, n] = r.signals(august);
  REQUIRE(n == 1);
  CHECK(in_august[0].id == "S0000000000000001");

  store::signal_filter page;
  page.limit = 1;
  page.offset = 1;
  const auto [second, count] = r.signals(page);
  CHECK(count == 3);
  REQUIRE(second.size() == 1);
  CHECK(second[0].severity == "middel");

  (void)r.add_case("Zaak", "0344", "98000011", std::nullopt, "tester", "2026-11-01T09:00:00Z", {"S0000000000000002"});
  store::signal_filter open;
  open.cases = store::signal_filter::in_case::no;
  CHECK(r.signals(open).second == 2);
  store::signal_filter in_case;
  in_case.cases = store::signal_filter::in_case::yes;
  CHECK(r.signals(in_case).second == 1);
}

TEST_CASE("the audit trail is append-only", "[store][review]") {
  test::temp_dir dir;
  store::database db(dir / "review.db");
  store::review_store r(db);
  const auto id = r.audit("2026-11-01T08:00:00Z", "J. de Vries (toezicht)", "signal.reveal_bsn", "signal:S1", "{}");
  CHECK(id > 0);
  CHECK_THROWS_AS(db.raw().exec("UPDATE audit SET principal = 'iemand anders'"), store::store_error);
  CHECK_THROWS_AS(db.raw().exec("DELETE FROM audit"), store::store_error);
  store::audit_filter f;
  f.action = "signal.reveal_bsn";
  const auto entries = r.audit_entries(f);
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].principal == "J. de Vries (toezicht)");
}

TEST_CASE("the pseudonymisation key is made once and kept", "[store][review]") {
  test::temp_dir dir;
  {
    store::database db(dir / "review.db");
    CHECK(store::review_store(db).setting_or_set("pseudonym_key", "first") == "first");
    CHECK(store::review_store(db).setting_or_set("pseudonym_key", "second") == "first");
  }
  store::database again(dir / "review.db");
  CHECK(store::review_store(again).setting("pseudonym_key") == std::optional<std::string>("first"));
}

TEST_CASE("rebuild finds the accepted WMO301s and JW301s without an address row, by an index", "[store][review]") {
  test::temp_dir dir;
  store::database db(dir / "review.db");
  auto& c = db.raw();
  // 1 WMO301 with an address, 2 WMO301 and 3 JW301 without, 4 a rejected JW301, 5 a WMO305.
  c.exec("INSERT INTO message (received_at, source, sha256, bytes, type, verdict) VALUES "
         "('2026-11-22T09:00:00Z', 't', 'a', X'00', 'WMO301', 'accepted'),"
         "('2026-11-22T09:00:01Z', 't', 'b', X'00', 'WMO301', 'accepted'),"
         "('2026-11-22T09:00:02Z', 't', 'c', X'00', 'JW301', 'accepted'),"
         "('2026-11-22T09:00:03Z', 't', 'd', X'00', 'JW301', 'rejected'),"
         "('2026-11-22T09:00:04Z', 't', 'e', X'00', 'WMO305', 'accepted')");
  store::review_store r(db);
  r.add_client_address({1, "0344", "98000011", "999990019", "3511AA|1||", "Straat 1, 3511AA Utrecht"});
  CHECK(r.toewijzingen_without_address() == std::vector<std::int64_t>{2, 3});

  // Without the index on message_id the search reads the whole table for every message.
  std::string plan;
  {
    store::statement q(c.handle(), "EXPLAIN QUERY PLAN SELECT 1 FROM client_adres WHERE message_id = 7");
    while (q.step()) plan += q.text(3) + "\n";
  }
  INFO(plan);
  CHECK(plan.find("client_adres_by_message") != std::string::npos);
}
