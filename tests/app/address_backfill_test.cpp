// Client addresses for the address_cluster signal: every accepted WMO301 leaves one, and
// `rebuild` reads them again from the stored bytes for WMO301s stored before the gateway kept
// them (a database migrated from schema version 2).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include "app/pipeline.hpp"
#include "pipeline_fixtures.hpp"
#include "store/review.hpp"
#include "store/store.hpp"
#include "support/test_paths.hpp"

using namespace iwmo;
namespace fs = std::filesystem;

TEST_CASE("rebuild restores the client addresses of stored WMO301s", "[app][signals]") {
  test::temp_dir dir;
  store::database db(dir / "gateway.db");
  app::pipeline pipe(test::builtin_schemas(), db, test::sample_mappings(), test::fixed_clock());
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(test::fixtures_dir() / "iwmo-3.2" / "region")) files.push_back(e.path());
  std::ranges::sort(files);
  for (const auto& f : files) (void)pipe.submit(test::read_file(f), f.string());

  store::review_store review(db);
  const auto before = review.latest_client_addresses();
  REQUIRE_FALSE(before.empty());
  CHECK(review.toewijzingen_without_address().empty());
  for (const auto& a : before) {
    CHECK(a.key.find('|') != std::string::npos);  // postcode|huisnummer|letter|toevoeging
    CHECK_FALSE(a.text.empty());
  }

  db.raw().exec("DELETE FROM client_adres");
  CHECK(review.latest_client_addresses().empty());
  CHECK_FALSE(review.toewijzingen_without_address().empty());
  pipe.rebuild_ledger();
  const auto after = review.latest_client_addresses();
  REQUIRE(after.size() == before.size());
  for (std::size_t i = 0; i < after.size(); ++i) {
    CHECK(after[i].bsn == before[i].bsn);
    CHECK(after[i].key == before[i].key);
    CHECK(after[i].message_id == before[i].message_id);
  }
}
