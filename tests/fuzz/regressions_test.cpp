// Every input a fuzzer once crashed on (tests/fuzz/regressions/<target>/), and the hand-written
// seeds (tests/fuzz/seeds/<target>/), through the same entry points the fuzzers use, in every
// build. A target that breaks ends the process (std::abort), which fails the test.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "fuzz/targets.hpp"
#include "support/test_paths.hpp"

namespace {

namespace fs = std::filesystem;

const fs::path fuzz_dir = fs::path(IWMO_FUZZ_SOURCE_DIR) / "tests" / "fuzz";

std::vector<fs::path> files_of(const std::string& target) {
  std::vector<fs::path> out;
  for (const auto* kind : {"regressions", "seeds"}) {
    const auto dir = fuzz_dir / kind / target;
    if (!fs::is_directory(dir)) continue;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
      if (e.is_regular_file()) out.push_back(e.path());
    }
  }
  std::ranges::sort(out);
  return out;
}

void replay(const std::string& target, const std::function<void(std::string_view)>& entry) {
  const auto files = files_of(target);
  REQUIRE_FALSE(files.empty());
  for (const auto& f : files) {
    INFO(f.string());
    const auto bytes = iwmo::test::read_file(f);
    CHECK_NOTHROW(entry(bytes));
  }
}

}  // namespace

TEST_CASE("fuzz inputs of the message check replay cleanly", "[fuzz]") {
  replay("message", iwmo::fuzz::fuzz_message);
}

TEST_CASE("fuzz inputs of the HTTP routes replay cleanly", "[fuzz]") {
  replay("http", iwmo::fuzz::fuzz_http);
}

TEST_CASE("fuzz inputs of the configuration parser replay cleanly", "[fuzz]") {
  replay("config", iwmo::fuzz::fuzz_config);
}

TEST_CASE("fuzz inputs of the mappings parsers replay cleanly", "[fuzz]") {
  replay("mappings", iwmo::fuzz::fuzz_mappings);
}
