#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "rules/registry.hpp"

using namespace iwmo;

// The 58 rules of RULES.md §2.3 (22 CD, 15 CS, 21 TR): the content rules of the official XSLT.
const std::set<std::string> catalogue_level2 = {
    "CD005", "CD007", "CD009", "CD025", "CD034", "CD041", "CD043", "CD060", "CD066", "CD067", "CD068",
    "CD075", "CD076", "CD077", "CD078", "CD079", "CD080", "CD085", "CD086", "CD087", "CD095", "CD096",
    "CS002", "CS003", "CS050", "CS058", "CS089", "CS100", "CS139", "CS325", "CS335", "CS336", "CS337",
    "CS338", "CS339", "CS340", "CS343", "TR002", "TR006", "TR018", "TR061", "TR101", "TR134", "TR137",
    "TR302", "TR315", "TR316", "TR319", "TR335", "TR342", "TR352", "TR353", "TR358", "TR380", "TR383",
    "TR386", "TR410", "TR416"};

TEST_CASE("the rule table holds exactly the 58 content rules of the catalogue", "[rules][registry]") {
  std::set<std::string> level2;
  for (const auto& r : rules::all_rules()) {
    if (r.level == rules::control_level::content) {
      level2.insert(std::string(r.id));
      CHECK(r.retourcode == "0001");
    }
  }
  CHECK(catalogue_level2.size() == 58);
  CHECK(level2 == catalogue_level2);
}

TEST_CASE("every rule is found by its id and applies to some message", "[rules][registry]") {
  for (const auto& r : rules::all_rules()) {
    const auto* found = rules::find_rule(r.id);
    REQUIRE(found != nullptr);
    CHECK(found->id == r.id);
    CHECK(found->messages != 0);
    CHECK_FALSE(found->title.empty());
    CHECK(found->check != nullptr);
  }
  CHECK(rules::find_rule("TR999") == nullptr);
  REQUIRE(rules::find_rule("TR135") != nullptr);
  CHECK(rules::find_rule("TR135")->retourcode == "8848");
  CHECK(rules::find_rule("TR135")->level == rules::control_level::external);
}
