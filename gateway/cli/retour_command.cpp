#include <iostream>

#include <boost/program_options.hpp>

#include "app/answer.hpp"
#include "app/input.hpp"
#include "cli/cli.hpp"
#include "cli/options.hpp"

namespace iwmo::cli {

namespace po = boost::program_options;

int retour_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description visible(
      "usage: iwmo-gateway retour [--today YYYY-MM-DD] [--id ID] FILE\n"
      "Writes the answer to one heen message (WMO301, 305, 307, 315, 317, 319, 323) to standard\n"
      "output: its retour message, or the WMO325 for a WMO323. FILE '-' reads standard input.\n"
      "Exit code 0 when an answer was written (accepting or rejecting), 1 when the message has\n"
      "no answer (it fails the schema, or it is itself an answer), 2 on usage or I/O errors.\n"
      "options");
  std::string today_text;
  std::string id;
  visible.add_options()
      ("today", po::value(&today_text), "the system date: DagtekeningRetour, and TR135; default: today")
      ("id", po::value(&id), "IdentificatieRetour (BerichtIdentificatie of a WMO325); default: derived from the message")
      ("help,h", "show this help");
  const auto parsed = parse_command(args, visible, "retour", err);
  if (!parsed) return exit_usage;
  if (parsed->help) {
    out << visible;
    return exit_ok;
  }
  const auto& files = parsed->files;
  if (files.size() != 1) {
    err << "retour: give exactly one FILE\n" << visible;
    return exit_usage;
  }
  const auto today = today_from(today_text);
  if (!today) {
    err << "retour: --today '" << today_text << "' is not a date (YYYY-MM-DD)\n";
    return exit_usage;
  }
  if (id.size() > 12 || (parsed->options.count("id") != 0 && id.find_first_not_of(" \t\r\n") == std::string::npos)) {
    err << "retour: --id must be 1 to 12 characters, not only white space\n";
    return exit_usage;
  }

  app::checker checker(xml::schema_set::builtin());
  auto input = app::read_input(files.front(), checker.limits().max_bytes);
  if (auto* error = std::get_if<app::input_error>(&input)) {
    err << files.front() << ": " << error->text << "\n";
    return error->too_large ? exit_invalid : exit_usage;
  }
  const auto checked = checker.check(std::get<app::input_bytes>(input).bytes, rules::rule_context{*today});
  if (!checked.validation.xsd_valid || !checked.message) {
    err << files.front() << ": fails the schema (control level 1); no answer is sent\n";
    for (const auto& e : checked.validation.errors) {
      err << "  line " << e.line << ", column " << e.column << ": " << e.text << "\n";
    }
    return exit_invalid;
  }
  const auto& message_info = model::info_of(*checked.message);
  if (!message_info.is_heen) {
    err << files.front() << ": " << message_info.name << " is itself an answer; it is not answered\n";
    return exit_invalid;
  }
  const auto answer =
      app::answer_to(checked, {id.empty() ? app::offline_answer_id(*checked.message) : id, *today});
  out << answer->xml;
  return exit_ok;
}

}  // namespace iwmo::cli
