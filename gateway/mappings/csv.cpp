#include "mappings/csv.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace iwmo::mappings {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Splits one logical line into fields; `line_no` for errors.
std::vector<std::string> split(std::string_view line, const std::string& source, int line_no) {
  std::vector<std::string> out;
  std::string field;
  bool quoted = false;
  bool was_quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"' && trim(field).empty()) {
      quoted = true;
      was_quoted = true;
      field.clear();
    } else if (c == ',') {
      out.push_back(was_quoted ? field : std::string(trim(field)));
      field.clear();
      was_quoted = false;
    } else {
      field += c;
    }
  }
  if (quoted) throw mapping_error(fmt::format("{}:{}: unterminated quoted field", source, line_no));
  out.push_back(was_quoted ? field : std::string(trim(field)));
  return out;
}

}  // namespace

const std::string& csv_row::required(std::string_view column) const {
  const auto it = fields.find(column);
  if (it == fields.end() || it->second.empty()) {
    throw mapping_error(fmt::format("line {}: column '{}' is empty", line, column));
  }
  return it->second;
}

std::string csv_row::optional(std::string_view column) const {
  const auto it = fields.find(column);
  return it == fields.end() ? std::string() : it->second;
}

std::string csv_table::where(const csv_row& row) const { return fmt::format("{}:{}", source, row.line); }

csv_table parse_csv(std::string_view text, std::string source, const std::vector<std::string>& required_columns) {
  csv_table table;
  table.source = std::move(source);
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  int line_no = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const auto end = text.find('\n', pos);
    const auto raw = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    pos = end == std::string_view::npos ? text.size() + 1 : end + 1;
    ++line_no;
    const auto line = trim(raw);
    if (line.empty() || line.front() == '#') continue;
    auto fields = split(line, table.source, line_no);
    if (table.columns.empty()) {
      table.columns = std::move(fields);
      for (const auto& c : required_columns) {
        if (std::ranges::find(table.columns, c) == table.columns.end()) {
          throw mapping_error(fmt::format("{}:{}: the header lacks column '{}'", table.source, line_no, c));
        }
      }
      continue;
    }
    if (fields.size() != table.columns.size()) {
      throw mapping_error(fmt::format("{}:{}: {} fields, the header has {}", table.source, line_no, fields.size(),
                                      table.columns.size()));
    }
    csv_row row;
    row.line = line_no;
    for (std::size_t i = 0; i < fields.size(); ++i) row.fields.emplace(table.columns[i], std::move(fields[i]));
    table.rows.push_back(std::move(row));
  }
  if (table.columns.empty()) throw mapping_error(fmt::format("{}: no header row", table.source));
  return table;
}

}  // namespace iwmo::mappings
