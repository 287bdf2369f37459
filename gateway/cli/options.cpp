#include "cli/options.hpp"

#include <ctime>
#include <ostream>

namespace iwmo::cli {

model::date system_date() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return {local.tm_year + 1900, static_cast<unsigned>(local.tm_mon + 1), static_cast<unsigned>(local.tm_mday)};
}

std::optional<model::date> today_from(const std::string& option) {
  if (option.empty()) return system_date();
  return model::date::parse(option);
}

std::optional<parsed_command> parse_command(const std::vector<std::string>& args,
                                            const boost::program_options::options_description& visible,
                                            std::string_view command, std::ostream& err) {
  namespace po = boost::program_options;
  po::options_description all;
  all.add(visible).add_options()("file", po::value<std::vector<std::string>>());
  po::positional_options_description positional;
  positional.add("file", -1);
  parsed_command out;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), out.options);
    po::notify(out.options);
  } catch (const po::error& e) {
    err << command << ": " << e.what() << "\n" << visible;
    return std::nullopt;
  }
  out.help = out.options.count("help") != 0;
  if (out.options.count("file") != 0) out.files = out.options["file"].as<std::vector<std::string>>();
  return out;
}

std::optional<config::gateway_config> load_config(const std::string& file, std::string_view command, std::ostream& err) {
  if (file.empty()) {
    err << command << ": --config is required\n";
    return std::nullopt;
  }
  try {
    return config::load(file);
  } catch (const std::exception& e) {
    err << command << ": " << e.what() << "\n";
    return std::nullopt;
  }
}

}  // namespace iwmo::cli
