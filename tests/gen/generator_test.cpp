// The region generator: the same seed gives the same bytes, BSNs pass the 11-test and the summary
// counts what is on disk, a clean region goes through `validate` and `process` without a single
// rejection, and the ground truth of injected anomalies matches what the real pipeline does —
// for the Wmo-only region and for a region with Jeugdwet (iJw) clients (--jeugd-share).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <boost/json.hpp>

#include "gen/generator.hpp"
#include "mappings/csv.hpp"
#include "model/values.hpp"
#include "support/json_lines.hpp"
#include "support/process.hpp"
#include "support/test_paths.hpp"
#include "xml/message_codec.hpp"
#include "xml/validating_reader.hpp"

using namespace iwmo;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

gen::options region(std::uint64_t seed, int gemeenten, int aanbieders, int clients, int months) {
  gen::options o;
  o.seed = seed;
  o.gemeenten = gemeenten;
  o.aanbieders = aanbieders;
  o.clients = clients;
  o.months = months;
  return o;
}

// Every file below `dir`, by relative path.
std::map<std::string, std::string> contents(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) out[fs::relative(e.path(), dir).string()] = test::read_file(e.path());
  }
  return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  std::string item;
  std::istringstream in(s);
  while (std::getline(in, item, sep)) out.push_back(item);
  return out;
}

// ground-truth.csv, read with the CSV reader of the mappings.
std::vector<std::map<std::string, std::string>> read_csv(const fs::path& path) {
  const auto table =
      mappings::parse_csv(test::read_file(path), path.string(), {"id", "kind", "files", "expected_verdict"});
  std::vector<std::map<std::string, std::string>> out;
  for (const auto& row : table.rows) out.emplace_back(row.fields.begin(), row.fields.end());
  return out;
}

json::object region_json(const fs::path& dir) { return json::parse(test::read_file(dir / "region.json")).as_object(); }
std::string today_of(const fs::path& dir) { return std::string(region_json(dir).at("today").as_string()); }

// One declared line as the pipeline reports it: the client's BSN and the toewijzing.
struct line_key {
  std::string bsn;
  std::string toewijzing;
};

// The lines of a WMO323 by (client, prestatie) position, read with the project's own reader.
std::vector<std::vector<line_key>> lines_of_323(const fs::path& file) {
  static const auto schemas = xml::schema_set::builtin();
  xml::validating_reader reader(schemas);
  xml::element root;
  const auto bytes = test::read_file(file);
  const auto v = reader.validate(bytes, &root);
  REQUIRE(v.xsd_valid);
  const auto m = xml::read_message(v.message->type, root);
  const auto& decl = std::get<model::wmo323>(std::get<model::message>(m)).declaratie;
  std::vector<std::vector<line_key>> out;
  for (const auto& c : decl.clienten) {
    out.emplace_back();
    for (const auto& p : c.prestaties) out.back().push_back({c.bsn, p.toewijzing_nummer});
  }
  return out;
}

}  // namespace

TEST_CASE("generator: the same seed gives the same bytes, another seed another region", "[gen]") {
  test::temp_dir dir;
  auto opt = region(42, 2, 5, 40, 4);
  opt.anomaly_ppm = gen::parse_rate("0.05");
  gen::generate(opt, dir / "a");
  gen::generate(opt, dir / "b");
  const auto a = contents(dir / "a");
  REQUIRE(a.size() > 50);
  CHECK(a == contents(dir / "b"));

  opt.seed = 43;
  gen::generate(opt, dir / "c");
  const auto c = contents(dir / "c");
  CHECK(c != a);
  CHECK(c.at("mappings/aanbieders.csv") != a.at("mappings/aanbieders.csv"));

  // A folder with files in it is not overwritten.
  CHECK_THROWS_AS(gen::generate(opt, dir / "c"), gen::usage_error);
}

TEST_CASE("generator: every BSN passes the 11-test and region.json counts what is on disk", "[gen]") {
  test::temp_dir dir;
  auto opt = region(7, 3, 6, 120, 5);
  opt.anomaly_ppm = gen::parse_rate("0.05");
  const auto s = gen::generate(opt, dir.path());
  const auto summary = region_json(dir.path());

  std::map<std::string, std::int64_t> per_type;
  std::set<std::string> bsns;
  std::int64_t files = 0, bytes = 0, prestaties = 0, credits = 0;
  const std::regex bsn("<Bsn>([0-9]+)</Bsn>");
  std::string previous;
  for (const auto& e : fs::directory_iterator(dir / "messages")) {
    const auto name = e.path().filename().string();
    ++files;
    per_type[split(name, '-').at(1)]++;
    const auto text = test::read_file(e.path());
    bytes += static_cast<std::int64_t>(text.size());
    for (auto it = std::sregex_iterator(text.begin(), text.end(), bsn); it != std::sregex_iterator(); ++it) {
      const auto number = (*it)[1].str();
      INFO(name << ": " << number);
      CHECK(model::passes_eleven_test(number));
      bsns.insert(number);
    }
    for (std::size_t at = text.find("<Prestatie>"); at != std::string::npos; at = text.find("<Prestatie>", at + 1))
      ++prestaties;
    for (std::size_t at = text.find("<iwmo:VorigReferentieNummer>"); at != std::string::npos;
         at = text.find("<iwmo:VorigReferentieNummer>", at + 1)) {
      ++credits;
    }
  }
  CHECK(summary.at("files").as_int64() == files);
  CHECK(summary.at("bytes").as_int64() == bytes);
  CHECK(summary.at("clients").as_int64() == static_cast<std::int64_t>(bsns.size()));
  CHECK(summary.at("prestaties").as_int64() == prestaties);
  CHECK(summary.at("credit_prestaties").as_int64() == credits);
  CHECK(summary.at("declaraties").as_int64() == per_type["WMO323"]);
  std::map<std::string, std::int64_t> listed;
  for (const auto& [type, n] : summary.at("messages").as_object()) listed[std::string(type)] = n.as_int64();
  CHECK(listed == per_type);
  CHECK(s.files == files);
  CHECK(std::string(summary.at("arguments").as_object().at("start").as_string()) == "2025-01");

  // Anomalies per kind in region.json are the rows of ground-truth.csv.
  std::map<std::string, std::int64_t> rows;
  for (const auto& row : read_csv(dir / "ground-truth.csv")) rows[row.at("kind")]++;
  for (const auto& [kind, n] : summary.at("anomalies").as_object()) {
    INFO(kind);
    CHECK(n.as_int64() == (rows.contains(std::string(kind)) ? rows[std::string(kind)] : 0));
  }
}

TEST_CASE("generator: a clean region passes validate and process without one rejection", "[gen][pipeline]") {
  test::temp_dir dir;
  const auto out = dir / "region";
  gen::generate(region(3, 3, 4, 60, 6), out);
  const auto today = today_of(out);
  CHECK(read_csv(out / "ground-truth.csv").empty());

  const auto v = test::gateway({"validate", "--json", "--jobs", "1", "--today", today, (out / "messages").string()});
  INFO(v.err);
  CHECK(v.exit_code == 0);
  const auto validated = test::json_lines(v.out);
  CHECK(validated.size() == static_cast<std::size_t>(region_json(out).at("files").as_int64()));
  for (const auto& o : validated) {
    INFO(json::serialize(o));
    CHECK(o.at("valid").as_bool());
  }

  const auto p = test::gateway({"process", "--db", (dir / "region.db").string(), "--mappings",
                                (out / "mappings").string(), "--today", today, "--json", (out / "messages").string()});
  INFO(p.err);
  CHECK(p.exit_code == 0);
  const auto processed = test::json_lines(p.out);
  REQUIRE(processed.size() == validated.size());
  std::set<std::string> types;
  for (const auto& o : processed) {
    INFO(json::serialize(o));
    CHECK(o.at("verdict").as_string() == "accepted");
    types.insert(std::string(o.at("message").as_string()));
  }
  // The stream has assignments, starts, stops and declarations at least.
  for (const auto* type : {"WMO301", "WMO305", "WMO307", "WMO323"}) CHECK(types.contains(type));
}

namespace {

// Processes a generated region with anomalies and checks every ground-truth row: the listed files
// exist; an `accepted` row has no rejected line of its clients; a `RULE/code` row has a line of
// its client and toewijzing rejected with that code; and no other line is rejected.
void check_ground_truth(const test::temp_dir& dir, const fs::path& out,
                        const std::vector<std::map<std::string, std::string>>& rows) {
  const auto p =
      test::gateway({"process", "--db", (dir / "region.db").string(), "--mappings", (out / "mappings").string(),
                     "--today", today_of(out), "--json", (out / "messages").string()});
  INFO(p.err);
  CHECK(p.exit_code == 1);  // some lines are rejected, as the ground truth says

  // Per file: its verdict, and every finding as (bsn, toewijzing, retourcode).
  struct finding {
    std::string bsn, toewijzing, code, rule;
  };
  std::map<std::string, std::string> verdict;
  std::map<std::string, std::vector<finding>> findings;
  const std::regex line_path(R"(/Client\[(\d+)\]/Prestaties/Prestatie\[(\d+)\])");
  for (const auto& o : test::json_lines(p.out)) {
    const fs::path file(std::string(o.at("file").as_string()));
    const auto name = file.filename().string();
    verdict[name] = std::string(o.at("verdict").as_string());
    const auto& list = o.at("findings").as_array();
    if (list.empty()) continue;
    const auto lines = lines_of_323(file);
    for (const auto& f : list) {
      const auto& x = f.as_object();
      const std::string path(x.at("path").as_string());
      std::smatch m;
      INFO(name << " " << path);
      REQUIRE(std::regex_search(path, m, line_path));  // only declared lines are ever rejected
      const auto& key = lines.at(std::stoul(m[1]) - 1).at(std::stoul(m[2]) - 1);
      findings[name].push_back({key.bsn, key.toewijzing, std::string(x.at("retourcode").as_string()),
                                std::string(x.at("rule").as_string())});
    }
  }

  std::set<std::pair<std::string, std::string>> explained;  // (file, bsn) with an expected rejection
  for (const auto& row : rows) {
    INFO(row.at("id") << " " << row.at("kind") << ": " << row.at("description"));
    const auto files = split(row.at("files"), ';');
    const auto list = split(row.at("bsn"), ';');
    const std::set<std::string> bsns(list.begin(), list.end());
    REQUIRE(!files.empty());
    for (const auto& f : files) CHECK(fs::exists(out / "messages" / f));
    CHECK(!row.at("period_begin").empty());
    CHECK(row.at("period_begin") <= row.at("period_end"));
    const auto& expected = row.at("expected_verdict");
    if (expected == "accepted") {
      for (const auto& f : files) {
        INFO(f);
        if (f.find("-WMO323-") == std::string::npos && f.find("-JW323-") == std::string::npos) {
          CHECK(verdict.at(f) == "accepted");
          continue;
        }
        for (const auto& x : findings[f]) CHECK(!bsns.contains(x.bsn));
      }
      continue;
    }
    // "RULE/code": a line of this client and toewijzing in a listed declaration got that code.
    const auto slash = expected.find('/');
    REQUIRE(slash != std::string::npos);
    const auto rule = expected.substr(0, slash);
    const auto code = expected.substr(slash + 1);
    bool seen = false;
    for (const auto& f : files) {
      for (const auto& x : findings[f]) {
        if (!bsns.contains(x.bsn)) continue;
        explained.insert({f, x.bsn});
        seen = seen || (x.code == code && x.rule == rule && x.toewijzing == row.at("toewijzingnummer"));
      }
    }
    CHECK(seen);
  }
  // Nothing else is rejected: the clean part of the stream stays clean.
  for (const auto& [file, list] : findings) {
    for (const auto& x : list) {
      INFO(file << ": " << x.bsn << " " << x.toewijzing << " " << x.rule << " " << x.code);
      CHECK(explained.contains({file, x.bsn}));
    }
  }
}

}  // namespace

TEST_CASE("generator: injected anomalies are listed with existing files and the verdict the pipeline gives",
          "[gen][pipeline]") {
  test::temp_dir dir;
  const auto out = dir / "region";
  auto opt = region(1, 3, 9, 160, 7);
  opt.anomaly_ppm = gen::parse_rate("0.04");
  gen::generate(opt, out);
  const auto rows = read_csv(out / "ground-truth.csv");

  std::set<std::string> kinds;
  for (const auto& row : rows) kinds.insert(row.at("kind"));
  for (const auto kind : gen::all_anomalies()) {
    INFO(gen::name_of(kind));
    CHECK(kinds.contains(std::string(gen::name_of(kind))));
  }
  check_ground_truth(dir, out, rows);
}

TEST_CASE("generator: only the requested kinds are injected", "[gen]") {
  test::temp_dir dir;
  auto opt = region(5, 2, 6, 80, 5);
  opt.anomaly_ppm = gen::parse_rate("0.1");
  opt.anomalies = {gen::anomaly::no_start, gen::anomaly::non_use};
  gen::generate(opt, dir.path());
  const auto rows = read_csv(dir / "ground-truth.csv");
  REQUIRE(!rows.empty());
  for (const auto& row : rows) CHECK((row.at("kind") == "no_start" || row.at("kind") == "non_use"));
}

TEST_CASE("generator: the command line writes a region and refuses bad arguments", "[gen][cli]") {
  test::temp_dir dir;
  const std::string bin = IWMO_GEN_BINARY;
  const auto ok =
      test::run_process({bin, "--seed", "9", "--gemeenten", "1", "--aanbieders", "2", "--clients", "5", "--months", "2",
                         "--start", "2026-03", "--today", "2026-04-20", "--out", (dir / "r").string()});
  INFO(ok.err);
  CHECK(ok.exit_code == 0);
  CHECK(fs::exists(dir / "r" / "region.json"));
  CHECK(today_of(dir / "r") == "2026-04-20");
  for (const auto& e : fs::directory_iterator(dir / "r" / "messages")) {
    CHECK(e.path().filename().string().size() > 20);
  }

  const std::vector<std::vector<std::string>> bad{
      {"--seed", "1", "--gemeenten", "1", "--aanbieders", "1", "--clients", "1", "--months", "1"},  // no --out
      {"--seed", "x", "--gemeenten", "1", "--aanbieders", "1", "--clients", "1", "--months", "1", "--out", "y"},
      {"--seed", "1", "--gemeenten", "1", "--aanbieders", "1", "--clients", "1", "--months", "1", "--out", "y",
       "--anomalies", "over_declaring,unknown"},
      {"--seed", "1", "--gemeenten", "1", "--aanbieders", "1", "--clients", "1", "--months", "1", "--out", "y",
       "--anomaly-rate", "1.5"},
      {"--seed", "1", "--gemeenten", "1", "--aanbieders", "1", "--clients", "1", "--months", "1", "--out", "y",
       "--start", "2019-01"},
      {"--seed", "9", "--gemeenten", "1", "--aanbieders", "2", "--clients", "5", "--months", "2", "--out",
       (dir / "r").string()},  // not empty
  };
  for (auto args : bad) {
    args.insert(args.begin(), bin);
    const auto r = test::run_process(args);
    INFO(args.back());
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("iwmo-gateway-gen:") != std::string::npos);
  }
  CHECK(gen::parse_rate("0.05") == 50'000);
  CHECK(gen::format_rate(50'000) == "0.05");
  CHECK_THROWS_AS(gen::parse_rate("-0.1"), gen::usage_error);
}

// --- Jeugdwet clients (--jeugd-share): iJw 3.2 messages next to the iWmo ones ---------------------

namespace {

// Every match of group 1 of `pattern` in `text`.
std::vector<std::string> all_of(const std::string& text, const std::regex& pattern) {
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), pattern); it != std::sregex_iterator(); ++it) {
    out.push_back((*it)[1].str());
  }
  return out;
}

bool is_jw(const std::string& file_name) { return split(file_name, '-').at(1).starts_with("JW"); }

}  // namespace

TEST_CASE("generator: without --jeugd-share the region is Wmo only; with it the same seed gives the same bytes",
          "[gen][jeugd]") {
  test::temp_dir dir;
  auto opt = region(42, 2, 5, 40, 4);
  opt.anomaly_ppm = gen::parse_rate("0.05");
  gen::generate(opt, dir / "wmo");
  const auto wmo = contents(dir / "wmo");
  for (const auto& [name, text] : wmo) {
    INFO(name);
    CHECK(name.find("-JW") == std::string::npos);
    CHECK(text.find("JZ21") == std::string::npos);
    CHECK(text.find("jeugd") == std::string::npos);  // region.json names no Jeugd counts
  }

  opt.jeugd_ppm = gen::parse_rate("0.3", "--jeugd-share");
  gen::generate(opt, dir / "a");
  gen::generate(opt, dir / "b");
  const auto a = contents(dir / "a");
  CHECK(a == contents(dir / "b"));
  CHECK(a != wmo);
  CHECK(std::ranges::any_of(a, [](const auto& x) { return x.first.find("-JW301-") != std::string::npos; }));
  const auto summary = region_json(dir / "a");
  CHECK(summary.at("arguments").as_object().at("jeugd_share").as_double() == Approx(0.3));
  CHECK(summary.at("jeugd_clients").as_int64() > 0);
  CHECK(summary.at("jeugd_clients").as_int64() <= 12);
  CHECK(a.at("mappings/productcodes.csv").find("JZ21,45,45A01,") != std::string::npos);

  // A Jeugd client only ever gets iJw messages with Jeugd categories, a Wmo client iWmo ones.
  const std::regex bsn("<Bsn>([0-9]+)</Bsn>");
  const std::regex categorie(R"(Categorie>([0-9]{2})<)");
  std::set<std::string> jw_bsns, wmo_bsns;
  for (const auto& [name, text] : a) {
    if (!name.starts_with("messages/")) continue;
    const bool jw = is_jw(fs::path(name).filename().string());
    INFO(name);
    CHECK((text.find("http://www.istandaarden.nl/ijw/3_2/") != std::string::npos) == jw);
    for (const auto& c : all_of(text, categorie)) CHECK((std::stoi(c) >= 31) == jw);
    for (const auto& b : all_of(text, bsn)) (jw ? jw_bsns : wmo_bsns).insert(b);
  }
  CHECK(!jw_bsns.empty());
  for (const auto& b : jw_bsns) CHECK(!wmo_bsns.contains(b));
}

TEST_CASE("generator: a region with Jeugd clients passes validate and process without one rejection",
          "[gen][pipeline][jeugd]") {
  test::temp_dir dir;
  const auto out = dir / "region";
  auto opt = region(3, 4, 12, 600, 9);
  opt.jeugd_ppm = gen::parse_rate("0.4", "--jeugd-share");
  gen::generate(opt, out);
  const auto today = today_of(out);
  const auto summary = region_json(out);

  const auto v = test::gateway({"validate", "--json", "--jobs", "1", "--today", today, (out / "messages").string()});
  INFO(v.err);
  CHECK(v.exit_code == 0);
  const auto validated = test::json_lines(v.out);
  CHECK(validated.size() == static_cast<std::size_t>(summary.at("files").as_int64()));
  for (const auto& o : validated) {
    INFO(json::serialize(o));
    CHECK(o.at("valid").as_bool());
  }

  const auto p = test::gateway({"process", "--db", (dir / "region.db").string(), "--mappings",
                                (out / "mappings").string(), "--today", today, "--json", (out / "messages").string()});
  INFO(p.err);
  CHECK(p.exit_code == 0);
  const auto processed = test::json_lines(p.out);
  REQUIRE(processed.size() == validated.size());
  std::set<std::string> types;
  for (const auto& o : processed) {
    INFO(json::serialize(o));
    CHECK(o.at("verdict").as_string() == "accepted");
    types.insert(std::string(o.at("message").as_string()));
  }
  for (const auto* type : {"WMO301", "WMO305", "WMO307", "WMO323", "JW301", "JW305", "JW307", "JW315", "JW317",
                           "JW319", "JW323"}) {
    INFO(type);
    CHECK(types.contains(type));
  }

  // What is on disk: the iJw-only elements where they belong, one standard per declaration,
  // and the counts of region.json over both standards.
  std::set<std::string> gemeenten;
  const auto gemeenten_csv =
      mappings::parse_csv(test::read_file(out / "mappings" / "gemeenten.csv"), "gemeenten.csv", {"cbs_code"});
  for (const auto& row : gemeenten_csv.rows) gemeenten.insert(row.fields.at("cbs_code"));
  const std::regex woonplaats(R"(<Woonplaatsbeginsel>\s*<Gemeente>([0-9]{4})</Gemeente>)");
  const std::regex ontvanger(R"(<Ontvanger>([0-9]+)</Ontvanger>)");
  const std::regex afzender(R"(<Afzender>([0-9]+)</Afzender>)");
  const std::regex bsn("<Bsn>([0-9]+)</Bsn>");
  std::set<std::string> assigned_jw, assigned_wmo;  // clients of JW301 / WMO301
  std::map<std::string, std::int64_t> per_type;
  std::int64_t prestaties = 0, credits = 0, reason_8 = 0, gezag = 0;
  std::vector<std::pair<std::string, std::string>> declared;  // (file, bsn) of every 323
  for (const auto& e : fs::directory_iterator(out / "messages")) {
    const auto name = e.path().filename().string();
    const auto type = split(name, '-').at(1);
    ++per_type[type];
    const auto text = test::read_file(e.path());
    INFO(name);
    const bool jw = is_jw(name);
    CHECK((text.find("<ijw:BerichtXsdVersie>0.1.0</ijw:BerichtXsdVersie>") != std::string::npos) == jw);
    CHECK((text.find("<iwmo:BerichtXsdVersie>1.0.0</iwmo:BerichtXsdVersie>") != std::string::npos) == !jw);
    if (type != "JW315") CHECK(text.find("GezagsdragerBekend") == std::string::npos);
    if (text.find("<GezagsdragerBekend>") != std::string::npos) ++gezag;
    if (type == "WMO319" || type == "JW319") {
      // Woonplaatsbeginsel exactly when the request is refused for reason 8, naming another
      // municipality of the region.
      const bool eight = text.find("<VerzoekAntwoord>1</VerzoekAntwoord>") != std::string::npos &&
                         text.find("<RedenAfwijzingVerzoek>8</RedenAfwijzingVerzoek>") != std::string::npos;
      const auto named = all_of(text, woonplaats);
      CHECK(named.size() == (eight ? 1U : 0U));
      CHECK((!eight || type == "JW319"));
      if (eight) {
        ++reason_8;
        CHECK(gemeenten.contains(named.front()));
        CHECK(named.front() != all_of(text, afzender).front());
      }
    }
    if (type == "JW301" || type == "WMO301") {
      for (const auto& b : all_of(text, bsn)) (jw ? assigned_jw : assigned_wmo).insert(b);
    }
    if (type == "JW323" || type == "WMO323") {
      for (const auto& b : all_of(text, bsn)) declared.emplace_back(name, b);
      for (std::size_t at = text.find("<Prestatie>"); at != std::string::npos; at = text.find("<Prestatie>", at + 1))
        ++prestaties;
      for (std::size_t at = text.find("VorigReferentieNummer>"); at != std::string::npos;
           at = text.find("VorigReferentieNummer>", at + 1)) {
        ++credits;
      }
    }
  }
  credits /= 2;  // the opening and the closing tag
  CHECK(reason_8 > 0);
  CHECK(gezag > 0);
  for (const auto& [file, b] : declared) {
    INFO(file << " " << b);
    CHECK((is_jw(file) ? assigned_jw : assigned_wmo).contains(b));
  }
  CHECK(summary.at("prestaties").as_int64() == prestaties);
  CHECK(summary.at("credit_prestaties").as_int64() == credits);
  CHECK(summary.at("declaraties").as_int64() == per_type["WMO323"] + per_type["JW323"]);
  std::map<std::string, std::int64_t> listed;
  for (const auto& [type, n] : summary.at("messages").as_object()) listed[std::string(type)] = n.as_int64();
  CHECK(listed == per_type);

  // The mappings: Jeugd contracts name the national Jeugd list JZ21, Wmo contracts WMO021.
  const auto contracts = mappings::parse_csv(test::read_file(out / "mappings" / "contracten.csv"), "contracten.csv",
                                             {"categorie", "productlijst"});
  std::set<std::string> lists;
  for (const auto& row : contracts.rows) {
    const auto& lijst = row.fields.at("productlijst");
    lists.insert(lijst);
    CHECK(lijst == (std::stoi(row.fields.at("categorie")) >= 31 ? "JZ21" : "WMO021"));
  }
  CHECK(lists == std::set<std::string>{"JZ21", "WMO021"});
}

TEST_CASE("generator: anomalies of Jeugd clients are listed with the verdict the pipeline gives",
          "[gen][pipeline][jeugd]") {
  test::temp_dir dir;
  const auto out = dir / "region";
  auto opt = region(1, 3, 9, 160, 7);
  opt.anomaly_ppm = gen::parse_rate("0.04");
  opt.jeugd_ppm = gen::parse_rate("1", "--jeugd-share");  // every client a Jeugd client
  gen::generate(opt, out);
  const auto rows = read_csv(out / "ground-truth.csv");

  std::set<std::string> kinds;
  for (const auto& row : rows) {
    kinds.insert(row.at("kind"));
    for (const auto& f : split(row.at("files"), ';')) CHECK(is_jw(f));
  }
  for (const auto kind : gen::all_anomalies()) {
    INFO(gen::name_of(kind));
    CHECK(kinds.contains(std::string(gen::name_of(kind))));
  }
  check_ground_truth(dir, out, rows);
}

TEST_CASE("generator: the command line takes --jeugd-share", "[gen][cli][jeugd]") {
  test::temp_dir dir;
  const std::string bin = IWMO_GEN_BINARY;
  const auto ok = test::run_process({bin, "--seed", "9", "--gemeenten", "2", "--aanbieders", "4", "--clients", "30",
                                     "--months", "2", "--jeugd-share", "0.5", "--out", (dir / "r").string()});
  INFO(ok.err);
  CHECK(ok.exit_code == 0);
  CHECK(ok.err.find("Jeugd)") != std::string::npos);
  bool jw = false;
  for (const auto& e : fs::directory_iterator(dir / "r" / "messages")) jw = jw || is_jw(e.path().filename().string());
  CHECK(jw);
  for (const auto* bad : {"1.5", "-0.1", "0.1234567", "x"}) {
    const auto r = test::run_process({bin, "--seed", "1", "--gemeenten", "1", "--aanbieders", "1", "--clients", "1",
                                      "--months", "1", "--jeugd-share", bad, "--out", (dir / "y").string()});
    INFO(bad);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("--jeugd-share") != std::string::npos);
  }
}
