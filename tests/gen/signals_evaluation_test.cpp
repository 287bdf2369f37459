// The signals against the generator's ground truth (docs/signals.md, "Evaluation"): a region with
// every kind of anomaly goes through `process` and `signals --ground-truth`, and each rule must
// find most anomalies of its kind while most of its signals point at one. The minimums are
// below the figures measured for this region (docs/signals.md), so that a rule that stops
// working, or starts flagging everyone, fails here.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>

#include <boost/json.hpp>

#include "gen/generator.hpp"
#include "support/process.hpp"
#include "support/test_paths.hpp"

using namespace iwmo;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

struct minimum {
  double precision;
  double recall;
};

// Per rule: the least precision and recall this region must give (measured values in
// docs/signals.md). high_rejection_share has no injected kind, so it has no minimum.
const std::map<std::string, minimum>& minimums() {
  static const std::map<std::string, minimum> m{
      {"declared_after_stop", {0.95, 0.95}},
      {"declared_after_end", {0.95, 0.3}},  // its kind also holds stops whose toewijzing stays open
      {"declared_without_start", {0.95, 0.95}},
      {"hours_over_day", {0.95, 0.95}},
      {"above_plausible_maximum", {0.9, 0.95}},
      {"always_maximum", {0.5, 0.6}},
      {"multiple_providers", {0.95, 0.95}},
      {"sudden_growth", {0.1, 0.4}},
      {"peer_outlier", {0.2, 0.6}},
      {"address_cluster", {0.9, 0.9}},
      {"credit_rebill", {0.95, 0.95}},
      {"tariff_above_contract", {0.9, 0.7}},
      {"non_use", {0.75, 0.85}},
  };
  return m;
}

}  // namespace

TEST_CASE("signals: every rule finds the anomalies of its kind in a generated region", "[gen][signals]") {
  test::temp_dir dir;
  const auto out = dir / "region";
  gen::options opt;
  opt.seed = 1;
  opt.gemeenten = 8;
  opt.aanbieders = 40;
  opt.clients = 3000;
  opt.months = 10;
  opt.anomaly_ppm = gen::parse_rate("0.04");
  gen::generate(opt, out);
  // The shipped thresholds, with the generated reference tables.
  fs::copy_file(test::source_dir() / "mappings" / "signalen.csv", out / "mappings" / "signalen.csv");
  const auto summary = json::parse(test::read_file(out / "region.json")).as_object();
  const std::string today(summary.at("today").as_string());
  const auto db = (dir / "region.db").string();

  const auto p = test::gateway({"process", "--db", db, "--mappings", (out / "mappings").string(), "--today", today,
                                (out / "messages").string()});
  INFO(p.err);
  REQUIRE((p.exit_code == 0 || p.exit_code == 1));

  const auto s = test::gateway({"signals", "--db", db, "--mappings", (out / "mappings").string(), "--today", today,
                                "--ground-truth", (out / "ground-truth.csv").string(), "--format", "json", "--quiet"});
  INFO(s.err);
  REQUIRE(s.exit_code == 0);
  const auto doc = json::parse(s.out).as_object();
  const auto& rules = doc.at("evaluation").at("rules").as_array();
  REQUIRE(rules.size() == 14);
  for (const auto& v : rules) {
    const auto& r = v.as_object();
    const std::string rule(r.at("rule").as_string());
    const auto it = minimums().find(rule);
    if (it == minimums().end()) continue;
    INFO(rule << ": " << json::serialize(r));
    REQUIRE(r.at("ground_truth_rows").as_int64() > 0);
    REQUIRE(r.at("signals").as_int64() > 0);
    CHECK(r.at("precision").as_double() >= it->second.precision);
    CHECK(r.at("recall").as_double() >= it->second.recall);
  }

  // A second run over the same store raises the same signals: nothing new, nothing cleared.
  const auto again = test::gateway({"signals", "--db", db, "--mappings", (out / "mappings").string(), "--today", today,
                                    "--format", "json", "--quiet"});
  REQUIRE(again.exit_code == 0);
  const auto run = json::parse(again.out).as_object().at("run").as_object();
  CHECK(run.at("new").as_int64() == 0);
  CHECK(run.at("cleared").as_int64() == 0);
  CHECK(run.at("signals").as_int64() == doc.at("run").at("signals").as_int64());
  // No BSN in what the command prints.
  CHECK(s.out.find("\"bsn\"") == std::string::npos);
}
