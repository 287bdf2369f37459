#include "model/values.hpp"

#include <array>
#include <charconv>
#include <cstdio>

namespace iwmo::model {
namespace {

bool is_xml_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Howard Hinnant's days_from_civil / civil_from_days.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

}  // namespace

std::string_view trim_xml_space(std::string_view text) {
  while (!text.empty() && is_xml_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_xml_space(text.back())) text.remove_suffix(1);
  return text;
}

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

unsigned days_in_month(int year, unsigned month) {
  static constexpr std::array<unsigned, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && is_leap_year(year)) return 29;
  return month >= 1 && month <= 12 ? days[month - 1] : 0;
}

std::optional<date> date::parse(std::string_view text) {
  text = trim_xml_space(text);
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int y = 0;
  unsigned m = 0, d = 0;
  auto num = [&](std::string_view s, auto& out) {
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc{} && p == s.data() + s.size();
  };
  if (!num(text.substr(0, 4), y) || !num(text.substr(5, 2), m) || !num(text.substr(8, 2), d)) return std::nullopt;
  if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return std::nullopt;
  return date{y, m, d};
}

std::int64_t date::days() const { return days_from_civil(year_, month_, day_); }

date date::from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(y + (m <= 2 ? 1 : 0)), m, d};
}

std::string date::to_string() const {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", year_, month_, day_);
  return buffer;
}

date date::add_months(int n) const {
  const int total = year_ * 12 + static_cast<int>(month_) - 1 + n;
  const int y = total >= 0 ? total / 12 : (total - 11) / 12;
  const auto m = static_cast<unsigned>(total - y * 12 + 1);
  return {y, m, std::min(day_, days_in_month(y, m))};
}

date date::last_of_month() const { return {year_, month_, days_in_month(year_, month_)}; }

unsigned date::weekday() const {
  const std::int64_t d = days();  // 1970-01-01 was a Thursday (4)
  return static_cast<unsigned>(((d % 7) + 7 + 3) % 7) + 1;
}

bool passes_eleven_test(std::string_view digits) {
  if (digits.size() != 9) return false;
  int sum = 0;
  for (std::size_t i = 0; i < 9; ++i) {
    if (digits[i] < '0' || digits[i] > '9') return false;
    const int d = digits[i] - '0';
    sum += i < 8 ? d * static_cast<int>(9 - i) : -d;
  }
  return sum % 11 == 0;
}

std::optional<debet_credit> parse_debet_credit(std::string_view text) {
  if (text == "D") return debet_credit::debet;
  if (text == "C") return debet_credit::credit;
  return std::nullopt;
}

std::string_view to_code(debet_credit dc) { return dc == debet_credit::credit ? "C" : "D"; }

std::optional<eenheid> parse_eenheid(std::string_view code) {
  for (const auto e : {eenheid::minuut, eenheid::uur, eenheid::etmaal, eenheid::dagdeel, eenheid::stuks_output,
                       eenheid::euro, eenheid::stuks_inspanning}) {
    if (to_code(e) == code) return e;
  }
  return std::nullopt;
}

std::string to_code(eenheid e) {
  char buffer[4];
  std::snprintf(buffer, sizeof buffer, "%02d", static_cast<int>(e));
  return buffer;
}

std::optional<frequentie> parse_frequentie(std::string_view code) {
  if (code == "1") return frequentie::per_dag;
  if (code == "2") return frequentie::per_week;
  if (code == "4") return frequentie::per_maand;
  if (code == "6") return frequentie::totaal;
  return std::nullopt;
}

std::string to_code(frequentie f) { return std::to_string(static_cast<int>(f)); }

std::optional<status_aanlevering> parse_status_aanlevering(std::string_view code) {
  if (code == "1") return status_aanlevering::nieuw;
  if (code == "2") return status_aanlevering::gewijzigd;
  if (code == "3") return status_aanlevering::verwijderd;
  if (code == "9") return status_aanlevering::niet_van_toepassing;
  return std::nullopt;
}

std::optional<std::int64_t> parse_integer(std::string_view text) {
  text = trim_xml_space(text);
  bool negative = false;
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (text.empty()) return std::nullopt;
  std::int64_t value = 0;
  const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || p != text.data() + text.size()) return std::nullopt;
  return negative ? -value : value;
}

}  // namespace iwmo::model
