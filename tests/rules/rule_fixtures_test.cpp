// Every rule has fixtures in fixtures/iwmo-3.2/rules/ (the iJw-only rules in
// fixtures/ijw-3.2/rules/): <RULE>-pass-<n>.xml must raise nothing
// and <RULE>-fail-<n>.xml exactly the findings its leading comment lists ("expect: RULE PATH").
// The expectations were written from the rule catalogue (RULES.md), not from this code.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <set>

#include <fmt/format.h>

#include "app/check.hpp"
#include "rules/registry.hpp"
#include "support/test_paths.hpp"

using namespace iwmo;

namespace {

struct fixture {
  std::filesystem::path file;
  std::string rule;
  bool pass = false;
  std::vector<std::pair<std::string, std::string>> expected;  // (rule, path), sorted
};

std::vector<fixture> load_fixtures() {
  std::vector<fixture> out;
  const std::regex name(R"(([A-Z]{2}[0-9]{3})-(pass|fail)-[0-9]+\.xml)");
  const std::regex expect(R"(expect: ([A-Z]{2}[0-9]{3}) (/\S+))");
  for (const auto* folder : {"iwmo-3.2", "ijw-3.2"})
  for (const auto& entry : std::filesystem::directory_iterator(test::fixtures_dir() / folder / "rules")) {
    std::smatch m;
    const auto file = entry.path().filename().string();
    if (!std::regex_match(file, m, name)) continue;
    fixture f{entry.path(), m[1], m[2] == "pass", {}};
    const auto text = test::read_file(entry.path());
    const auto header = text.substr(0, text.find("-->"));
    for (std::sregex_iterator it(header.begin(), header.end(), expect), end; it != end; ++it) {
      f.expected.emplace_back((*it)[1], (*it)[2]);
    }
    std::ranges::sort(f.expected);
    out.push_back(std::move(f));
  }
  std::ranges::sort(out, {}, &fixture::file);
  return out;
}

app::checker& shared_checker() {
  static app::checker c(xml::schema_set::builtin());
  return c;
}

// The date the fixtures are written against (TR135 compares with it).
const rules::rule_context fixture_day{model::date{2026, 11, 22}};

}  // namespace

TEST_CASE("every rule fixture raises exactly the findings it expects", "[rules][fixtures]") {
  const auto fixtures = load_fixtures();
  REQUIRE(fixtures.size() > 150);
  for (const auto& f : fixtures) {
    DYNAMIC_SECTION(f.file.filename().string()) {
      const auto checked = shared_checker().check(test::read_file(f.file), fixture_day);
      REQUIRE(checked.validation.xsd_valid);
      std::vector<std::pair<std::string, std::string>> got;
      for (const auto& finding : checked.findings) {
        got.emplace_back(finding.rule, finding.path);
        CHECK(finding.retourcode == (finding.rule == "TR135" ? "8848" : "0001"));
      }
      std::ranges::sort(got);
      CHECK(got == f.expected);
      if (f.pass) CHECK(f.expected.empty());
      if (!f.pass) CHECK(std::ranges::any_of(f.expected, [&](const auto& e) { return e.first == f.rule; }));
    }
  }
}

TEST_CASE("every rule that needs no stored state has a passing and a failing fixture", "[rules][fixtures]") {
  // The rules of levels 3 and 4 that compare with stored state are covered by the scenarios
  // (tests/app/scenario_test.cpp).
  std::map<std::string, std::pair<int, int>> counts;
  for (const auto& f : load_fixtures()) (f.pass ? counts[f.rule].first : counts[f.rule].second)++;
  for (const auto& r : rules::all_rules()) {
    if (r.check == nullptr) continue;
    INFO(r.id);
    CHECK(counts[std::string(r.id)].first >= 1);
    CHECK(counts[std::string(r.id)].second >= 1);
  }
}

TEST_CASE("the official examples raise nothing but TR380 on WMO317", "[rules][reference]") {
  IWMO_REQUIRE_REFERENCE(ref);
  for (const auto& entry : std::filesystem::directory_iterator(ref / "iwmo-3.2" / "voorbeeldberichten")) {
    const auto checked = shared_checker().check(test::read_file(entry.path()), rules::rule_context{});
    INFO(entry.path().filename().string());
    REQUIRE(checked.validation.xsd_valid);
    if (entry.path().stem() == "WMO317") {
      // Its NieuwProduct starts on the Dagtekening (RULES.md appendix A).
      REQUIRE(checked.findings.size() == 1);
      CHECK(checked.findings[0].rule == "TR380");
      CHECK(checked.findings[0].path == "/Bericht/Client/Verzoek/NieuweProducten/NieuwProduct[1]/GewensteIngangsdatum");
    } else {
      CHECK(checked.findings.empty());
    }
  }
}

// The iJw examples run through the same rules. Two are invalid in the source at level 1 (JW315:
// 2027-06-31, JW318: a RetourCode in Verzoek; tests/schemas); two break content rules: the JW317
// NieuwProduct ends (2024-02-28) before it starts (2026-11-01, CS003), and the JW323 has
// ReferentieNummer RN004 twice for one client (TR101).
TEST_CASE("the official iJw examples raise exactly the findings their content has", "[rules][reference][ijw]") {
  IWMO_REQUIRE_REFERENCE(ref);
  const std::map<std::string, std::vector<std::pair<std::string, std::string>>> expected = {
      {"JW317", {{"CS003", "/Bericht/Client/Verzoek/NieuweProducten/NieuwProduct[1]/Einddatum"}}},
      {"JW323", {{"TR101", "/Bericht/Declaratie/Clienten/Client[2]/Prestaties/Prestatie[3]"}}},
  };
  std::size_t checked_files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(ref / "ijw-3.2" / "voorbeeldberichten")) {
    const auto stem = entry.path().stem().string();
    const auto checked = shared_checker().check(test::read_file(entry.path()), rules::rule_context{});
    INFO(stem);
    if (stem == "JW315" || stem == "JW318") {
      CHECK_FALSE(checked.validation.xsd_valid);
      continue;
    }
    REQUIRE(checked.validation.xsd_valid);
    ++checked_files;
    std::vector<std::pair<std::string, std::string>> got;
    for (const auto& f : checked.findings) got.emplace_back(f.rule, f.path);
    const auto it = expected.find(stem);
    CHECK(got == (it == expected.end() ? decltype(got){} : it->second));
  }
  CHECK(checked_files == 12);
}

TEST_CASE("our sample messages raise no finding", "[rules][samples]") {
  for (const auto* standard : {"iwmo-3.2", "ijw-3.2"})
  for (const auto& entry : std::filesystem::directory_iterator(test::fixtures_dir() / standard / "samples")) {
    const auto checked = shared_checker().check(test::read_file(entry.path()), fixture_day);
    INFO(entry.path().filename().string());
    CHECK(checked.valid());
  }
}
