#pragma once
// The reconciliation ledger: per toewijzing and calendar month, what was assigned, declared,
// approved, rejected and credited, and on how many days a start was in force. Computed from
// the stored state of one toewijzing, so it can be recomputed at any time and always equals a
// recomputation from the stored messages.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/records.hpp"
#include "rules/reference.hpp"

namespace iwmo::reconcile {

// Attention flags of a ledger line (stable identifiers, see docs/reconciliation.md).
inline constexpr std::string_view declared_without_start = "declared_without_start";
inline constexpr std::string_view declared_after_stop = "declared_after_stop";
inline constexpr std::string_view over_volume = "over_volume";
inline constexpr std::string_view over_budget = "over_budget";
inline constexpr std::string_view rejected = "rejected";
inline constexpr std::string_view credited_and_rebilled = "credited_and_rebilled";

struct ledger_row {
  std::string gemeente;
  std::int64_t toewijzing_nummer = 0;
  std::string maand;  // YYYY-MM
  std::string aanbieder;
  std::string bsn;
  std::optional<std::string> categorie;
  std::optional<std::string> code;
  std::optional<std::string> eenheid;     // unit of the volumes below (minutes when any line is in minutes)
  std::optional<std::string> frequentie;
  std::optional<std::int64_t> toegewezen_volume;  // the most the month may carry (TR321), in `eenheid`
  std::optional<std::int64_t> budget;             // eurocent, the whole toewijzing
  std::int64_t gedeclareerd_volume = 0;  // debits, approved or not
  std::int64_t gedeclareerd_bedrag = 0;
  std::int64_t goedgekeurd_volume = 0;   // approved debits not reversed by a credit
  std::int64_t goedgekeurd_bedrag = 0;
  std::int64_t afgewezen_bedrag = 0;     // rejected lines (debit and credit)
  std::string afgewezen_codes;           // their retourcodes, space separated
  std::int64_t gecrediteerd_bedrag = 0;  // approved credits
  std::int64_t dagen_geleverd = 0;       // days of the month with a start in force
  std::int64_t starts = 0;               // starts dated in the month
  std::int64_t stops = 0;                // stops ending in the month
  std::string aandacht;                  // attention flags, space separated
  std::string domain = "wmo";            // the legal domain of the toewijzing: "wmo" or "jw"
  friend bool operator==(const ledger_row&, const ledger_row&) = default;
};

// All stored state of one toewijzing.
struct toewijzing_state {
  std::vector<model::state::toewijzing> versions;  // every version
  std::vector<model::state::levering> leveringen;  // start and stop lines in force on it
  std::vector<model::state::prestatie> prestaties;  // every declared line on it
};

// The ledger lines of one toewijzing: every month from its Ingangsdatum to its Einddatum (or,
// when open, to the last month with a start, stop or declared line), and every other month
// with a declared line.
[[nodiscard]] std::vector<ledger_row> compute_ledger(const std::string& gemeente, std::int64_t nummer,
                                                     const toewijzing_state& state, const rules::reference_data& ref);

// "2026-10" for October 2026.
[[nodiscard]] std::string month_of(const model::date& d);

}  // namespace iwmo::reconcile
