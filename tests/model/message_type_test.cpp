#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "model/message_type.hpp"

using namespace iwmo::model;

TEST_CASE("the catalogue lists the 14 messages of iWmo 3.2 and of iJw 3.2 with their codes", "[model]") {
  const auto all = all_messages();
  REQUIRE(all.size() == 28);
  std::set<std::string_view> codes, names, namespaces;
  for (const auto& m : all) {
    codes.insert(m.code);
    names.insert(m.name);
    namespaces.insert(m.target_namespace);
    CHECK(info(m.std, m.type).name == m.name);
    CHECK(m.name.starts_with(info(m.std).prefix));
  }
  CHECK(codes.size() == 28);  // no BerichtCode is shared between the standards
  CHECK(names.size() == 28);
  CHECK(namespaces.size() == 28);
}

TEST_CASE("message types are found by namespace, name and BerichtCode", "[model]") {
  using enum message_type;
  const auto row = GENERATE(table<message_type, std::string_view, std::string_view, std::string_view>({
      {wmo301, "301", "414", "436"}, {wmo302, "302", "415", "437"}, {wmo305, "305", "418", "438"},
      {wmo306, "306", "419", "439"}, {wmo307, "307", "420", "440"}, {wmo308, "308", "421", "441"},
      {wmo315, "315", "444", "446"}, {wmo316, "316", "445", "447"}, {wmo317, "317", "480", "486"},
      {wmo318, "318", "481", "487"}, {wmo319, "319", "482", "488"}, {wmo320, "320", "483", "489"},
      {wmo323, "323", "484", "490"}, {wmo325, "325", "485", "491"},
  }));
  const auto [type, number, wmo_code, jw_code] = row;
  const auto* wmo = message_from_name("WMO" + std::string(number));
  const auto* jw = message_from_name("JW" + std::string(number));
  REQUIRE(wmo != nullptr);
  REQUIRE(jw != nullptr);
  CHECK(wmo->type == type);
  CHECK(wmo->std == standard::iwmo_3_2);
  CHECK(jw->type == type);
  CHECK(jw->std == standard::ijw_3_2);
  CHECK(message_from_code(standard::iwmo_3_2, wmo_code) == type);
  CHECK(message_from_code(standard::ijw_3_2, jw_code) == type);
  CHECK_FALSE(message_from_code(standard::ijw_3_2, wmo_code));  // a code belongs to one standard
  CHECK(message_from_namespace("http://www.istandaarden.nl/iwmo/3_2/wmo" + std::string(number) + "/schema") == wmo);
  CHECK(message_from_namespace("http://www.istandaarden.nl/ijw/3_2/jw" + std::string(number) + "/schema") == jw);
}

TEST_CASE("unknown namespaces, names and codes are not recognised", "[model]") {
  CHECK_FALSE(message_from_namespace("http://www.istandaarden.nl/iwmo/3_2/basisschema/schema"));
  CHECK_FALSE(message_from_namespace("http://www.istandaarden.nl/ijw/3_2/basisschema/schema"));
  CHECK_FALSE(message_from_namespace(""));
  CHECK_FALSE(message_from_name("WMO303"));
  CHECK_FALSE(message_from_name("JW303"));
  CHECK_FALSE(message_from_code(standard::iwmo_3_2, "999"));
}

TEST_CASE("the standards keep their state in their own legal domain", "[model]") {
  CHECK(info(standard::iwmo_3_2).domain == "wmo");
  CHECK(info(standard::ijw_3_2).domain == "jw");
  CHECK(standard_from_domain("jw") == standard::ijw_3_2);
  CHECK(standard_from_domain("wmo") == standard::iwmo_3_2);
  CHECK_FALSE(standard_from_domain("wlz"));
  CHECK(info(standard::ijw_3_2).versie == "0.1.0");
  CHECK(info(standard::iwmo_3_2).versie == "1.0.0");
}

TEST_CASE("every heen message names its answer and answers are not heen messages", "[model]") {
  for (const auto& m : all_messages()) {
    if (m.is_heen) {
      REQUIRE(m.answer.has_value());
      CHECK_FALSE(info(m.std, *m.answer).is_heen);
      CHECK(info(m.std, *m.answer).sender != m.sender);
    } else {
      CHECK_FALSE(m.answer.has_value());
    }
    // Structure, parties and answers are those of the message number, whatever the standard.
    CHECK(m.sender == sender_of(m.type));
    CHECK(m.is_heen == is_heen(m.type));
  }
  CHECK(answer_of(message_type::wmo323) == message_type::wmo325);
  CHECK(sender_of(message_type::wmo301) == party_kind::gemeente);
  CHECK(sender_of(message_type::wmo323) == party_kind::aanbieder);
}
