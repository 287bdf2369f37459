#pragma once
// The reference data of mappings/ (docs/mappings.md): municipalities with their CBS codes and
// validity (mergers keep old codes valid until their end date), providers, product code lists
// and contracts (uitvoeringsvariant, unit and tariff per product and period). Loaded once;
// read-only afterwards, so it can be shared between threads.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "mappings/csv.hpp"
#include "model/values.hpp"
#include "rules/reference.hpp"

namespace iwmo::mappings {

struct gemeente {
  std::string code;  // CBS code, four digits
  std::string naam;
  model::date geldig_van;
  std::optional<model::date> geldig_tot;
  std::optional<std::string> opgegaan_in;  // the code it merged into
};

struct aanbieder {
  std::string agb;
  std::string naam;
};

struct product {
  std::string lijst;  // "WMO021" for the national list, or a municipality's CBS code
  std::string categorie;
  std::string code;
  std::string omschrijving;
  model::date geldig_van;
  std::optional<model::date> geldig_tot;
};

struct contract_row {
  std::string gemeente;
  std::string aanbieder;
  std::string categorie;
  std::optional<std::string> productcode;  // absent: applies to the whole category
  std::string productlijst;                // the list the product codes come from
  rules::variant variant = rules::variant::inspanningsgericht;
  std::optional<model::eenheid> eenheid;
  std::optional<model::cents> tarief;  // eurocent per eenheid
  model::date geldig_van;
  std::optional<model::date> geldig_tot;
};

class reference_tables final : public rules::reference_data {
 public:
  // Reads gemeenten.csv, aanbieders.csv, productcodes.csv and contracten.csv from a folder.
  // Throws mapping_error naming the file and line of the first problem.
  [[nodiscard]] static reference_tables load(const std::filesystem::path& folder);
  // From text, for tests and tools (file names only label errors).
  [[nodiscard]] static reference_tables parse(std::string_view gemeenten, std::string_view aanbieders,
                                              std::string_view productcodes, std::string_view contracten);

  [[nodiscard]] bool gemeente_valid(std::string_view cbs_code, model::date on) const override;
  [[nodiscard]] std::optional<bool> product_in_list(std::string_view gemeente, std::string_view aanbieder,
                                                    std::string_view categorie, std::string_view code,
                                                    model::date on) const override;
  [[nodiscard]] std::optional<rules::contract_terms> contract(std::string_view gemeente, std::string_view aanbieder,
                                                              std::string_view categorie,
                                                              const std::optional<std::string>& code,
                                                              model::date on) const override;

  [[nodiscard]] const std::vector<gemeente>& gemeenten() const { return gemeenten_; }
  [[nodiscard]] const std::vector<aanbieder>& aanbieders() const { return aanbieders_; }
  [[nodiscard]] const std::vector<product>& producten() const { return producten_; }
  [[nodiscard]] const std::vector<contract_row>& contracten() const { return contracten_; }
  [[nodiscard]] std::string gemeente_naam(std::string_view code) const;
  [[nodiscard]] std::string aanbieder_naam(std::string_view agb) const;
  [[nodiscard]] std::string product_omschrijving(std::string_view categorie, std::string_view code) const;

 private:
  std::vector<gemeente> gemeenten_;
  std::vector<aanbieder> aanbieders_;
  std::vector<product> producten_;
  std::vector<contract_row> contracten_;
  // The contract rows of each (gemeente, aanbieder) pair, in file order: lookups and the overlap
  // check stay fast when a region has hundreds of thousands of rows.
  std::map<std::pair<std::string, std::string>, std::vector<std::size_t>> contracts_by_pair_;
  [[nodiscard]] const std::vector<std::size_t>& rows_of(std::string_view gemeente, std::string_view aanbieder) const;
};

}  // namespace iwmo::mappings
