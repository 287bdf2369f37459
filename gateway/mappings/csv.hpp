#pragma once
// Reading the reference tables of mappings/: UTF-8 CSV with a header row. Fields are separated
// by commas and may be double-quoted ("" inside quotes is one quote); lines starting with '#'
// and blank lines are skipped. Errors name the file and line.
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace iwmo::mappings {

class mapping_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct csv_row {
  int line = 0;
  std::map<std::string, std::string, std::less<>> fields;  // column name -> value (trimmed)

  // The value of a column that must be present and filled.
  [[nodiscard]] const std::string& required(std::string_view column) const;
  // The value of a column, or "" when absent or empty.
  [[nodiscard]] std::string optional(std::string_view column) const;
};

struct csv_table {
  std::string source;  // file name for messages
  std::vector<std::string> columns;
  std::vector<csv_row> rows;

  // "file:line: text", for errors about a row.
  [[nodiscard]] std::string where(const csv_row& row) const;
};

// Parses CSV text; `required_columns` must all be in the header.
[[nodiscard]] csv_table parse_csv(std::string_view text, std::string source,
                                  const std::vector<std::string>& required_columns);

}  // namespace iwmo::mappings
