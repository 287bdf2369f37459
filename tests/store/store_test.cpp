// The store: pragmas and STRICT tables, migrations from an empty file and from every earlier
// schema version, refusal of a newer schema, and transactions that roll back unless committed.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <thread>

#include <fmt/format.h>

#include "store/maintenance.hpp"
#include "store/schema.hpp"
#include "store/store.hpp"
#include "support/test_paths.hpp"

using namespace iwmo;

namespace {

// name -> CREATE statement of every table and index.
std::map<std::string, std::string> schema_of(store::connection& c) {
  std::map<std::string, std::string> out;
  store::query q(c, "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name");
  while (q->step()) out[q->text(0)] = q->text(1);
  return out;
}

std::int64_t count(store::connection& c, const std::string& sql) {
  store::query q(c, sql);
  REQUIRE(q->step());
  return q->integer(0);
}

std::int64_t pragma(store::connection& c, const std::string& name) {
  store::query q(c, "PRAGMA " + name);
  REQUIRE(q->step());
  return q->integer(0);
}

// A database as a gateway of schema version `version` left it.
void create_at_version(const std::filesystem::path& file, int version) {
  store::connection c(file);
  const auto all = store::migrations();
  for (int v = 0; v < version; ++v) c.exec(all[static_cast<std::size_t>(v)]);
  c.exec(fmt::format("PRAGMA user_version = {}", version));
}

store::message_row sample_message(const std::string& identificatie) {
  store::message_row m;
  m.received_at = "2026-11-22T09:00:00Z";
  m.source = "test";
  m.sha256 = std::string(64, '0');
  m.bytes = "<Bericht/>";
  m.type = "WMO301";
  m.sender = "0344";
  m.receiver = "98000011";
  m.identificatie = identificatie;
  m.dagtekening = "2026-11-22";
  m.verdict = "accepted";
  m.findings_json = "[]";
  m.errors_json = "[]";
  return m;
}

}  // namespace

TEST_CASE("a new database: WAL, synchronous FULL, foreign keys, STRICT tables, current version", "[store]") {
  test::temp_dir dir;
  store::database db(dir / "gateway.db");
  CHECK(db.version() == store::database::current_version());
  CHECK(store::database::current_version() == static_cast<int>(store::migrations().size()));
  auto& c = db.raw();
  {
    store::query q(c, "PRAGMA journal_mode");
    REQUIRE(q->step());
    CHECK(q->text(0) == "wal");
  }
  CHECK(pragma(c, "synchronous") == 2);  // FULL
  CHECK(pragma(c, "foreign_keys") == 1);
  const auto schema = schema_of(c);
  std::size_t tables = 0;
  for (const auto& [name, sql] : schema) {
    if (!sql.starts_with("CREATE TABLE")) continue;
    ++tables;
    INFO(name);
    CHECK(sql.find("STRICT") != std::string::npos);
  }
  CHECK(tables >= 10);
  CHECK(db.integrity_ok());
}

TEST_CASE("migrations: from an empty file and from every earlier version to the same schema", "[store]") {
  test::temp_dir dir;
  std::map<std::string, std::string> fresh;
  {
    store::database db(dir / "fresh.db");
    fresh = schema_of(db.raw());
  }
  for (int version = 0; version < store::database::current_version(); ++version) {
    INFO("from version " << version);
    const auto file = dir / fmt::format("v{}.db", version);
    create_at_version(file, version);
    if (version >= 1) {
      // A message stored by that version survives the migration.
      store::connection c(file);
      c.exec("INSERT INTO message (received_at, source, sha256, bytes, verdict) "
             "VALUES ('2026-11-22T09:00:00Z', 'old', 'x', X'3C42657269636874202F3E', 'schema')");
    }
    store::database db(file);
    CHECK(db.version() == store::database::current_version());
    CHECK(schema_of(db.raw()) == fresh);
    if (version >= 1) {
      REQUIRE(db.message(1));
      CHECK(db.message(1)->bytes == "<Bericht />");
    }
  }
  // Opening a current database again changes nothing and keeps its rows.
  {
    store::database db(dir / "fresh.db");
    db.add_message(sample_message("A1"));
  }
  store::database db(dir / "fresh.db");
  CHECK(db.message_count() == 1);
  CHECK(schema_of(db.raw()) == fresh);
}

TEST_CASE("migration 5 keeps the iWmo state, puts it in the Wmo domain and keeps the references", "[store]") {
  test::temp_dir dir;
  const auto file = dir / "v4.db";
  create_at_version(file, 4);
  {
    store::connection c(file);
    c.exec("PRAGMA foreign_keys = ON");
    c.exec("INSERT INTO message (received_at, source, sha256, bytes, verdict) VALUES ('2026-11-22T09:00:00Z', 'old', 'x', X'00', 'accepted');"
           "INSERT INTO verzoek (message_id, soort, status, gemeente, aanbieder, bsn, referentie_aanbieder, dagtekening) "
           "VALUES (1, 'toewijzing', 'open', '0344', '98000011', '999990019', 'REF-1', '2026-11-01');"
           "INSERT INTO declaratie (message_id, gemeente, aanbieder, nummer, periode_begin, periode_eind, ingediend, toegekend) "
           "VALUES (1, '0344', '98000011', 'D1', '2026-10-01', '2026-10-31', 100, 100);"
           "INSERT INTO prestatie (declaratie_id, gemeente, aanbieder, bsn, referentie_nummer, toewijzing_nummer, categorie, code, "
           "begindatum, einddatum, volume, eenheid, bedrag, debet_credit, status) VALUES (1, '0344', '98000011', '999990019', "
           "'P1', 4410001, '01', '01A01', '2026-10-01', '2026-10-31', 1, '04', 100, 'D', 'approved');"
           "INSERT INTO ledger (gemeente, toewijzing_nummer, maand, aanbieder, bsn, gedeclareerd_volume, gedeclareerd_bedrag, "
           "goedgekeurd_volume, goedgekeurd_bedrag, afgewezen_bedrag, afgewezen_codes, gecrediteerd_bedrag, dagen_geleverd, "
           "starts, stops, aandacht) VALUES ('0344', 4410001, '2026-10', '98000011', '999990019', 1, 100, 1, 100, 0, '', 0, 0, "
           "0, 0, '');");
  }
  store::database db(file);
  CHECK(db.integrity_ok());
  auto& c = db.raw();
  for (const auto* table : {"verzoek", "declaratie", "prestatie", "ledger"}) {
    INFO(table);
    CHECK(count(c, fmt::format("SELECT COUNT(*) FROM {} WHERE domain = 'wmo'", table)) == 1);
  }
  CHECK(count(c, "SELECT COUNT(*) FROM pragma_foreign_key_check") == 0);
  CHECK(count(c, "SELECT COUNT(*) FROM prestatie JOIN declaratie ON declaratie.id = prestatie.declaratie_id") == 1);
  const auto& wmo = db.history(model::standard::iwmo_3_2);
  const auto& jw = db.history(model::standard::ijw_3_2);
  CHECK(wmo.declaratie_nummer_used("0344", "98000011", "D1"));
  CHECK_FALSE(jw.declaratie_nummer_used("0344", "98000011", "D1"));
  CHECK(wmo.verzoek("98000011", "REF-1"));
  CHECK_FALSE(jw.verzoek("98000011", "REF-1"));
  CHECK(db.ledger("0344", "2026-10", std::nullopt).size() == 1);
  CHECK(db.ledger("0344", "2026-10", std::nullopt).front().domain == "wmo");
}

TEST_CASE("a database written by a newer gateway is refused and left alone", "[store]") {
  test::temp_dir dir;
  const auto file = dir / "newer.db";
  const int newer = store::database::current_version() + 1;
  {
    store::connection c(file);
    c.exec("CREATE TABLE future (x INTEGER) STRICT");
    c.exec(fmt::format("PRAGMA user_version = {}", newer));
  }
  try {
    store::database db(file);
    FAIL("a newer schema was opened");
  } catch (const store::store_error& e) {
    const std::string text = e.what();
    CHECK(text.find(fmt::format("schema version {}", newer)) != std::string::npos);
    CHECK(text.find("newer gateway") != std::string::npos);
  }
  store::connection c(file);
  CHECK(pragma(c, "user_version") == newer);
  CHECK(schema_of(c).size() == 1);
}

TEST_CASE("a file that is not a database is refused with its name", "[store]") {
  test::temp_dir dir;
  const auto file = dir / "notes.db";
  test::write_file(file, std::string(4096, 'x'));
  try {
    store::database db(file);
    FAIL("opened");
  } catch (const store::store_error& e) {
    CHECK(std::string(e.what()).find("notes.db") != std::string::npos);
  }
}

TEST_CASE("a transaction that is not committed leaves nothing behind", "[store]") {
  test::temp_dir dir;
  store::database db(dir / "gateway.db");
  {
    auto tx = db.begin();
    db.add_message(sample_message("A1"));
    db.register_identificatie("0344", "WMO301", "A1", 1);
  }
  CHECK(db.message_count() == 0);
  CHECK_FALSE(db.history(model::standard::iwmo_3_2).identificatie_used("0344", model::message_type::wmo301, "A1"));
  {
    auto tx = db.begin();
    const auto id = db.add_message(sample_message("A1"));
    db.register_identificatie("0344", "WMO301", "A1", id);
    tx.commit();
  }
  CHECK(db.message_count() == 1);
  CHECK(db.history(model::standard::iwmo_3_2).identificatie_used("0344", model::message_type::wmo301, "A1"));
  CHECK_FALSE(db.history(model::standard::iwmo_3_2).identificatie_used("0344", model::message_type::wmo305, "A1"));
}

TEST_CASE("foreign keys hold: an answer needs its message", "[store]") {
  test::temp_dir dir;
  store::database db(dir / "gateway.db");
  CHECK_THROWS_AS(db.add_answer({99, "WMO302", "R1", "2026-11-22", "<Bericht/>"}), store::store_error);
  CHECK(db.row_counts()["answer"] == 0);
}

TEST_CASE("messages keep their exact bytes", "[store]") {
  test::temp_dir dir;
  store::database db(dir / "gateway.db");
  auto m = sample_message("A1");
  m.bytes = std::string("<?xml version=\"1.0\"?>\r\n<Bericht>\0\xff</Bericht>", 38);
  const auto id = db.add_message(m);
  const auto back = db.message(id);
  REQUIRE(back);
  CHECK(back->bytes == m.bytes);
}

TEST_CASE("mailbox: open items oldest first, acknowledged once", "[store][routing]") {
  test::temp_dir dir;
  store::database db(dir / "gateway.db");
  const auto m1 = db.add_message(sample_message("A1"));
  const auto m2 = db.add_message(sample_message("A2"));
  const auto b1 = db.add_mailbox(m1, "aanbieder:98000011", "2026-11-22T09:00:00Z");
  const auto b2 = db.add_mailbox(m2, "aanbieder:98000011", "2026-11-22T09:00:01Z");
  (void)db.add_mailbox(m2, "aanbieder:98000022", "2026-11-22T09:00:01Z");
  auto open = db.mailbox("aanbieder:98000011", 0, 10);
  REQUIRE(open.size() == 2);
  CHECK(open[0].id == b1);
  CHECK(open[0].message.identificatie == "A1");
  CHECK(open[1].id == b2);
  CHECK(db.mailbox("aanbieder:98000011", b1, 10).size() == 1);  // paging after an id
  CHECK(db.mailbox("aanbieder:98000011", 0, 1).size() == 1);
  CHECK(db.acknowledge(b1, "2026-11-22T10:00:00Z", "pull"));
  CHECK_FALSE(db.acknowledge(b1, "2026-11-22T10:00:01Z", "pull"));
  open = db.mailbox("aanbieder:98000011", 0, 10);
  REQUIRE(open.size() == 1);
  CHECK(open[0].id == b2);
  const auto entry = db.mailbox_entry(b1);
  REQUIRE(entry);
  CHECK(entry->acked_at == "2026-11-22T10:00:00Z");
  CHECK(entry->acked_by == "pull");
}

TEST_CASE("outbox: retries, dead letters, replay and delivery", "[store][routing]") {
  test::temp_dir dir;
  store::database db(dir / "gateway.db");
  const auto m = db.add_message(sample_message("A1"));
  const auto b = db.add_mailbox(m, "aanbieder:98000011", "2026-11-22T09:00:00Z");
  const auto o = db.add_outbox(b, "https://example.test/push", 1000);
  CHECK(db.next_due_ms() == 1000);
  CHECK(db.due_deliveries(999, 10).empty());
  auto due = db.due_deliveries(1000, 10);
  REQUIRE(due.size() == 1);
  CHECK(due[0].item.id == o);
  CHECK(due[0].item.recipient == "aanbieder:98000011");
  CHECK(due[0].bytes == "<Bericht/>");
  CHECK(due[0].type == "WMO301");

  db.delivery_failed(o, 1000, "connection refused", 3000);
  CHECK(db.due_deliveries(2999, 10).empty());
  CHECK(db.due_deliveries(3000, 10).size() == 1);
  db.delivery_failed(o, 3000, "connection refused", std::nullopt);
  auto item = db.outbox_entry(o);
  REQUIRE(item);
  CHECK(item->state == store::outbox_state::dead);
  CHECK(item->attempts == 2);
  CHECK(item->last_error == "connection refused");
  CHECK(db.due_deliveries(10000, 10).empty());
  CHECK(db.outbox(store::outbox_state::dead, 0, 10).size() == 1);
  CHECK(db.outbox_counts() == std::map<std::string, std::int64_t>{{"dead", 1}, {"delivered", 0}, {"pending", 0}});

  CHECK(db.replay(o, 20000));
  CHECK_FALSE(db.replay(o, 20001));  // only a dead item can be replayed
  CHECK(db.due_deliveries(20000, 10).size() == 1);
  db.delivery_succeeded(o, 20500, "2026-11-22T11:00:00Z");
  item = db.outbox_entry(o);
  CHECK(item->state == store::outbox_state::delivered);
  CHECK(item->finished_ms == 20500);
  CHECK(item->replayed_ms == 20000);
  const auto entry = db.mailbox_entry(b);
  CHECK(entry->acked_by == "push");
  CHECK(db.mailbox("aanbieder:98000011", 0, 10).empty());
}

TEST_CASE("credentials: looked up by hash until revoked", "[store][routing]") {
  test::temp_dir dir;
  store::database db(dir / "gateway.db");
  const auto id = db.add_credential(std::string(64, 'a'), "aanbieder:98000011", "test", "2026-11-22T09:00:00Z");
  REQUIRE(db.credential_for(std::string(64, 'a')));
  CHECK(db.credential_for(std::string(64, 'a'))->principal == "aanbieder:98000011");
  CHECK_FALSE(db.credential_for(std::string(64, 'b')));
  CHECK_THROWS_AS(db.add_credential(std::string(64, 'a'), "admin", "", "2026-11-22T09:00:00Z"), store::store_error);
  CHECK(db.revoke_credential(id, "2026-11-22T10:00:00Z"));
  CHECK_FALSE(db.revoke_credential(id, "2026-11-22T10:00:00Z"));
  CHECK_FALSE(db.credential_for(std::string(64, 'a')));
  CHECK(db.credentials().size() == 1);
}

TEST_CASE("search: by business key, within the parties a caller may see", "[store][routing]") {
  test::temp_dir dir;
  store::database db(dir / "gateway.db");
  auto a = sample_message("A1");
  const auto m1 = db.add_message(a);
  db.add_message_keys(m1, {{"bsn", "999990019"}, {"toewijzing", "5000001"}});
  a.identificatie = "A2";
  a.receiver = "98000022";
  const auto m2 = db.add_message(a);
  db.add_message_keys(m2, {{"bsn", "999990019"}, {"toewijzing", "5000002"}});

  store::message_query q;
  q.bsn = "999990019";
  CHECK(db.search(q).size() == 2);
  q.toewijzing = "5000002";
  REQUIRE(db.search(q).size() == 1);
  CHECK(db.search(q)[0].id == m2);
  q.toewijzing.reset();
  q.parties = {"98000011"};
  REQUIRE(db.search(q).size() == 1);
  CHECK(db.search(q)[0].id == m1);
  q.parties = {"0344"};  // the sender of both
  CHECK(db.search(q).size() == 2);
  q.parties.clear();
  q.identificatie = "A2";
  CHECK(db.search(q).size() == 1);
  q.identificatie.reset();
  q.from = "2026-11-23";
  CHECK(db.search(q).empty());
  q.from = "2026-11-22";
  q.to = "2026-11-22";
  CHECK(db.search(q).size() == 2);
  q.after = m1;
  CHECK(db.search(q).size() == 1);
  CHECK(db.with_sha256(std::string(64, '0')).size() == 2);
}

TEST_CASE("a backup is a consistent copy in a new file", "[store]") {
  test::temp_dir dir;
  store::database db(dir / "gateway.db");
  for (int i = 0; i < 20; ++i) db.add_message(sample_message(fmt::format("B{}", i)));
  const auto report = store::backup_database(dir / "gateway.db", dir / "copy.db");
  CHECK(report.schema_version == store::database::current_version());
  CHECK(report.bytes == static_cast<std::int64_t>(std::filesystem::file_size(dir / "copy.db")));
  CHECK_FALSE(std::filesystem::exists(dir / "copy.db.partial"));
  // Never overwrites, and says why.
  CHECK_THROWS_WITH(store::backup_database(dir / "gateway.db", dir / "copy.db"), Catch::Contains("exists already"));
  CHECK_THROWS_WITH(store::backup_database(dir / "absent.db", dir / "other.db"), Catch::Contains("does not exist"));
  // One file: no WAL beside it to carry along.
  store::check_backup(dir / "copy.db");
  CHECK_FALSE(std::filesystem::exists(dir / "copy.db-wal"));
  store::database copy(dir / "copy.db");
  CHECK(copy.integrity_ok());
  CHECK(copy.row_counts() == db.row_counts());
  CHECK(copy.message(20)->identificatie == "B19");
}

TEST_CASE("a backup taken while another connection commits holds whole transactions", "[store]") {
  test::temp_dir dir;
  store::database db(dir / "gateway.db");
  db.add_message(sample_message("W0"));
  std::atomic<bool> done{false};
  std::atomic<int> written{1};
  std::thread writer([&] {
    store::database w(dir / "gateway.db");
    for (int i = 1; !done && i < 5000; ++i) {
      w.add_message(sample_message(fmt::format("W{}", i)));
      written = i + 1;
    }
  });
  while (written < 50) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const auto before = written.load();
  store::backup_database(dir / "gateway.db", dir / "copy.db");
  const auto after = written.load();
  done = true;
  writer.join();
  store::database copy(dir / "copy.db");
  CHECK(copy.integrity_ok());
  const auto n = copy.message_count();
  CHECK(n >= before);
  CHECK(n <= after + 1);
  // The messages of the copy are the first n, each whole.
  for (std::int64_t id = 1; id <= n; ++id) REQUIRE(copy.message(id)->identificatie == fmt::format("W{}", id - 1));
}

TEST_CASE("a restore replaces a database by a checked backup; a broken backup is refused", "[store]") {
  test::temp_dir dir;
  {
    store::database db(dir / "gateway.db");
    for (int i = 0; i < 5; ++i) db.add_message(sample_message(fmt::format("R{}", i)));
  }
  store::backup_database(dir / "gateway.db", dir / "copy.db");
  {
    store::database db(dir / "gateway.db");
    db.add_message(sample_message("after the backup"));
    CHECK(db.message_count() == 6);
  }
  store::restore_database(dir / "copy.db", dir / "gateway.db");
  {
    store::database db(dir / "gateway.db");
    CHECK(db.integrity_ok());
    CHECK(db.message_count() == 5);
    CHECK(db.message(5)->identificatie == "R4");
  }
  // Into a new file too.
  store::restore_database(dir / "copy.db", dir / "new.db");
  CHECK(store::database(dir / "new.db").message_count() == 5);

  // Not a database; a damaged one; one from a newer gateway: refused, the target untouched.
  test::write_file(dir / "junk.db", std::string(8192, 'x'));
  CHECK_THROWS_WITH(store::restore_database(dir / "junk.db", dir / "gateway.db"), Catch::Contains("junk.db"));
  auto damaged = test::read_file(dir / "copy.db");
  for (std::size_t i = 4096; i < damaged.size(); i += 97) damaged[i] = static_cast<char>(damaged[i] ^ 0x5a);
  test::write_file(dir / "damaged.db", damaged);
  CHECK_THROWS_AS(store::restore_database(dir / "damaged.db", dir / "gateway.db"), store::store_error);
  {
    store::connection c(dir / "newer.db");
    c.exec("CREATE TABLE t(x); PRAGMA user_version = 99");
  }
  CHECK_THROWS_WITH(store::check_backup(dir / "newer.db"), Catch::Contains("schema version 99"));
  CHECK_THROWS_WITH(store::check_backup(dir / "absent.db"), Catch::Contains("is not a file"));
  CHECK(store::database(dir / "gateway.db").message_count() == 5);
}

TEST_CASE("one gateway per database: the instance lock", "[store]") {
  test::temp_dir dir;
  {
    store::instance_lock first(dir / "gateway.db");
    CHECK_THROWS_WITH(store::instance_lock(dir / "gateway.db"), Catch::Contains("in use by a running gateway"));
  }
  store::instance_lock again(dir / "gateway.db");  // released with the first
}
