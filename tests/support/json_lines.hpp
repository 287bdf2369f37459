#pragma once
// Parses output with one JSON object per line (the --json output of the commands).
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "support/process.hpp"

namespace iwmo::test {

inline std::vector<boost::json::object> json_lines(const std::string& out) {
  std::vector<boost::json::object> lines;
  for (const auto& line : lines_of(out)) lines.push_back(boost::json::parse(line).as_object());
  return lines;
}

}  // namespace iwmo::test
