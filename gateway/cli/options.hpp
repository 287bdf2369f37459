#pragma once
// Options shared by several commands.
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "config/config.hpp"
#include "model/values.hpp"

namespace iwmo::cli {

// The system date of this machine (local time), for rules that compare with "today".
[[nodiscard]] model::date system_date();

// `--today YYYY-MM-DD`, or the system date when empty; nullopt when the text is not a date.
[[nodiscard]] std::optional<model::date> today_from(const std::string& option);

// Parses a command's arguments: `visible` options plus positional FILE arguments collected in
// `files`. Returns nullopt after writing the usage to `err`; sets `help` for -h/--help.
struct parsed_command {
  boost::program_options::variables_map options;
  std::vector<std::string> files;
  bool help = false;
};
[[nodiscard]] std::optional<parsed_command> parse_command(const std::vector<std::string>& args,
                                                          const boost::program_options::options_description& visible,
                                                          std::string_view command, std::ostream& err);

// The configuration file of an administration command (for the database path); nullopt after
// writing why to `err` ("<command>: ...").
[[nodiscard]] std::optional<config::gateway_config> load_config(const std::string& file, std::string_view command,
                                                                std::ostream& err);

}  // namespace iwmo::cli
