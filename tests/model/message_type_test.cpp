#include <catch2/catch.hpp>

#include <set>

#include "model/message_type.hpp"

using namespace iwmo::model;

TEST_CASE("the catalogue lists the 14 iWmo 3.2 messages with their codes", "[model]") {
  const auto all = all_messages();
  REQUIRE(all.size() == 14);
  std::set<std::string_view> codes, names, namespaces;
  for (const auto& m : all) {
    codes.insert(m.code);
    names.insert(m.name);
    namespaces.insert(m.target_namespace);
    CHECK(info(m.type).name == m.name);
  }
  CHECK(codes.size() == 14);
  CHECK(names.size() == 14);
  CHECK(namespaces.size() == 14);
}

TEST_CASE("message types are found by namespace, name and BerichtCode", "[model]") {
  using enum message_type;
  const auto row = GENERATE(table<message_type, std::string_view, std::string_view>({
      {wmo301, "WMO301", "414"}, {wmo302, "WMO302", "415"}, {wmo305, "WMO305", "418"},
      {wmo306, "WMO306", "419"}, {wmo307, "WMO307", "420"}, {wmo308, "WMO308", "421"},
      {wmo315, "WMO315", "444"}, {wmo316, "WMO316", "445"}, {wmo317, "WMO317", "480"},
      {wmo318, "WMO318", "481"}, {wmo319, "WMO319", "482"}, {wmo320, "WMO320", "483"},
      {wmo323, "WMO323", "484"}, {wmo325, "WMO325", "485"},
  }));
  const auto [type, name, code] = row;
  CHECK(message_from_name(name) == type);
  CHECK(message_from_code(standard::iwmo_3_2, code) == type);
  const auto ns = std::string("http://www.istandaarden.nl/iwmo/3_2/wmo") + std::string(name.substr(3)) + "/schema";
  CHECK(message_from_namespace(ns) == type);
}

TEST_CASE("unknown namespaces, names and codes are not recognised", "[model]") {
  CHECK_FALSE(message_from_namespace("http://www.istandaarden.nl/iwmo/3_2/basisschema/schema"));
  CHECK_FALSE(message_from_namespace(""));
  CHECK_FALSE(message_from_name("WMO303"));
  CHECK_FALSE(message_from_code(standard::iwmo_3_2, "999"));
}

TEST_CASE("every heen message names its answer and answers are not heen messages", "[model]") {
  for (const auto& m : all_messages()) {
    if (m.is_heen) {
      REQUIRE(m.answer.has_value());
      CHECK_FALSE(info(*m.answer).is_heen);
      CHECK(info(*m.answer).sender != m.sender);
    } else {
      CHECK_FALSE(m.answer.has_value());
    }
  }
  CHECK(info(message_type::wmo323).answer == message_type::wmo325);
  CHECK(info(message_type::wmo301).sender == party_kind::gemeente);
  CHECK(info(message_type::wmo323).sender == party_kind::aanbieder);
}
