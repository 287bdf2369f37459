// Content rules on persons, names, birth dates, contacts and addresses (RULES.md §2.4).
#include <algorithm>

#include "model/values.hpp"
#include "rules/level2.hpp"

namespace iwmo::rules::detail {

using namespace model;
namespace xp = xpath;

namespace {

template <class... F> struct overloaded : F... { using F::operator()...; };
template <class... F> overloaded(F...) -> overloaded<F...>;  // clang 14 lacks aggregate CTAD

const path client_path = path() / "Client";

// The client of a message that has exactly one (heen or retour), or nullptr.
template <class Client, class Message>
const Client* single_client(const Message& msg) {
  if constexpr (requires { msg.client.has_value(); }) {
    return msg.client ? &*msg.client : nullptr;
  } else {
    return &msg.client;
  }
}

}  // namespace

bool check_after_fails(const std::optional<std::string>& late, const std::optional<std::string>& early) {
  if (!late || !early) return true;
  return xp::date_number(*early) > xp::date_number(late->substr(0, 10));
}

void for_each_geboortedatum(const message& m, const std::function<void(const geboortedatum&, const path&)>& f) {
  std::visit(overloaded{
                 [&](const wmo301& x) {
                   f(x.client.geboortedatum, client_path / "Geboortedatum");
                   for (std::size_t i = 0; i < x.client.relaties.size(); ++i) {
                     if (const auto& g = x.client.relaties[i].geboortedatum) {
                       f(*g, (client_path / "Relaties").item("Relatie", i) / "Geboortedatum");
                     }
                   }
                 },
                 [&](const wmo302& x) {
                   if (!x.client) return;
                   f(x.client->geboortedatum, client_path / "Geboortedatum");
                   for (std::size_t i = 0; i < x.client->relaties.size(); ++i) {
                     if (const auto& g = x.client->relaties[i].geboortedatum) {
                       f(*g, (client_path / "Relaties").item("Relatie", i) / "Geboortedatum");
                     }
                   }
                 },
                 [&](const auto& x) {
                   using T = std::decay_t<decltype(x)>;
                   if constexpr (std::is_same_v<T, wmo305> || std::is_same_v<T, wmo307> || std::is_same_v<T, wmo315>) {
                     f(x.client.geboortedatum, client_path / "Geboortedatum");
                   } else if constexpr (std::is_same_v<T, wmo306> || std::is_same_v<T, wmo308> ||
                                        std::is_same_v<T, wmo316>) {
                     if (x.client) f(x.client->geboortedatum, client_path / "Geboortedatum");
                   }
                 },
             },
             m);
}

void for_each_contact(const message& m, const std::function<void(const contact&, const path&)>& f) {
  const client_301* c = nullptr;
  if (const auto* x = std::get_if<wmo301>(&m)) c = &x->client;
  if (const auto* x = std::get_if<wmo302>(&m); x != nullptr && x->client) c = &*x->client;
  if (c == nullptr) return;
  for (std::size_t i = 0; i < c->relaties.size(); ++i) {
    f(c->relaties[i].contact, (client_path / "Relaties").item("Relatie", i) / "Contact");
  }
  for (std::size_t i = 0; i < c->contactgegevens.size(); ++i) {
    f(c->contactgegevens[i], (client_path / "Contactgegevens").item("Contact", i));
  }
}

void for_each_naam(const message& m, const std::function<void(const volledige_naam&, const path&)>& f) {
  const client_301* c = nullptr;
  if (const auto* x = std::get_if<wmo301>(&m)) c = &x->client;
  if (const auto* x = std::get_if<wmo302>(&m); x != nullptr && x->client) c = &*x->client;
  if (c == nullptr) return;
  f(c->naam, client_path / "Naam");
  for (std::size_t i = 0; i < c->relaties.size(); ++i) {
    f(c->relaties[i].naam, (client_path / "Relaties").item("Relatie", i) / "Naam");
  }
}

// CS002: every Bsn passes the 11-test (9·d1 + ... + 2·d8 − d9 divisible by 11).
void cs002(const message& m, const rule_context&, findings& out) {
  auto check = [&](const std::string& bsn, const path& p) {
    // The schema guarantees nine digits; "000000000" passes, as in the oracle.
    if (!passes_eleven_test(bsn)) add(out, "CS002", p);
  };
  std::visit(overloaded{
                 [&](const wmo323& x) {
                   const auto base = path() / "Declaratie" / "Clienten";
                   for (std::size_t i = 0; i < x.declaratie.clienten.size(); ++i) {
                     check(x.declaratie.clienten[i].bsn, base.item("Client", i) / "Bsn");
                   }
                 },
                 [&](const wmo325& x) {
                   if (!x.declaratie_antwoord) return;
                   const auto base = path() / "DeclaratieAntwoord" / "Clienten";
                   for (std::size_t i = 0; i < x.declaratie_antwoord->clienten.size(); ++i) {
                     check(x.declaratie_antwoord->clienten[i].bsn, base.item("Client", i) / "Bsn");
                   }
                 },
                 [&](const wmo319&) {},
                 [&](const wmo320&) {},
                 [&](const auto& x) {
                   if constexpr (requires { x.client.has_value(); }) {
                     if (x.client) check(x.client->bsn, client_path / "Bsn");
                   } else {
                     check(x.client.bsn, client_path / "Bsn");
                   }
                 },
             },
             m);
}

// CS050: with a Partnernaam, NaamGebruik is 1-4; without one, only 1.
void cs050(const message& m, const rule_context&, findings& out) {
  for_each_naam(m, [&](const volledige_naam& n, const path& p) {
    const bool partner = n.partnernaam.has_value();
    if (partner && !xp::in(n.naam_gebruik, {"1", "2", "3", "4"})) add(out, "CS050", p / "NaamGebruik");
    if (!partner && !xp::in(n.naam_gebruik, {"1"})) add(out, "CS050", p / "NaamGebruik");
  });
}

// CS139: a birth date agrees with DatumGebruik (1: day 01; 2: 01-01; 3: 1900-01-01).
void cs139(const message& m, const rule_context&, findings& out) {
  for_each_geboortedatum(m, [&](const geboortedatum& g, const path& p) {
    if (!g.datum_gebruik) return;
    const auto use = xp::normalize(*g.datum_gebruik);
    const auto& d = g.datum;
    const auto sub = [&](std::size_t from, std::size_t n) { return from < d.size() ? d.substr(from, n) : std::string(); };
    if ((use == "3" && d != "1900-01-01") || (use == "2" && sub(5, 5) != "01-01") || (use == "1" && sub(8, 2) != "01")) {
      add(out, "CS139", p);
    }
  });
}

// TR002: a birth date at most 120 years before the Dagtekening (unknown date 1900-01-01 with
// DatumGebruik 3 excepted).
void tr002(const message& m, const rule_context&, findings& out) {
  const double h = xp::date_number(dagtekening(m));
  for_each_geboortedatum(m, [&](const geboortedatum& g, const path& p) {
    if (xp::value(g.datum_gebruik) == "3" && g.datum == "1900-01-01") return;
    if (xp::date_number(g.datum) + 1200000 < h) add(out, "TR002", p / "Datum");
  });
}

// CD005: Postcode and LandCode go together.
void cd005(const message& m, const rule_context&, findings& out) {
  for_each_contact(m, [&](const contact& c, const path& p) {
    if (!c.adres) return;
    const auto a = p / "Adres";
    if (c.adres->postcode && xp::filled(c.adres->postcode) && !xp::filled(c.adres->land_code)) {
      add(out, "CD005", a / "Postcode");
    }
    if (c.adres->land_code && xp::filled(c.adres->land_code) && !xp::filled(c.adres->postcode)) {
      add(out, "CD005", a / "LandCode");
    }
  });
}

// CD007: Taal is given exactly when Vorm is 1 (language interpreter).
void cd007(const message& m, const rule_context&, findings& out) {
  const client_301* c = nullptr;
  if (const auto* x = std::get_if<wmo301>(&m)) c = &x->client;
  if (const auto* x = std::get_if<wmo302>(&m); x != nullptr && x->client) c = &*x->client;
  if (c == nullptr || !c->communicatie) return;
  if (xp::filled(c->communicatie->taal) != xp::in(c->communicatie->vorm, {"1"})) {
    add(out, "CD007", client_path / "Communicatie");
  }
}

// CD009: only a temporary address (Soort 04) has a Periode.
void cd009(const message& m, const rule_context&, findings& out) {
  if (model::type_of(m) != message_type::wmo301) return;
  for_each_contact(m, [&](const contact& c, const path& p) {
    if (c.periode && !xp::in(c.soort, {"04"})) add(out, "CD009", p / "Periode");
  });
}

// CD025: a Dutch address has a Huisnummer.
void cd025(const message& m, const rule_context&, findings& out) {
  for_each_contact(m, [&](const contact& c, const path& p) {
    if (!c.adres || !xp::in(c.adres->land_code, {"NL"})) return;
    if (!c.adres->huis || !xp::filled(c.adres->huis->huisnummer)) add(out, "CD025", p / "Adres" / "LandCode");
  });
}

// CD034: a registered (01) or residence (03) address has a Postcode.
void cd034(const message& m, const rule_context&, findings& out) {
  if (model::type_of(m) != message_type::wmo301) return;
  for_each_contact(m, [&](const contact& c, const path& p) {
    if (xp::in(c.soort, {"01", "03"}) && !(c.adres && xp::filled(c.adres->postcode))) add(out, "CD034", p / "Soort");
  });
}

// CS089: a Dutch Postcode is four digits (not starting with 0) and two letters, no space.
void cs089(const message& m, const rule_context&, findings& out) {
  auto dutch = [](const std::optional<std::string>& pc) {
    if (!pc || pc->size() != 6) return false;
    const auto& s = *pc;
    const auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    return s[0] >= '1' && s[0] <= '9' && std::all_of(s.begin() + 1, s.begin() + 4, [](char c) { return c >= '0' && c <= '9'; }) &&
           letter(s[4]) && letter(s[5]);
  };
  for_each_contact(m, [&](const contact& c, const path& p) {
    if (c.adres && xp::in(c.adres->land_code, {"NL"}) && !dutch(c.adres->postcode)) {
      add(out, "CS089", p / "Adres" / "LandCode");
    }
  });
}

// TR006: a contact has a telephone number, or a house and a postcode.
void tr006(const message& m, const rule_context&, findings& out) {
  if (model::type_of(m) != message_type::wmo301) return;
  for_each_contact(m, [&](const contact& c, const path& p) {
    if (c.telefoon) return;
    if (!c.adres || !c.adres->huis) add(out, "TR006", p);
    if (!c.adres || !c.adres->postcode) add(out, "TR006", p);
  });
}

// TR061: the client has a registered, correspondence or residence address (01, 02, 03).
void tr061(const message& m, const rule_context&, findings& out) {
  const auto* x = std::get_if<wmo301>(&m);
  if (x == nullptr) return;
  const auto& contacts = x->client.contactgegevens;
  const bool has = std::any_of(contacts.begin(), contacts.end(),
                               [](const contact& c) { return c.soort == "01" || c.soort == "02" || c.soort == "03"; });
  if (!has) add(out, "TR061", client_path / "Contactgegevens");
}

}  // namespace iwmo::rules::detail
