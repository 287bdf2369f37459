// `signals`: runs the rechtmatigheid signals engine over a database (docs/signals.md), stores the
// outcome as the daemon does, prints the signals and, with --ground-truth, precision and recall
// per rule against a generated region's injected anomalies.
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "app/pipeline.hpp"
#include "app/signal_evaluation.hpp"
#include "app/signal_run.hpp"
#include "app/csv_field.hpp"
#include "cli/cli.hpp"
#include "cli/options.hpp"
#include "mappings/signal_thresholds.hpp"
#include "store/store.hpp"

namespace iwmo::cli {

namespace po = boost::program_options;
namespace json = boost::json;

namespace {

std::string percent(const std::optional<double>& v) { return v ? fmt::format("{:.0f}%", *v * 100.0) : std::string("-"); }

std::string clients_text(const signals::signal& s) {
  std::string out;
  for (const auto& c : s.clients) out += (out.empty() ? "" : " ") + c.pseudonym;
  return out;
}

json::object evaluation_json(const app::evaluation& e) {
  json::array rules;
  for (const auto& r : e.rules) {
    json::array kinds;
    for (const auto& k : r.kinds) kinds.push_back(json::string(k));
    rules.push_back(json::object{{"rule", r.rule},
                                 {"kinds", std::move(kinds)},
                                 {"signals", r.signals},
                                 {"true_positives", r.true_positives},
                                 {"precision", r.precision() ? json::value(*r.precision()) : json::value(nullptr)},
                                 {"ground_truth_rows", r.rows},
                                 {"found", r.found},
                                 {"recall", r.recall() ? json::value(*r.recall()) : json::value(nullptr)}});
  }
  json::array kinds;
  for (const auto& k : e.kinds) kinds.push_back(json::object{{"kind", k.kind}, {"rows", k.rows}, {"covered", k.covered}});
  return json::object{{"rules", std::move(rules)}, {"kinds", std::move(kinds)}};
}

}  // namespace

int signals_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description visible(
      "usage: iwmo-gateway signals --db FILE [--mappings DIR] [--today YYYY-MM-DD] [--format table|csv|json]\n"
      "                            [--ground-truth FILE] [--quiet]\n"
      "Runs the rechtmatigheid signals over the whole database and stores them (as the daemon does),\n"
      "then prints them: clients by pseudonym only. With --ground-truth (a generated region's\n"
      "ground-truth.csv): precision and recall per rule. Thresholds: DIR/signalen.csv.\n"
      "options");
  std::string db_file, mappings_dir = "mappings", today_text, format = "table", truth_file;
  bool quiet = false;
  visible.add_options()
      ("db", po::value(&db_file), "the database file")
      ("mappings", po::value(&mappings_dir), "reference tables with signalen.csv (default: mappings)")
      ("today", po::value(&today_text), "the date to judge by (default: the system date)")
      ("format", po::value(&format), "table (default), csv or json")
      ("ground-truth", po::value(&truth_file), "ground-truth.csv of iwmo-gateway-gen: evaluate against it")
      ("quiet,q", po::bool_switch(&quiet), "print the summary only, not every signal")
      ("help,h", "show this help");
  const auto parsed = parse_command(args, visible, "signals", err);
  if (!parsed) return exit_usage;
  if (parsed->help) {
    out << visible;
    return exit_ok;
  }
  if (db_file.empty()) {
    err << "signals: --db is required\n" << visible;
    return exit_usage;
  }
  if (format != "table" && format != "csv" && format != "json") {
    err << "signals: --format is table, csv or json\n";
    return exit_usage;
  }
  const auto today = today_from(today_text);
  if (!today) {
    err << "signals: --today '" << today_text << "' is not a date (YYYY-MM-DD)\n";
    return exit_usage;
  }
  if (!std::filesystem::exists(db_file)) {
    err << "signals: " << db_file << ": no such database\n";
    return exit_usage;
  }
  signals::threshold_set thresholds;
  std::vector<app::ground_truth_row> truth;
  try {
    thresholds = mappings::load_signal_thresholds(mappings_dir);
    if (!truth_file.empty()) {
      std::ifstream in(truth_file, std::ios::binary);
      if (!in) {
        err << "signals: cannot read " << truth_file << "\n";
        return exit_usage;
      }
      std::ostringstream text;
      text << in.rdbuf();
      truth = app::parse_ground_truth(text.str(), truth_file);
    }
  } catch (const std::exception& e) {
    err << "signals: " << e.what() << "\n";
    return exit_usage;
  }

  app::signal_run_result result;
  try {
    store::database db(db_file);
    result = app::run_signals(db, thresholds, *today, app::utc_now());
  } catch (const std::exception& e) {
    err << "signals: " << e.what() << "\n";
    return exit_usage;
  }
  std::optional<app::evaluation> evaluation;
  if (!truth_file.empty()) evaluation = app::evaluate_against(result.signals, truth);

  std::map<std::string, std::int64_t> per_rule;
  for (const auto& s : result.signals) ++per_rule[s.rule];

  if (format == "json") {
    json::array list;
    if (!quiet) {
      for (const auto& s : result.signals) {
        auto row = app::to_row(s);
        json::array clients;
        for (const auto& c : s.clients) clients.push_back(json::string(c.pseudonym));
        list.push_back(json::object{{"id", s.id},
                                    {"rule", s.rule},
                                    {"severity", signals::to_string(s.severity)},
                                    {"gemeente", s.gemeente},
                                    {"aanbieder", s.aanbieder},
                                    {"toewijzing", s.toewijzing ? json::value(*s.toewijzing) : json::value(nullptr)},
                                    {"clients", std::move(clients)},
                                    {"period_begin", s.period_begin.to_string()},
                                    {"period_end", s.period_end.to_string()},
                                    {"explanation", s.explanation},
                                    {"evidence", app::evidence_of(row)}});
      }
    }
    json::object doc{{"run", json::object{{"signals", result.counts.active},
                                          {"new", result.counts.added},
                                          {"cleared", result.counts.cleared},
                                          {"toewijzingen", static_cast<std::int64_t>(result.toewijzingen)},
                                          {"prestaties", static_cast<std::int64_t>(result.prestaties)},
                                          {"load_ms", result.load_ms},
                                          {"evaluate_ms", result.evaluate_ms},
                                          {"store_ms", result.store_ms}}},
                     {"signals", std::move(list)}};
    if (evaluation) doc["evaluation"] = evaluation_json(*evaluation);
    out << json::serialize(doc) << "\n";
    return exit_ok;
  }
  if (format == "csv") {
    out << "id,rule,severity,gemeente,aanbieder,toewijzing,clients,period_begin,period_end,explanation\n";
    for (const auto& s : result.signals) {
      out << fmt::format("{},{},{},{},{},{},{},{},{},{}\n", s.id, s.rule, signals::to_string(s.severity), s.gemeente,
                         s.aanbieder, s.toewijzing ? std::to_string(*s.toewijzing) : "", clients_text(s),
                         s.period_begin.to_string(), s.period_end.to_string(), app::csv_field(s.explanation));
    }
    return exit_ok;
  }

  if (!quiet) {
    for (const auto& s : result.signals) {
      out << fmt::format("{}  {:<6} {:<24} {} {} {:>10} {:<13} {} … {}\n    {}\n", s.id, signals::to_string(s.severity), s.rule,
                         s.gemeente, s.aanbieder, s.toewijzing ? std::to_string(*s.toewijzing) : "-", clients_text(s).substr(0, 13),
                         s.period_begin.to_string(), s.period_end.to_string(), s.explanation);
    }
    if (!result.signals.empty()) out << "\n";
  }
  out << fmt::format("{} signals ({} new, {} no longer raised) over {} toewijzingen and {} prestaties; "
                     "read {} ms, rules {} ms, stored {} ms\n",
                     result.counts.active, result.counts.added, result.counts.cleared, result.toewijzingen,
                     result.prestaties, result.load_ms, result.evaluate_ms, result.store_ms);
  if (!evaluation) {
    for (const auto& r : signals::rules()) {
      out << fmt::format("  {:<26} {:>6}\n", r.id, per_rule[std::string(r.id)]);
    }
    return exit_ok;
  }
  out << fmt::format("\n{:<26} {:>8} {:>6} {:>10}   {:<22} {:>5} {:>6} {:>7}\n", "rule", "signals", "true", "precision",
                     "anomaly kind", "rows", "found", "recall");
  for (const auto& r : evaluation->rules) {
    out << fmt::format("{:<26} {:>8} {:>6} {:>10}   {:<22} {:>5} {:>6} {:>7}\n", r.rule, r.signals, r.true_positives,
                       percent(r.precision()), r.kinds.empty() ? "-" : r.kinds.front(), r.rows, r.found,
                       percent(r.recall()));
  }
  out << "\nanomaly kinds covered by a signal of any rule:\n";
  for (const auto& k : evaluation->kinds) out << fmt::format("  {:<22} {:>4} of {:>4}\n", k.kind, k.covered, k.rows);
  return exit_ok;
}

}  // namespace iwmo::cli
