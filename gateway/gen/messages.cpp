// Building the messages of a run from its state: headers, clients, toewijzingen, starts.
#include <algorithm>

#include "gen/simulation_impl.hpp"

namespace iwmo::gen {

model::header simulation::impl::header(model::message_type type, bool jeugd, const std::string& from,
                                       const std::string& to, std::string id, date day) {
  const auto st = standard_of(jeugd);
  const auto versie = std::string(model::info(st).versie);
  model::header h;
  h.bericht_code = std::string(model::info(st, type).code);
  h.bericht_versie = "3";
  h.bericht_subversie = "2";
  h.afzender = from;
  h.ontvanger = to;
  h.identificatie = {std::move(id), day.to_string()};
  h.xsd_versie = {versie, versie};
  return h;
}

model::verkorte_naam simulation::impl::short_name(const person& p) {
  model::verkorte_naam n;
  n.geslachtsnaam = {p.achternaam, p.voorvoegsel};
  n.voorletters = p.voorletters;
  return n;
}

model::client_301 simulation::impl::client_of(const person& p) {
  model::client_301 c;
  c.bsn = p.bsn;
  c.geboortedatum = {p.geboortedatum.to_string(), std::nullopt};
  c.geslacht = p.geslacht;
  c.naam.geslachtsnaam = {p.achternaam, p.voorvoegsel};
  if (p.partnernaam) c.naam.partnernaam = model::achternaam{p.partnernaam->first, p.partnernaam->second};
  c.naam.voornamen = p.voornamen;
  c.naam.voorletters = p.voorletters;
  c.naam.naam_gebruik = p.naam_gebruik;
  if (p.taal) c.communicatie = model::communicatie{"1", p.taal};
  if (p.relatie) {
    const auto& x = *p.relatie;
    model::relatie rel;
    rel.nummer = "1";
    rel.volgorde = "1";
    rel.soort = x.soort;
    rel.geslacht = x.geslacht;
    rel.naam.geslachtsnaam = {x.achternaam, x.voorvoegsel};
    rel.naam.voorletters = x.voorletters;
    rel.naam.naam_gebruik = "1";
    rel.contact.soort = "02";
    rel.contact.telefoon = model::telefoonnummers{{x.telefoon, "0031"}, std::nullopt};
    c.relaties.push_back(std::move(rel));
  }
  model::contact home;
  home.soort = "01";
  model::adres a;
  a.huis = model::huis{std::to_string(p.adres.huisnummer), p.adres.huisletter, p.adres.toevoeging, std::nullopt};
  a.postcode = p.adres.postcode;
  a.straatnaam = p.adres.straat;
  a.plaatsnaam = p.adres.plaats;
  a.land_code = "NL";
  home.adres = std::move(a);
  if (p.telefoon) home.telefoon = model::telefoonnummers{{*p.telefoon, "0031"}, std::nullopt};
  c.contactgegevens.push_back(std::move(home));
  return c;
}

model::product simulation::impl::product_of(const toewijzing& t) {
  const auto& d = def_of(t.product);
  return {std::string(d.categorie), d.specific ? std::optional<std::string>(d.code) : std::nullopt};
}

model::toegewezen_product simulation::impl::toegewezen(const toewijzing& t, bool changed,
                                                       const std::optional<std::string>& ref) const {
  model::toegewezen_product tp;
  tp.toewijzing_nummer = std::to_string(t.nummer);
  tp.referentie_aanbieder = ref;
  tp.product = product_of(t);
  tp.toewijzingsdatum = t.datum.to_string();
  tp.toewijzingstijd = t.tijd;
  tp.ingangsdatum = t.ingang.to_string();
  tp.einddatum = t.eind.to_string();
  if (changed) tp.reden_wijziging = t.reden;
  if (t.freq) {
    tp.omvang = model::omvang{std::to_string(t.volume), code_of(def_of(t.product).eenheid), model::to_code(*t.freq)};
  } else {
    tp.budget = std::to_string(t.volume);
  }
  tp.commentaar = "Beschikking " + t.beschikking;
  return tp;
}

std::string simulation::impl::send_301(int c, int a, const std::vector<int>& changed,
                                       const std::map<int, std::string>& refs,
                                       const std::optional<std::string>& ref_all) {
  const auto& k = plan_of(c);
  const int g = k.gemeente;
  model::wmo301 m;
  m.header = header(model::message_type::wmo301, k.jeugd, gem(g).code, aan(a).agb, gemeente_id(g), now());
  m.client = client_of(k.who);
  for (const int i : changed) {
    const auto it = refs.find(i);
    m.client.toegewezen_producten.push_back(toegewezen(tw(i), true, it != refs.end() ? it->second : ref_all));
  }
  for (const int i : state(c).tws) {
    const auto& t = tw(i);
    if (t.aanbieder != a || !t.sent || t.deleted || t.eind < now()) continue;
    if (std::ranges::find(changed, i) != changed.end()) continue;
    m.client.toegewezen_producten.push_back(toegewezen(t, false, ref_all));
  }
  for (const int i : changed) {
    if (!tw(i).sent) ++counts.toewijzingen;
    tw(i).sent = true;
  }
  const auto file = sink.write(std::move(m), now());
  note_client(c, file);
  return file;
}

void simulation::impl::note_client(int c, const std::string& file) {
  auto& s = state(c);
  if (!s.seen) ++counts.clients;
  if (!s.seen && jeugd(c)) ++counts.jeugd_clients;
  s.seen = true;
  if (s.cluster_row >= 0 && !s.cluster_done) {
    touch(s.cluster_row, file);
    row(s.cluster_row).happened = true;
    span(s.cluster_row, now(), now());
    s.cluster_done = true;
  }
}

model::client_305 simulation::impl::client_305(int c) const {
  const auto& p = plan_of(c).who;
  model::client_305 x;
  x.bsn = p.bsn;
  x.geboortedatum = {p.geboortedatum.to_string(), std::nullopt};
  x.geslacht = p.geslacht;
  x.naam = short_name(p);
  return x;
}

model::start_product simulation::impl::start_line(const toewijzing& t, date begin, std::string status) const {
  return {std::to_string(t.nummer), product_of(t), t.ingang.to_string(), begin.to_string(), std::move(status), {}};
}

std::string simulation::impl::send_305(const toewijzing& t, std::vector<model::start_product> lines) {
  model::wmo305 m;
  m.header = header(model::message_type::wmo305, jeugd(t.client), aan(t.aanbieder).agb, gem(t.gemeente).code,
                    aanbieder_id(t.aanbieder), now());
  m.client = client_305(t.client);
  m.client.start_producten = std::move(lines);
  const auto file = sink.write(std::move(m), now());
  note_client(t.client, file);
  if (t.r == role::provider_b || t.r == role::non_use) touch(t.row, file);
  return file;
}

}  // namespace iwmo::gen
