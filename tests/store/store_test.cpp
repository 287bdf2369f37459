// The store: pragmas and STRICT tables, migrations from an empty file and from every earlier
// schema version, refusal of a newer schema, and transactions that roll back unless committed.
#include <catch2/catch.hpp>

#include <fmt/format.h>

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
    store::database db(file);
    CHECK(db.version() == store::database::current_version());
    CHECK(schema_of(db.raw()) == fresh);
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
  CHECK_FALSE(db.history().identificatie_used("0344", model::message_type::wmo301, "A1"));
  {
    auto tx = db.begin();
    const auto id = db.add_message(sample_message("A1"));
    db.register_identificatie("0344", "WMO301", "A1", id);
    tx.commit();
  }
  CHECK(db.message_count() == 1);
  CHECK(db.history().identificatie_used("0344", model::message_type::wmo301, "A1"));
  CHECK_FALSE(db.history().identificatie_used("0344", model::message_type::wmo305, "A1"));
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
