#pragma once
// External sources of control level 4 (RULES.md §3.1 S8), as an interface: the CBS list of
// municipalities, product code lists, and contracts between a municipality and a provider.
// mappings/ implements it from the tables in mappings/.
#include <optional>
#include <string>
#include <string_view>

#include "model/values.hpp"

namespace iwmo::rules {

// How a product is delivered and paid (uitvoeringsvariant).
enum class variant : std::uint8_t { inspanningsgericht, outputgericht, taakgericht };

// What a contract says about one product on one date.
struct contract_terms {
  rules::variant variant = variant::inspanningsgericht;
  std::optional<model::eenheid> eenheid;  // the unit agreed for the product
  std::optional<model::cents> tarief;     // eurocent per `eenheid`
};

class reference_data {
 public:
  virtual ~reference_data() = default;
  // TR378: the CBS code exists on that date (old codes stay valid until their end date).
  [[nodiscard]] virtual bool gemeente_valid(std::string_view cbs_code, model::date on) const = 0;
  // TR381: the product code belongs to the category in the list that applies to the pair;
  // nullopt when no list is known for it (then the rule is not applied).
  [[nodiscard]] virtual std::optional<bool> product_in_list(std::string_view gemeente, std::string_view aanbieder,
                                                            std::string_view categorie, std::string_view code,
                                                            model::date on) const = 0;
  // The contract terms for a product (by code, or for the category when the code is absent).
  [[nodiscard]] virtual std::optional<contract_terms> contract(std::string_view gemeente, std::string_view aanbieder,
                                                               std::string_view categorie,
                                                               const std::optional<std::string>& code,
                                                               model::date on) const = 0;
};

// Without contract data the variant follows from the unit (OP262/OP263): time and effort units
// are effort-based, pieces of output and euro amounts output-based.
[[nodiscard]] variant variant_for_unit(model::eenheid e);

}  // namespace iwmo::rules
