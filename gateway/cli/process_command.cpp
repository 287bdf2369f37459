#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>

#include <unistd.h>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "app/input.hpp"
#include "app/pipeline.hpp"
#include "cli/cli.hpp"
#include "cli/options.hpp"
#include "mappings/reference_tables.hpp"

namespace iwmo::cli {

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

// A transaction can be neither copied nor moved; this lets std::optional construct one in place.
struct begin_on {
  store::database& db;
  operator store::transaction() const { return db.begin(); }  // NOLINT(google-explicit-constructor)
};

}  // namespace

int process_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description visible(
      "usage: iwmo-gateway process --db FILE [--mappings DIR] [--today YYYY-MM-DD] [--out DIR] [--json]\n"
      "                            [--group N] INPUT...\n"
      "Runs every INPUT (a file, or a folder: its files sorted by name) through the full pipeline in\n"
      "order, storing messages, state and answers in the database.\n"
      "options");
  std::string db_file;
  std::string mappings_dir = "mappings";
  std::string today_text;
  std::string out_dir;
  bool json = false;
  std::size_t group = 1;
  visible.add_options()
      ("db", po::value(&db_file), "the database file (created when absent)")
      ("mappings", po::value(&mappings_dir), "folder with the reference tables (default: mappings)")
      ("today", po::value(&today_text), "the system date (TR135, answer dates); default: today")
      ("out", po::value(&out_dir), "write each answer to DIR/<input name>.<answer type>.xml")
      ("json", po::bool_switch(&json), "one JSON object per input, one per line")
      ("group", po::value(&group), "commit N messages at a time (default 1: every message on disk before the next); "
                                   "results are printed once their group is committed")
      ("help,h", "show this help");
  const auto parsed = parse_command(args, visible, "process", err);
  if (!parsed) return exit_usage;
  if (parsed->help) {
    out << visible;
    return exit_ok;
  }
  if (db_file.empty()) {
    err << "process: --db is required\n" << visible;
    return exit_usage;
  }
  const auto files = app::expand_inputs(parsed->files);
  if (files.empty()) {
    err << "process: no input files given\n" << visible;
    return exit_usage;
  }
  if (group < 1) {
    err << "process: --group is at least 1\n";
    return exit_usage;
  }
  const auto today = today_from(today_text);
  if (!today) {
    err << "process: --today '" << today_text << "' is not a date (YYYY-MM-DD)\n";
    return exit_usage;
  }

  std::unique_ptr<mappings::reference_tables> reference;
  std::unique_ptr<store::database> db;
  try {
    reference = std::make_unique<mappings::reference_tables>(mappings::reference_tables::load(mappings_dir));
    db = std::make_unique<store::database>(db_file);
    if (!out_dir.empty()) fs::create_directories(out_dir);
  } catch (const std::exception& e) {
    err << "process: " << e.what() << "\n";
    return exit_usage;
  }
  app::pipeline_options options;
  options.today = [&] { return *today; };
  app::pipeline pipe(xml::schema_set::builtin(), *db, *reference, options);

  const bool progress = !json && isatty(STDERR_FILENO) != 0 && files.size() > 20;
  std::map<std::string, std::size_t> verdicts;  // accepted, partial, rejected, schema, stored
  std::size_t unreadable = 0, too_large = 0;
  // Messages of a group share one transaction (each in its own savepoint); what is printed about
  // them waits for its commit.
  std::optional<store::transaction> tx;
  std::size_t in_group = 0;
  std::ostringstream pending;
  const auto commit_group = [&] {
    if (tx) tx->commit();
    tx.reset();
    in_group = 0;
    out << pending.str() << std::flush;
    pending.str({});
  };
  for (std::size_t i = 0; i < files.size(); ++i) {
    std::ostream& line_out = group > 1 ? static_cast<std::ostream&>(pending) : out;
    const auto& file = files[i];
    auto input = app::read_input(file, xml::standard_max_bytes);
    if (auto* e = std::get_if<app::input_error>(&input)) {
      // Unreadable, or larger than the standard allows: refused before the pipeline, as the
      // transport would; nothing is stored.
      (e->too_large ? too_large : unreadable)++;
      if (json) {
        line_out << boost::json::serialize(boost::json::object{{"file", file}, {"message", nullptr}, {"accepted", false},
                                                          {"answer", nullptr}, {"answer_file", nullptr},
                                                          {"findings", boost::json::array{}}, {"error", e->text}})
            << "\n";
      } else {
        line_out << file << ": not read: " << e->text << "\n";
      }
      continue;
    }
    app::processed result;
    try {
      const auto& bytes = std::get<app::input_bytes>(input).bytes;
      if (group == 1) {
        result = pipe.submit(bytes, file);
      } else {
        const auto checked = pipe.check(bytes);
        if (!tx) tx.emplace(begin_on{*db});
        auto mark = db->mark();
        result = pipe.store_checked(checked, bytes, file);
        mark.release();
      }
    } catch (const std::exception& e) {
      if (tx) {
        try {
          commit_group();  // the messages before this one stay stored
        } catch (const std::exception&) {
        }
      }
      err << "process: " << file << ": " << e.what() << "\n";
      return exit_usage;
    }
    if (group > 1 && ++in_group == group) commit_group();
    verdicts[result.verdict]++;

    std::optional<std::string> answer_file;
    if (result.reply && !out_dir.empty()) {
      const auto name = fmt::format("{}.{}.xml", fs::path(file).filename().string(),
                                    model::info_of(result.reply->message).name);
      answer_file = (fs::path(out_dir) / name).string();
      std::ofstream(*answer_file, std::ios::binary) << result.reply->xml;
    }
    if (json) {
      boost::json::object o;
      o["file"] = file;
      o["message"] = result.type ? boost::json::value(result.type->name) : boost::json::value(nullptr);
      o["message_id"] = result.message_id;
      o["verdict"] = result.verdict;
      o["accepted"] = result.accepted();
      o["answer"] = result.reply ? boost::json::value(model::info_of(result.reply->message).name)
                                 : boost::json::value(nullptr);
      o["answer_file"] = answer_file ? boost::json::value(*answer_file) : boost::json::value(nullptr);
      boost::json::array found;
      for (const auto& f : result.findings) {
        found.push_back(boost::json::object{{"rule", f.rule}, {"retourcode", f.retourcode}, {"path", f.path}});
      }
      o["findings"] = std::move(found);
      if (!result.validation.xsd_valid) {
        boost::json::array errors;
        for (const auto& e : result.validation.errors) {
          errors.push_back(boost::json::object{{"line", e.line}, {"column", e.column}, {"text", e.text}});
        }
        o["errors"] = std::move(errors);
      }
      line_out << boost::json::serialize(o) << "\n";
    } else if (!progress || (result.verdict != "accepted" && result.verdict != "stored")) {
      // With a progress counter only the inputs that need a look are listed.
      if (progress) err << "\r\033[K" << std::flush;
      line_out << fmt::format("{}: {} {}{}\n", file, result.type ? result.type->name : "?", result.verdict,
                         result.reply ? fmt::format(" -> {}", model::info_of(result.reply->message).name) : "");
      for (const auto& f : result.findings) line_out << fmt::format("  {} ({}): {}\n", f.rule, f.retourcode, f.path);
      for (const auto& e : result.validation.errors) line_out << fmt::format("  line {}, column {}: {}\n", e.line, e.column, e.text);
      if (progress) line_out << std::flush;
    }
    if (progress && (i % 25 == 0 || i + 1 == files.size())) {
      err << fmt::format("\r{}/{} messages", i + 1, files.size()) << std::flush;
    }
  }
  try {
    commit_group();
  } catch (const std::exception& e) {
    err << "process: " << e.what() << "\n";
    return exit_usage;
  }
  if (progress) err << "\n";
  if (!json) {
    out << fmt::format("{} file(s): {} accepted, {} partly accepted, {} rejected, {} not valid against the schema, "
                       "{} answer(s) stored, {} too large, {} not read\n",
                       files.size(), verdicts["accepted"], verdicts["partial"], verdicts["rejected"], verdicts["schema"],
                       verdicts["stored"], too_large, unreadable);
  }
  if (unreadable > 0) return exit_usage;
  const bool all_well = verdicts["partial"] + verdicts["rejected"] + verdicts["schema"] + too_large == 0;
  return all_well ? exit_ok : exit_invalid;
}

}  // namespace iwmo::cli
