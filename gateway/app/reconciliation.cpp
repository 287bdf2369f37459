#include "app/reconciliation.hpp"

#include <map>
#include <tuple>

#include <fmt/format.h>

namespace iwmo::app {

std::string euro(std::int64_t cents) {
  const auto magnitude = cents < 0 ? -cents : cents;
  return fmt::format("{}{}.{:02}", cents < 0 ? "-" : "", magnitude / 100, magnitude % 100);
}

std::string mask_bsn(const std::string& bsn) {
  if (bsn.size() < 3) return bsn;
  return std::string(bsn.size() - 3, '*') + bsn.substr(bsn.size() - 3);
}

reconciliation_report make_reconciliation(const std::vector<store::ledger_row>& rows, const mappings::reference_tables* names,
                                          std::string gemeente, std::string period, std::optional<std::string> aanbieder) {
  reconciliation_report r;
  r.gemeente = std::move(gemeente);
  r.gemeente_naam = names != nullptr ? names->gemeente_naam(r.gemeente) : std::string();
  r.period = std::move(period);
  r.aanbieder = std::move(aanbieder);
  // Volumes only add up within one unit: group by provider, product and unit.
  using key = std::tuple<std::string, std::string, std::string, std::string>;
  std::map<key, product_totals> groups;
  for (const auto& row : rows) {
    auto& t = groups[{row.aanbieder, row.categorie.value_or(""), row.code.value_or(""), row.eenheid.value_or("")}];
    if (row.toegewezen_volume) t.toegewezen_volume = t.toegewezen_volume.value_or(0) + *row.toegewezen_volume;
    t.gedeclareerd_volume += row.gedeclareerd_volume;
    t.goedgekeurd_volume += row.goedgekeurd_volume;
    for (auto* x : {&t, &r.totaal}) {
      x->toewijzingen += 1;
      x->gedeclareerd += row.gedeclareerd_bedrag;
      x->goedgekeurd += row.goedgekeurd_bedrag;
      x->afgewezen += row.afgewezen_bedrag;
      x->gecrediteerd += row.gecrediteerd_bedrag;
      if (!row.aandacht.empty()) x->aandacht += 1;
    }
    if (!row.aandacht.empty()) r.aandacht.push_back(row);
  }
  for (auto& [k, t] : groups) {
    std::tie(t.aanbieder, t.categorie, t.code, t.eenheid) = k;
    if (names != nullptr) {
      t.aanbieder_naam = names->aanbieder_naam(t.aanbieder);
      t.omschrijving = names->product_omschrijving(t.categorie, t.code);
    }
    r.producten.push_back(std::move(t));
  }
  r.toewijzingen = static_cast<std::int64_t>(rows.size());
  return r;
}

boost::json::object to_json(const reconciliation_report& r, bool show_bsn) {
  const auto optional_json = [](const std::optional<std::int64_t>& v) {
    return v ? boost::json::value(*v) : boost::json::value(nullptr);
  };
  boost::json::array products;
  for (const auto& t : r.producten) {
    products.push_back(boost::json::object{
        {"aanbieder", t.aanbieder}, {"aanbieder_naam", t.aanbieder_naam}, {"categorie", t.categorie}, {"code", t.code},
        {"omschrijving", t.omschrijving}, {"eenheid", t.eenheid}, {"toewijzingen", t.toewijzingen},
        {"toegewezen_volume", optional_json(t.toegewezen_volume)}, {"gedeclareerd_volume", t.gedeclareerd_volume},
        {"goedgekeurd_volume", t.goedgekeurd_volume}, {"gedeclareerd", euro(t.gedeclareerd)},
        {"goedgekeurd", euro(t.goedgekeurd)}, {"afgewezen", euro(t.afgewezen)}, {"gecrediteerd", euro(t.gecrediteerd)},
        {"aandacht", t.aandacht}});
  }
  boost::json::array lines;
  for (const auto& row : r.aandacht) {
    boost::json::array flags;
    for (std::size_t b = 0, e = 0; b < row.aandacht.size(); b = e + 1) {
      e = row.aandacht.find(' ', b);
      if (e == std::string::npos) e = row.aandacht.size();
      flags.emplace_back(row.aandacht.substr(b, e - b));
    }
    lines.push_back(boost::json::object{
        {"aanbieder", row.aanbieder}, {"domain", row.domain}, {"toewijzing", row.toewijzing_nummer}, {"bsn", show_bsn ? row.bsn : mask_bsn(row.bsn)},
        {"categorie", row.categorie.value_or("")}, {"code", row.code.value_or("")}, {"eenheid", row.eenheid.value_or("")},
        {"toegewezen_volume", optional_json(row.toegewezen_volume)}, {"budget", optional_json(row.budget)},
        {"gedeclareerd_volume", row.gedeclareerd_volume}, {"goedgekeurd_volume", row.goedgekeurd_volume},
        {"gedeclareerd", euro(row.gedeclareerd_bedrag)}, {"goedgekeurd", euro(row.goedgekeurd_bedrag)},
        {"afgewezen", euro(row.afgewezen_bedrag)}, {"afgewezen_codes", row.afgewezen_codes},
        {"gecrediteerd", euro(row.gecrediteerd_bedrag)}, {"dagen_geleverd", row.dagen_geleverd}, {"starts", row.starts},
        {"stops", row.stops}, {"aandacht", std::move(flags)}});
  }
  return boost::json::object{
      {"gemeente", r.gemeente},
      {"period", r.period},
      {"producten", std::move(products)},
      {"totaal", boost::json::object{{"toewijzingen", r.totaal.toewijzingen}, {"gedeclareerd", euro(r.totaal.gedeclareerd)},
                                     {"goedgekeurd", euro(r.totaal.goedgekeurd)}, {"afgewezen", euro(r.totaal.afgewezen)},
                                     {"gecrediteerd", euro(r.totaal.gecrediteerd)}, {"aandacht", r.totaal.aandacht}}},
      {"aandacht", std::move(lines)}};
}

}  // namespace iwmo::app
