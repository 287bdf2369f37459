// TR134 (dates not after the Dagtekening), TR101 (no duplicate logical keys) and TR135 (the
// Dagtekening not after the system date).
#include <algorithm>
#include <map>

#include "rules/level2.hpp"

namespace iwmo::rules::detail {

using namespace model;
namespace xp = xpath;

namespace {

const path client_path = path() / "Client";

// A logical key: the raw text of each key field, or nothing when the field is absent.
using key = std::vector<std::optional<std::string>>;

// One finding at the last member of every group of siblings with the same key (RULES.md §2.5).
template <class T, class KeyOf>
void duplicates(const std::vector<T>& items, KeyOf key_of, const path& container, std::string_view item_name,
                findings& out) {
  std::map<key, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < items.size(); ++i) groups[key_of(items[i])].push_back(i);
  std::vector<std::size_t> last_members;
  for (const auto& [k, members] : groups) {
    if (members.size() > 1) last_members.push_back(members.back());
  }
  std::ranges::sort(last_members);
  for (const auto i : last_members) add(out, "TR101", container.item(item_name, i));
}

std::optional<std::string> category(const std::optional<model::product>& p) {
  return p ? std::optional<std::string>(p->categorie) : std::nullopt;
}
std::optional<std::string> code(const std::optional<model::product>& p) { return p ? p->code : std::nullopt; }

}  // namespace

// TR134: dates in the message are not after its Dagtekening.
void tr134(const message& m, const rule_context&, findings& out) {
  const double h = xp::date_number(dagtekening(m));
  auto check = [&](const std::string& date, const path& p) {
    if (xp::date_number(date) > h) add(out, "TR134", p);
  };
  const auto type = model::type_of(m);
  if (type == message_type::wmo301 || type == message_type::wmo305 || type == message_type::wmo307 ||
      type == message_type::wmo315) {
    for_each_geboortedatum(m, [&](const geboortedatum& g, const path& p) { check(g.datum, p / "Datum"); });
  }
  if (const auto* x = std::get_if<wmo301>(&m)) {
    const auto& list = x->client.toegewezen_producten;
    for (std::size_t i = 0; i < list.size(); ++i) {
      check(list[i].toewijzingsdatum, (client_path / "ToegewezenProducten").item("ToegewezenProduct", i) / "Toewijzingsdatum");
    }
  }
  if (const auto* x = std::get_if<wmo305>(&m)) {
    const auto& list = x->client.start_producten;
    for (std::size_t i = 0; i < list.size(); ++i) {
      check(list[i].begindatum, (client_path / "StartProducten").item("StartProduct", i) / "Begindatum");
    }
  }
  if (const auto* x = std::get_if<wmo307>(&m)) {
    const auto& list = x->client.stop_producten;
    for (std::size_t i = 0; i < list.size(); ++i) {
      check(list[i].einddatum, (client_path / "StopProducten").item("StopProduct", i) / "Einddatum");
    }
  }
  if (const auto* x = std::get_if<wmo323>(&m)) {
    check(x->declaratie.declaratie_periode.begindatum, path() / "Declaratie" / "DeclaratiePeriode" / "Begindatum");
  }
  if (const auto [clients, base] = declaration_clients(m); clients != nullptr) {
    for (std::size_t c = 0; c < clients->size(); ++c) {
      const auto& list = (*clients)[c].prestaties;
      for (std::size_t i = 0; i < list.size(); ++i) {
        check(list[i].product_periode.begindatum,
              (base.item("Client", c) / "Prestaties").item("Prestatie", i) / "ProductPeriode" / "Begindatum");
      }
    }
  }
}

// TR101: within a message, sibling classes do not share their logical key.
void tr101(const message& m, const rule_context&, findings& out) {
  if (const auto* x = std::get_if<wmo301>(&m)) {
    const auto& c = x->client;
    duplicates(c.contactgegevens, [](const contact& k) { return key{k.soort}; }, client_path / "Contactgegevens", "Contact", out);
    duplicates(c.relaties, [](const relatie& r) { return key{r.nummer}; }, client_path / "Relaties", "Relatie", out);
    duplicates(c.toegewezen_producten, [](const toegewezen_product& p) { return key{p.toewijzing_nummer}; },
               client_path / "ToegewezenProducten", "ToegewezenProduct", out);
  }
  if (const auto* x = std::get_if<wmo305>(&m)) {
    duplicates(x->client.start_producten,
               [](const start_product& p) { return key{p.begindatum, category(p.product), code(p.product), p.toewijzing_nummer}; },
               client_path / "StartProducten", "StartProduct", out);
  }
  if (const auto* x = std::get_if<wmo307>(&m)) {
    duplicates(x->client.stop_producten,
               [](const stop_product& p) {
                 return key{p.begindatum, p.einddatum, category(p.product), code(p.product), p.reden_beeindiging,
                            p.toewijzing_nummer};
               },
               client_path / "StopProducten", "StopProduct", out);
  }
  if (const auto* x = std::get_if<wmo315>(&m)) {
    duplicates(x->client.aangevraagde_producten, [](const aangevraagd_product& p) { return key{p.referentie_aanbieder}; },
               client_path / "AangevraagdeProducten", "AangevraagdProduct", out);
  }
  if (const auto* x = std::get_if<wmo317>(&m)) {
    const auto& v = x->client.verzoek;
    const auto base = client_path / "Verzoek";
    duplicates(v.ongewijzigde_producten, [](const ongewijzigd_product& p) { return key{p.toewijzing_nummer}; },
               base / "OngewijzigdeProducten", "OngewijzigdProduct", out);
    duplicates(v.te_wijzigen_producten, [](const te_wijzigen_product& p) { return key{p.toewijzing_nummer}; },
               base / "TeWijzigenProducten", "TeWijzigenProduct", out);
    duplicates(v.nieuwe_producten,
               [](const nieuw_product& p) { return key{p.gewenste_ingangsdatum, category(p.product), code(p.product)}; },
               base / "NieuweProducten", "NieuwProduct", out);
  }
  if (const auto [clients, base] = declaration_clients(m); clients != nullptr) {
    duplicates(*clients, [](const declaratie_client& c) { return key{c.bsn}; }, base, "Client", out);
    for (std::size_t c = 0; c < clients->size(); ++c) {
      duplicates((*clients)[c].prestaties,
                 [](const prestatie& p) {
                   return key{p.product_referentie.referentie_nummer, p.product_referentie.vorig_referentie_nummer};
                 },
                 base.item("Client", c) / "Prestaties", "Prestatie", out);
    }
  }
}

// TR135 (control level 4): the Dagtekening is not after the receiver's system date.
void tr135(const message& m, const rule_context& ctx, findings& out) {
  if (!ctx.today) return;
  const auto d = model::date::parse(dagtekening(m));
  if (d && *d > *ctx.today) {
    add(out, "TR135", path() / "Header" / "BerichtIdentificatie" / "Dagtekening", "8848");
  }
}

}  // namespace iwmo::rules::detail
