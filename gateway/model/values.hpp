#pragma once
// Value types for the standard's datatypes. Messages keep every value as the exact text that
// was received (see messages.hpp); these types are what the text means, for arithmetic and
// for composing new messages.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace iwmo::model {

// A calendar date without time zone (LDT_Datum), proleptic Gregorian.
class date {
 public:
  constexpr date() = default;
  constexpr date(int year, unsigned month, unsigned day) : year_(year), month_(month), day_(day) {}

  // "YYYY-MM-DD" with optional surrounding XML white space; nullopt when not a real date.
  [[nodiscard]] static std::optional<date> parse(std::string_view text);
  // Days since 1970-01-01 and back.
  [[nodiscard]] static date from_days(std::int64_t days);
  [[nodiscard]] std::int64_t days() const;

  [[nodiscard]] constexpr int year() const { return year_; }
  [[nodiscard]] constexpr unsigned month() const { return month_; }
  [[nodiscard]] constexpr unsigned day() const { return day_; }

  [[nodiscard]] std::string to_string() const;  // "YYYY-MM-DD"
  [[nodiscard]] date add_days(std::int64_t n) const { return from_days(days() + n); }
  // Same day of month n months later (earlier for n < 0), clamped to the month's last day.
  [[nodiscard]] date add_months(int n) const;
  [[nodiscard]] date first_of_month() const { return {year_, month_, 1}; }
  [[nodiscard]] date last_of_month() const;
  [[nodiscard]] unsigned weekday() const;  // ISO: 1 = Monday ... 7 = Sunday

  friend constexpr auto operator<=>(const date&, const date&) = default;

 private:
  int year_ = 1970;
  unsigned month_ = 1;
  unsigned day_ = 1;
};

[[nodiscard]] bool is_leap_year(int year);
[[nodiscard]] unsigned days_in_month(int year, unsigned month);

// Burgerservicenummer: nine digits that pass the 11-test (CS002).
[[nodiscard]] bool passes_eleven_test(std::string_view digits);

// Amounts in the standard are integer eurocent with a separate debit/credit sign.
enum class debet_credit : std::uint8_t { debet, credit };
[[nodiscard]] std::optional<debet_credit> parse_debet_credit(std::string_view text);
[[nodiscard]] std::string_view to_code(debet_credit dc);
using cents = std::int64_t;
// Debit positive, credit negative.
[[nodiscard]] constexpr cents signed_amount(cents amount, debet_credit dc) {
  return dc == debet_credit::credit ? -amount : amount;
}

// Eenheid (WJ756): the unit of a volume.
enum class eenheid : std::uint8_t {
  minuut = 1, uur = 4, etmaal = 14, dagdeel = 16, stuks_output = 82, euro = 83, stuks_inspanning = 84,
};
[[nodiscard]] std::optional<eenheid> parse_eenheid(std::string_view code);
[[nodiscard]] std::string to_code(eenheid e);

// Frequentie (WMO757): the period a volume applies to.
enum class frequentie : std::uint8_t { per_dag = 1, per_week = 2, per_maand = 4, totaal = 6 };
[[nodiscard]] std::optional<frequentie> parse_frequentie(std::string_view code);
[[nodiscard]] std::string to_code(frequentie f);

// StatusAanlevering (COD467).
enum class status_aanlevering : std::uint8_t { nieuw = 1, gewijzigd = 2, verwijderd = 3, niet_van_toepassing = 9 };
[[nodiscard]] std::optional<status_aanlevering> parse_status_aanlevering(std::string_view code);

// Integer value of an xs:integer lexical form ("+12", " 007 "); nullopt when it is not one or
// does not fit 64 bits.
[[nodiscard]] std::optional<std::int64_t> parse_integer(std::string_view text);

// XML white space (space, tab, CR, LF) trimmed from both ends.
[[nodiscard]] std::string_view trim_xml_space(std::string_view text);

}  // namespace iwmo::model
