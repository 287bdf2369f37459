#include <catch2/catch.hpp>

#include <map>
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

// RULES.md §2.7: the Woonplaatsbeginsel rules of the iJw informatiemodel, content rules of JW319.
const std::set<std::string> catalogue_ijw_only = {"TR377", "TR409"};

TEST_CASE("the rule table holds exactly the 58 content rules of the catalogue and the 2 iJw-only ones", "[rules][registry]") {
  std::set<std::string> level2;
  std::set<std::string> ijw_only;
  for (const auto& r : rules::all_rules()) {
    if (!r.applies_to(model::standard::iwmo_3_2)) {
      ijw_only.insert(std::string(r.id));
      CHECK(r.applies_to(model::standard::ijw_3_2));
      continue;
    }
    CHECK(r.applies_to(model::standard::ijw_3_2));  // every iWmo rule holds in iJw too
    if (r.level == rules::control_level::content) {
      level2.insert(std::string(r.id));
      CHECK(r.retourcode == "0001");
    }
  }
  CHECK(catalogue_level2.size() == 58);
  CHECK(level2 == catalogue_level2);
  CHECK(ijw_only == catalogue_ijw_only);
}

// RULES.md §3.3 with the codes the issue names: the cross-message and external rules the
// gateway evaluates on the heen messages it receives.
const std::map<std::string, std::string> catalogue_level34 = {
    {"TR019", "9019"}, {"TR056", "9056"}, {"TR063", "9063"}, {"TR071", "9071"}, {"TR074", "9074"}, {"TR135", "8848"},
    {"TR304", "8187"}, {"TR307", "9307"}, {"TR308", "9308"}, {"TR314", "8021"}, {"TR318", "8214"}, {"TR321", "9321"},
    {"TR322", "9322"}, {"TR323", "8017"}, {"TR326", "9326"}, {"TR332", "9332"}, {"TR333", "9333"}, {"TR338", "9338"},
    {"TR339", "9339"}, {"TR340", "9340"}, {"TR341", "9341"}, {"TR346", "9346"}, {"TR347", "9347"}, {"TR349", "9349"},
    {"TR350", "9350"}, {"TR351", "9351"}, {"TR355", "9355"}, {"TR357", "9357"}, {"TR359", "9359"}, {"TR360", "9360"},
    {"TR361", "9361"}, {"TR365", "9365"}, {"TR369", "9369"}, {"TR373", "9373"}, {"TR374", "9374"}, {"TR375", "9375"},
    {"TR378", "S300"}, {"TR379", "9379"}, {"TR381", "S329"}, {"TR382", "9069"}, {"TR384", "9384"}, {"TR385", "9385"},
    {"TR387", "9387"}, {"TR388", "9388"}, {"TR389", "9389"}, {"TR390", "9390"}, {"TR411", "9411"}, {"TR412", "9412"},
    {"TR413", "9413"}, {"TR414", "9414"}, {"TR415", "9415"}, {"TR418", "0611"}};

TEST_CASE("the rule table holds the level-3 and level-4 rules with their retourcodes", "[rules][registry]") {
  std::map<std::string, std::string> level34;
  for (const auto& r : rules::all_rules()) {
    if (r.level != rules::control_level::content) level34.emplace(r.id, r.retourcode);
  }
  CHECK(level34 == catalogue_level34);
}

TEST_CASE("every rule is found by its id and applies to some message", "[rules][registry]") {
  for (const auto& r : rules::all_rules()) {
    const auto* found = rules::find_rule(r.id);
    REQUIRE(found != nullptr);
    CHECK(found->id == r.id);
    CHECK(found->messages != 0);
    CHECK_FALSE(found->title.empty());
    // Content rules have a function each; the stateful rules are evaluated message by message
    // in cross_*.cpp (TR135, which needs only the date, has both).
    CHECK((found->check != nullptr) == (found->level == rules::control_level::content || found->id == "TR135"));
  }
  CHECK(rules::find_rule("TR999") == nullptr);
  REQUIRE(rules::find_rule("TR135") != nullptr);
  CHECK(rules::find_rule("TR135")->retourcode == "8848");
  CHECK(rules::find_rule("TR135")->level == rules::control_level::external);
}
