// Dispatch, the Header rules of every heen message (TR056, TR135, TR378), and the rules of the
// messages the provider checks: WMO301 (TR332, TR379, TR385, TR381) and WMO319 (TR355, TR359,
// TR360, TR365). RULES.md §3.4.1, §3.4.2, §3.4.6.
#include "rules/cross_message.hpp"

#include <algorithm>

#include "rules/cross_internal.hpp"
#include "rules/level2.hpp"

namespace iwmo::rules {
namespace cross {

using namespace model;
namespace st = model::state;

model::date to_date(const std::string& text) { return date::parse(text).value_or(date{}); }
std::optional<model::date> to_date(const std::optional<std::string>& text) {
  return text ? date::parse(*text) : std::nullopt;
}
std::optional<std::int64_t> to_int(const std::optional<std::string>& text) {
  return text ? parse_integer(*text) : std::nullopt;
}
std::int64_t to_int(const std::string& text) { return parse_integer(text).value_or(-1); }
std::optional<std::string> collapsed(const std::optional<std::string>& text) {
  return text ? std::optional<std::string>(collapse(*text)) : std::nullopt;
}

void product_code_rule(const inputs& in, const std::optional<std::string>& categorie,
                       const std::optional<std::string>& code, model::date on, const path& where, findings& out) {
  if (!categorie || !code) return;
  const auto listed = in.ref.product_in_list(in.p.gemeente, in.p.aanbieder, collapse(*categorie), collapse(*code), on);
  if (listed && !*listed) add(out, "TR381", "S329", where);
}

std::optional<variant> variant_of(const inputs& in, const std::optional<std::string>& categorie,
                                  const std::optional<std::string>& code, std::optional<model::eenheid> unit,
                                  model::date on) {
  if (categorie) {
    if (const auto terms = in.ref.contract(in.p.gemeente, in.p.aanbieder, *categorie, code, on)) return terms->variant;
  }
  if (unit) return variant_for_unit(*unit);
  return std::nullopt;
}

namespace {

const path client_path = path() / "Client";

// TR056, TR135 and TR378; true when the header passed.
bool header_rules(const message& m, const inputs& in, cross_message_result& r) {
  const auto h = header_of(m);
  const auto type = type_of(m);
  if (in.h.identificatie_used(*h.afzender, type, collapse(h.identificatie->identificatie))) {
    add(r.found, "TR056", "9056", path() / "Header" / "BerichtIdentificatie" / "Identificatie");
  }
  detail::tr135(m, in.ctx, r.found);

  // TR378: the municipality's code is valid on the Dagtekening, or (after a merger) on the
  // start date of a product the message is about.
  std::vector<date> dates{to_date(h.identificatie->dagtekening)};
  auto add_toewijzing_start = [&](const std::optional<std::string>& nummer) {
    if (const auto n = to_int(nummer)) {
      if (const auto t = in.h.current_toewijzing(in.p.gemeente, *n)) dates.push_back(t->ingangsdatum);
    }
  };
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, wmo301>) {
          for (const auto& p : x.client.toegewezen_producten) dates.push_back(to_date(p.ingangsdatum));
        } else if constexpr (std::is_same_v<T, wmo315>) {
          for (const auto& p : x.client.aangevraagde_producten) dates.push_back(to_date(p.toewijzing_ingangsdatum));
        } else if constexpr (std::is_same_v<T, wmo305>) {
          for (const auto& p : x.client.start_producten) {
            if (const auto d = to_date(p.toewijzing_ingangsdatum)) dates.push_back(*d);
            add_toewijzing_start(p.toewijzing_nummer);
          }
        } else if constexpr (std::is_same_v<T, wmo307>) {
          for (const auto& p : x.client.stop_producten) {
            if (const auto d = to_date(p.toewijzing_ingangsdatum)) dates.push_back(*d);
            add_toewijzing_start(p.toewijzing_nummer);
          }
        } else if constexpr (std::is_same_v<T, wmo317>) {
          for (const auto& p : x.client.verzoek.ongewijzigde_producten) add_toewijzing_start(p.toewijzing_nummer);
          for (const auto& p : x.client.verzoek.te_wijzigen_producten) add_toewijzing_start(p.toewijzing_nummer);
        } else if constexpr (std::is_same_v<T, wmo323>) {
          for (const auto& c : x.declaratie.clienten) {
            for (const auto& p : c.prestaties) add_toewijzing_start(p.toewijzing_nummer);
          }
        }
      },
      m);
  const bool valid = std::ranges::any_of(dates, [&](const date& d) { return in.ref.gemeente_valid(in.p.gemeente, d); });
  if (!valid) {
    const bool gemeente_sends = model::sender_of(type) == party_kind::gemeente;
    add(r.found, "TR378", "S300", path() / "Header" / (gemeente_sends ? "Afzender" : "Ontvanger"));
  }
  return r.found.empty();
}

}  // namespace

void evaluate_301(const wmo301& m, const inputs& in, cross_message_result& r) {
  const auto& c = m.client;
  for (std::size_t i = 0; i < c.toegewezen_producten.size(); ++i) {
    const auto& tp = c.toegewezen_producten[i];
    const auto where = (client_path / "ToegewezenProducten").item("ToegewezenProduct", i);
    st::toewijzing t;
    t.gemeente = in.p.gemeente;
    t.aanbieder = in.p.aanbieder;
    t.bsn = c.bsn;
    t.nummer = to_int(tp.toewijzing_nummer);
    t.referentie_aanbieder = collapsed(tp.referentie_aanbieder);
    if (tp.product) {
      t.categorie = collapse(tp.product->categorie);
      t.code = collapsed(tp.product->code);
    }
    t.toewijzingsdatum = to_date(tp.toewijzingsdatum);
    t.toewijzingstijd = collapse(tp.toewijzingstijd);
    t.ingangsdatum = to_date(tp.ingangsdatum);
    t.einddatum = to_date(tp.einddatum);
    t.reden_wijziging = collapsed(tp.reden_wijziging);
    if (tp.omvang) {
      t.volume = parse_integer(tp.omvang->volume);
      t.eenheid = parse_eenheid(collapse(tp.omvang->eenheid));
      t.frequentie = parse_frequentie(collapse(tp.omvang->frequentie));
    }
    t.budget = to_int(tp.budget);

    // TR332: a ToewijzingNummer identifies one toewijzing: same client, provider, product and
    // Ingangsdatum in every version.
    if (const auto cur = in.h.current_toewijzing(in.p.gemeente, t.nummer)) {
      if (cur->bsn != t.bsn || cur->aanbieder != t.aanbieder || cur->categorie != t.categorie || cur->code != t.code ||
          cur->ingangsdatum != t.ingangsdatum) {
        add(r.found, "TR332", "9332", where);
      }
    }
    // TR379: a ReferentieAanbieder names a request of this client to this municipality.
    if (t.referentie_aanbieder && !t.referentie_aanbieder->empty()) {
      const auto v = in.h.verzoek(in.p.aanbieder, *t.referentie_aanbieder);
      if (!v || v->gemeente != in.p.gemeente || v->bsn != t.bsn) add(r.found, "TR379", "9379", where);
    }
    // TR385: no deletion of a toewijzing with approved lines that were not credited.
    if (t.reden_wijziging == "13") {
      const auto debits = in.h.approved_debits(in.p.gemeente, t.nummer);
      if (std::ranges::any_of(debits, [](const st::prestatie& p) { return !p.credited; })) add(r.found, "TR385", "9385", where);
    }
    if (tp.product) product_code_rule(in, tp.product->categorie, tp.product->code, t.ingangsdatum, where, r.found);

    if (t.referentie_aanbieder) r.delta.honoured_requests.push_back(*t.referentie_aanbieder);
    r.delta.toewijzingen.push_back(std::move(t));
  }
}

void evaluate_319(const wmo319& m, const inputs& in, cross_message_result& r) {
  const auto where = path() / "Antwoord";
  const auto ref = collapse(m.antwoord.referentie_aanbieder);
  const auto answer = collapse(m.antwoord.verzoek_antwoord);
  // TR355: the answer names a request the provider sent to this municipality.
  const auto v = in.h.verzoek(in.p.aanbieder, ref);
  if (!v || v->gemeente != in.p.gemeente) add(r.found, "TR355", "9355", where);
  // TR359: the request was not honoured with a toewijzing already.
  if (in.h.toegewezen_op_verzoek(in.p.gemeente, in.p.aanbieder, ref)) add(r.found, "TR359", "9359", where);
  const auto earlier = in.h.antwoorden(in.p.gemeente, in.p.aanbieder, ref);
  // TR360: "under investigation" is the first answer or none.
  if (answer == "2" && !earlier.empty()) add(r.found, "TR360", "9360", where);
  // TR365: nothing follows a refusal.
  if (std::ranges::any_of(earlier, [](const st::antwoord& a) { return a.verzoek_antwoord != "2"; })) {
    add(r.found, "TR365", "9365", where);
  }
  r.delta.new_antwoord = st::antwoord{0, in.p.gemeente, in.p.aanbieder, ref, answer};
}

}  // namespace cross

parties parties_of(const model::message& m) {
  const auto h = model::header_of(m);
  const bool gemeente_sends = model::sender_of(model::type_of(m)) == model::party_kind::gemeente;
  return gemeente_sends ? parties{*h.afzender, *h.ontvanger} : parties{*h.ontvanger, *h.afzender};
}

cross_message_result evaluate_cross_message(const model::message& m, const history& h, const reference_data& ref,
                                            const rule_context& ctx) {
  cross_message_result r;
  const auto p = parties_of(m);
  const cross::inputs in{h, ref, ctx, p};
  if (!cross::header_rules(m, in, r)) return r;
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, model::wmo301>) cross::evaluate_301(x, in, r);
        if constexpr (std::is_same_v<T, model::wmo305>) cross::evaluate_305(x, in, r);
        if constexpr (std::is_same_v<T, model::wmo307>) cross::evaluate_307(x, in, r);
        if constexpr (std::is_same_v<T, model::wmo315>) cross::evaluate_315(x, in, r);
        if constexpr (std::is_same_v<T, model::wmo317>) cross::evaluate_317(x, in, r);
        if constexpr (std::is_same_v<T, model::wmo319>) cross::evaluate_319(x, in, r);
        if constexpr (std::is_same_v<T, model::wmo323>) cross::evaluate_323(x, in, r);
      },
      m);
  return r;
}

}  // namespace iwmo::rules
