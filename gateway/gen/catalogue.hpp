#pragma once
// The built-in facts the generator draws from: municipalities with their CBS code and postcode
// range, the Wmo products (national list WMO021) and the Jeugdwet products (national list JZ21)
// with their unit, frequency, tariff range and usual volumes, kinds of providers, and Dutch names
// and streets.
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "model/values.hpp"
#include "rules/reference.hpp"

namespace iwmo::gen::catalogue {

struct municipality {
  std::string_view code;  // CBS gemeentecode
  std::string_view naam;
  int postcode_lo;  // the four digits of its postcodes
  int postcode_hi;
  int population;  // thousands, weighs how many clients live there
};
// Real municipalities, the Utrecht region first.
[[nodiscard]] std::span<const municipality> municipalities();

// Product groups: what a client needs, before a concrete product is chosen.
enum class group : std::uint8_t {
  huishouden,
  begeleiding_individueel,
  begeleiding_groep,
  verzorging,
  kortdurend_verblijf,
  dagbesteding,
  vervoer,
  maatwerk,
  beschermd_wonen,
  // Jeugdwet (iJw)
  jeugd_ambulant,
  jeugd_ambulant_groep,
  jeugd_dagbehandeling,
  jeugd_vervoer,
  jeugd_verblijf_behandeling,
  jeugd_verblijf,
  jeugd_ggz,
  jeugd_verzorging,
  jeugd_maatwerk,
};

struct product {
  std::string_view code;
  std::string_view categorie;
  std::string_view omschrijving;
  group grp;
  model::eenheid eenheid;
  std::optional<model::frequentie> frequentie;  // nullopt: a budget in euro (Budget, no Omvang)
  rules::variant variant;
  int tarief_lo;  // eurocent per eenheid in the first year (0 for a budget)
  int tarief_hi;
  std::span<const int> volumes;  // usual Volume per Frequentie; a budget: euros for a year
  bool specific;                 // the toewijzing names the product code (else the category only)
  bool jeugd = false;            // a Jeugdwet product (iJw messages, list JZ21), else Wmo (WMO021)
};

// Indices into products(), used by the planning code.
enum product_id : int {
  hh_basis,
  hh_plus,
  hh_resultaat,
  begeleiding_basis,
  begeleiding_specialistisch,
  begeleiding_groep,
  persoonlijke_verzorging,
  kortdurend_verblijf,
  dagbesteding_basis,
  dagbesteding_specialistisch,
  vervoer_dagbesteding,
  maatwerk_budget,
  beschermd_wonen,
  // Jeugdwet: only used when the region has Jeugd clients (--jeugd-share).
  jeugd_ambulant_basis,
  jeugd_ambulant_specialistisch,
  jeugd_ambulant_groep,
  jeugd_dagbehandeling,
  jeugd_vervoer,
  jeugd_verblijf_behandeling,
  jeugd_verblijf,
  jeugd_ggz,
  jeugd_verzorging,
  jeugd_maatwerk_budget,
  product_count,
};
inline constexpr int first_jeugd_product = jeugd_ambulant_basis;
[[nodiscard]] std::span<const product> products();

// Kinds of providers and the products each kind offers.
enum class provider_kind : std::uint8_t {
  thuiszorg,
  huishouden,
  begeleiding,
  dagbesteding,
  logeerhuis,
  wijkteam,
  beschermd_wonen,
  // Jeugdwet providers (only in a region with Jeugd clients).
  jeugd_ambulant,
  jeugd_ggz,
  jeugd_dagbehandeling,
  jeugd_verblijf,
};
// The products a kind offers. With `jeugd` (a region with Jeugd clients) thuiszorg also offers
// personal care for youth (40A01) and the wijkteam Jeugdhulp ambulant and a Jeugd budget, so some
// providers work in both domains.
[[nodiscard]] std::span<const int> products_of(provider_kind kind, bool jeugd = false);
[[nodiscard]] std::string_view label(provider_kind kind);
// The kind of the i-th provider: a fixed rotation, so that any seven providers cover every kind.
[[nodiscard]] provider_kind kind_of_provider(int i);
// The kind of the i-th Jeugd provider: any four cover every Jeugd kind.
[[nodiscard]] provider_kind kind_of_jeugd_provider(int i);
[[nodiscard]] inline bool is_jeugd(provider_kind kind) { return kind >= provider_kind::jeugd_ambulant; }

struct names {
  std::span<const std::string_view> surnames;  // "Jansen", "Vries" (prefix separate)
  std::span<const std::string_view> prefixes;  // parallel to surnames: "", "de", ...
  std::span<const std::string_view> women_old, men_old, women_young, men_young;
  std::span<const std::string_view> streets;
  std::span<const std::string_view> provider_names;  // "De Linde", "Het Baken", ...
  std::span<const std::string_view> languages;       // for an interpreter (Communicatie)
};
[[nodiscard]] const names& dutch();

}  // namespace iwmo::gen::catalogue
