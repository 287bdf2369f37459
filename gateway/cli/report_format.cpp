#include "cli/report_format.hpp"

#include <set>

#include <boost/json.hpp>
#include <fmt/format.h>

namespace iwmo::cli {

std::string to_json_line(const app::file_report& report) {
  namespace json = boost::json;
  const auto& v = report.checked.validation;
  json::object o;
  o["file"] = report.file;
  if (v.message) {
    o["message"] = v.message->name;
  } else {
    o["message"] = nullptr;
  }
  o["xsd_valid"] = v.xsd_valid;
  o["valid"] = report.valid();
  json::array errors;
  for (const auto& e : v.errors) {
    errors.push_back(json::object{{"line", e.line}, {"column", e.column}, {"text", e.text}});
  }
  o["errors"] = std::move(errors);
  std::set<std::string> ids;
  json::array findings;
  for (const auto& f : report.checked.findings) {
    ids.insert(f.rule);
    findings.push_back(json::object{{"rule", f.rule}, {"retourcode", f.retourcode}, {"path", f.path}});
  }
  json::array rules;
  for (const auto& id : ids) rules.push_back(json::string(id));
  o["rules"] = std::move(rules);
  o["findings"] = std::move(findings);
  return json::serialize(o);
}

std::string to_human(const app::file_report& report) {
  const auto& v = report.checked.validation;
  std::string out = report.file + ": ";
  if (v.message) out += std::string(v.message->name) + " ";
  out += report.valid() ? "valid" : (report.io_error ? "not read" : "INVALID");
  out += '\n';
  for (const auto& e : v.errors) {
    if (e.line > 0) {
      out += fmt::format("  line {}, column {}: {}\n", e.line, e.column, e.text);
    } else {
      out += fmt::format("  {}\n", e.text);
    }
  }
  for (const auto& f : report.checked.findings) {
    out += fmt::format("  {} ({}): {}\n", f.rule, f.retourcode, f.path);
  }
  return out;
}

}  // namespace iwmo::cli
