// The database of a running daemon: a backup while it commits (SQLite's online backup API), a
// restore that is refused under the daemon and verified after it, the daemon on the restored
// store, and a purge under the retention policy while it serves.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <boost/json.hpp>

#include "daemon/daemon_fixture.hpp"
#include "store/store.hpp"
#include "support/process.hpp"

using namespace iwmo;
using test::gateway_daemon;
namespace json = boost::json;

namespace {

std::vector<std::string> region_files() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(test::fixtures_dir() / "iwmo-3.2" / "region")) {
    if (e.path().extension() == ".xml") out.push_back(e.path().filename().string());
  }
  std::ranges::sort(out);
  return out;
}

// The identity that sends a region message (its Afzender).
std::string sender_identity(const std::string& xml) {
  const auto a = xml.find("<Afzender>");
  const auto code = xml.substr(a + 10, xml.find("</Afzender>", a) - a - 10);
  if (code == "0344") return "gemeente_0344";
  if (code == "0307") return "gemeente_0307";
  if (code == "98000011") return "aanbieder_98000011";
  if (code == "98000022") return "aanbieder_98000022";
  return {};
}

}  // namespace

TEST_CASE("daemon: a backup while the daemon commits, a restore refused under it and verified after it", "[daemon][backup]") {
  gateway_daemon d;
  d.start();
  const auto db = d.config_file().parent_path() / "gateway.db";
  const auto copy = d.config_file().parent_path() / "backup.db";
  REQUIRE(std::filesystem::exists(db));

  // A client sends the region's messages of the four parties the fixture knows, in order, while
  // the backup runs.
  std::vector<std::pair<std::string, std::string>> stream;  // identity, message
  for (const auto& f : region_files()) {
    const auto xml = test::region_message(f);
    const auto who = sender_identity(xml);
    if (!who.empty()) stream.emplace_back(who, xml);
  }
  REQUIRE(stream.size() >= 20);
  std::atomic<int> answered{0};
  std::vector<std::int64_t> ids(stream.size(), 0);
  std::thread sender([&] {
    for (std::size_t i = 0; i < stream.size(); ++i) {
      const auto r = d.post("/v1/messages", stream[i].second, d.who(stream[i].first));
      if (r.status == 200 || r.status == 400) ids[i] = std::stoll(r.header("x-iwmo-message-id"));
      ++answered;
    }
  });
  while (answered < 5) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const auto backup = test::gateway({"backup", "--db", db.string(), "--to", copy.string()});
  const int answered_after = answered;
  sender.join();
  INFO(backup.out << backup.err);
  REQUIRE(backup.exit_code == 0);
  CHECK_THAT(backup.out, Catch::Contains("integrity check ok"));
  CHECK(std::count(ids.begin(), ids.end(), 0) == 0);

  // The copy is the state of one moment: the first n messages, each with its answer.
  store::database c(copy);
  const auto n = c.message_count();
  CHECK(n >= 5);
  CHECK(n <= answered_after + 1);
  for (std::int64_t id = 1; id <= n; ++id) {
    const auto m = c.message(id);
    REQUIRE(m.has_value());
    // Every heen message in the copy has its answer (retour or WMO325) in the same copy.
    static const std::vector<std::string> heen = {"WMO301", "WMO305", "WMO307", "WMO315", "WMO317", "WMO319", "WMO323"};
    if (m->type && std::ranges::find(heen, *m->type) != heen.end() && m->verdict != "schema") CHECK(c.answer(id).has_value());
  }

  // Never under a running daemon.
  const auto refused = test::gateway({"restore", "--from", copy.string(), "--db", db.string(), "--force"});
  CHECK(refused.exit_code == 2);
  CHECK_THAT(refused.err, Catch::Contains("in use by a running gateway"));
  // A second daemon on the same database is refused the same way.
  const auto second = test::gateway({"serve", "--config", d.config_file().string()});
  CHECK(second.exit_code == 2);
  CHECK_THAT(second.err, Catch::Contains("in use by a running gateway"));

  REQUIRE(d.stop(SIGTERM) == 0);
  // Without --force an existing database stays.
  const auto kept = test::gateway({"restore", "--from", copy.string(), "--db", db.string()});
  CHECK(kept.exit_code == 2);
  CHECK_THAT(kept.err, Catch::Contains("give --force"));
  const auto restored = test::gateway({"restore", "--from", copy.string(), "--db", db.string(), "--force"});
  INFO(restored.out << restored.err);
  REQUIRE(restored.exit_code == 0);
  CHECK(std::filesystem::exists(db.string() + ".before-restore"));
  {
    store::database r(db);
    CHECK(r.integrity_ok());
    CHECK(r.message_count() == n);
    CHECK(r.row_counts() == c.row_counts());
  }

  // The daemon on the restored store: what the backup held is there, what came later is not,
  // and sending the later messages again stores them anew (they are not replays).
  d.start();
  const auto& g = d.who("gemeente_0344");
  CHECK(d.get("/v1/messages/1", g).status == 200);
  CHECK(d.get("/v1/messages/" + std::to_string(n + 1), g).status == 404);
  for (std::size_t i = 0; i < stream.size(); ++i) {
    const auto r = d.post("/v1/messages", stream[i].second, d.who(stream[i].first));
    INFO("message " << i << ": " << r.body);
    REQUIRE((r.status == 200 || r.status == 400));
    const bool in_backup = ids[i] <= n;
    CHECK((r.header("x-iwmo-replay") == "true") == in_backup);
  }
}

TEST_CASE("daemon: purge under the retention policy while the daemon serves", "[daemon][retention]") {
  gateway_daemon d;
  d.start();
  const auto db = d.config_file().parent_path() / "gateway.db";
  const auto& g = d.who("gemeente_0344");
  const auto first = d.post("/v1/messages", test::region_message("001-utrecht-toewijzing-c1.xml"), g);
  REQUIRE(first.status == 200);
  const auto id = first.header("x-iwmo-message-id");
  REQUIRE(d.get("/v1/messages?bsn=999990019", g).body.find("\"id\":" + id) != std::string::npos);

  const auto dry = test::gateway({"purge", "--db", db.string(), "--before", "2099-01-01", "--dry-run"});
  INFO(dry.out << dry.err);
  REQUIRE(dry.exit_code == 0);
  CHECK_THAT(dry.out, Catch::Contains("would purge (dry run)") && Catch::Contains("1 messages"));
  CHECK(d.get("/v1/messages/" + id + "/raw", g).status == 200);

  const auto purge = test::gateway({"purge", "--db", db.string(), "--before", "2099-01-01"});
  INFO(purge.out << purge.err);
  REQUIRE(purge.exit_code == 0);
  CHECK_THAT(purge.out, Catch::Contains("purged received before 2099-01-01T00:00:00Z: 1 messages, 1 answers"));
  const auto raw = d.get("/v1/messages/" + id + "/raw", g);
  CHECK(raw.status == 410);
  CHECK_THAT(raw.body, Catch::Contains("\"error\":\"gone\"") && Catch::Contains("retention policy"));
  CHECK(d.get("/v1/messages/" + id + "/answer", g).status == 410);
  const auto meta = d.get("/v1/messages/" + id, g);
  CHECK(meta.status == 200);
  CHECK_THAT(meta.body, Catch::Contains("\"purged_at\":\"20"));
  CHECK(d.get("/v1/messages?bsn=999990019", g).body.find("\"id\":" + id) == std::string::npos);
  // The same bytes again: 409, nothing stored.
  const auto again = d.post("/v1/messages", test::region_message("001-utrecht-toewijzing-c1.xml"), g);
  CHECK(again.status == 409);
  // Later messages are processed as usual against the kept state.
  CHECK(d.post("/v1/messages", test::region_message("005-start-c1.xml"), d.who("aanbieder_98000011")).status == 200);

  // Wrong use: a clear message, nothing changed.
  const auto bad = test::gateway({"purge", "--db", db.string(), "--before", "soon"});
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("--before soon is not a date"));
  const auto none = test::gateway({"purge", "--config", d.config_file().string()});
  CHECK(none.exit_code == 2);
  CHECK_THAT(none.err, Catch::Contains("keeps messages"));
}
