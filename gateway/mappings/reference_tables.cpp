#include "mappings/reference_tables.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>

namespace iwmo::mappings {
namespace {

bool digits(std::string_view s, std::size_t n) {
  return s.size() == n && std::ranges::all_of(s, [](char c) { return c >= '0' && c <= '9'; });
}

model::date date_of(const csv_table& t, const csv_row& row, std::string_view column) {
  const auto& text = row.required(column);
  const auto d = model::date::parse(text);
  if (!d) throw mapping_error(fmt::format("{}: {} '{}' is not a date (YYYY-MM-DD)", t.where(row), column, text));
  return *d;
}

std::optional<model::date> optional_date(const csv_table& t, const csv_row& row, std::string_view column) {
  if (row.optional(column).empty()) return std::nullopt;
  return date_of(t, row, column);
}

void period_check(const csv_table& t, const csv_row& row, model::date from, const std::optional<model::date>& to) {
  if (to && *to < from) throw mapping_error(fmt::format("{}: geldig_tot is before geldig_van", t.where(row)));
}

bool valid_on(model::date from, const std::optional<model::date>& to, model::date on) {
  return from <= on && (!to || on <= *to);
}

// Wraps errors thrown by csv_row (which knows only the line) with the file name.
template <class F> auto with_file(const csv_table& t, const csv_row& row, F f) {
  try {
    return f();
  } catch (const mapping_error& e) {
    const std::string text = e.what();
    if (text.starts_with("line ")) throw mapping_error(fmt::format("{}: {}", t.where(row), text.substr(text.find(':') + 2)));
    throw;
  }
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw mapping_error(fmt::format("cannot read {}", path.string()));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

reference_tables reference_tables::parse(std::string_view gemeenten_csv, std::string_view aanbieders_csv,
                                         std::string_view productcodes_csv, std::string_view contracten_csv) {
  reference_tables r;

  const auto g = parse_csv(gemeenten_csv, "gemeenten.csv", {"cbs_code", "naam", "geldig_van", "geldig_tot", "opgegaan_in"});
  for (const auto& row : g.rows) {
    with_file(g, row, [&] {
      gemeente x{row.required("cbs_code"), row.required("naam"), date_of(g, row, "geldig_van"),
                 optional_date(g, row, "geldig_tot"), std::nullopt};
      if (!digits(x.code, 4)) throw mapping_error(fmt::format("{}: cbs_code '{}' is not four digits", g.where(row), x.code));
      if (const auto merged = row.optional("opgegaan_in"); !merged.empty()) x.opgegaan_in = merged;
      period_check(g, row, x.geldig_van, x.geldig_tot);
      r.gemeenten_.push_back(std::move(x));
    });
  }

  const auto a = parse_csv(aanbieders_csv, "aanbieders.csv", {"agb_code", "naam"});
  for (const auto& row : a.rows) {
    with_file(a, row, [&] {
      aanbieder x{row.required("agb_code"), row.required("naam")};
      if (!digits(x.agb, 8)) throw mapping_error(fmt::format("{}: agb_code '{}' is not eight digits", a.where(row), x.agb));
      r.aanbieders_.push_back(std::move(x));
    });
  }

  const auto p = parse_csv(productcodes_csv, "productcodes.csv",
                           {"lijst", "categorie", "code", "omschrijving", "geldig_van", "geldig_tot"});
  for (const auto& row : p.rows) {
    with_file(p, row, [&] {
      product x{row.required("lijst"),        row.required("categorie"),        row.required("code"),
                row.optional("omschrijving"), date_of(p, row, "geldig_van"), optional_date(p, row, "geldig_tot")};
      if (!digits(x.categorie, 2)) throw mapping_error(fmt::format("{}: categorie '{}' is not two digits", p.where(row), x.categorie));
      if (x.code.size() > 5) throw mapping_error(fmt::format("{}: code '{}' is longer than 5", p.where(row), x.code));
      period_check(p, row, x.geldig_van, x.geldig_tot);
      r.producten_.push_back(std::move(x));
    });
  }

  const auto c = parse_csv(contracten_csv, "contracten.csv",
                           {"gemeente", "aanbieder", "categorie", "productcode", "productlijst", "uitvoeringsvariant",
                            "eenheid", "tarief", "geldig_van", "geldig_tot"});
  std::vector<int> contract_lines;  // source line of each contract row, for messages
  for (const auto& row : c.rows) {
    with_file(c, row, [&] {
      contract_row x;
      x.gemeente = row.required("gemeente");
      x.aanbieder = row.required("aanbieder");
      x.categorie = row.required("categorie");
      if (const auto code = row.optional("productcode"); !code.empty()) x.productcode = code;
      x.productlijst = row.required("productlijst");
      const auto& v = row.required("uitvoeringsvariant");
      if (v == "inspanningsgericht") {
        x.variant = rules::variant::inspanningsgericht;
      } else if (v == "outputgericht") {
        x.variant = rules::variant::outputgericht;
      } else if (v == "taakgericht") {
        x.variant = rules::variant::taakgericht;
      } else {
        throw mapping_error(fmt::format("{}: uitvoeringsvariant '{}' is not inspanningsgericht, outputgericht or taakgericht",
                                        c.where(row), v));
      }
      if (const auto e = row.optional("eenheid"); !e.empty()) {
        x.eenheid = model::parse_eenheid(e);
        if (!x.eenheid) throw mapping_error(fmt::format("{}: eenheid '{}' is not a code of the Eenheid list", c.where(row), e));
      }
      if (const auto t = row.optional("tarief"); !t.empty()) {
        const auto cents = model::parse_integer(t);
        if (!cents || *cents < 0 || t.find_first_not_of("0123456789") != std::string::npos) {
          throw mapping_error(fmt::format("{}: tarief '{}' is not a whole number of eurocent", c.where(row), t));
        }
        x.tarief = *cents;
      }
      x.geldig_van = date_of(c, row, "geldig_van");
      x.geldig_tot = optional_date(c, row, "geldig_tot");
      if (!digits(x.gemeente, 4) || !digits(x.aanbieder, 8)) {
        throw mapping_error(fmt::format("{}: gemeente must be a CBS code and aanbieder an AGB code", c.where(row)));
      }
      period_check(c, row, x.geldig_van, x.geldig_tot);
      // The list and the product must exist: a typo would silently switch rules off.
      const bool list_known = std::ranges::any_of(r.producten_, [&](const product& item) { return item.lijst == x.productlijst; });
      if (!list_known) {
        throw mapping_error(fmt::format("{}: productlijst '{}' has no codes in productcodes.csv", c.where(row), x.productlijst));
      }
      if (x.productcode && std::ranges::none_of(r.producten_, [&](const product& item) {
            return item.lijst == x.productlijst && item.categorie == x.categorie && item.code == *x.productcode;
          })) {
        throw mapping_error(fmt::format("{}: product {} {} is not in list {} of productcodes.csv", c.where(row), x.categorie,
                                        *x.productcode, x.productlijst));
      }
      // Two rows for the same product and pair must not be valid on the same day.
      auto& pair_rows = r.contracts_by_pair_[{x.gemeente, x.aanbieder}];
      for (const auto i : pair_rows) {
        const auto& o = r.contracten_[i];
        const bool same = o.categorie == x.categorie && o.productcode == x.productcode;
        const bool overlap = (!o.geldig_tot || x.geldig_van <= *o.geldig_tot) && (!x.geldig_tot || o.geldig_van <= *x.geldig_tot);
        if (same && overlap) {
          throw mapping_error(fmt::format("{}: overlaps the period of line {} for the same product", c.where(row),
                                          contract_lines[i]));
        }
      }
      pair_rows.push_back(r.contracten_.size());
      r.contracten_.push_back(std::move(x));
      contract_lines.push_back(row.line);
    });
  }
  return r;
}

reference_tables reference_tables::load(const std::filesystem::path& folder) {
  // Read in a fixed order, so the first missing file is the one named.
  const auto gemeenten = read_file(folder / "gemeenten.csv");
  const auto aanbieders = read_file(folder / "aanbieders.csv");
  const auto productcodes = read_file(folder / "productcodes.csv");
  const auto contracten = read_file(folder / "contracten.csv");
  try {
    return parse(gemeenten, aanbieders, productcodes, contracten);
  } catch (const mapping_error& e) {
    // Errors name the file; make that the path the user gave.
    throw mapping_error((folder / e.what()).string());
  }
}

const std::vector<std::size_t>& reference_tables::rows_of(std::string_view gemeente_code, std::string_view agb) const {
  static const std::vector<std::size_t> none;
  const auto it = contracts_by_pair_.find({std::string(gemeente_code), std::string(agb)});
  return it == contracts_by_pair_.end() ? none : it->second;
}

bool reference_tables::gemeente_valid(std::string_view code, model::date on) const {
  return std::ranges::any_of(gemeenten_, [&](const gemeente& g) {
    return g.code == code && valid_on(g.geldig_van, g.geldig_tot, on);
  });
}

std::optional<bool> reference_tables::product_in_list(std::string_view gemeente_code, std::string_view agb,
                                                      std::string_view categorie, std::string_view code,
                                                      model::date on) const {
  // The lists agreed in the pair's contracts; without a contract the municipality's own list,
  // else the national list.
  std::set<std::string, std::less<>> lists;
  for (const auto i : rows_of(gemeente_code, agb)) {
    const auto& c = contracten_[i];
    if (valid_on(c.geldig_van, c.geldig_tot, on)) lists.insert(c.productlijst);
  }
  const auto has_list = [&](std::string_view l) {
    return std::ranges::any_of(producten_, [&](const product& p) { return p.lijst == l; });
  };
  if (lists.empty()) {
    if (has_list(gemeente_code)) {
      lists.insert(std::string(gemeente_code));
    } else if (has_list("WMO021")) {
      lists.insert("WMO021");
    }
  }
  if (lists.empty()) return std::nullopt;
  return std::ranges::any_of(producten_, [&](const product& p) {
    return lists.contains(p.lijst) && p.categorie == categorie && p.code == code && valid_on(p.geldig_van, p.geldig_tot, on);
  });
}

std::optional<rules::contract_terms> reference_tables::contract(std::string_view gemeente_code, std::string_view agb,
                                                                std::string_view categorie,
                                                                const std::optional<std::string>& code,
                                                                model::date on) const {
  const contract_row* category_wide = nullptr;
  const contract_row* any_code = nullptr;
  for (const auto i : rows_of(gemeente_code, agb)) {
    const auto& c = contracten_[i];
    if (c.categorie != categorie || !valid_on(c.geldig_van, c.geldig_tot, on)) continue;
    if (code && c.productcode == code) return rules::contract_terms{c.variant, c.eenheid, c.tarief};
    if (!c.productcode) category_wide = &c;
    if (any_code == nullptr) any_code = &c;
  }
  if (category_wide != nullptr) return rules::contract_terms{category_wide->variant, category_wide->eenheid, category_wide->tarief};
  // Without a product code the category's variant is still known, but not a unit or tariff.
  if (!code && any_code != nullptr) return rules::contract_terms{any_code->variant, std::nullopt, std::nullopt};
  return std::nullopt;
}

std::string reference_tables::gemeente_naam(std::string_view code) const {
  for (const auto& g : gemeenten_) {
    if (g.code == code) return g.naam;
  }
  return {};
}

std::string reference_tables::aanbieder_naam(std::string_view agb) const {
  for (const auto& a : aanbieders_) {
    if (a.agb == agb) return a.naam;
  }
  return {};
}

std::string reference_tables::product_omschrijving(std::string_view categorie, std::string_view code) const {
  for (const auto& p : producten_) {
    if (p.categorie == categorie && p.code == code) return p.omschrijving;
  }
  return {};
}

}  // namespace iwmo::mappings
