// Requests, checked by the municipality: WMO315 (TR347, TR374, TR381) and WMO317 (TR347, TR374,
// TR349, TR350, TR351, TR304, TR357, TR373, TR375, TR411, TR412, TR361, TR381).
// RULES.md §3.4.4, §3.4.5.
#include <algorithm>

#include "rules/cross_internal.hpp"

namespace iwmo::rules::cross {

using namespace model;
namespace st = model::state;

namespace {

const path client_path = path() / "Client";
const path verzoek_path = client_path / "Verzoek";

bool pending_request(const inputs& in, const std::string& bsn) {
  const auto items = in.h.verzoeken(in.p.gemeente, in.p.aanbieder, bsn);
  return std::ranges::any_of(items, [](const st::verzoek& v) { return v.pending(); });
}

// One product of the situation a change request asks for (TR361).
struct wished {
  path where;
  std::optional<std::string> categorie;
  std::optional<std::string> code;
  date begin;
  std::optional<date> end;
  bool existing;  // an unchanged or changed toewijzing (a new product otherwise)
};

bool same_product(const wished& p, const wished& q) {
  return (p.code && q.code && *p.code == *q.code && p.categorie && q.categorie && *p.categorie == *q.categorie) ||
         ((!p.code || !q.code) && p.categorie && q.categorie && *p.categorie == *q.categorie) ||
         (!p.code && !p.categorie) || (!q.code && !q.categorie);
}

bool exempt(const wished& w) {
  return w.categorie && (*w.categorie == "11" || *w.categorie == "12" || *w.categorie == "13" || *w.categorie == "14");
}

bool overlap(const wished& p, const wished& q) {
  if (p.end && q.end) return !(*p.end < q.begin || *q.end < p.begin);
  if (p.end) return *p.end >= q.begin;
  if (q.end) return *q.end >= p.begin;
  return true;
}

bool same_omvang(const omvang& o, const st::toewijzing& t) {
  return t.has_omvang() && parse_integer(o.volume) == t.volume && parse_eenheid(collapse(o.eenheid)) == t.eenheid &&
         parse_frequentie(collapse(o.frequentie)) == t.frequentie;
}

}  // namespace

void evaluate_315(const wmo315& m, const inputs& in, cross_message_result& r) {
  const auto& c = m.client;
  const bool open_request = pending_request(in, c.bsn);
  for (std::size_t i = 0; i < c.aangevraagde_producten.size(); ++i) {
    const auto& ap = c.aangevraagde_producten[i];
    const auto where = (client_path / "AangevraagdeProducten").item("AangevraagdProduct", i);
    const auto ref = collapse(ap.referentie_aanbieder);
    // TR347: the provider uses each ReferentieAanbieder once.
    if (in.h.verzoek(in.p.aanbieder, ref)) add(r.found, "TR347", "9347", where);
    // TR374: no new request while one for this client is open or under investigation.
    if (open_request) add(r.found, "TR374", "9374", where);
    const auto start = to_date(ap.toewijzing_ingangsdatum);
    if (ap.product) product_code_rule(in, ap.product->categorie, ap.product->code, start, where, r.found);
    r.delta.new_verzoeken.push_back(st::verzoek{0, 0, st::verzoek::kind::toewijzing, st::verzoek::phase::open, in.p.gemeente,
                                            in.p.aanbieder, c.bsn, ref, to_date(m.header.identificatie.dagtekening)});
  }
}

void evaluate_317(const wmo317& m, const inputs& in, cross_message_result& r) {
  const auto& c = m.client;
  const auto& v = c.verzoek;
  const auto dagtekening = to_date(m.header.identificatie.dagtekening);
  const auto ref = collapse(v.referentie_aanbieder);

  // The client's current toewijzingen on the Dagtekening of the request (RULES.md A12).
  std::vector<st::toewijzing> current;
  for (auto& t : in.h.current_toewijzingen(in.p.gemeente, in.p.aanbieder, c.bsn)) {
    if (t.actueel(dagtekening)) current.push_back(std::move(t));
  }
  const auto is_current = [&](std::int64_t n) {
    return std::ranges::any_of(current, [&](const st::toewijzing& t) { return t.nummer == n; });
  };

  if (in.h.verzoek(in.p.aanbieder, ref)) add(r.found, "TR347", "9347", verzoek_path);
  if (pending_request(in, c.bsn)) add(r.found, "TR374", "9374", verzoek_path);
  // TR349: every current toewijzing is named, unchanged or changed.
  std::vector<std::int64_t> named;
  for (const auto& p : v.ongewijzigde_producten) named.push_back(to_int(p.toewijzing_nummer));
  for (const auto& p : v.te_wijzigen_producten) named.push_back(to_int(p.toewijzing_nummer));
  if (std::ranges::any_of(current, [&](const st::toewijzing& t) { return std::ranges::find(named, t.nummer) == named.end(); })) {
    add(r.found, "TR349", "9349", verzoek_path);
  }

  std::vector<wished> situation;
  for (std::size_t i = 0; i < v.ongewijzigde_producten.size(); ++i) {
    const auto where = (verzoek_path / "OngewijzigdeProducten").item("OngewijzigdProduct", i);
    const auto n = to_int(v.ongewijzigde_producten[i].toewijzing_nummer);
    const auto t = in.h.current_toewijzing(in.p.gemeente, n);
    if (t && t->bsn != c.bsn) add(r.found, "TR304", "8187", where);  // another client's toewijzing
    if (!is_current(n)) {
      add(r.found, "TR350", "9350", where);
      continue;  // not part of the client's situation (TR361 compares only what is)
    }
    situation.push_back({where, t->categorie, t->code, t->ingangsdatum, t->einddatum, true});
  }
  for (std::size_t i = 0; i < v.te_wijzigen_producten.size(); ++i) {
    const auto& tw = v.te_wijzigen_producten[i];
    const auto where = (verzoek_path / "TeWijzigenProducten").item("TeWijzigenProduct", i);
    const auto n = to_int(tw.toewijzing_nummer);
    const auto t = in.h.current_toewijzing(in.p.gemeente, n);
    if (t && t->bsn != c.bsn) add(r.found, "TR304", "8187", where);
    if (!is_current(n)) {
      add(r.found, "TR351", "9351", where);
      continue;
    }
    const auto gewenst = to_date(tw.gewenste_ingangsdatum);
    // TR357: a change that starts in the past covers the whole toewijzing.
    if (gewenst <= dagtekening && gewenst != t->ingangsdatum) add(r.found, "TR357", "9357", where);
    // TR373: a budget or total volume changes from the original Ingangsdatum.
    const auto budget = to_int(tw.budget);
    const bool budget_change = budget && (!t->budget || *budget != *t->budget);
    const bool total_change = tw.omvang &&
                              (t->frequentie == frequentie::totaal || collapse(tw.omvang->frequentie) == "6") &&
                              !same_omvang(*tw.omvang, *t);
    if ((budget_change || total_change) && gewenst != t->ingangsdatum) add(r.found, "TR373", "9373", where);
    // TR411 / TR412 / TR375: an Omvang fits the kind of toewijzing (specific, aspecific, generic).
    const bool after_2020 = !t->einddatum || *t->einddatum > date{2020, 12, 31};
    if (t->code && !tw.omvang) add(r.found, "TR411", "9411", where);
    if (!t->code && after_2020 && tw.omvang) add(r.found, "TR412", "9412", where);
    if (!t->categorie && after_2020 && tw.omvang) add(r.found, "TR375", "9375", where);
    situation.push_back({where, t->categorie, t->code, t->ingangsdatum, to_date(tw.einddatum), true});
  }
  for (std::size_t i = 0; i < v.nieuwe_producten.size(); ++i) {
    const auto& np = v.nieuwe_producten[i];
    const auto where = (verzoek_path / "NieuweProducten").item("NieuwProduct", i);
    std::optional<std::string> cat, code;
    if (np.product) {
      cat = collapse(np.product->categorie);
      code = collapsed(np.product->code);
    }
    const auto begin = to_date(np.gewenste_ingangsdatum);
    product_code_rule(in, cat, code, begin, where, r.found);
    situation.push_back({where, cat, code, begin, to_date(np.einddatum), false});
  }
  // TR361: the situation asked for has no product twice at the same time (pairs of two new
  // products are TR410, at level 2).
  // The code goes on the later class of a conflicting pair, once.
  for (std::size_t i = 0; i < situation.size(); ++i) {
    const auto& p = situation[i];
    const bool conflict = std::any_of(situation.begin(), situation.begin() + static_cast<std::ptrdiff_t>(i), [&](const wished& q) {
      return (p.existing || q.existing) && same_product(p, q) && !exempt(p) && !exempt(q) && overlap(p, q);
    });
    if (conflict) add(r.found, "TR361", "9361", p.where);
  }
  r.delta.new_verzoeken.push_back(st::verzoek{0, 0, st::verzoek::kind::wijziging, st::verzoek::phase::open, in.p.gemeente,
                                          in.p.aanbieder, c.bsn, ref, dagtekening});
}

}  // namespace iwmo::rules::cross
