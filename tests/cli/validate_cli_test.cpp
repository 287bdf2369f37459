#include <catch2/catch.hpp>

#include <sstream>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "support/json_lines.hpp"
#include "support/process.hpp"
#include "support/test_paths.hpp"

using namespace iwmo;
using test::gateway;
using test::json_lines;
namespace json = boost::json;

namespace {

std::string sample(const std::string& name) {
  return (test::fixtures_dir() / "iwmo-3.2" / "samples" / name).string();
}


}  // namespace

TEST_CASE("validate --json prints one object per input, in input order", "[cli][validate]") {
  test::temp_dir dir;
  test::write_file(dir / "broken.xml", "<Bericht xmlns='http://www.istandaarden.nl/iwmo/3_2/wmo319/schema'><Header/></Bericht>");
  const auto files = std::vector<std::string>{sample("11-wmo323-declaratie.xml"), (dir / "broken.xml").string(),
                                              sample("01-wmo301-toewijzing.xml")};
  auto args = std::vector<std::string>{"validate", "--json"};
  args.insert(args.end(), files.begin(), files.end());
  const auto r = gateway(args);
  CHECK(r.exit_code == 1);
  const auto lines = json_lines(r.out);
  REQUIRE(lines.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    const auto& o = lines[i];
    CHECK(o.at("file").as_string() == files[i]);
    for (const char* key : {"file", "message", "xsd_valid", "valid", "errors", "rules", "findings"}) {
      CHECK(o.contains(key));
    }
    CHECK(o.size() == 7);
    CHECK(o.at("rules").as_array().empty());
    CHECK(o.at("findings").as_array().empty());
    CHECK(o.at("valid") == o.at("xsd_valid"));
  }
  CHECK(lines[0].at("message").as_string() == "WMO323");
  CHECK(lines[0].at("valid").as_bool());
  CHECK(lines[0].at("errors").as_array().empty());
  CHECK(lines[1].at("message").as_string() == "WMO319");
  CHECK_FALSE(lines[1].at("xsd_valid").as_bool());
  const auto& error = lines[1].at("errors").as_array().at(0).as_object();
  CHECK(error.at("line").as_int64() == 1);
  CHECK(error.at("column").as_int64() > 1);
  CHECK_FALSE(error.at("text").as_string().empty());
  CHECK(error.size() == 3);
  CHECK(lines[2].at("message").as_string() == "WMO301");
}

TEST_CASE("validate --json lists rule findings, sorted rule ids and the verdict", "[cli][validate]") {
  const auto fixture = (test::fixtures_dir() / "iwmo-3.2" / "rules" / "CD077-fail-1.xml").string();
  const auto r = gateway({"validate", "--json", "--today", "2026-11-22", fixture});
  CHECK(r.exit_code == 1);
  const auto lines = json_lines(r.out);
  REQUIRE(lines.size() == 1);
  const auto& o = lines[0];
  CHECK(o.at("xsd_valid").as_bool());
  CHECK_FALSE(o.at("valid").as_bool());
  CHECK(o.at("errors").as_array().empty());
  CHECK(o.at("rules") == json::array{"CD077", "CD078"});
  const auto& findings = o.at("findings").as_array();
  REQUIRE(findings.size() == 2);
  for (const auto& f : findings) {
    CHECK(f.as_object().size() == 3);
    CHECK(f.at("retourcode").as_string() == "0001");
  }
  CHECK(findings.at(0).at("path").as_string() == "/Bericht/Client/ToegewezenProducten/ToegewezenProduct[3]/Budget");
}

TEST_CASE("validate --today decides TR135 (Dagtekening after the system date)", "[cli][validate]") {
  const auto file = sample("07-wmo319-antwoord.xml");  // Dagtekening 2026-09-15
  const auto before = gateway({"validate", "--json", "--today", "2026-09-14", file});
  CHECK(before.exit_code == 1);
  const auto lines = json_lines(before.out);
  CHECK(lines.at(0).at("rules") == json::array{"TR135"});
  CHECK(lines.at(0).at("findings").at(0).at("retourcode").as_string() == "8848");
  CHECK(gateway({"validate", "--today", "2026-09-15", file}).exit_code == 0);
  CHECK(gateway({"validate", file}).exit_code == 0);  // the real date is later
  const auto bad = gateway({"validate", "--today", "15-09-2026", file});
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("not a date"));
}

TEST_CASE("validate reads standard input for '-'", "[cli][validate]") {
  const auto r = gateway({"validate", "--json", "-"}, test::read_file(sample("07-wmo319-antwoord.xml")));
  CHECK(r.exit_code == 0);
  const auto lines = json_lines(r.out);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].at("file").as_string() == "-");
  CHECK(lines[0].at("message").as_string() == "WMO319");
  CHECK(lines[0].at("valid").as_bool());

  const auto bad = gateway({"validate", "--json", "-"}, "not xml");
  CHECK(bad.exit_code == 1);
  CHECK(json_lines(bad.out).at(0).at("message").is_null());
}

TEST_CASE("validate exit codes: 0 all valid, 1 any invalid, 2 usage or I/O errors", "[cli][validate]") {
  test::temp_dir dir;
  test::write_file(dir / "empty.xml", "");
  CHECK(gateway({"validate", sample("01-wmo301-toewijzing.xml"), sample("13-wmo307-stop.xml")}).exit_code == 0);
  CHECK(gateway({"validate", sample("01-wmo301-toewijzing.xml"), (dir / "empty.xml").string()}).exit_code == 1);

  const auto missing = gateway({"validate", "--json", sample("01-wmo301-toewijzing.xml"), (dir / "nope.xml").string()});
  CHECK(missing.exit_code == 2);
  const auto lines = json_lines(missing.out);
  REQUIRE(lines.size() == 2);
  CHECK_THAT(std::string(lines[1].at("errors").as_array().at(0).at("text").as_string()), Catch::Contains("cannot open"));

  test::temp_dir empty_folder;
  const auto folder = gateway({"validate", empty_folder.path().string()});
  CHECK(folder.exit_code == 2);
  CHECK_THAT(folder.err, Catch::Contains("no input files"));

  const auto no_files = gateway({"validate"});
  CHECK(no_files.exit_code == 2);
  CHECK_THAT(no_files.err, Catch::Contains("no input files"));
  CHECK(gateway({"validate", "--bogus", "x.xml"}).exit_code == 2);
  CHECK(gateway({"frobnicate"}).exit_code == 2);
  CHECK(gateway({"validate", "--schemas", (dir / "none").string(), sample("01-wmo301-toewijzing.xml")}).exit_code == 2);
}

TEST_CASE("validate without --json prints a human summary", "[cli][validate]") {
  test::temp_dir dir;
  test::write_file(dir / "text.xml", "hello");
  const auto r = gateway({"validate", sample("07-wmo319-antwoord.xml"), (dir / "text.xml").string()});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.out, Catch::Contains("07-wmo319-antwoord.xml: WMO319 valid"));
  CHECK_THAT(r.out, Catch::Contains("text.xml: INVALID"));
  CHECK_THAT(r.out, Catch::Contains("line 1, column 1: not well-formed XML"));
  CHECK_THAT(r.out, Catch::Contains("2 files: 1 valid, 1 invalid, 0 not read"));
}

TEST_CASE("validate --schemas uses an official release folder", "[cli][validate][reference]") {
  IWMO_REQUIRE_REFERENCE(ref);
  const auto r = gateway({"validate", "--json", "--schemas", (ref / "iwmo-3.2" / "xsd").string(),
                          sample("11-wmo323-declaratie.xml")});
  CHECK(r.exit_code == 0);
}

TEST_CASE("validate --json: the 14 official examples satisfy the schema; only WMO317 breaks a content rule",
          "[cli][validate][reference]") {
  IWMO_REQUIRE_REFERENCE(ref);
  std::vector<std::string> args{"validate", "--json"};
  for (const char* m : {"301", "302", "305", "306", "307", "308", "315", "316", "317", "318", "319", "320", "323", "325"}) {
    args.push_back((ref / "iwmo-3.2" / "voorbeeldberichten" / fmt::format("WMO{}.xml", m)).string());
  }
  const auto r = gateway(args);
  CHECK(r.exit_code == 1);
  const auto lines = json_lines(r.out);
  REQUIRE(lines.size() == 14);
  for (const auto& o : lines) {
    CHECK(o.at("xsd_valid").as_bool());
    // The example WMO317 asks for a new product from its own Dagtekening: TR380 (RULES.md appendix A).
    const bool is_317 = o.at("message").as_string() == "WMO317";
    CHECK(o.at("valid").as_bool() == !is_317);
    if (is_317) CHECK(o.at("rules") == json::array{"TR380"});
  }
}

TEST_CASE("a folder argument means its files, sorted by name", "[cli][validate]") {
  const auto r = gateway({"validate", "--json", (test::fixtures_dir() / "iwmo-3.2" / "samples").string()});
  CHECK(r.exit_code == 0);
  const auto lines = json_lines(r.out);
  REQUIRE(lines.size() == 14);
  CHECK_THAT(std::string(lines.front().at("file").as_string()), Catch::EndsWith("01-wmo301-toewijzing.xml"));
  CHECK_THAT(std::string(lines.back().at("file").as_string()), Catch::EndsWith("14-wmo308-retour.xml"));
}

TEST_CASE("validate handles thousands of files in one call, in order", "[cli][validate]") {
  test::temp_dir dir;
  const auto good = test::read_file(sample("07-wmo319-antwoord.xml"));
  std::vector<std::string> args{"validate", "--json", "--jobs", "2"};
  for (int i = 0; i < 2000; ++i) {
    const auto name = (dir / fmt::format("m{:04}.xml", i)).string();
    test::write_file(name, i % 97 == 0 ? std::string("<x/>") : good);
    args.push_back(name);
  }
  const auto r = gateway(args);
  CHECK(r.exit_code == 1);
  const auto lines = json_lines(r.out);
  REQUIRE(lines.size() == 2000);
  for (int i = 0; i < 2000; ++i) {
    CHECK(lines[static_cast<std::size_t>(i)].at("file").as_string() == args[static_cast<std::size_t>(i) + 4]);
    CHECK(lines[static_cast<std::size_t>(i)].at("valid").as_bool() == (i % 97 != 0));
  }
}

TEST_CASE("an external entity's content never appears in the output", "[cli][validate][hostile]") {
  test::temp_dir dir;
  test::write_file(dir / "secret.txt", "SECRET-CONTENT-5d2e");
  const auto doc = fmt::format(
      "<?xml version=\"1.0\"?>\n<!DOCTYPE Bericht [<!ENTITY x SYSTEM \"file://{}\">]>\n"
      "<Bericht xmlns=\"http://www.istandaarden.nl/iwmo/3_2/wmo319/schema\"><Header>&x;</Header></Bericht>\n",
      (dir / "secret.txt").string());
  test::write_file(dir / "xxe.xml", doc);
  for (const bool as_json : {true, false}) {
    auto args = std::vector<std::string>{"validate", (dir / "xxe.xml").string()};
    if (as_json) args.insert(args.begin() + 1, "--json");
    const auto r = gateway(args);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.out, Catch::Contains("DOCTYPE"));
    CHECK(r.out.find("SECRET-CONTENT") == std::string::npos);
    CHECK(r.err.find("SECRET-CONTENT") == std::string::npos);
  }
}

TEST_CASE("a 26 MB file is refused without being read", "[cli][validate][hostile]") {
  test::temp_dir dir;
  {
    std::string big(26u * 1024 * 1024, ' ');
    big.replace(0, 5, "<a/> ");
    test::write_file(dir / "big.xml", big);
  }
  const auto r = gateway({"validate", "--json", (dir / "big.xml").string()});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.out, Catch::Contains("the limit is 26214400 bytes"));
}
