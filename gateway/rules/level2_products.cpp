// Content rules on assigned, requested, changed, started and stopped products, change requests
// and answers (RULES.md §2.4).
#include <array>

#include "rules/level2.hpp"

namespace iwmo::rules::detail {

using namespace model;
namespace xp = xpath;

namespace {

const path client_path = path() / "Client";
const path verzoek_path = client_path / "Verzoek";

// A product-like class seen through the fields the rules use. `end` is Einddatum, or
// ToewijzingEinddatum for a requested product; `start` its partner for CS003.
struct product_view {
  path where;
  const std::optional<model::product>* product = nullptr;  // nullptr: the class has no Product
  const std::optional<model::omvang>* omvang = nullptr;
  const opt_text* budget = nullptr;
  const opt_text* end = nullptr;
  std::optional<std::string> start;
  const char* end_name = "Einddatum";
};

std::vector<product_view> toegewezen(const message& m) {
  std::vector<product_view> out;
  if (const auto* x = std::get_if<wmo301>(&m)) {
    const auto& list = x->client.toegewezen_producten;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const auto& p = list[i];
      out.push_back({(client_path / "ToegewezenProducten").item("ToegewezenProduct", i), &p.product, &p.omvang,
                     &p.budget, &p.einddatum, p.ingangsdatum});
    }
  }
  return out;
}

std::vector<product_view> aangevraagd(const message& m) {
  std::vector<product_view> out;
  if (const auto* x = std::get_if<wmo315>(&m)) {
    const auto& list = x->client.aangevraagde_producten;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const auto& p = list[i];
      out.push_back({(client_path / "AangevraagdeProducten").item("AangevraagdProduct", i), &p.product, &p.omvang,
                     &p.budget, &p.toewijzing_einddatum, p.toewijzing_ingangsdatum, "ToewijzingEinddatum"});
    }
  }
  return out;
}

std::vector<product_view> te_wijzigen(const message& m) {
  std::vector<product_view> out;
  if (const auto* x = std::get_if<wmo317>(&m)) {
    const auto& list = x->client.verzoek.te_wijzigen_producten;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const auto& p = list[i];
      out.push_back({(verzoek_path / "TeWijzigenProducten").item("TeWijzigenProduct", i), nullptr, &p.omvang,
                     &p.budget, &p.einddatum, p.gewenste_ingangsdatum});
    }
  }
  return out;
}

std::vector<product_view> nieuw(const message& m) {
  std::vector<product_view> out;
  if (const auto* x = std::get_if<wmo317>(&m)) {
    const auto& list = x->client.verzoek.nieuwe_producten;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const auto& p = list[i];
      out.push_back({(verzoek_path / "NieuweProducten").item("NieuwProduct", i), &p.product, &p.omvang, &p.budget,
                     &p.einddatum, p.gewenste_ingangsdatum});
    }
  }
  return out;
}

// The four classes that carry an extent or a budget, in document order.
std::vector<product_view> all_products(const message& m) {
  auto out = toegewezen(m);
  for (auto&& v : aangevraagd(m)) out.push_back(std::move(v));
  for (auto&& v : te_wijzigen(m)) out.push_back(std::move(v));
  for (auto&& v : nieuw(m)) out.push_back(std::move(v));
  return out;
}

bool has_code(const product_view& v) { return v.product && *v.product && xp::filled((*v.product)->code); }

// End date absent or after 2020 (the legacy exemption of CD080/CD095/CD096/CS338/CS343).
bool current_rules_apply(const product_view& v) {
  return !*v.end || xp::date_number(**v.end) > 20201231;
}

// The no-Omvang-without-code rule of one class (CD080, CD095, CD096).
void no_aspecific_omvang(const std::vector<product_view>& views, std::string_view rule, findings& out) {
  for (const auto& v : views) {
    if (*v.omvang && current_rules_apply(v) && !has_code(v)) add(out, rule, v.where / "Omvang");
  }
}

// The Frequentie rule for day-based and euro/piece units (CS338, CS343).
void frequentie_for_unit(const std::vector<product_view>& views, std::string_view rule, findings& out) {
  for (const auto& v : views) {
    if (!*v.omvang) continue;
    const auto& o = **v.omvang;
    if (current_rules_apply(v) && xp::in(o.eenheid, {"14", "16", "83", "84"}) && !xp::in(o.frequentie, {"2", "4", "6"})) {
      add(out, rule, v.where / "Omvang" / "Eenheid");
    }
  }
}

// TR302 / TR386 / TR410: the same product twice with overlapping periods.
struct period_view {
  path where;
  const std::optional<model::product>* product;
  std::string start;
  const opt_text* end;
  const opt_text* reden_wijziging = nullptr;  // TR302 only
};

bool same_product(const period_view& p, const period_view& q) {
  const opt_text none;
  const auto& pc = *p.product ? (*p.product)->code : none;
  const auto& qc = *q.product ? (*q.product)->code : none;
  const std::optional<std::string> pcat = *p.product ? std::optional<std::string>((*p.product)->categorie) : std::nullopt;
  const std::optional<std::string> qcat = *q.product ? std::optional<std::string>((*q.product)->categorie) : std::nullopt;
  return (pc && qc && *pc == *qc && pcat && qcat && *pcat == *qcat) ||
         ((!pc || !qc) && pcat && qcat && *pcat == *qcat) || (!pc && !pcat) || (!qc && !qcat);
}

bool exempt(const period_view& v) {
  return *v.product && xp::in((*v.product)->categorie, {"11", "12", "13", "14"});
}

bool overlap(const period_view& p, const period_view& q) {
  const double sp = xp::date_number(p.start), sq = xp::date_number(q.start);
  if (*p.end && *q.end) {
    const double ep = xp::date_number(**p.end), eq = xp::date_number(**q.end);
    return !(ep < sq || eq < sp);
  }
  if (*p.end) return xp::date_number(**p.end) >= sq;
  if (*q.end) return xp::date_number(**q.end) >= sp;
  return true;
}

// Deleted or withdrawn assignments (RedenWijziging 01/13 with Einddatum = Ingangsdatum).
bool ignored(const period_view& v) {
  return v.reden_wijziging != nullptr && xp::in(*v.reden_wijziging, {"01", "13"}) && xp::filled(*v.end) &&
         xp::date_number(v.start) == xp::date_number(**v.end);
}

void no_overlap(const std::vector<period_view>& views, std::string_view rule, bool with_ignore, findings& out) {
  for (std::size_t i = 0; i < views.size(); ++i) {
    const auto& p = views[i];
    if (with_ignore && ignored(p)) continue;
    for (std::size_t j = 0; j < i; ++j) {
      const auto& q = views[j];
      if (with_ignore && ignored(q)) continue;
      if (same_product(p, q) && !exempt(p) && !exempt(q) && overlap(p, q)) add(out, rule, p.where);
    }
  }
}

}  // namespace

// CD041: a product code needs an Omvang.
void cd041(const message& m, const rule_context&, findings& out) {
  for (const auto& v : all_products(m)) {
    if (v.product != nullptr && has_code(v) && !*v.omvang) add(out, "CD041", v.where / "Product" / "Code");
  }
}

// CD043: BeschikkingNummer and BeschikkingIngangsdatum go together.
void cd043(const message& m, const rule_context&, findings& out) {
  const auto* x = std::get_if<wmo315>(&m);
  if (x == nullptr) return;
  const auto& list = x->client.aangevraagde_producten;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (xp::filled(list[i].beschikking_nummer) != xp::filled(list[i].beschikking_ingangsdatum)) {
      add(out, "CD043", (client_path / "AangevraagdeProducten").item("AangevraagdProduct", i));
    }
  }
}

namespace {
template <class F> void for_each_verwijzer(const message& m, F f) {
  const auto* x = std::get_if<wmo315>(&m);
  if (x == nullptr) return;
  const auto& list = x->client.aangevraagde_producten;
  for (std::size_t i = 0; i < list.size(); ++i) {
    f(list[i].verwijzer, (client_path / "AangevraagdeProducten").item("AangevraagdProduct", i) / "Verwijzer");
  }
}
bool named_referrer_type(const verwijzer& v) { return xp::in(v.type, {"02", "03", "04", "05"}); }
}  // namespace

// CD066: referrer types 02-05 have a name or a care-provider code, not both.
void cd066(const message& m, const rule_context&, findings& out) {
  for_each_verwijzer(m, [&](const verwijzer& v, const path& p) {
    if (named_referrer_type(v) && xp::filled(v.zorgverlener_code) && xp::filled(v.naam)) add(out, "CD066", p);
  });
}

// CD067: referrer types 02-05 have a name or a care-provider code.
void cd067(const message& m, const rule_context&, findings& out) {
  for_each_verwijzer(m, [&](const verwijzer& v, const path& p) {
    if (named_referrer_type(v) && !xp::filled(v.zorgverlener_code) && !xp::filled(v.naam)) add(out, "CD067", p);
  });
}

// CD068: other referrer types have no care-provider code.
void cd068(const message& m, const rule_context&, findings& out) {
  for_each_verwijzer(m, [&](const verwijzer& v, const path& p) {
    if (!named_referrer_type(v) && xp::filled(v.zorgverlener_code)) add(out, "CD068", p);
  });
}

// CD075: a Budget needs an end date.
void cd075(const message& m, const rule_context&, findings& out) {
  for (const auto& v : all_products(m)) {
    if (xp::filled(*v.budget) && !xp::filled(*v.end)) add(out, "CD075", v.where / "Budget");
  }
}

// CD076: a volume per week needs an end date.
void cd076(const message& m, const rule_context&, findings& out) {
  for (const auto& v : all_products(m)) {
    if (*v.omvang && xp::in((*v.omvang)->frequentie, {"2"}) && !xp::filled(*v.end)) {
      add(out, "CD076", v.where / "Omvang" / "Frequentie");
    }
  }
}

// CD077: a Budget excludes an Omvang (reported at the Budget).
void cd077(const message& m, const rule_context&, findings& out) {
  for (const auto& v : all_products(m)) {
    if (xp::filled(*v.budget) && *v.omvang) add(out, "CD077", v.where / "Budget");
  }
}

// CD078: an Omvang excludes a Budget (reported at the Omvang).
void cd078(const message& m, const rule_context&, findings& out) {
  for (const auto& v : all_products(m)) {
    if (*v.omvang && *v.budget) add(out, "CD078", v.where / "Omvang");
  }
}

// CD079: without a Budget a Product is required.
void cd079(const message& m, const rule_context&, findings& out) {
  for (const auto& v : all_products(m)) {
    if (v.product != nullptr && !xp::filled(*v.budget) && !*v.product) add(out, "CD079", v.where);
  }
}

// CD080 / CD095 / CD096: no Omvang on an aspecific or generic product (unless it ended by 2020).
void cd080(const message& m, const rule_context&, findings& out) { no_aspecific_omvang(toegewezen(m), "CD080", out); }
void cd095(const message& m, const rule_context&, findings& out) { no_aspecific_omvang(aangevraagd(m), "CD095", out); }
void cd096(const message& m, const rule_context&, findings& out) { no_aspecific_omvang(nieuw(m), "CD096", out); }

// CS338 / CS343: units 14, 16, 83 and 84 are given per week, per month or in total.
void cs338(const message& m, const rule_context&, findings& out) {
  auto views = toegewezen(m);
  for (auto&& v : te_wijzigen(m)) views.push_back(std::move(v));
  for (auto&& v : nieuw(m)) views.push_back(std::move(v));
  frequentie_for_unit(views, "CS338", out);
}
void cs343(const message& m, const rule_context&, findings& out) { frequentie_for_unit(aangevraagd(m), "CS343", out); }

// CS003: an end date is not before its start date.
void cs003(const message& m, const rule_context&, findings& out) {
  for (const auto& v : all_products(m)) {
    if (*v.end && check_after_fails(**v.end, v.start)) add(out, "CS003", v.where / v.end_name);
  }
  if (model::type_of(m) == message_type::wmo301) {
    for_each_contact(m, [&](const contact& c, const path& p) {
      if (c.periode && c.periode->einddatum && check_after_fails(c.periode->einddatum, c.periode->begindatum)) {
        add(out, "CS003", p / "Periode" / "Einddatum");
      }
    });
  }
}

// CS335: RedenWijziging 13 (deleted) has Einddatum equal to Ingangsdatum.
void cs335(const message& m, const rule_context&, findings& out) {
  const auto* x = std::get_if<wmo301>(&m);
  if (x == nullptr) return;
  const auto& list = x->client.toegewezen_producten;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto& p = list[i];
    if (p.reden_wijziging == "13" && p.einddatum && p.ingangsdatum != *p.einddatum) {
      add(out, "CS335", (client_path / "ToegewezenProducten").item("ToegewezenProduct", i));
    }
  }
}

// CS336: RedenWijziging 01 is no longer allowed.
void cs336(const message& m, const rule_context&, findings& out) {
  const auto* x = std::get_if<wmo301>(&m);
  if (x == nullptr) return;
  const auto& list = x->client.toegewezen_producten;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (xp::in(list[i].reden_wijziging, {"01"})) {
      add(out, "CS336", (client_path / "ToegewezenProducten").item("ToegewezenProduct", i) / "RedenWijziging");
    }
  }
}

// TR302: no two assigned products for the same product with overlapping periods.
void tr302(const message& m, const rule_context&, findings& out) {
  const auto* x = std::get_if<wmo301>(&m);
  if (x == nullptr) return;
  std::vector<period_view> views;
  const auto& list = x->client.toegewezen_producten;
  for (std::size_t i = 0; i < list.size(); ++i) {
    views.push_back({(client_path / "ToegewezenProducten").item("ToegewezenProduct", i), &list[i].product,
                     list[i].ingangsdatum, &list[i].einddatum, &list[i].reden_wijziging});
  }
  no_overlap(views, "TR302", true, out);
}

// TR386: no two requested products for the same product with overlapping periods.
void tr386(const message& m, const rule_context&, findings& out) {
  const auto* x = std::get_if<wmo315>(&m);
  if (x == nullptr) return;
  std::vector<period_view> views;
  const auto& list = x->client.aangevraagde_producten;
  for (std::size_t i = 0; i < list.size(); ++i) {
    views.push_back({(client_path / "AangevraagdeProducten").item("AangevraagdProduct", i), &list[i].product,
                     list[i].toewijzing_ingangsdatum, &list[i].toewijzing_einddatum});
  }
  no_overlap(views, "TR386", false, out);
}

// TR410: no two new products for the same product with overlapping periods.
void tr410(const message& m, const rule_context&, findings& out) {
  const auto* x = std::get_if<wmo317>(&m);
  if (x == nullptr) return;
  std::vector<period_view> views;
  const auto& list = x->client.verzoek.nieuwe_producten;
  for (std::size_t i = 0; i < list.size(); ++i) {
    views.push_back({(verzoek_path / "NieuweProducten").item("NieuwProduct", i), &list[i].product,
                     list[i].gewenste_ingangsdatum, &list[i].einddatum});
  }
  no_overlap(views, "TR410", false, out);
}

// TR383: each requested product has its own ReferentieAanbieder (reported at the earlier one).
void tr383(const message& m, const rule_context&, findings& out) {
  const auto* x = std::get_if<wmo315>(&m);
  if (x == nullptr) return;
  const auto& list = x->client.aangevraagde_producten;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto mine = xp::normalize(list[i].referentie_aanbieder);
    for (std::size_t j = 0; j < i; ++j) {
      if (list[j].referentie_aanbieder == mine) {
        add(out, "TR383", (client_path / "AangevraagdeProducten").item("AangevraagdProduct", j));
      }
    }
  }
}

// TR352: a change request names unchanged or changed products.
void tr352(const message& m, const rule_context&, findings& out) {
  const auto* x = std::get_if<wmo317>(&m);
  if (x == nullptr) return;
  const auto& v = x->client.verzoek;
  if (v.ongewijzigde_producten.empty() && v.te_wijzigen_producten.empty()) add(out, "TR352", verzoek_path);
}

// TR353: a change request changes or adds a product.
void tr353(const message& m, const rule_context&, findings& out) {
  const auto* x = std::get_if<wmo317>(&m);
  if (x == nullptr) return;
  const auto& v = x->client.verzoek;
  if (v.te_wijzigen_producten.empty() && v.nieuwe_producten.empty()) add(out, "TR353", verzoek_path);
}

// TR380: a new product's wished start date is after the Dagtekening.
void tr380(const message& m, const rule_context&, findings& out) {
  const auto* x = std::get_if<wmo317>(&m);
  if (x == nullptr) return;
  const double h = xp::date_number(x->header.identificatie.dagtekening);
  const auto& list = x->client.verzoek.nieuwe_producten;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (h >= xp::date_number(list[i].gewenste_ingangsdatum)) {
      add(out, "TR380", (verzoek_path / "NieuweProducten").item("NieuwProduct", i) / "GewensteIngangsdatum");
    }
  }
}

// CS058: start and stop lines are new (1) or deletions (3).
void cs058(const message& m, const rule_context&, findings& out) {
  if (const auto* x = std::get_if<wmo305>(&m)) {
    const auto& list = x->client.start_producten;
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (!xp::in(list[i].status_aanlevering, {"1", "3"})) {
        add(out, "CS058", (client_path / "StartProducten").item("StartProduct", i) / "StatusAanlevering");
      }
    }
  }
  if (const auto* x = std::get_if<wmo307>(&m)) {
    const auto& list = x->client.stop_producten;
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (!xp::in(list[i].status_aanlevering, {"1", "3"})) {
        add(out, "CS058", (client_path / "StopProducten").item("StopProduct", i) / "StatusAanlevering");
      }
    }
  }
}

// TR018: a stop's Einddatum is not before its Begindatum.
void tr018(const message& m, const rule_context&, findings& out) {
  const auto* x = std::get_if<wmo307>(&m);
  if (x == nullptr) return;
  const auto& list = x->client.stop_producten;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (xp::date_number(list[i].begindatum) > xp::date_number(list[i].einddatum)) {
      add(out, "TR018", (client_path / "StopProducten").item("StopProduct", i) / "Einddatum");
    }
  }
}

// CD085: a refusal (VerzoekAntwoord 1) states its reason.
void cd085(const message& m, const rule_context&, findings& out) {
  const auto* x = std::get_if<wmo319>(&m);
  if (x == nullptr) return;
  if (xp::in(x->antwoord.verzoek_antwoord, {"1"}) && !xp::filled(x->antwoord.reden_afwijzing_verzoek)) {
    add(out, "CD085", path() / "Antwoord" / "VerzoekAntwoord");
  }
}

// CD086: "under investigation" (VerzoekAntwoord 2) has no reason for refusal.
void cd086(const message& m, const rule_context&, findings& out) {
  const auto* x = std::get_if<wmo319>(&m);
  if (x == nullptr) return;
  if (xp::in(x->antwoord.verzoek_antwoord, {"2"}) && xp::filled(x->antwoord.reden_afwijzing_verzoek)) {
    add(out, "CD086", path() / "Antwoord" / "VerzoekAntwoord");
  }
}

// TR377 (iJw): a refusal because another municipality is responsible under the residence
// principle (VerzoekAntwoord 1, RedenAfwijzingVerzoek 8) names that municipality in
// Woonplaatsbeginsel, so the provider can send its request there.
void tr377(const message& m, const rule_context&, findings& out) {
  const auto* x = std::get_if<wmo319>(&m);
  if (x == nullptr) return;
  const auto& a = x->antwoord;
  if (xp::in(a.verzoek_antwoord, {"1"}) && a.reden_afwijzing_verzoek && xp::in(*a.reden_afwijzing_verzoek, {"8"}) &&
      !a.woonplaatsbeginsel) {
    add(out, "TR377", path() / "Antwoord" / "RedenAfwijzingVerzoek");
  }
}

// TR409 (iJw): Woonplaatsbeginsel is only given with that refusal.
void tr409(const message& m, const rule_context&, findings& out) {
  const auto* x = std::get_if<wmo319>(&m);
  if (x == nullptr) return;
  const auto& a = x->antwoord;
  if (!a.woonplaatsbeginsel) return;
  const bool residence_refusal = xp::in(a.verzoek_antwoord, {"1"}) && a.reden_afwijzing_verzoek &&
                                 xp::in(*a.reden_afwijzing_verzoek, {"8"});
  if (!residence_refusal) add(out, "TR409", path() / "Antwoord" / "Woonplaatsbeginsel");
}

}  // namespace iwmo::rules::detail
