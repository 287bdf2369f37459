#include <iostream>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "app/input.hpp"
#include "app/validate.hpp"
#include "cli/cli.hpp"
#include "cli/options.hpp"
#include "cli/report_format.hpp"

namespace iwmo::cli {

namespace po = boost::program_options;

int validate_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description visible(
      "usage: iwmo-gateway validate [--json] [--today YYYY-MM-DD] [--schemas DIR] [--jobs N] FILE|FOLDER...\n"
      "Checks each FILE ('-' reads standard input; a FOLDER means its files, sorted by name)\n"
      "against the iWmo 3.2 schemas and content rules.\n"
      "options");
  bool json = false;
  std::string schema_dir;
  std::string today_text;
  unsigned jobs = 0;
  visible.add_options()
      ("json", po::bool_switch(&json), "print one JSON object per input, one per line, in input order")
      ("today", po::value(&today_text), "the system date for TR135 (Dagtekening in the future); default: today")
      ("schemas", po::value(&schema_dir), "use an official schema release folder instead of the built-in set")
      ("jobs,j", po::value(&jobs), "worker threads (default: one per core)")
      ("help,h", "show this help");
  const auto parsed = parse_command(args, visible, "validate", err);
  if (!parsed) return exit_usage;
  if (parsed->help) {
    out << visible;
    return exit_ok;
  }
  const auto files = app::expand_inputs(parsed->files);
  if (files.empty()) {
    err << "validate: no input files given\n" << visible;
    return exit_usage;
  }
  if (std::count(files.begin(), files.end(), "-") > 1) {
    err << "validate: standard input ('-') can be given only once\n";
    return exit_usage;
  }

  const auto today = today_from(today_text);
  if (!today) {
    err << "validate: --today '" << today_text << "' is not a date (YYYY-MM-DD)\n";
    return exit_usage;
  }

  std::shared_ptr<const xml::schema_set> schemas;
  try {
    schemas = schema_dir.empty() ? xml::schema_set::builtin() : xml::schema_set::from_directory(schema_dir);
  } catch (const xml::schema_load_error& e) {
    err << "validate: " << e.what() << "\n";
    return exit_usage;
  }

  std::size_t valid = 0;
  std::size_t invalid = 0;
  std::size_t unreadable = 0;
  app::validate_options options;
  options.jobs = jobs;
  options.context.today = today;
  app::validate_files(files, schemas, options, [&](app::file_report&& report) {
    if (report.io_error) {
      ++unreadable;
    } else if (report.valid()) {
      ++valid;
    } else {
      ++invalid;
    }
    if (json) {
      out << to_json_line(report) << '\n';
    } else {
      out << to_human(report);
    }
  });
  out.flush();
  if (!json && files.size() > 1) {
    out << fmt::format("{} files: {} valid, {} invalid, {} not read\n", files.size(), valid, invalid,
                       unreadable);
  }
  if (unreadable > 0) return exit_usage;
  return invalid > 0 ? exit_invalid : exit_ok;
}

}  // namespace iwmo::cli
