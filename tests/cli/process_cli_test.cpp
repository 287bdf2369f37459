// `iwmo-gateway process`: the sample region end to end, answers written to --out, one JSON line
// per input, idempotent re-runs, and clear errors for bad invocations and unreadable inputs.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>

#include <boost/json.hpp>

#include "support/json_lines.hpp"
#include "support/process.hpp"
#include "support/test_paths.hpp"

using namespace iwmo;
using test::gateway;
using test::json_lines;
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

std::string region() { return (test::fixtures_dir() / "iwmo-3.2" / "region").string(); }
std::string mappings() { return (test::source_dir() / "mappings").string(); }

}  // namespace

TEST_CASE("process: the sample region end to end", "[cli][process]") {
  test::temp_dir dir;
  const auto db = (dir / "region.db").string();
  const auto out = dir / "answers";
  const auto r = gateway({"process", "--db", db, "--mappings", mappings(), "--today", "2026-11-22", "--out", out.string(),
                          "--json", region()});
  INFO(r.err);
  CHECK(r.exit_code == 1);  // three declarations are partly rejected
  const auto lines = json_lines(r.out);
  REQUIRE(lines.size() == 32);

  std::map<std::string, int> verdicts;
  std::map<std::string, std::vector<std::string>> findings;  // file name -> "RULE CODE PATH"
  for (const auto& o : lines) {
    const auto file = fs::path(std::string(o.at("file").as_string())).filename().string();
    verdicts[std::string(o.at("verdict").as_string())]++;
    for (const auto& f : o.at("findings").as_array()) {
      const auto& x = f.as_object();
      findings[file].push_back(std::string(x.at("rule").as_string()) + " " + std::string(x.at("retourcode").as_string()) + " " +
                               std::string(x.at("path").as_string()));
    }
    // The answer file exists, is named after the input and the answer type.
    const auto answer = std::string(o.at("answer").as_string());
    const auto answer_file = std::string(o.at("answer_file").as_string());
    CHECK(answer_file == (out / (file + "." + answer + ".xml")).string());
    CHECK(fs::exists(answer_file));
    CHECK(o.at("accepted").as_bool() == (o.at("verdict").as_string() == "accepted"));
    CHECK(o.at("message_id").as_int64() > 0);
  }
  CHECK(verdicts == std::map<std::string, int>{{"accepted", 29}, {"partial", 3}});
  CHECK(findings == std::map<std::string, std::vector<std::string>>{
                        {"024-zorgthuis-declaratie-september.xml",
                         {"TR321 9321 /Bericht/Declaratie/Clienten/Client[2]/Prestaties/Prestatie[1]"}},
                        {"027-hulputrecht-declaratie-september.xml",
                         {"TR418 0611 /Bericht/Declaratie/Clienten/Client[1]/Prestaties/Prestatie[1]"}},
                        {"031-hulputrecht-declaratie-oktober.xml",
                         {"TR369 9369 /Bericht/Declaratie/Clienten/Client[2]/Prestaties/Prestatie[1]"}}});

  // The answers validate.
  const auto v = gateway({"validate", "--today", "2026-11-22", out.string()});
  INFO(v.out);
  CHECK(v.exit_code == 0);

  // Running the same folder again: every message is a repeat (TR056), nothing else changes.
  const auto before = gateway({"reconcile", "--db", db, "--gemeente", "0344", "--period", "2026-09", "--format", "csv"});
  const auto again = gateway({"process", "--db", db, "--mappings", mappings(), "--today", "2026-11-22", "--json", region()});
  CHECK(again.exit_code == 1);
  for (const auto& o : json_lines(again.out)) {
    CHECK(o.at("verdict").as_string() == "rejected");
    REQUIRE(o.at("findings").as_array().size() == 1);
    CHECK(o.at("findings").as_array()[0].as_object().at("rule").as_string() == "TR056");
    CHECK(o.at("answer_file").is_null());
  }
  const auto after = gateway({"reconcile", "--db", db, "--gemeente", "0344", "--period", "2026-09", "--format", "csv"});
  CHECK(after.out == before.out);
}

TEST_CASE("process without --json prints one line per input and a summary", "[cli][process]") {
  test::temp_dir dir;
  const auto r = gateway({"process", "--db", (dir / "g.db").string(), "--mappings", mappings(), "--today", "2026-11-22",
                          (fs::path(region()) / "001-utrecht-toewijzing-c1.xml").string(),
                          (fs::path(region()) / "001-utrecht-toewijzing-c1.xml").string()});
  CHECK(r.exit_code == 1);
  const auto lines = test::lines_of(r.out);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0].ends_with("001-utrecht-toewijzing-c1.xml: WMO301 accepted -> WMO302"));
  CHECK(lines[1].ends_with("001-utrecht-toewijzing-c1.xml: WMO301 rejected -> WMO302"));
  CHECK(lines[2] == "  TR056 (9056): /Bericht/Header/BerichtIdentificatie/Identificatie");
  CHECK(lines[3].starts_with("2 file(s): 1 accepted, 0 partly accepted, 1 rejected"));
}

TEST_CASE("process: schema failures and unreadable inputs", "[cli][process]") {
  test::temp_dir dir;
  test::write_file(dir / "broken.xml", "<Bericht xmlns='http://www.istandaarden.nl/iwmo/3_2/wmo301/schema'/>");
  const auto db = (dir / "g.db").string();
  const auto r = gateway({"process", "--db", db, "--mappings", mappings(), "--json", (dir / "broken.xml").string(),
                          (dir / "missing.xml").string()});
  CHECK(r.exit_code == 2);  // an input could not be read
  const auto lines = json_lines(r.out);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].at("verdict").as_string() == "schema");
  CHECK(lines[0].at("answer").is_null());
  CHECK_FALSE(lines[0].at("errors").as_array().empty());
  CHECK(lines[1].at("message").is_null());
  CHECK(lines[1].at("error").as_string().find("No such file") != json::string::npos);
}

TEST_CASE("process usage errors name the problem", "[cli][process]") {
  test::temp_dir dir;
  const auto input = (fs::path(region()) / "001-utrecht-toewijzing-c1.xml").string();
  SECTION("no database") {
    const auto r = gateway({"process", input});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("--db is required") != std::string::npos);
  }
  SECTION("no input") {
    const auto r = gateway({"process", "--db", (dir / "g.db").string()});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("no input files") != std::string::npos);
  }
  SECTION("a date that is not one") {
    const auto r = gateway({"process", "--db", (dir / "g.db").string(), "--today", "2026-02-30", input});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("'2026-02-30' is not a date") != std::string::npos);
  }
  SECTION("mappings that do not load") {
    const auto r = gateway({"process", "--db", (dir / "g.db").string(), "--mappings", dir.path().string(), input});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("gemeenten.csv") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "g.db"));
  }
  SECTION("a database file that is not one") {
    test::write_file(dir / "notes.db", std::string(4096, 'x'));
    const auto r = gateway({"process", "--db", (dir / "notes.db").string(), "--mappings", mappings(), input});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("notes.db") != std::string::npos);
    CHECK(r.err.find("not a database") != std::string::npos);
  }
}

TEST_CASE("process --group commits several messages at once with the same outcome as one by one", "[cli][process]") {
  test::temp_dir dir;
  const auto one_by_one = (dir / "one.db").string();
  const auto grouped = (dir / "grouped.db").string();
  const auto single = gateway({"process", "--db", one_by_one, "--mappings", mappings(), "--today", "2026-11-22", "--json", region()});
  // 32 messages in groups of 5: six full groups and a last one of two.
  const auto group = gateway({"process", "--db", grouped, "--mappings", mappings(), "--today", "2026-11-22", "--json",
                              "--group", "5", region()});
  CHECK(group.exit_code == single.exit_code);
  CHECK(group.out == single.out);
  for (const auto& period : {"2026-08", "2026-09", "2026-10"}) {
    const auto a = gateway({"reconcile", "--db", one_by_one, "--gemeente", "0344", "--period", period, "--format", "csv"});
    const auto b = gateway({"reconcile", "--db", grouped, "--gemeente", "0344", "--period", period, "--format", "csv"});
    CHECK(a.exit_code == 0);
    CHECK(b.out == a.out);
  }
  const auto bad = gateway({"process", "--db", grouped, "--group", "0", region()});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("--group") != std::string::npos);
}
