#pragma once
// A CSV field as exports and the commands write it: quoted (with "" for a quote) when it holds a comma, a
// quote or a line break.
#include <string>
#include <string_view>

namespace iwmo::app {

[[nodiscard]] inline std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (const char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace iwmo::app
