#include "rules/answers.hpp"

#include <algorithm>

#include "model/message_type.hpp"
#include "rules/registry.hpp"

namespace iwmo::rules {
namespace {

using namespace model;

// The appinfo versions of every schema of a release (iWmo 3.2: 1.0.0, iJw 3.2: 0.1.0).
model::xsd_versie schema_versions(model::standard st) {
  const auto v = std::string(model::info(st).versie);
  return {v, v};
}

void add_unique(std::vector<std::string>& list, const std::string& code) {
  if (std::ranges::find(list, code) == list.end()) list.push_back(code);
}

// Class paths, shared by class_paths() and the composer so both use the same names.
struct paths {
  static path client() { return path() / "Client"; }
  static path relatie(std::size_t i) { return (client() / "Relaties").item("Relatie", i); }
  static path relatie_contact(std::size_t i) { return relatie(i) / "Contact"; }
  static path contact(std::size_t i) { return (client() / "Contactgegevens").item("Contact", i); }
  static path toegewezen(std::size_t i) { return (client() / "ToegewezenProducten").item("ToegewezenProduct", i); }
  static path start(std::size_t i) { return (client() / "StartProducten").item("StartProduct", i); }
  static path stop(std::size_t i) { return (client() / "StopProducten").item("StopProduct", i); }
  static path aangevraagd(std::size_t i) { return (client() / "AangevraagdeProducten").item("AangevraagdProduct", i); }
  static path verzoek() { return client() / "Verzoek"; }
  static path ongewijzigd(std::size_t i) { return (verzoek() / "OngewijzigdeProducten").item("OngewijzigdProduct", i); }
  static path te_wijzigen(std::size_t i) { return (verzoek() / "TeWijzigenProducten").item("TeWijzigenProduct", i); }
  static path nieuw(std::size_t i) { return (verzoek() / "NieuweProducten").item("NieuwProduct", i); }
  static path antwoord() { return path() / "Antwoord"; }
  static path declaratie() { return path() / "Declaratie"; }
  static path decl_client(std::size_t c) { return (declaratie() / "Clienten").item("Client", c); }
  static path prestatie(std::size_t c, std::size_t p) { return (decl_client(c) / "Prestaties").item("Prestatie", p); }
};

// Visits every class with its path; `f(path, codes&)` may fill the class's RetourCodes.
template <class F> void visit_classes(client_301& c, F f) {
  f(paths::client(), c.retour_codes);
  for (std::size_t i = 0; i < c.relaties.size(); ++i) {
    f(paths::relatie(i), c.relaties[i].retour_codes);
    f(paths::relatie_contact(i), c.relaties[i].contact.retour_codes);
  }
  for (std::size_t i = 0; i < c.contactgegevens.size(); ++i) f(paths::contact(i), c.contactgegevens[i].retour_codes);
  for (std::size_t i = 0; i < c.toegewezen_producten.size(); ++i) f(paths::toegewezen(i), c.toegewezen_producten[i].retour_codes);
}
template <class F> void visit_classes(client_305& c, F f) {
  f(paths::client(), c.retour_codes);
  for (std::size_t i = 0; i < c.start_producten.size(); ++i) f(paths::start(i), c.start_producten[i].retour_codes);
}
template <class F> void visit_classes(client_307& c, F f) {
  f(paths::client(), c.retour_codes);
  for (std::size_t i = 0; i < c.stop_producten.size(); ++i) f(paths::stop(i), c.stop_producten[i].retour_codes);
}
template <class F> void visit_classes(client_315& c, F f) {
  f(paths::client(), c.retour_codes);
  for (std::size_t i = 0; i < c.aangevraagde_producten.size(); ++i) f(paths::aangevraagd(i), c.aangevraagde_producten[i].retour_codes);
}
template <class F> void visit_classes(client_317& c, F f) {
  f(paths::client(), c.retour_codes);
  auto& v = c.verzoek;
  f(paths::verzoek(), v.retour_codes);
  for (std::size_t i = 0; i < v.ongewijzigde_producten.size(); ++i) f(paths::ongewijzigd(i), v.ongewijzigde_producten[i].retour_codes);
  for (std::size_t i = 0; i < v.te_wijzigen_producten.size(); ++i) f(paths::te_wijzigen(i), v.te_wijzigen_producten[i].retour_codes);
  for (std::size_t i = 0; i < v.nieuwe_producten.size(); ++i) f(paths::nieuw(i), v.nieuwe_producten[i].retour_codes);
}
template <class F> void visit_classes(antwoord& a, F f) { f(paths::antwoord(), a.retour_codes); }
template <class F> void visit_classes(declaratie& d, F f) {
  for (std::size_t c = 0; c < d.clienten.size(); ++c) {
    f(paths::decl_client(c), d.clienten[c].retour_codes);
    for (std::size_t p = 0; p < d.clienten[c].prestaties.size(); ++p) {
      f(paths::prestatie(c, p), d.clienten[c].prestaties[p].retour_codes);
    }
  }
}

// The class content of a heen message, for visiting.
template <class F> void with_content(message& m, F f) {
  std::visit(
      [&](auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, wmo301> || std::is_same_v<T, wmo305> || std::is_same_v<T, wmo307> ||
                      std::is_same_v<T, wmo315> || std::is_same_v<T, wmo317>) {
          f(x.client);
        } else if constexpr (std::is_same_v<T, wmo319>) {
          f(x.antwoord);
        } else if constexpr (std::is_same_v<T, wmo323>) {
          f(x.declaratie);
        }
      },
      m);
}

template <class Header> retour_header retour_header_for(const Header& h, model::standard st, std::string_view code,
                                                        const answer_identity& id, const verdict& v) {
  retour_header r;
  r.bericht_code = std::string(code);
  r.bericht_versie = h.bericht_versie;
  r.bericht_subversie = h.bericht_subversie;
  r.afzender = h.afzender;    // copied unchanged, not swapped (IV028)
  r.ontvanger = h.ontvanger;
  r.identificatie = h.identificatie;
  r.xsd_versie = h.xsd_versie;
  r.identificatie_retour = id.identificatie;
  r.dagtekening_retour = id.dagtekening.to_string();
  if (v.content_rejected) r.xslt_versie = std::string(xslt_version);
  r.xsd_versie_retour = schema_versions(st);
  if (v.content_rejected) {
    r.retour_codes = {"0001"};
  } else if (!v.header_codes.empty()) {
    r.retour_codes = v.header_codes;
  } else if (!v.class_codes.empty()) {
    r.retour_codes = {"0200"};
  }
  return r;
}

// Case D of §1.3: every class of the client gets its codes, 0233 or 0200.
template <class Content> Content with_class_codes(Content content, const verdict& v) {
  visit_classes(content, [&](const path& p, codes& out) {
    if (const auto it = v.class_codes.find(p.str()); it != v.class_codes.end()) {
      out = it->second;
    } else {
      out = {v.not_assessed.contains(p.str()) ? "0233" : "0200"};
    }
  });
  return content;
}

template <class Retour, class Heen>
message retour_of(const Heen& heen, model::standard st, const verdict& v, const answer_identity& id) {
  Retour r;
  r.header = retour_header_for(heen.header, st, info(st, model::type_of(message{Retour{}})).code, id, v);
  const bool class_detail = !v.content_rejected && v.header_codes.empty() && !v.class_codes.empty();
  if constexpr (requires { heen.client; }) {
    if (class_detail) r.client = with_class_codes(heen.client, v);
  } else {
    if (class_detail) r.antwoord = with_class_codes(heen.antwoord, v);
  }
  return r;
}

// Signed eurocent of a line ("D" positive, "C" negative); lines of a schema-valid message
// always parse.
cents signed_line(const prestatie& p) {
  const cents amount = parse_integer(p.ingediend_bedrag.bedrag).value_or(0);
  return p.ingediend_bedrag.debet_credit == "C" ? -amount : amount;
}

totaal_bedrag_met_dc as_total(cents net) {
  return {std::to_string(net < 0 ? -net : net), net < 0 ? "C" : "D"};
}

message answer_325(const wmo323& heen, model::standard st, const verdict& v, const answer_identity& id) {
  wmo325 a;
  auto& h = a.header;
  h.bericht_code = std::string(info(st, message_type::wmo325).code);
  h.bericht_versie = "3";
  h.bericht_subversie = "2";
  h.afzender = heen.header.ontvanger;  // the 325 is the municipality's own message
  h.ontvanger = heen.header.afzender;
  h.identificatie = {id.identificatie, id.dagtekening.to_string()};
  h.xsd_versie = schema_versions(st);
  h.declaratie_identificatie = heen.header.identificatie;
  if (v.content_rejected) h.xslt_versie = std::string(xslt_version);
  h.xsd_versie_declaratie = heen.header.xsd_versie;

  if (v.content_rejected) {  // case 1
    h.retour_codes = {"0001"};
    return a;
  }
  if (!v.header_codes.empty()) {  // case 2
    h.retour_codes = v.header_codes;
    return a;
  }
  h.retour_codes = {"0200"};
  auto& da = a.declaratie_antwoord.emplace();
  da.declaratie_nummer = heen.declaratie.declaratie_nummer;
  da.totaal_ingediend_bedrag = heen.declaratie.totaal_ingediend_bedrag;
  if (!v.declaratie_codes.empty()) {  // case 3: the whole declaration is rejected
    da.retour_codes = v.declaratie_codes;
    da.totaal_toegekend_bedrag = {"0", "D"};
    return a;
  }
  if (v.class_codes.empty()) {  // case 5: everything approved
    da.retour_codes = {"8001"};
    da.totaal_toegekend_bedrag = heen.declaratie.totaal_ingediend_bedrag;
    return a;
  }
  // Case 4: only rejected lines are returned; approved lines make up the approved total.
  da.retour_codes = {"0200"};
  cents approved = 0;
  const auto& clients = heen.declaratie.clienten;
  for (std::size_t c = 0; c < clients.size(); ++c) {
    const auto client_codes = v.class_codes.find(paths::decl_client(c).str());
    declaratie_client returned{clients[c].bsn, {}, {}};
    for (std::size_t p = 0; p < clients[c].prestaties.size(); ++p) {
      const auto& line = clients[c].prestaties[p];
      const auto line_codes = v.class_codes.find(paths::prestatie(c, p).str());
      if (client_codes != v.class_codes.end()) {
        auto copy = line;
        copy.retour_codes = {"0233"};  // not assessed: the client was rejected
        returned.prestaties.push_back(std::move(copy));
      } else if (line_codes != v.class_codes.end()) {
        auto copy = line;
        copy.retour_codes = line_codes->second;
        returned.prestaties.push_back(std::move(copy));
      } else {
        approved += signed_line(line);
      }
    }
    if (returned.prestaties.empty()) continue;
    returned.retour_codes = client_codes != v.class_codes.end() ? client_codes->second : codes{"0200"};
    da.clienten.push_back(std::move(returned));
  }
  da.totaal_toegekend_bedrag = as_total(approved);
  return a;
}

}  // namespace

std::vector<std::string> class_paths(const model::message& heen) {
  std::vector<std::string> out;
  auto copy = heen;
  with_content(copy, [&](auto& content) { visit_classes(content, [&](const path& p, codes&) { out.push_back(p.str()); }); });
  return out;
}

verdict make_verdict(const model::message& heen, const findings& found) {
  verdict v;
  const auto classes = class_paths(heen);
  const bool declaration = std::holds_alternative<wmo323>(heen);
  for (const auto& f : found) {
    if (f.retourcode == "0001") {
      v.content_rejected = true;
      continue;
    }
    if (f.path.starts_with("/Bericht/Header")) {
      add_unique(v.header_codes, f.retourcode);
      continue;
    }
    // The nearest enclosing class: the longest class path that is the finding's path or a
    // prefix of it at an element boundary.
    const std::string* best = nullptr;
    for (const auto& c : classes) {
      const bool encloses = f.path == c || (f.path.starts_with(c) && f.path[c.size()] == '/');
      if (encloses && (best == nullptr || c.size() > best->size())) best = &c;
    }
    if (best != nullptr) {
      add_unique(v.class_codes[*best], f.retourcode);
    } else if (declaration) {
      add_unique(v.declaratie_codes, f.retourcode);
    } else {
      add_unique(v.header_codes, f.retourcode);
    }
  }
  return v;
}

std::optional<model::message> compose_answer(const model::message& heen, const verdict& v, const answer_identity& id) {
  const auto st = model::standard_of(heen);  // the answer belongs to the standard of the heen message
  return std::visit(
      [&](const auto& x) -> std::optional<message> {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, wmo301>) return retour_of<wmo302>(x, st, v, id);
        if constexpr (std::is_same_v<T, wmo305>) return retour_of<wmo306>(x, st, v, id);
        if constexpr (std::is_same_v<T, wmo307>) return retour_of<wmo308>(x, st, v, id);
        if constexpr (std::is_same_v<T, wmo315>) return retour_of<wmo316>(x, st, v, id);
        if constexpr (std::is_same_v<T, wmo317>) return retour_of<wmo318>(x, st, v, id);
        if constexpr (std::is_same_v<T, wmo319>) return retour_of<wmo320>(x, st, v, id);
        if constexpr (std::is_same_v<T, wmo323>) return answer_325(x, st, v, id);
        return std::nullopt;
      },
      heen);
}

}  // namespace iwmo::rules
