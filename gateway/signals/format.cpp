// Figures and sentences for people: euro with a decimal comma, dates as DD-MM-YYYY.
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include <fmt/format.h>

#include "signals/signals_internal.hpp"

namespace iwmo::signals::detail {

namespace {

std::string with_comma(std::string text) {
  for (auto& c : text) {
    if (c == '.') c = ',';
  }
  return text;
}

}  // namespace

std::string euro(cents amount) {
  const bool negative = amount < 0;
  // Through unsigned so that the most negative amount does not overflow.
  const std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(amount) : static_cast<std::uint64_t>(amount);
  std::string whole = std::to_string(magnitude / 100);
  for (auto pos = static_cast<std::ptrdiff_t>(whole.size()) - 3; pos > 0; pos -= 3) {
    whole.insert(static_cast<std::size_t>(pos), 1, '.');
  }
  return fmt::format("€ {}{},{:02}", negative ? "-" : "", whole, magnitude % 100);
}

std::string dmy(const date& d) { return fmt::format("{:02}-{:02}-{:04}", d.day(), d.month(), d.year()); }

std::string one_decimal(double x) { return fmt::format("{:.1f}", x); }

std::string one_decimal_nl(double x) { return with_comma(one_decimal(x)); }

std::string number(double x) {
  if (std::isfinite(x) && x == std::trunc(x) && std::fabs(x) < 1e15) {
    return fmt::format("{}", static_cast<std::int64_t>(x));
  }
  return fmt::format("{}", x);  // shortest form that reads back the same
}

std::string number_nl(double x) { return with_comma(number(x)); }

std::string percent(double share) { return fmt::format("{}%", std::llround(share * 100.0)); }

std::string month_name(const date& d) {
  static constexpr std::array<std::string_view, 12> names{"januari", "februari", "maart",     "april",   "mei",      "juni",
                                                          "juli",    "augustus", "september", "oktober", "november", "december"};
  const auto m = d.month() >= 1 && d.month() <= 12 ? d.month() - 1 : 0;
  return fmt::format("{} {}", names[m], d.year());
}

std::string counted(std::int64_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::string unit_word(model::eenheid e) {
  switch (e) {
    case model::eenheid::minuut:
    case model::eenheid::uur: return "uur";
    case model::eenheid::etmaal: return "etmalen";
    case model::eenheid::dagdeel: return "dagdelen";
    case model::eenheid::stuks_output:
    case model::eenheid::stuks_inspanning: return "stuks";
    case model::eenheid::euro: return "euro";
  }
  return "eenheden";
}

std::optional<date> parse_month(std::string_view maand) {
  if (maand.size() != 7) return std::nullopt;
  return date::parse(std::string(maand) + "-01");
}

}  // namespace iwmo::signals::detail
