#pragma once
// Use case "reconcile": the totals per provider, product and unit of one municipality and
// month, and the ledger lines that need attention (docs/reconciliation.md). Shared by the
// `reconcile` command and GET /v1/reconciliation.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "mappings/reference_tables.hpp"
#include "store/store.hpp"

namespace iwmo::app {

struct product_totals {
  std::string aanbieder;
  std::string aanbieder_naam;
  std::string categorie;
  std::string code;
  std::string omschrijving;
  std::string eenheid;  // unit code of the volumes ("" for budget lines without a unit)
  std::int64_t toewijzingen = 0;
  std::optional<std::int64_t> toegewezen_volume;  // absent when no line of the group has a volume
  std::int64_t gedeclareerd_volume = 0;
  std::int64_t goedgekeurd_volume = 0;
  std::int64_t gedeclareerd = 0;  // eurocent
  std::int64_t goedgekeurd = 0;
  std::int64_t afgewezen = 0;
  std::int64_t gecrediteerd = 0;
  std::int64_t aandacht = 0;  // lines that need attention
};

struct reconciliation_report {
  std::string gemeente;
  std::string gemeente_naam;
  std::string period;  // YYYY-MM
  std::optional<std::string> aanbieder;
  std::vector<product_totals> producten;  // by provider, category, code, unit
  product_totals totaal;                  // amounts and counts over everything (no volumes)
  std::vector<store::ledger_row> aandacht;
  std::int64_t toewijzingen = 0;
};

// Builds the report from the ledger lines of the month; `names` (may be null) adds names.
[[nodiscard]] reconciliation_report make_reconciliation(const std::vector<store::ledger_row>& rows,
                                                        const mappings::reference_tables* names, std::string gemeente,
                                                        std::string period, std::optional<std::string> aanbieder);

// The JSON of the report: BSNs masked unless `show_bsn`.
[[nodiscard]] boost::json::object to_json(const reconciliation_report& r, bool show_bsn);

// "1234.56" (negative with a leading '-').
[[nodiscard]] std::string euro(std::int64_t cents);
// "******019": only the last three digits.
[[nodiscard]] std::string mask_bsn(const std::string& bsn);

}  // namespace iwmo::app
