// The service's group commit: many submissions at once from many threads are each stored once,
// in their own savepoint of a shared transaction, and identical bytes sent twice at the same
// time are stored once and answered as a replay the second time.
#include <catch2/catch.hpp>

#include <atomic>
#include <set>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "app/service.hpp"
#include "pipeline_fixtures.hpp"
#include "store/store.hpp"

using namespace iwmo;

namespace {

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) s.replace(pos, from.size(), to);
}

// The lifecycle scenario's toewijzing with its own identification and toewijzing number.
std::string toewijzing(int n) {
  auto m = read(test::fixtures_dir() / "iwmo-3.2" / "scenarios" / "01-lifecycle" / "01-toewijzing.xml");
  replace_all(m, "ID0001", fmt::format("G{:08}", n));
  replace_all(m, "5000001", std::to_string(7000000 + n));
  return m;
}

}  // namespace

TEST_CASE("service: concurrent submissions are stored once each by the group committer", "[app][service]") {
  test::temp_dir dir;
  const auto db_file = dir / "service.db";
  app::service_settings settings;
  settings.database = db_file;
  settings.schemas = test::builtin_schemas();
  settings.reference = &test::sample_mappings();
  settings.today = [] { return model::date{2026, 11, 22}; };
  const auto gemeente = *app::parse_principal("gemeente:0344");

  constexpr int threads = 8;
  constexpr int per_thread = 12;
  const auto twice = toewijzing(999);  // sent by every thread: stored once, replays after that
  std::vector<std::vector<app::submit_result>> results(threads);
  std::atomic<int> failures{0};
  {
    app::service svc(settings);
    std::vector<std::jthread> pool;
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        for (int i = 0; i < per_thread; ++i) {
          const auto bytes = i == per_thread / 2 ? twice : toewijzing(t * per_thread + i);
          auto r = svc.submit(gemeente, bytes, "test");
          if (auto* ok = std::get_if<app::submit_result>(&r)) {
            results[static_cast<std::size_t>(t)].push_back(std::move(*ok));
          } else {
            ++failures;
          }
        }
      });
    }
    pool.clear();  // joins
    CHECK(svc.commit_groups() >= 1);
    CHECK(svc.commit_groups() <= static_cast<std::uint64_t>(threads * per_thread));
  }
  CHECK(failures == 0);

  std::set<std::int64_t> ids;
  int replays = 0;
  std::int64_t twice_id = 0;
  for (const auto& per : results) {
    REQUIRE(per.size() == per_thread);
    for (const auto& r : per) {
      CHECK(r.verdict == "accepted");
      CHECK(r.answer_type == std::optional<std::string>("WMO302"));
      if (r.replay) ++replays;
      ids.insert(r.message_id);
    }
    const auto& same = per[per_thread / 2];
    if (twice_id == 0) twice_id = same.message_id;
    CHECK(same.message_id == twice_id);
  }
  CHECK(replays == threads - 1);
  CHECK(ids.size() == static_cast<std::size_t>(threads * (per_thread - 1) + 1));

  // Everything answered is on disk: a new connection sees every message and its state.
  store::database db(db_file);
  for (const auto id : ids) {
    const auto m = db.summary(id);
    REQUIRE(m.has_value());
    CHECK(m->verdict == "accepted");
    CHECK(db.answer(id).has_value());
  }
  CHECK(db.all_toewijzingen().size() == ids.size());
}
