#include "rules/xpath.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>

namespace iwmo::rules::xpath {
namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
bool space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
}  // namespace

std::string normalize(std::string_view text) {
  std::string out;
  bool pending_space = false;
  for (const char c : text) {
    if (space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

bool filled(std::string_view text) {
  for (const char c : text) {
    if (!space(c)) return true;
  }
  return false;
}

bool filled(const std::optional<std::string>& text) { return text && filled(*text); }

std::string value(const std::optional<std::string>& text) { return text ? normalize(*text) : std::string(); }

bool in(std::string_view text, std::initializer_list<std::string_view> values) {
  const auto v = normalize(text);
  for (const auto candidate : values) {
    if (v == candidate) return true;
  }
  return false;
}

bool in(const std::optional<std::string>& text, std::initializer_list<std::string_view> values) {
  return text && in(*text, values);
}

double number(std::string_view text) {
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  bool negative = false;
  if (!text.empty() && text.front() == '-') {
    negative = true;
    text.remove_prefix(1);
  }
  if (text.empty()) return nan;
  double whole = 0;
  std::size_t i = 0;
  bool digits = false;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    whole = whole * 10 + (text[i] - '0');
    digits = true;
  }
  if (i < text.size() && text[i] == '.') {
    double scale = 0.1;
    for (++i; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
      whole += (text[i] - '0') * scale;
      scale /= 10;
      digits = true;
    }
  }
  if (!digits || i != text.size()) return nan;
  return negative ? -whole : whole;
}

double date_number(std::string_view text) {
  std::string digits;
  for (const char c : text) {
    if (c != '-') digits += c;
  }
  return number(digits);
}

double date_number(const std::optional<std::string>& text) { return text ? date_number(*text) : nan; }

std::string to_string(double n) {
  if (std::isnan(n)) return "NaN";
  if (n == 0) return "0";
  if (std::floor(n) == n && std::fabs(n) < 1e18) return fmt::format("{}", static_cast<long long>(n));
  return fmt::format("{}", n);
}

}  // namespace iwmo::rules::xpath
