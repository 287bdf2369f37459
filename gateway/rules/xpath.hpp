#pragma once
// The value semantics of the official validation XSLT (XPath 1.0), so that native rules decide
// exactly as the oracle does on every schema-valid input (RULES.md §2.2):
//   filled(x)  F(x): present and not only white space
//   value(x)   V(x): normalize-space of the text ("" when absent)
//   in(x, {})  IN(x, {...}): V(x) is one of the values
//   number(t)  XPath number(): NaN unless an optional '-', digits and an optional fraction,
//              surrounded by white space ("+5" is NaN)
//   date_number(t)  D(x): the text without '-' read as a number (YYYYMMDD)
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace iwmo::rules::xpath {

[[nodiscard]] std::string normalize(std::string_view text);
[[nodiscard]] bool filled(std::string_view text);
[[nodiscard]] inline bool filled(const std::string& text) { return filled(std::string_view(text)); }
[[nodiscard]] bool filled(const std::optional<std::string>& text);
[[nodiscard]] std::string value(const std::optional<std::string>& text);
[[nodiscard]] bool in(std::string_view text, std::initializer_list<std::string_view> values);
[[nodiscard]] inline bool in(const std::string& text, std::initializer_list<std::string_view> values) {
  return in(std::string_view(text), values);
}
[[nodiscard]] bool in(const std::optional<std::string>& text, std::initializer_list<std::string_view> values);
[[nodiscard]] double number(std::string_view text);
[[nodiscard]] double date_number(std::string_view text);
[[nodiscard]] inline double date_number(const std::string& text) { return date_number(std::string_view(text)); }
[[nodiscard]] double date_number(const std::optional<std::string>& text);  // NaN when absent
// XPath string() of a number: integers without exponent or fraction, "NaN", "-" for negatives.
[[nodiscard]] std::string to_string(double number);

}  // namespace iwmo::rules::xpath
