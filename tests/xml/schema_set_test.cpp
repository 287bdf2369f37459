#include <catch2/catch.hpp>

#include <filesystem>

#include "support/test_paths.hpp"
#include "xml/schema_set.hpp"
#include "xml/validating_reader.hpp"

using namespace iwmo;

TEST_CASE("the built-in schema set compiles", "[xml][schemas]") {
  const auto set = xml::schema_set::builtin();
  REQUIRE(set);
  CHECK(set->origin() == "built-in");
}

TEST_CASE("an official release folder can replace the built-in set", "[xml][schemas]") {
  IWMO_REQUIRE_REFERENCE(ref);
  const auto set = xml::schema_set::from_directory(ref / "iwmo-3.2" / "xsd");
  CHECK(set->origin() == (ref / "iwmo-3.2" / "xsd").string());
  xml::validating_reader reader(set);
  const auto v = reader.validate(test::read_file(test::fixtures_dir() / "iwmo-3.2/samples/11-wmo323-declaratie.xml"));
  CHECK(v.xsd_valid);
}

TEST_CASE("a release folder with a missing or broken schema is refused with the file name", "[xml][schemas]") {
  test::temp_dir dir;
  SECTION("folder does not exist") {
    CHECK_THROWS_WITH(xml::schema_set::from_directory(dir / "nope"), Catch::Contains("does not exist"));
  }
  SECTION("no release in the folder") {
    CHECK_THROWS_WITH(xml::schema_set::from_directory(dir.path()), Catch::Contains("holds no iWmo 3.2 or iJw 3.2 release"));
  }
  SECTION("basisschema missing") {
    std::filesystem::copy_file(test::source_dir() / "xsd" / "ijw-3.2" / "JW301.xsd", dir / "JW301.xsd");
    CHECK_THROWS_WITH(xml::schema_set::from_directory(dir.path()), Catch::Contains("basisschema.xsd"));
  }
  SECTION("a message schema that is not a schema") {
    const auto ours = test::source_dir() / "xsd" / "iwmo-3.2";
    for (const auto& f : std::filesystem::directory_iterator(ours)) {
      std::filesystem::copy_file(f.path(), dir / f.path().filename().string());
    }
    test::write_file(dir / "WMO319.xsd", "<not-a-schema/>");
    CHECK_THROWS_WITH(xml::schema_set::from_directory(dir.path()), Catch::Contains("WMO319.xsd"));
  }
  SECTION("an import of a namespace whose schema is not in the folder") {
    const auto ours = test::source_dir() / "xsd" / "iwmo-3.2";
    for (const auto& f : std::filesystem::directory_iterator(ours)) {
      std::filesystem::copy_file(f.path(), dir / f.path().filename().string());
    }
    auto text = test::read_file(dir / "WMO301.xsd");
    const std::string import = "<xs:import namespace=\"http://www.istandaarden.nl/iwmo/3_2/basisschema/schema\" schemaLocation=\"basisschema.xsd\"/>";
    const auto pos = text.find(import);
    REQUIRE(pos != std::string::npos);
    text.replace(pos, import.size(), "<xs:import namespace=\"urn:other\" schemaLocation=\"http://example.invalid/other.xsd\"/>");
    test::write_file(dir / "WMO301.xsd", text);
    // Resolved by file name within the folder only (never fetched); the types stay unresolved.
    CHECK_THROWS_WITH(xml::schema_set::from_directory(dir.path()), Catch::Contains("WMO301.xsd"));
  }
}
