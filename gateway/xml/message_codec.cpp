#include "xml/message_codec.hpp"

#include <tuple>

#include <fmt/format.h>

namespace iwmo::xml {
namespace {

using namespace model;

// --- field descriptions ---------------------------------------------------------------------

template <class S> struct leaf { const char* name; text S::*member; };
template <class S> struct opt_leaf { const char* name; opt_text S::*member; };
template <class S, class C> struct child { const char* name; C S::*member; };
template <class S, class C> struct opt_child { const char* name; std::optional<C> S::*member; };
// A repeated class inside a wrapper element (Relaties/Relatie); the wrapper is written iff the
// list is not empty.
template <class S, class C> struct list { const char* wrapper; const char* item; std::vector<C> S::*member; };
// RetourCodes/RetourCode, written iff not empty.
template <class S> struct retour_codes { codes S::*member; };

// desc<S>::basis: the children of S are in the basisschema namespace (S is a CDT_ type);
// desc<S>::fields(): the fields in schema order.
template <class S> struct desc;

#define IWMO_DESC(S, BASIS, ...)                                        \
  template <> struct desc<S> {                                          \
    static constexpr bool basis = BASIS;                                \
    static auto fields() { return std::make_tuple(__VA_ARGS__); }       \
  }

template <class S> leaf<S> f(const char* n, text S::*m) { return {n, m}; }
template <class S> opt_leaf<S> f(const char* n, opt_text S::*m) { return {n, m}; }
template <class S, class C> child<S, C> f(const char* n, C S::*m) { return {n, m}; }
template <class S, class C> opt_child<S, C> f(const char* n, std::optional<C> S::*m) { return {n, m}; }
template <class S, class C> list<S, C> f(const char* w, const char* i, std::vector<C> S::*m) { return {w, i, m}; }
template <class S> retour_codes<S> rc(codes S::*m) { return {m}; }

// Composite datatypes of the basisschema.
IWMO_DESC(bericht_identificatie, true, f("Identificatie", &bericht_identificatie::identificatie),
          f("Dagtekening", &bericht_identificatie::dagtekening));
IWMO_DESC(xsd_versie, true, f("BasisschemaXsdVersie", &xsd_versie::basisschema_xsd_versie),
          f("BerichtXsdVersie", &xsd_versie::bericht_xsd_versie));
IWMO_DESC(achternaam, true, f("Achternaam", &achternaam::achternaam), f("Voorvoegsel", &achternaam::voorvoegsel));
IWMO_DESC(volledige_naam, true, f("Geslachtsnaam", &volledige_naam::geslachtsnaam),
          f("Partnernaam", &volledige_naam::partnernaam), f("Voornamen", &volledige_naam::voornamen),
          f("Voorletters", &volledige_naam::voorletters), f("NaamGebruik", &volledige_naam::naam_gebruik));
IWMO_DESC(verkorte_naam, true, f("Geslachtsnaam", &verkorte_naam::geslachtsnaam),
          f("Voornamen", &verkorte_naam::voornamen), f("Voorletters", &verkorte_naam::voorletters));
IWMO_DESC(geboortedatum, true, f("Datum", &geboortedatum::datum), f("DatumGebruik", &geboortedatum::datum_gebruik));
IWMO_DESC(communicatie, true, f("Vorm", &communicatie::vorm), f("Taal", &communicatie::taal));
IWMO_DESC(verwijzer, true, f("Type", &verwijzer::type), f("Naam", &verwijzer::naam),
          f("ZorgverlenerCode", &verwijzer::zorgverlener_code));
IWMO_DESC(huis, true, f("Huisnummer", &huis::huisnummer), f("Huisletter", &huis::huisletter),
          f("HuisnummerToevoeging", &huis::huisnummer_toevoeging),
          f("AanduidingWoonadres", &huis::aanduiding_woonadres));
IWMO_DESC(adres, true, f("Huis", &adres::huis), f("Postcode", &adres::postcode), f("Straatnaam", &adres::straatnaam),
          f("Plaatsnaam", &adres::plaatsnaam), f("LandCode", &adres::land_code));
IWMO_DESC(telefoon, true, f("Telefoonnummer", &telefoon::telefoonnummer), f("Landnummer", &telefoon::landnummer));
IWMO_DESC(telefoonnummers, true, f("Telefoon01", &telefoonnummers::telefoon01),
          f("Telefoon02", &telefoonnummers::telefoon02));
IWMO_DESC(gesloten_periode, true, f("Begindatum", &gesloten_periode::begindatum),
          f("Einddatum", &gesloten_periode::einddatum));
IWMO_DESC(open_periode, true, f("Begindatum", &open_periode::begindatum), f("Einddatum", &open_periode::einddatum));
IWMO_DESC(product, true, f("Categorie", &product::categorie), f("Code", &product::code));
IWMO_DESC(omvang, true, f("Volume", &omvang::volume), f("Eenheid", &omvang::eenheid),
          f("Frequentie", &omvang::frequentie));
IWMO_DESC(referentie, true, f("ReferentieNummer", &referentie::referentie_nummer),
          f("VorigReferentieNummer", &referentie::vorig_referentie_nummer));
IWMO_DESC(bedrag_met_dc, true, f("Bedrag", &bedrag_met_dc::bedrag), f("DebetCredit", &bedrag_met_dc::debet_credit));
IWMO_DESC(totaal_bedrag_met_dc, true, f("TotaalBedrag", &totaal_bedrag_met_dc::totaal_bedrag),
          f("DebetCredit", &totaal_bedrag_met_dc::debet_credit));

// Headers.
IWMO_DESC(header, false, f("BerichtCode", &header::bericht_code), f("BerichtVersie", &header::bericht_versie),
          f("BerichtSubversie", &header::bericht_subversie), f("Afzender", &header::afzender),
          f("Ontvanger", &header::ontvanger), f("BerichtIdentificatie", &header::identificatie),
          f("XsdVersie", &header::xsd_versie));
IWMO_DESC(retour_header, false, f("BerichtCode", &retour_header::bericht_code),
          f("BerichtVersie", &retour_header::bericht_versie), f("BerichtSubversie", &retour_header::bericht_subversie),
          f("Afzender", &retour_header::afzender), f("Ontvanger", &retour_header::ontvanger),
          f("BerichtIdentificatie", &retour_header::identificatie), f("XsdVersie", &retour_header::xsd_versie),
          f("IdentificatieRetour", &retour_header::identificatie_retour),
          f("DagtekeningRetour", &retour_header::dagtekening_retour), f("XsltVersie", &retour_header::xslt_versie),
          f("XsdVersieRetour", &retour_header::xsd_versie_retour), rc(&retour_header::retour_codes));
IWMO_DESC(antwoord_header, false, f("BerichtCode", &antwoord_header::bericht_code),
          f("BerichtVersie", &antwoord_header::bericht_versie),
          f("BerichtSubversie", &antwoord_header::bericht_subversie), f("Afzender", &antwoord_header::afzender),
          f("Ontvanger", &antwoord_header::ontvanger), f("BerichtIdentificatie", &antwoord_header::identificatie),
          f("XsdVersie", &antwoord_header::xsd_versie),
          f("DeclaratieIdentificatie", &antwoord_header::declaratie_identificatie),
          f("XsltVersie", &antwoord_header::xslt_versie),
          f("XsdVersieDeclaratie", &antwoord_header::xsd_versie_declaratie), rc(&antwoord_header::retour_codes));

// Message classes.
IWMO_DESC(contact, false, f("Soort", &contact::soort), f("Adres", &contact::adres),
          f("Organisatie", &contact::organisatie), f("Telefoon", &contact::telefoon),
          f("Emailadres", &contact::emailadres), f("Periode", &contact::periode), rc(&contact::retour_codes));
IWMO_DESC(relatie, false, f("Nummer", &relatie::nummer), f("Volgorde", &relatie::volgorde), f("Soort", &relatie::soort),
          f("Geboortedatum", &relatie::geboortedatum), f("Geslacht", &relatie::geslacht), f("Naam", &relatie::naam),
          f("Contact", &relatie::contact), rc(&relatie::retour_codes));
IWMO_DESC(toegewezen_product, false, f("ToewijzingNummer", &toegewezen_product::toewijzing_nummer),
          f("ReferentieAanbieder", &toegewezen_product::referentie_aanbieder),
          f("Product", &toegewezen_product::product), f("Toewijzingsdatum", &toegewezen_product::toewijzingsdatum),
          f("Toewijzingstijd", &toegewezen_product::toewijzingstijd),
          f("Ingangsdatum", &toegewezen_product::ingangsdatum), f("Einddatum", &toegewezen_product::einddatum),
          f("RedenWijziging", &toegewezen_product::reden_wijziging), f("Omvang", &toegewezen_product::omvang),
          f("Budget", &toegewezen_product::budget), f("Commentaar", &toegewezen_product::commentaar),
          rc(&toegewezen_product::retour_codes));
IWMO_DESC(client_301, false, f("Bsn", &client_301::bsn), f("Geboortedatum", &client_301::geboortedatum),
          f("Geslacht", &client_301::geslacht), f("Naam", &client_301::naam),
          f("Communicatie", &client_301::communicatie), f("JuridischeStatus", &client_301::juridische_status),
          f("WettelijkeVertegenwoordiging", &client_301::wettelijke_vertegenwoordiging),
          f("Commentaar", &client_301::commentaar), f("Relaties", "Relatie", &client_301::relaties),
          f("Contactgegevens", "Contact", &client_301::contactgegevens),
          f("ToegewezenProducten", "ToegewezenProduct", &client_301::toegewezen_producten),
          rc(&client_301::retour_codes));
IWMO_DESC(start_product, false, f("ToewijzingNummer", &start_product::toewijzing_nummer),
          f("Product", &start_product::product), f("ToewijzingIngangsdatum", &start_product::toewijzing_ingangsdatum),
          f("Begindatum", &start_product::begindatum), f("StatusAanlevering", &start_product::status_aanlevering),
          rc(&start_product::retour_codes));
IWMO_DESC(client_305, false, f("Bsn", &client_305::bsn), f("Geboortedatum", &client_305::geboortedatum),
          f("Geslacht", &client_305::geslacht), f("Naam", &client_305::naam),
          f("StartProducten", "StartProduct", &client_305::start_producten), rc(&client_305::retour_codes));
IWMO_DESC(stop_product, false, f("ToewijzingNummer", &stop_product::toewijzing_nummer),
          f("Product", &stop_product::product), f("ToewijzingIngangsdatum", &stop_product::toewijzing_ingangsdatum),
          f("Begindatum", &stop_product::begindatum), f("RedenBeeindiging", &stop_product::reden_beeindiging),
          f("Einddatum", &stop_product::einddatum), f("StatusAanlevering", &stop_product::status_aanlevering),
          rc(&stop_product::retour_codes));
IWMO_DESC(client_307, false, f("Bsn", &client_307::bsn), f("Geboortedatum", &client_307::geboortedatum),
          f("Geslacht", &client_307::geslacht), f("Naam", &client_307::naam),
          f("StopProducten", "StopProduct", &client_307::stop_producten), rc(&client_307::retour_codes));
IWMO_DESC(aangevraagd_product, false, f("ReferentieAanbieder", &aangevraagd_product::referentie_aanbieder),
          f("BeschikkingNummer", &aangevraagd_product::beschikking_nummer),
          f("Product", &aangevraagd_product::product),
          f("BeschikkingIngangsdatum", &aangevraagd_product::beschikking_ingangsdatum),
          f("ToewijzingIngangsdatum", &aangevraagd_product::toewijzing_ingangsdatum),
          f("ToewijzingEinddatum", &aangevraagd_product::toewijzing_einddatum),
          f("Omvang", &aangevraagd_product::omvang), f("Budget", &aangevraagd_product::budget),
          f("Verwijzer", &aangevraagd_product::verwijzer), f("Raamcontract", &aangevraagd_product::raamcontract),
          f("Commentaar", &aangevraagd_product::commentaar), rc(&aangevraagd_product::retour_codes));
IWMO_DESC(client_315, false, f("Bsn", &client_315::bsn), f("Geboortedatum", &client_315::geboortedatum),
          f("Geslacht", &client_315::geslacht), f("Naam", &client_315::naam),
          f("GezagsdragerBekend", &client_315::gezagsdrager_bekend), f("Commentaar", &client_315::commentaar),
          f("AangevraagdeProducten", "AangevraagdProduct", &client_315::aangevraagde_producten),
          rc(&client_315::retour_codes));
IWMO_DESC(ongewijzigd_product, false, f("ToewijzingNummer", &ongewijzigd_product::toewijzing_nummer),
          rc(&ongewijzigd_product::retour_codes));
IWMO_DESC(te_wijzigen_product, false, f("ToewijzingNummer", &te_wijzigen_product::toewijzing_nummer),
          f("GewensteIngangsdatum", &te_wijzigen_product::gewenste_ingangsdatum),
          f("Einddatum", &te_wijzigen_product::einddatum), f("Omvang", &te_wijzigen_product::omvang),
          f("Budget", &te_wijzigen_product::budget), rc(&te_wijzigen_product::retour_codes));
IWMO_DESC(nieuw_product, false, f("Product", &nieuw_product::product),
          f("GewensteIngangsdatum", &nieuw_product::gewenste_ingangsdatum), f("Einddatum", &nieuw_product::einddatum),
          f("Omvang", &nieuw_product::omvang), f("Budget", &nieuw_product::budget), rc(&nieuw_product::retour_codes));
IWMO_DESC(verzoek, false, f("ReferentieAanbieder", &verzoek::referentie_aanbieder),
          f("RedenVerzoek", &verzoek::reden_verzoek),
          f("OngewijzigdeProducten", "OngewijzigdProduct", &verzoek::ongewijzigde_producten),
          f("TeWijzigenProducten", "TeWijzigenProduct", &verzoek::te_wijzigen_producten),
          f("NieuweProducten", "NieuwProduct", &verzoek::nieuwe_producten), rc(&verzoek::retour_codes));
IWMO_DESC(client_317, false, f("Bsn", &client_317::bsn), f("Verzoek", &client_317::verzoek),
          rc(&client_317::retour_codes));
IWMO_DESC(woonplaatsbeginsel, false, f("Gemeente", &woonplaatsbeginsel::gemeente),
          rc(&woonplaatsbeginsel::retour_codes));
IWMO_DESC(antwoord, false, f("ReferentieAanbieder", &antwoord::referentie_aanbieder),
          f("VerzoekAntwoord", &antwoord::verzoek_antwoord),
          f("RedenAfwijzingVerzoek", &antwoord::reden_afwijzing_verzoek),
          f("Woonplaatsbeginsel", &antwoord::woonplaatsbeginsel), rc(&antwoord::retour_codes));
IWMO_DESC(prestatie, false, f("ProductReferentie", &prestatie::product_referentie),
          f("ToewijzingNummer", &prestatie::toewijzing_nummer), f("ProductCategorie", &prestatie::product_categorie),
          f("ProductCode", &prestatie::product_code), f("ProductPeriode", &prestatie::product_periode),
          f("GeleverdVolume", &prestatie::geleverd_volume), f("Eenheid", &prestatie::eenheid),
          f("ProductTarief", &prestatie::product_tarief), f("IngediendBedrag", &prestatie::ingediend_bedrag),
          rc(&prestatie::retour_codes));
IWMO_DESC(declaratie_client, false, f("Bsn", &declaratie_client::bsn),
          f("Prestaties", "Prestatie", &declaratie_client::prestaties), rc(&declaratie_client::retour_codes));
IWMO_DESC(declaratie, false, f("DeclaratieNummer", &declaratie::declaratie_nummer),
          f("DeclaratiePeriode", &declaratie::declaratie_periode),
          f("DeclaratieDagtekening", &declaratie::declaratie_dagtekening),
          f("TotaalIngediendBedrag", &declaratie::totaal_ingediend_bedrag),
          f("Clienten", "Client", &declaratie::clienten));
IWMO_DESC(declaratie_antwoord, false, f("DeclaratieNummer", &declaratie_antwoord::declaratie_nummer),
          f("TotaalIngediendBedrag", &declaratie_antwoord::totaal_ingediend_bedrag),
          f("TotaalToegekendBedrag", &declaratie_antwoord::totaal_toegekend_bedrag),
          f("Clienten", "Client", &declaratie_antwoord::clienten), rc(&declaratie_antwoord::retour_codes));

// Messages: the root Bericht.
IWMO_DESC(wmo301, false, f("Header", &wmo301::header), f("Client", &wmo301::client));
IWMO_DESC(wmo302, false, f("Header", &wmo302::header), f("Client", &wmo302::client));
IWMO_DESC(wmo305, false, f("Header", &wmo305::header), f("Client", &wmo305::client));
IWMO_DESC(wmo306, false, f("Header", &wmo306::header), f("Client", &wmo306::client));
IWMO_DESC(wmo307, false, f("Header", &wmo307::header), f("Client", &wmo307::client));
IWMO_DESC(wmo308, false, f("Header", &wmo308::header), f("Client", &wmo308::client));
IWMO_DESC(wmo315, false, f("Header", &wmo315::header), f("Client", &wmo315::client));
IWMO_DESC(wmo316, false, f("Header", &wmo316::header), f("Client", &wmo316::client));
IWMO_DESC(wmo317, false, f("Header", &wmo317::header), f("Client", &wmo317::client));
IWMO_DESC(wmo318, false, f("Header", &wmo318::header), f("Client", &wmo318::client));
IWMO_DESC(wmo319, false, f("Header", &wmo319::header), f("Antwoord", &wmo319::antwoord));
IWMO_DESC(wmo320, false, f("Header", &wmo320::header), f("Antwoord", &wmo320::antwoord));
IWMO_DESC(wmo323, false, f("Header", &wmo323::header), f("Declaratie", &wmo323::declaratie));
IWMO_DESC(wmo325, false, f("Header", &wmo325::header), f("DeclaratieAntwoord", &wmo325::declaratie_antwoord));

#undef IWMO_DESC

// --- reading ------------------------------------------------------------------------------------

struct read_error {
  std::string text;
};

class cursor {
 public:
  explicit cursor(const element& e) : e_(e) {}
  const element* take(const char* name) {
    if (i_ < e_.children.size() && e_.children[i_].name == name) return &e_.children[i_++];
    return nullptr;
  }
  [[noreturn]] void missing(const char* name) const {
    throw read_error{fmt::format("line {}: <{}> lacks <{}>", e_.line, e_.name, name)};
  }
  void finish() const {
    if (i_ < e_.children.size()) {
      const auto& extra = e_.children[i_];
      throw read_error{fmt::format("line {}: unexpected <{}> in <{}>", extra.line, extra.name, e_.name)};
    }
  }

 private:
  const element& e_;
  std::size_t i_ = 0;
};

template <class S> void read_into(const element& e, S& s);

template <class S> void read_field(cursor& c, S& s, const leaf<S>& d) {
  if (const auto* x = c.take(d.name)) {
    s.*d.member = x->text;
  } else {
    c.missing(d.name);
  }
}
template <class S> void read_field(cursor& c, S& s, const opt_leaf<S>& d) {
  if (const auto* x = c.take(d.name)) s.*d.member = x->text;
}
template <class S, class C> void read_field(cursor& c, S& s, const child<S, C>& d) {
  if (const auto* x = c.take(d.name)) {
    read_into(*x, s.*d.member);
  } else {
    c.missing(d.name);
  }
}
template <class S, class C> void read_field(cursor& c, S& s, const opt_child<S, C>& d) {
  if (const auto* x = c.take(d.name)) read_into(*x, (s.*d.member).emplace());
}
template <class S, class C> void read_field(cursor& c, S& s, const list<S, C>& d) {
  const auto* wrapper = c.take(d.wrapper);
  if (wrapper == nullptr) return;
  cursor items(*wrapper);
  while (const auto* x = items.take(d.item)) read_into(*x, (s.*d.member).emplace_back());
  items.finish();
}
template <class S> void read_field(cursor& c, S& s, const retour_codes<S>& d) {
  const auto* wrapper = c.take("RetourCodes");
  if (wrapper == nullptr) return;
  cursor items(*wrapper);
  while (const auto* x = items.take("RetourCode")) (s.*d.member).push_back(x->text);
  items.finish();
}

template <class S> void read_into(const element& e, S& s) {
  cursor c(e);
  std::apply([&](const auto&... field) { (read_field(c, s, field), ...); }, desc<S>::fields());
  c.finish();
}

template <std::size_t I>
std::variant<message, std::string> read_as(std::size_t index, const element& root) {
  if constexpr (I < std::variant_size_v<message>) {
    if (index != I) return read_as<I + 1>(index, root);
    std::variant_alternative_t<I, message> m;
    read_into(root, m);
    return message{std::move(m)};
  } else {
    return std::string("unknown message type");
  }
}

// --- writing ------------------------------------------------------------------------------------

class writer {
 public:
  std::string out;
  std::string basis_prefix;  // "iwmo:" or "ijw:", bound to the basisschema namespace

  template <class S> void write_children(const S& s, int depth) {
    const char* prefix = desc<S>::basis ? basis_prefix.c_str() : "";
    std::apply([&](const auto&... field) { (write_field(s, field, prefix, depth), ...); }, desc<S>::fields());
  }

 private:
  void indent(int depth) { out.append(static_cast<std::size_t>(depth) * 2, ' '); }

  void escaped(std::string_view text) {
    for (const char c : text) {
      switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '\r': out += "&#13;"; break;
        default: out += c;
      }
    }
  }

  void leaf_element(const char* prefix, const char* name, const std::string& value, int depth) {
    indent(depth);
    out += fmt::format("<{}{}>", prefix, name);
    escaped(value);
    out += fmt::format("</{}{}>\n", prefix, name);
  }

  template <class C> void struct_element(const char* prefix, const char* name, const C& value, int depth) {
    indent(depth);
    out += fmt::format("<{}{}>\n", prefix, name);
    write_children(value, depth + 1);
    indent(depth);
    out += fmt::format("</{}{}>\n", prefix, name);
  }

  template <class S> void write_field(const S& s, const leaf<S>& d, const char* prefix, int depth) {
    leaf_element(prefix, d.name, s.*d.member, depth);
  }
  template <class S> void write_field(const S& s, const opt_leaf<S>& d, const char* prefix, int depth) {
    if (const auto& v = s.*d.member) leaf_element(prefix, d.name, *v, depth);
  }
  template <class S, class C> void write_field(const S& s, const child<S, C>& d, const char* prefix, int depth) {
    struct_element(prefix, d.name, s.*d.member, depth);
  }
  template <class S, class C> void write_field(const S& s, const opt_child<S, C>& d, const char* prefix, int depth) {
    if (const auto& v = s.*d.member) struct_element(prefix, d.name, *v, depth);
  }
  template <class S, class C> void write_field(const S& s, const list<S, C>& d, const char* prefix, int depth) {
    const auto& items = s.*d.member;
    if (items.empty()) return;
    indent(depth);
    out += fmt::format("<{}{}>\n", prefix, d.wrapper);
    for (const auto& item : items) struct_element("", d.item, item, depth + 1);
    indent(depth);
    out += fmt::format("</{}{}>\n", prefix, d.wrapper);
  }
  template <class S> void write_field(const S& s, const retour_codes<S>& d, const char* prefix, int depth) {
    const auto& items = s.*d.member;
    if (items.empty()) return;
    indent(depth);
    out += fmt::format("<{}RetourCodes>\n", prefix);
    for (const auto& code : items) leaf_element("", "RetourCode", code, depth + 1);
    indent(depth);
    out += fmt::format("</{}RetourCodes>\n", prefix);
  }
};

}  // namespace

std::variant<model::message, std::string> read_message(model::message_type type, const element& root) {
  if (root.name != "Bericht") return fmt::format("root element is <{}>, not <Bericht>", root.name);
  try {
    return read_as<0>(static_cast<std::size_t>(type), root);
  } catch (const read_error& e) {
    return e.text;
  }
}

std::string write_message(const model::message& message) {
  const auto& info = model::info_of(message);
  const auto prefix = info.std == model::standard::ijw_3_2 ? std::string_view("ijw") : std::string_view("iwmo");
  writer w;
  w.basis_prefix = fmt::format("{}:", prefix);
  w.out = fmt::format("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Bericht xmlns=\"{}\" xmlns:{}=\"{}\">\n",
                      info.target_namespace, prefix, model::info(info.std).basis_namespace);
  std::visit([&](const auto& m) { w.write_children(m, 1); }, message);
  w.out += "</Bericht>\n";
  return std::move(w.out);
}

}  // namespace iwmo::xml
