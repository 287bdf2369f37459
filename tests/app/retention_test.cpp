// Retention (docs/reliability.md): purging the content of old messages keeps the ledger, the state
// and the signals as they were, removes every BSN from the message and answer bytes and from the
// search keys, and makes the service say "gone" (410) where content was.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "app/service.hpp"
#include "pipeline_fixtures.hpp"
#include "region_fixtures.hpp"
#include "store/sqlite.hpp"
#include "support/process.hpp"
#include "store/store.hpp"

using namespace iwmo;
namespace json = boost::json;

namespace {

struct region_service {
  test::temp_dir dir;
  std::atomic<int> tick{0};
  std::unique_ptr<app::service> svc;
  std::vector<std::string> messages;

  region_service() {
    app::service_settings settings;
    settings.database = dir / "retention.db";
    settings.schemas = test::builtin_schemas();
    settings.reference = &test::sample_mappings();
    settings.today = [] { return model::date{2026, 11, 22}; };
    // Received one minute apart from 2026-11-22T10:00:00Z on.
    settings.now = [this] {
      const int t = tick++;
      return fmt::format("2026-11-22T{:02}:{:02}:00Z", 10 + t / 60, t % 60);
    };
    settings.push_endpoint = [](const std::string& recipient) -> std::optional<std::string> {
      if (recipient == "aanbieder:98000022") return "https://127.0.0.1:9/push";
      return std::nullopt;
    };
    settings.signals_auto = false;
    svc = std::make_unique<app::service>(std::move(settings));
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(test::fixtures_dir() / "iwmo-3.2" / "region")) {
      if (e.path().extension() == ".xml") files.push_back(e.path());
    }
    std::ranges::sort(files);
    for (const auto& f : files) messages.push_back(test::read_file(f));
    messages.push_back(test::stop_of("005-start-c1.xml", "2026-09-30", "980000901"));
    for (const auto& m : messages) {
      const auto r = svc->submit(test::sender_of(m), m, "test");
      REQUIRE(std::holds_alternative<app::submit_result>(r));
    }
    svc->run_signals_now();
  }
};

// The BSNs of the data: every <Bsn> value of the messages.
std::vector<std::string> bsns_of(const std::vector<std::string>& messages) {
  std::vector<std::string> out;
  for (const auto& m : messages) {
    for (auto pos = m.find("<Bsn>"); pos != std::string::npos; pos = m.find("<Bsn>", pos + 1)) {
      out.push_back(m.substr(pos + 5, 9));
    }
  }
  std::ranges::sort(out);
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Every text and blob cell of the message, answer and message_key tables, concatenated.
std::string content_of(const std::filesystem::path& db) {
  store::connection c(db);
  std::string all;
  for (const char* sql : {"SELECT bytes, errors FROM message", "SELECT bytes, '' FROM answer", "SELECT value, '' FROM message_key"}) {
    auto& st = c.prepared(sql);
    while (st.step()) all += st.blob(0) + st.text(1);
    st.reset();
  }
  return all;
}

std::string ledger_text(const std::filesystem::path& db) {
  store::database d(db);
  std::string out;
  for (const auto& r : d.ledger_all()) {
    out += fmt::format("{} {} {} {} {} {} {}\n", r.gemeente, r.toewijzing_nummer, r.maand, r.aanbieder, r.bsn,
                       r.gedeclareerd_bedrag, r.goedgekeurd_volume);
  }
  return out;
}

std::string signals_text(app::service& svc) {
  app::signal_query q;
  q.limit = 500;
  const auto list = svc.signal_list(*app::parse_principal("toezicht"), q);
  REQUIRE(std::holds_alternative<json::object>(list));
  std::vector<std::string> ids;
  for (const auto& s : std::get<json::object>(list).at("signals").as_array()) {
    const auto& o = s.as_object();
    ids.push_back(fmt::format("{} {} {}", o.at("id").as_string().c_str(), o.at("rule").as_string().c_str(),
                              o.at("active").as_bool()));
  }
  std::ranges::sort(ids);
  std::string out;
  for (const auto& i : ids) out += i + "\n";
  return out;
}

}  // namespace

TEST_CASE("retention: a purge keeps the ledger and the signals, and no BSN is left in message content", "[app][retention]") {
  region_service r;
  const auto db = r.dir / "retention.db";
  const auto bsns = bsns_of(r.messages);
  REQUIRE(bsns.size() >= 8);
  const auto ledger_before = ledger_text(db);
  const auto signals_before = signals_text(*r.svc);
  REQUIRE(!ledger_before.empty());
  REQUIRE(!signals_before.empty());
  const auto before = content_of(db);
  for (const auto& b : bsns) REQUIRE(before.find(b) != std::string::npos);  // the check below can fail

  const auto gemeente = *app::parse_principal("gemeente:0344");
  app::search_params by_bsn;
  by_bsn.bsn = "999990019";
  app::search_params by_toewijzing;
  by_toewijzing.toewijzing = "3440001";
  const auto found = [&](const app::search_params& p) {
    return std::get<json::object>(r.svc->search(gemeente, p)).at("messages").as_array().size();
  };
  REQUIRE(found(by_bsn) > 0);
  const auto toewijzing_hits = found(by_toewijzing);
  REQUIRE(toewijzing_hits > 0);

  // A dry run counts and changes nothing; then everything received before 10:20 is purged.
  store::purge_report dry;
  {
    store::database d(db);
    dry = d.purge("2026-11-22T10:20:00Z", "2026-12-03T00:00:00Z", true);
    CHECK(dry.messages == 20);
    CHECK(content_of(db) == before);
    const auto done = d.purge("2026-11-22T10:20:00Z", "2026-12-03T00:00:00Z");
    CHECK(done.messages == dry.messages);
    CHECK(done.answers == dry.answers);
    CHECK(done.bsn_keys == dry.bsn_keys);
    CHECK(done.oldest_kept == std::optional<std::string>("2026-11-22T10:20:00Z"));
    // A second purge of the same cutoff finds nothing left.
    CHECK(d.purge("2026-11-22T10:20:00Z", "2026-12-03T00:00:00Z").messages == 0);
    CHECK(d.integrity_ok());
  }
  // Message 1 (the WMO301 of client c1) is purged: metadata stays, content is gone (410).
  const auto meta = std::get<json::object>(r.svc->message(gemeente, 1));
  CHECK(meta.at("purged_at").as_string() == "2026-12-03T00:00:00Z");
  CHECK(meta.at("verdict").as_string() == "accepted");
  const auto raw = r.svc->message_raw(gemeente, 1);
  REQUIRE(std::holds_alternative<app::failure>(raw));
  CHECK(std::get<app::failure>(raw).code == app::api_errc::gone);
  const auto answer = r.svc->message_answer(gemeente, 1);
  REQUIRE(std::holds_alternative<app::failure>(answer));
  CHECK(std::get<app::failure>(answer).code == app::api_errc::gone);
  // The same bytes again: not answered from a purged message, not stored twice.
  const auto again = r.svc->submit(gemeente, r.messages[0], "test");
  REQUIRE(std::holds_alternative<app::failure>(again));
  CHECK(std::get<app::failure>(again).code == app::api_errc::conflict);
  CHECK_THAT(std::get<app::failure>(again).message, Catch::Contains("purged"));
  // Message 25 was received after the cutoff: whole.
  CHECK(std::holds_alternative<std::string>(r.svc->message_raw(gemeente, 25)));

  // Search: the BSN of a purged message no longer finds it; its toewijzing number still does.
  CHECK(found(by_toewijzing) == toewijzing_hits);

  // Ledger, state and signals: as before, also after a rebuild and a fresh signal run.
  CHECK(ledger_text(db) == ledger_before);
  const auto rebuilt = test::gateway({"rebuild", "--db", db.string(), "--mappings", (test::source_dir() / "mappings").string()});
  INFO(rebuilt.err);
  REQUIRE(rebuilt.exit_code == 0);
  CHECK(ledger_text(db) == ledger_before);
  r.svc->run_signals_now();
  CHECK(signals_text(*r.svc) == signals_before);

  // Purge everything: no BSN in any message, answer or search key.
  {
    store::database d(db);
    d.purge("2027-01-01T00:00:00Z", "2026-12-03T00:00:01Z");
  }
  const auto after = content_of(db);
  for (const auto& b : bsns) {
    INFO(b);
    CHECK(after.find(b) == std::string::npos);
  }
  CHECK(found(by_bsn) == 0);
  CHECK(ledger_text(db) == ledger_before);
  r.svc->run_signals_now();
  CHECK(signals_text(*r.svc) == signals_before);
}

TEST_CASE("retention: a purge closes mailbox items never collected and ends their pushes", "[app][retention]") {
  region_service r;
  const auto db = r.dir / "retention.db";
  const auto admin = *app::parse_principal("admin");
  app::principal provider = *app::parse_principal("aanbieder:98000022");
  const auto open_items = [&] {
    return std::get<json::object>(r.svc->mailbox(provider, 0, 1000)).at("items").as_array().size();
  };
  REQUIRE(open_items() > 0);
  const auto pending = std::get<json::object>(r.svc->outbox(admin, std::string("pending"), 0, 1000)).at("items").as_array().size();
  REQUIRE(pending > 0);
  store::purge_report done;
  {
    store::database d(db);
    done = d.purge("2027-01-01T00:00:00Z", "2026-12-03T00:00:00Z");
  }
  CHECK(open_items() == 0);
  CHECK(done.dead_outbox == static_cast<std::int64_t>(pending));
  const auto dead = std::get<json::object>(r.svc->outbox(admin, std::string("dead"), 0, 1000)).at("items").as_array();
  REQUIRE(dead.size() == pending);
  CHECK(dead[0].as_object().at("last_error").as_string() == "purged under the retention policy");
}
