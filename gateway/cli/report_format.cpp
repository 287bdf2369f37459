#include "cli/report_format.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

namespace iwmo::cli {

std::string to_json_line(const app::file_report& report) {
  namespace json = boost::json;
  json::object o;
  o["file"] = report.file;
  if (report.validation.message) {
    o["message"] = model::info(*report.validation.message).name;
  } else {
    o["message"] = nullptr;
  }
  o["xsd_valid"] = report.validation.xsd_valid;
  o["valid"] = report.valid();
  json::array errors;
  for (const auto& e : report.validation.errors) {
    errors.push_back(json::object{{"line", e.line}, {"column", e.column}, {"text", e.text}});
  }
  o["errors"] = std::move(errors);
  o["rules"] = json::array{};
  o["findings"] = json::array{};
  return json::serialize(o);
}

std::string to_human(const app::file_report& report) {
  const auto& v = report.validation;
  std::string out = report.file + ": ";
  if (v.message) out += std::string(model::info(*v.message).name) + " ";
  out += report.valid() ? "valid" : (report.io_error ? "not read" : "INVALID");
  out += '\n';
  for (const auto& e : v.errors) {
    if (e.line > 0) {
      out += fmt::format("  line {}, column {}: {}\n", e.line, e.column, e.text);
    } else {
      out += fmt::format("  {}\n", e.text);
    }
  }
  return out;
}

}  // namespace iwmo::cli
