#pragma once
// Output formats of validation reports: one JSON object per line, or a human summary.
#include <string>

#include "app/validate.hpp"

namespace iwmo::cli {

// {"file", "message", "xsd_valid", "valid", "errors", "rules", "findings"} on one line.
[[nodiscard]] std::string to_json_line(const app::file_report& report);

// "<file>: WMO301 valid" followed by one indented line per error.
[[nodiscard]] std::string to_human(const app::file_report& report);

}  // namespace iwmo::cli
