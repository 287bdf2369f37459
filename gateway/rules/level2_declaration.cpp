// Content rules on declarations (WMO323) and declaration answers (WMO325) (RULES.md §2.4).
#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "model/values.hpp"
#include "rules/level2.hpp"

namespace iwmo::rules::detail {

using namespace model;
namespace xp = xpath;

namespace {

const path declaratie_path = path() / "Declaratie";
const path antwoord_path = path() / "DeclaratieAntwoord";

// Every prestatie of a 323 or 325 with its path, in document order.
template <class F> void for_each_prestatie(const message& m, F f) {
  const auto [clients, base] = declaration_clients(m);
  if (clients == nullptr) return;
  for (std::size_t c = 0; c < clients->size(); ++c) {
    const auto client_path = base.item("Client", c);
    const auto& list = (*clients)[c].prestaties;
    for (std::size_t p = 0; p < list.size(); ++p) f(list[p], client_path / "Prestaties", p, c);
  }
}

// The raw text of an optional element, or nothing when absent (for raw-text comparisons).
const std::string* raw(const opt_text& t) { return t ? &*t : nullptr; }

// (day, month, year) of a date text by position, as the XSLT reads it.
struct dmy {
  double year, month, day;
};
dmy split(const std::string& d) {
  auto part = [&](std::size_t from, std::size_t n) {
    return from < d.size() ? xp::number(d.substr(from, n)) : std::nan("");
  };
  return {part(0, 4), part(5, 2), part(8, 2)};
}

// Days in a month with the XSLT's leap-year rule (divisible by 4, RULES.md A30).
double xslt_days_in_month(double year, double month) {
  static constexpr int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (std::isnan(month) || month < 1 || month > 12) return std::nan("");
  if (month == 2 && std::fmod(year, 4) == 0) return 29;
  return days[static_cast<int>(month) - 1];
}

}  // namespace

client_list declaration_clients(const message& m) {
  if (const auto* x = std::get_if<wmo323>(&m)) return {&x->declaratie.clienten, declaratie_path / "Clienten"};
  if (const auto* y = std::get_if<wmo325>(&m); y != nullptr && y->declaratie_antwoord) {
    return {&y->declaratie_antwoord->clienten, antwoord_path / "Clienten"};
  }
  return {};
}

// CD060: a credit line (and only a credit line) names the line it reverses.
void cd060(const message& m, const rule_context&, findings& out) {
  for_each_prestatie(m, [&](const prestatie& p, const path& base, std::size_t i, std::size_t) {
    if (xp::in(p.ingediend_bedrag.debet_credit, {"C"}) != xp::filled(p.product_referentie.vorig_referentie_nummer)) {
      add(out, "CD060", base.item("Prestatie", i));
    }
  });
}

// CD087: a ProductTarief is given exactly when the unit is not euro (83).
void cd087(const message& m, const rule_context&, findings& out) {
  if (!std::holds_alternative<wmo323>(m)) return;
  for_each_prestatie(m, [&](const prestatie& p, const path& base, std::size_t i, std::size_t) {
    if (!xp::in(p.eenheid, {"83"}) != xp::filled(p.product_tarief)) add(out, "CD087", base.item("Prestatie", i) / "Eenheid");
  });
}

// CS100: declared periods start in 2021 or later.
void cs100(const message& m, const rule_context&, findings& out) {
  const auto* x = std::get_if<wmo323>(&m);
  if (x == nullptr) return;
  if (xp::date_number(x->declaratie.declaratie_periode.begindatum) < 20210101) {
    add(out, "CS100", declaratie_path / "DeclaratiePeriode" / "Begindatum");
  }
  for_each_prestatie(m, [&](const prestatie& p, const path& base, std::size_t i, std::size_t) {
    if (xp::date_number(p.product_periode.begindatum) < 20210101) {
      add(out, "CS100", base.item("Prestatie", i) / "ProductPeriode" / "Begindatum");
    }
  });
}

// CS325: an amount of zero is debit.
void cs325(const message& m, const rule_context&, findings& out) {
  auto check = [&](const std::string& amount, const std::string& dc, const path& p) {
    if (xp::number(amount) == 0 && xp::in(dc, {"C", "c"})) add(out, "CS325", p);
  };
  if (const auto* x = std::get_if<wmo323>(&m)) {
    const auto& t = x->declaratie.totaal_ingediend_bedrag;
    check(t.totaal_bedrag, t.debet_credit, declaratie_path / "TotaalIngediendBedrag");
  }
  if (const auto* x = std::get_if<wmo325>(&m); x != nullptr && x->declaratie_antwoord) {
    const auto& a = *x->declaratie_antwoord;
    check(a.totaal_ingediend_bedrag.totaal_bedrag, a.totaal_ingediend_bedrag.debet_credit,
          antwoord_path / "TotaalIngediendBedrag");
    check(a.totaal_toegekend_bedrag.totaal_bedrag, a.totaal_toegekend_bedrag.debet_credit,
          antwoord_path / "TotaalToegekendBedrag");
  }
  for_each_prestatie(m, [&](const prestatie& p, const path& base, std::size_t i, std::size_t) {
    check(p.ingediend_bedrag.bedrag, p.ingediend_bedrag.debet_credit, base.item("Prestatie", i) / "IngediendBedrag");
  });
}

// CS337: a ProductPeriode lies within one calendar month (year and month checked apart).
void cs337(const message& m, const rule_context&, findings& out) {
  if (!std::holds_alternative<wmo323>(m)) return;
  for_each_prestatie(m, [&](const prestatie& p, const path& base, std::size_t i, std::size_t) {
    const auto& b = p.product_periode.begindatum;
    const auto& e = p.product_periode.einddatum;
    auto sub = [](const std::string& s, std::size_t from, std::size_t n) { return from < s.size() ? s.substr(from, n) : ""; };
    if (sub(b, 0, 4) != sub(e, 0, 4)) add(out, "CS337", base.item("Prestatie", i));
    if (sub(b, 5, 2) != sub(e, 5, 2)) add(out, "CS337", base.item("Prestatie", i));
  });
}

// CS339: for a line in euro (83) the amount equals the volume.
void cs339(const message& m, const rule_context&, findings& out) {
  if (!std::holds_alternative<wmo323>(m)) return;
  for_each_prestatie(m, [&](const prestatie& p, const path& base, std::size_t i, std::size_t) {
    if (p.eenheid != "83") return;
    const double volume = xp::number(p.geleverd_volume);
    const double amount = xp::number(p.ingediend_bedrag.bedrag);
    // The oracle raises nothing when either is not a number ("+5000", RULES.md A22).
    if (!std::isnan(volume) && !std::isnan(amount) && volume != amount) add(out, "CS339", base.item("Prestatie", i));
  });
}

// CS340: the DeclaratiePeriode is exactly one calendar month.
void cs340(const message& m, const rule_context&, findings& out) {
  const auto* x = std::get_if<wmo323>(&m);
  if (x == nullptr) return;
  const auto& period = x->declaratie.declaratie_periode;
  const auto where = declaratie_path / "DeclaratiePeriode";
  const auto b = split(period.begindatum);
  const auto e = split(period.einddatum);
  if (period.begindatum.size() < 10 || period.begindatum.substr(8, 2) != "01") add(out, "CS340", where / "Begindatum");
  // Einddatum + 1 day must equal Begindatum + 1 month.
  dmy next_day{e.year, e.month, e.day + 1};
  if (next_day.day > xslt_days_in_month(e.year, e.month)) {
    next_day.day = 1;
    next_day.month += 1;
    if (next_day.month > 12) {
      next_day.month = 1;
      next_day.year += 1;
    }
  }
  dmy next_month{b.year, b.month + 1, b.day};
  if (next_month.month > 12) {
    next_month.month = 1;
    next_month.year += 1;
  }
  const bool equal = next_day.year == next_month.year && next_day.month == next_month.month && next_day.day == next_month.day;
  if (!equal) add(out, "CS340", where);
}

// TR137: a period ends on or after its start and not after the Dagtekening.
void tr137(const message& m, const rule_context&, findings& out) {
  const double h = xp::date_number(dagtekening(m));
  auto check = [&](const gesloten_periode& p, const path& where) {
    if (xp::date_number(p.begindatum) > xp::date_number(p.einddatum)) add(out, "TR137", where);
    if (xp::date_number(p.einddatum) > h) add(out, "TR137", where);
  };
  if (const auto* x = std::get_if<wmo323>(&m)) check(x->declaratie.declaratie_periode, declaratie_path / "DeclaratiePeriode");
  for_each_prestatie(m, [&](const prestatie& p, const path& base, std::size_t i, std::size_t) {
    check(p.product_periode, base.item("Prestatie", i) / "ProductPeriode");
  });
}

// TR315: a VorigReferentieNummer occurs once in the message.
void tr315(const message& m, const rule_context&, findings& out) {
  if (!std::holds_alternative<wmo323>(m)) return;
  std::unordered_map<std::string, int> earlier;  // raw VorigReferentieNummer texts seen before
  for_each_prestatie(m, [&](const prestatie& p, const path& base, std::size_t i, std::size_t) {
    const auto& vorig = p.product_referentie.vorig_referentie_nummer;
    if (const auto it = earlier.find(xp::value(vorig)); it != earlier.end()) {
      for (int k = 0; k < it->second; ++k) add(out, "TR315", base.item("Prestatie", i) / "ProductReferentie");
    }
    if (const auto* r = raw(vorig)) ++earlier[*r];
  });
}

// TR316: a line is not credited in the message that declares it (no VorigReferentieNummer
// equals a ReferentieNummer of the message, in either order, across clients).
void tr316(const message& m, const rule_context&, findings& out) {
  if (!std::holds_alternative<wmo323>(m)) return;
  std::unordered_map<std::string, int> earlier_nummer;
  std::unordered_map<std::string, int> earlier_vorig;
  for_each_prestatie(m, [&](const prestatie& p, const path& base, std::size_t i, std::size_t) {
    const auto& ref = p.product_referentie;
    const auto r = xp::normalize(ref.referentie_nummer);
    const auto v = xp::value(ref.vorig_referentie_nummer);
    const auto where = base.item("Prestatie", i) / "ProductReferentie";
    if (const auto it = earlier_nummer.find(v); it != earlier_nummer.end()) {
      for (int k = 0; k < it->second; ++k) add(out, "TR316", where);
    }
    if (const auto it = earlier_vorig.find(r); it != earlier_vorig.end()) {
      for (int k = 0; k < it->second; ++k) add(out, "TR316", where);
    }
    if (r == v) add(out, "TR316", where);
    ++earlier_nummer[ref.referentie_nummer];
    if (const auto* raw_vorig = raw(ref.vorig_referentie_nummer)) ++earlier_vorig[*raw_vorig];
  });
}

// TR319: a ProductPeriode does not end after the DeclaratiePeriode.
void tr319(const message& m, const rule_context&, findings& out) {
  const auto* x = std::get_if<wmo323>(&m);
  if (x == nullptr) return;
  const double end = xp::date_number(x->declaratie.declaratie_periode.einddatum);
  for_each_prestatie(m, [&](const prestatie& p, const path& base, std::size_t i, std::size_t) {
    if (xp::date_number(p.product_periode.begindatum) > end) add(out, "TR319", base.item("Prestatie", i));
    if (xp::date_number(p.product_periode.einddatum) > end) add(out, "TR319", base.item("Prestatie", i));
  });
}

// TR335: a ProductPeriode ends at most 60 months before the DeclaratieDagtekening.
void tr335(const message& m, const rule_context&, findings& out) {
  const auto* x = std::get_if<wmo323>(&m);
  if (x == nullptr) return;
  const auto dagtekening = model::date::parse(x->declaratie.declaratie_dagtekening);
  if (!dagtekening) return;
  const auto limit = dagtekening->add_months(-60);
  const double limit_number = limit.year() * 10000.0 + limit.month() * 100.0 + limit.day();
  for_each_prestatie(m, [&](const prestatie& p, const path& base, std::size_t i, std::size_t) {
    if (xp::date_number(p.product_periode.einddatum) < limit_number) {
      add(out, "TR335", base.item("Prestatie", i) / "ProductPeriode" / "Einddatum");
    }
  });
}

// TR342: the totals of a declaration answer agree with the lines it returns (RULES.md §1.4).
void tr342(const message& m, const rule_context&, findings& out) {
  const auto* x = std::get_if<wmo325>(&m);
  if (x == nullptr || !x->declaratie_antwoord) return;
  const auto& a = *x->declaratie_antwoord;
  double rejected = 0;
  for (const auto& client : a.clienten) {
    for (const auto& p : client.prestaties) {
      if (p.ingediend_bedrag.debet_credit == "D") rejected += xp::number(p.ingediend_bedrag.bedrag);
      if (p.ingediend_bedrag.debet_credit == "C") rejected -= xp::number(p.ingediend_bedrag.bedrag);
    }
  }
  auto signed_total = [](const totaal_bedrag_met_dc& t) {
    const double n = xp::number(t.totaal_bedrag);
    return t.debet_credit == "C" ? -n : n;
  };
  const double ingediend = signed_total(a.totaal_ingediend_bedrag);
  const double toegekend = signed_total(a.totaal_toegekend_bedrag);
  const bool consistency = std::all_of(a.retour_codes.begin(), a.retour_codes.end(), [](const std::string& c) {
    return xp::normalize(c) == "0200" || xp::normalize(c) == "8001";
  });
  const bool ok = consistency ? rejected == ingediend - toegekend : toegekend == 0;
  if (!ok) add(out, "TR342", antwoord_path);
}

// TR358: TotaalIngediendBedrag is the net sum of the lines, written as the oracle writes it.
void tr358(const message& m, const rule_context&, findings& out) {
  const auto* x = std::get_if<wmo323>(&m);
  if (x == nullptr) return;
  double net = 0;
  for_each_prestatie(m, [&](const prestatie& p, const path&, std::size_t, std::size_t) {
    if (p.ingediend_bedrag.debet_credit == "D") net += xp::number(p.ingediend_bedrag.bedrag);
    if (p.ingediend_bedrag.debet_credit == "C") net -= xp::number(p.ingediend_bedrag.bedrag);
  });
  const auto& total = x->declaratie.totaal_ingediend_bedrag;
  const auto written = xp::normalize(total.totaal_bedrag);
  const auto where = declaratie_path / "TotaalIngediendBedrag";
  if (total.debet_credit == "D" && written != xp::to_string(net)) add(out, "TR358", where);
  if (total.debet_credit == "C" && written != xp::to_string(-net)) add(out, "TR358", where);
}

// TR416: no second debit line for the same assignment, product and period within a client.
void tr416(const message& m, const rule_context&, findings& out) {
  const auto* x = std::get_if<wmo323>(&m);
  if (x == nullptr) return;
  const auto base = declaratie_path / "Clienten";
  for (std::size_t c = 0; c < x->declaratie.clienten.size(); ++c) {
    // One finding per earlier debit line with identical text in all five fields.
    std::unordered_map<std::string, int> earlier_debits;
    const auto& list = x->declaratie.clienten[c].prestaties;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const auto& p = list[i];
      if (p.ingediend_bedrag.debet_credit != "D") continue;
      std::string key = p.product_periode.begindatum;
      for (const auto* part : {&p.product_periode.einddatum, &p.product_categorie, &p.toewijzing_nummer, &p.product_code}) {
        key += '\0';
        key += *part;
      }
      auto& count = earlier_debits[key];
      for (int k = 0; k < count; ++k) add(out, "TR416", (base.item("Client", c) / "Prestaties").item("Prestatie", i));
      ++count;
    }
  }
}

}  // namespace iwmo::rules::detail
