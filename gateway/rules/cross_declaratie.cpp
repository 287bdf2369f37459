// Declarations (WMO323), checked by the municipality (RULES.md §3.4.7, §3.5-§3.7).
//
// The Declaratie is checked first (TR333, TR318); a finding there rejects the whole
// declaration. Then every line: credits first, then debits, each in document order (OP366).
// A line is approved when no rule fires on it; the outcome of earlier lines of the message is
// visible to later ones (an approved credit reverses its debit, approved debits count towards
// the maxima).
#include <algorithm>
#include <map>
#include <set>

#include "rules/arithmetic.hpp"
#include "rules/cross_internal.hpp"

namespace iwmo::rules::cross {

using namespace model;
namespace ar = arithmetic;
namespace st = model::state;

namespace {

const path declaratie_path = path() / "Declaratie";

}  // namespace

void evaluate_323(const wmo323& m, const inputs& in, cross_message_result& r) {
  const auto& d = m.declaratie;
  const auto nummer = collapse(d.declaratie_nummer);
  const auto begin = to_date(d.declaratie_periode.begindatum);

  // Declaratie class.
  if (in.h.declaratie_nummer_used(in.p.gemeente, in.p.aanbieder, nummer)) {
    add(r.found, "TR333", "9333", declaratie_path / "DeclaratieNummer");
  }
  if (const auto latest = in.h.latest_declaratie_periode(in.p.gemeente, in.p.aanbieder); latest && begin < *latest) {
    add(r.found, "TR318", "8214", declaratie_path / "DeclaratiePeriode");  // a month before the last one
  }
  if (!r.found.empty()) return;  // the declaration is not processed

  // The lines as records, in document order.
  struct item {
    path where;
    st::prestatie rec;
  };
  std::vector<item> items;
  for (std::size_t c = 0; c < d.clienten.size(); ++c) {
    const auto& client = d.clienten[c];
    for (std::size_t i = 0; i < client.prestaties.size(); ++i) {
      const auto& p = client.prestaties[i];
      st::prestatie rec;
      rec.gemeente = in.p.gemeente;
      rec.aanbieder = in.p.aanbieder;
      rec.bsn = client.bsn;
      rec.referentie_nummer = collapse(p.product_referentie.referentie_nummer);
      rec.vorig_referentie_nummer = collapsed(p.product_referentie.vorig_referentie_nummer);
      rec.toewijzing_nummer = to_int(p.toewijzing_nummer);
      rec.categorie = collapse(p.product_categorie);
      rec.code = collapse(p.product_code);
      rec.begindatum = to_date(p.product_periode.begindatum);
      rec.einddatum = to_date(p.product_periode.einddatum);
      rec.volume = parse_integer(p.geleverd_volume).value_or(0);
      rec.eenheid = parse_eenheid(collapse(p.eenheid)).value_or(eenheid::uur);
      rec.tarief = to_int(p.product_tarief);
      rec.bedrag = parse_integer(p.ingediend_bedrag.bedrag).value_or(0);
      rec.dc = parse_debet_credit(collapse(p.ingediend_bedrag.debet_credit)).value_or(debet_credit::debet);
      items.push_back({(declaratie_path / "Clienten").item("Client", c) / "Prestaties", std::move(rec)});
      items.back().where = items.back().where.item("Prestatie", i);
    }
  }

  // Outcomes of this message so far.
  std::vector<st::prestatie> approved;         // in processing order
  std::set<std::string> credited_here;            // debits reversed by approved credits here
  auto credited = [&](const st::prestatie& q) { return q.credited || credited_here.contains(q.referentie_nummer); };
  // Approved debits on a toewijzing that still count: earlier messages and this one.
  auto counting_debits = [&](std::int64_t toewijzing) {
    std::vector<st::prestatie> out;
    for (auto& q : in.h.approved_debits(in.p.gemeente, toewijzing)) {
      if (!credited(q)) out.push_back(std::move(q));
    }
    for (const auto& q : approved) {
      if (q.dc == debet_credit::debet && q.toewijzing_nummer == toewijzing && !credited(q)) out.push_back(q);
    }
    return out;
  };

  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].rec.dc == debet_credit::credit) order.push_back(i);
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].rec.dc == debet_credit::debet) order.push_back(i);
  }

  for (const auto index : order) {
    // Plain references, not a structured binding: lambdas below capture them (clang 14).
    const auto& where = items[index].where;
    auto& p = items[index].rec;
    findings here;
    const auto f = [&](std::string_view rule, std::string_view code) { add(here, rule, code, where); };
    const bool debit = p.dc == debet_credit::debet;

    // TR314: a ReferentieNummer is used once, in this and in earlier declarations.
    const bool used_before = in.h.prestatie(in.p.gemeente, in.p.aanbieder, p.referentie_nummer).has_value();
    const bool used_earlier_here = std::any_of(items.begin(), items.begin() + static_cast<long>(index), [&](const item& x) {
      return x.rec.referentie_nummer == p.referentie_nummer;
    });
    if (used_before || used_earlier_here) f("TR314", "8021");

    // Credits: TR323 (an approved debit to reverse) and TR390 (not reversed before).
    if (!debit) {
      const auto original = p.vorig_referentie_nummer
                                ? in.h.prestatie(in.p.gemeente, in.p.aanbieder, *p.vorig_referentie_nummer)
                                : std::nullopt;
      if (!original || original->dc != debet_credit::debet || !original->approved) {
        f("TR323", "8017");
      } else if (credited(*original)) {
        f("TR390", "9390");
      }
    }

    // The toewijzing the line is declared on.
    const auto t = in.h.current_toewijzing(in.p.gemeente, p.toewijzing_nummer);
    bool linked = true;
    if (!t || t->aanbieder != in.p.aanbieder) {
      f("TR338", "9338");
      linked = false;
    } else if (t->bsn != p.bsn) {
      f("TR304", "8187");
      linked = false;
    }
    bool unit_ok = true;
    // TR384: a deleted toewijzing counts as never sent; its dates and volume say nothing, so
    // the line gets this code alone.
    if (linked && t->deleted()) {
      f("TR384", "9384");
      linked = false;
    }
    if (linked) {
      if (t->categorie && p.categorie != *t->categorie) f("TR339", "9339");
      if (t->code && p.code != *t->code) f("TR340", "9340");
      // TR341: the unit of the toewijzing (hours may be declared in minutes), or for an
      // aspecific or generic toewijzing the unit of the contract.
      if (t->has_omvang()) {
        unit_ok = ar::unit_factor(*t->eenheid, p.eenheid).has_value();
      } else if (const auto terms = in.ref.contract(in.p.gemeente, in.p.aanbieder, p.categorie, p.code, p.begindatum);
                 terms && terms->eenheid) {
        unit_ok = ar::unit_factor(*terms->eenheid, p.eenheid).has_value();
      }
      if (!unit_ok) f("TR341", "9341");
      // TR307 / TR308: within the toewijzing.
      if (p.begindatum < t->ingangsdatum) f("TR307", "9307");
      if (t->einddatum && p.einddatum > *t->einddatum) f("TR308", "9308");
      // TR387 / TR388: the line covers the month, or the part of it the toewijzing covers.
      if (p.begindatum != std::max(p.begindatum.first_of_month(), t->ingangsdatum)) f("TR387", "9387");
      const auto month_end = p.einddatum.last_of_month();
      if (p.einddatum != (t->einddatum ? std::min(month_end, *t->einddatum) : month_end)) f("TR388", "9388");

      // Volume and budget of debits (a credit only reverses an approved debit).
      if (debit && unit_ok) {
        const auto v = variant_of(in, t->categorie ? t->categorie : std::optional<std::string>(p.categorie), t->code,
                                  t->eenheid, p.begindatum)
                           .value_or(variant::inspanningsgericht);
        if (t->has_omvang()) {
          const auto k = *ar::unit_factor(*t->eenheid, p.eenheid);
          // TR321: the maximum of the line's period.
          if (const auto max = ar::max_per_line(*t, v, p.begindatum, p.einddatum); max && p.volume > *max * k) {
            f("TR321", "9321");
          }
          // TR322: with the approved lines before it, within the toewijzing's total.
          if (const auto total = ar::max_total(*t, v)) {
            const auto earlier = counting_debits(t->nummer);
            const bool minutes = *t->eenheid == eenheid::uur &&
                                 (p.eenheid == eenheid::minuut ||
                                  std::ranges::any_of(earlier, [](const st::prestatie& q) { return q.eenheid == eenheid::minuut; }));
            const auto in_units = [&](const st::prestatie& q) {
              return q.volume * (minutes && q.eenheid == eenheid::uur ? 60 : 1);
            };
            std::int64_t sum = in_units(p);
            for (const auto& q : earlier) sum += in_units(q);
            if (sum > *total * (minutes ? 60 : 1)) f("TR322", "9322");
          }
        }
        // TR369: the amounts approved on a budget stay within it (RULES.md A13).
        if (t->budget) {
          cents sum = p.bedrag;
          for (const auto& q : counting_debits(t->nummer)) sum += q.bedrag;
          if (sum > *t->budget) f("TR369", "9369");
        }
      }
    }

    // TR346 (level 4): the amount is volume × tariff; minutes against an hourly tariff use the
    // unrounded tariff (IV081).
    if (p.eenheid != eenheid::euro) {
      const auto terms = in.ref.contract(in.p.gemeente, in.p.aanbieder, p.categorie, p.code, p.begindatum);
      std::optional<cents> expected;
      if (p.eenheid == eenheid::minuut && terms && terms->tarief && terms->eenheid == eenheid::uur) {
        expected = ar::divide_half_up(*terms->tarief * p.volume, 60);
      } else if (p.eenheid == eenheid::minuut && p.tarief && !(terms && terms->eenheid == eenheid::minuut)) {
        // No hourly tariff known: accept any hourly tariff that rounds to the declared one.
        bool fits = false;
        for (cents hour = std::max<cents>(0, *p.tarief * 60 - 30); hour <= *p.tarief * 60 + 29 && !fits; ++hour) {
          fits = ar::divide_half_up(hour, 60) == *p.tarief && ar::divide_half_up(hour * p.volume, 60) == p.bedrag;
        }
        if (!fits) expected = p.volume * *p.tarief;
      } else if (p.tarief) {
        expected = p.volume * *p.tarief;
      }
      if (expected && *expected != p.bedrag) f("TR346", "9346");
      // TR418 (level 4): the tariff of the contract.
      if (p.tarief && terms && terms->tarief) {
        const auto contract_tariff = p.eenheid == eenheid::minuut && terms->eenheid == eenheid::uur
                                         ? ar::divide_half_up(*terms->tarief, 60)
                                         : *terms->tarief;
        if (*p.tarief != contract_tariff) f("TR418", "0611");
      }
    }

    // TR389: no second debit for a product and period while the first is not credited.
    if (debit) {
      const auto same = [&](const st::prestatie& q) {
        return q.dc == debet_credit::debet && q.toewijzing_nummer == p.toewijzing_nummer && q.categorie == p.categorie &&
               q.code == p.code && q.begindatum == p.begindatum && q.einddatum == p.einddatum && !credited(q);
      };
      const auto before = in.h.approved_debits(in.p.gemeente, p.toewijzing_nummer);
      if (std::ranges::any_of(before, same) || std::ranges::any_of(approved, same)) f("TR389", "9389");
    }

    product_code_rule(in, p.categorie, p.code, p.begindatum, where, here);

    p.approved = here.empty();
    for (const auto& x : here) {
      if (std::ranges::find(p.codes, x.retourcode) == p.codes.end()) p.codes.push_back(x.retourcode);
    }
    if (p.approved) {
      if (!debit && p.vorig_referentie_nummer) {
        credited_here.insert(*p.vorig_referentie_nummer);
        r.delta.credited_debits.push_back(*p.vorig_referentie_nummer);
      }
      approved.push_back(p);
    }
    r.found.insert(r.found.end(), here.begin(), here.end());
  }

  // The processed declaration and all its lines (rejected ones keep their number used, TR314).
  st::declaratie decl;
  decl.gemeente = in.p.gemeente;
  decl.aanbieder = in.p.aanbieder;
  decl.nummer = nummer;
  decl.periode_begin = begin;
  decl.periode_eind = to_date(d.declaratie_periode.einddatum);
  const auto total = parse_integer(d.totaal_ingediend_bedrag.totaal_bedrag).value_or(0);
  decl.ingediend = collapse(d.totaal_ingediend_bedrag.debet_credit) == "C" ? -total : total;
  for (const auto& p : approved) decl.toegekend += p.signed_bedrag();
  r.delta.declaratie = decl;
  for (auto& x : items) r.delta.prestaties.push_back(std::move(x.rec));
}

}  // namespace iwmo::rules::cross
