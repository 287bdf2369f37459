#pragma once
// The 14 messages of iWmo 3.2 and iJw 3.2 as plain structs, one member per element, in schema
// order. Both standards share one structure per message number (WMO301 and JW301 are `wmo301`);
// the few iJw-only elements are optional members that stay empty in iWmo messages.
//
// Every value is kept as the exact text of the element (`text`, after XML parsing: entities
// resolved, line ends normalised). The standard's content rules are defined on that text —
// duplicate keys compare raw text (TR101), totals compare canonical number text (TR358) — and
// a message written back is then the message that was received. values.hpp turns text into
// dates, amounts and codes.
//
// Classes that carry verdict codes in an answer (Client, Relatie, Contact, the product
// classes, Verzoek, Antwoord, Prestatie, DeclaratieAntwoord) have a `retour_codes` member.
// It is empty in heen messages and filled in retour messages and the WMO325.
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "model/message_type.hpp"

namespace iwmo::model {

using text = std::string;
using opt_text = std::optional<std::string>;
using codes = std::vector<std::string>;

// --- composite datatypes of the basisschema ------------------------------------------------

struct bericht_identificatie {
  text identificatie;
  text dagtekening;
  friend bool operator==(const bericht_identificatie&, const bericht_identificatie&) = default;
};

struct xsd_versie {
  text basisschema_xsd_versie;
  text bericht_xsd_versie;
  friend bool operator==(const xsd_versie&, const xsd_versie&) = default;
};

struct achternaam {
  text achternaam;
  opt_text voorvoegsel;
  friend bool operator==(const model::achternaam&, const model::achternaam&) = default;
};

struct volledige_naam {
  achternaam geslachtsnaam;
  std::optional<achternaam> partnernaam;
  opt_text voornamen;
  opt_text voorletters;
  text naam_gebruik;
  friend bool operator==(const volledige_naam&, const volledige_naam&) = default;
};

struct verkorte_naam {
  achternaam geslachtsnaam;
  opt_text voornamen;
  opt_text voorletters;
  friend bool operator==(const verkorte_naam&, const verkorte_naam&) = default;
};

struct geboortedatum {
  text datum;
  opt_text datum_gebruik;
  friend bool operator==(const geboortedatum&, const geboortedatum&) = default;
};

struct communicatie {
  text vorm;
  opt_text taal;
  friend bool operator==(const communicatie&, const communicatie&) = default;
};

struct verwijzer {
  text type;
  opt_text naam;
  opt_text zorgverlener_code;
  friend bool operator==(const verwijzer&, const verwijzer&) = default;
};

struct huis {
  text huisnummer;
  opt_text huisletter;
  opt_text huisnummer_toevoeging;
  opt_text aanduiding_woonadres;
  friend bool operator==(const huis&, const huis&) = default;
};

struct adres {
  std::optional<model::huis> huis;
  opt_text postcode;
  opt_text straatnaam;
  opt_text plaatsnaam;
  opt_text land_code;
  friend bool operator==(const adres&, const adres&) = default;
};

struct telefoon {
  text telefoonnummer;
  text landnummer;
  friend bool operator==(const telefoon&, const telefoon&) = default;
};

struct telefoonnummers {
  telefoon telefoon01;
  std::optional<telefoon> telefoon02;
  friend bool operator==(const telefoonnummers&, const telefoonnummers&) = default;
};

struct gesloten_periode {
  text begindatum;
  text einddatum;
  friend bool operator==(const gesloten_periode&, const gesloten_periode&) = default;
};

struct open_periode {
  opt_text begindatum;
  opt_text einddatum;
  friend bool operator==(const open_periode&, const open_periode&) = default;
};

struct product {
  text categorie;
  opt_text code;
  friend bool operator==(const product&, const product&) = default;
};

struct omvang {
  text volume;
  text eenheid;
  text frequentie;
  friend bool operator==(const omvang&, const omvang&) = default;
};

struct referentie {
  text referentie_nummer;
  opt_text vorig_referentie_nummer;
  friend bool operator==(const referentie&, const referentie&) = default;
};

struct bedrag_met_dc {
  text bedrag;
  text debet_credit;
  friend bool operator==(const bedrag_met_dc&, const bedrag_met_dc&) = default;
};

struct totaal_bedrag_met_dc {
  text totaal_bedrag;
  text debet_credit;
  friend bool operator==(const totaal_bedrag_met_dc&, const totaal_bedrag_met_dc&) = default;
};

// --- headers ---------------------------------------------------------------------------------

// Header of a heen message (301, 305, 307, 315, 317, 319, 323).
struct header {
  text bericht_code;
  text bericht_versie;
  text bericht_subversie;
  text afzender;
  text ontvanger;
  bericht_identificatie identificatie;
  model::xsd_versie xsd_versie;
  friend bool operator==(const header&, const header&) = default;
};

// Header of a retour message (302, 306, 308, 316, 318, 320): the heen header plus the retour's
// own identification, versions and header-level codes.
struct retour_header {
  text bericht_code;
  text bericht_versie;
  text bericht_subversie;
  text afzender;
  text ontvanger;
  bericht_identificatie identificatie;
  model::xsd_versie xsd_versie;
  text identificatie_retour;
  text dagtekening_retour;
  opt_text xslt_versie;
  model::xsd_versie xsd_versie_retour;
  codes retour_codes;
  friend bool operator==(const retour_header&, const retour_header&) = default;
};

// Header of the WMO325.
struct antwoord_header {
  text bericht_code;
  text bericht_versie;
  text bericht_subversie;
  text afzender;
  text ontvanger;
  bericht_identificatie identificatie;
  model::xsd_versie xsd_versie;
  bericht_identificatie declaratie_identificatie;
  opt_text xslt_versie;
  model::xsd_versie xsd_versie_declaratie;
  codes retour_codes;
  friend bool operator==(const antwoord_header&, const antwoord_header&) = default;
};

// --- WMO301 / WMO302 ---------------------------------------------------------------------------

struct contact {
  text soort;
  std::optional<model::adres> adres;
  opt_text organisatie;
  std::optional<telefoonnummers> telefoon;
  opt_text emailadres;
  std::optional<open_periode> periode;
  codes retour_codes;
  friend bool operator==(const contact&, const contact&) = default;
};

struct relatie {
  text nummer;
  opt_text volgorde;
  text soort;
  std::optional<model::geboortedatum> geboortedatum;
  opt_text geslacht;
  volledige_naam naam;
  model::contact contact;
  codes retour_codes;
  friend bool operator==(const relatie&, const relatie&) = default;
};

struct toegewezen_product {
  text toewijzing_nummer;
  opt_text referentie_aanbieder;
  std::optional<model::product> product;
  text toewijzingsdatum;
  text toewijzingstijd;
  text ingangsdatum;
  opt_text einddatum;
  opt_text reden_wijziging;
  std::optional<model::omvang> omvang;
  opt_text budget;
  opt_text commentaar;
  codes retour_codes;
  friend bool operator==(const toegewezen_product&, const toegewezen_product&) = default;
};

struct client_301 {
  text bsn;
  model::geboortedatum geboortedatum;
  text geslacht;
  volledige_naam naam;
  std::optional<model::communicatie> communicatie;
  opt_text juridische_status;
  opt_text wettelijke_vertegenwoordiging;
  opt_text commentaar;
  std::vector<relatie> relaties;                 // the Relaties wrapper holds 1..n
  std::vector<contact> contactgegevens;          // 1..n
  std::vector<toegewezen_product> toegewezen_producten;  // 1..n
  codes retour_codes;
  friend bool operator==(const client_301&, const client_301&) = default;
};

// --- WMO305 / WMO306 and WMO307 / WMO308 ---------------------------------------------------------

struct start_product {
  opt_text toewijzing_nummer;
  std::optional<model::product> product;
  opt_text toewijzing_ingangsdatum;
  text begindatum;
  text status_aanlevering;
  codes retour_codes;
  friend bool operator==(const start_product&, const start_product&) = default;
};

struct client_305 {
  text bsn;
  model::geboortedatum geboortedatum;
  text geslacht;
  verkorte_naam naam;
  std::vector<start_product> start_producten;  // 1..n
  codes retour_codes;
  friend bool operator==(const client_305&, const client_305&) = default;
};

struct stop_product {
  opt_text toewijzing_nummer;
  std::optional<model::product> product;
  opt_text toewijzing_ingangsdatum;
  text begindatum;
  text reden_beeindiging;
  text einddatum;
  text status_aanlevering;
  codes retour_codes;
  friend bool operator==(const stop_product&, const stop_product&) = default;
};

struct client_307 {
  text bsn;
  model::geboortedatum geboortedatum;
  text geslacht;
  verkorte_naam naam;
  std::vector<stop_product> stop_producten;  // 1..n
  codes retour_codes;
  friend bool operator==(const client_307&, const client_307&) = default;
};

// --- WMO315 / WMO316 -------------------------------------------------------------------------------

struct aangevraagd_product {
  text referentie_aanbieder;
  opt_text beschikking_nummer;
  std::optional<model::product> product;
  opt_text beschikking_ingangsdatum;
  text toewijzing_ingangsdatum;
  opt_text toewijzing_einddatum;
  std::optional<model::omvang> omvang;
  opt_text budget;
  model::verwijzer verwijzer;
  opt_text raamcontract;
  opt_text commentaar;
  codes retour_codes;
  friend bool operator==(const aangevraagd_product&, const aangevraagd_product&) = default;
};

struct client_315 {
  text bsn;
  model::geboortedatum geboortedatum;
  text geslacht;
  verkorte_naam naam;
  opt_text gezagsdrager_bekend;  // iJw only (JW315/JW316): the provider knows who holds custody
  opt_text commentaar;
  std::vector<aangevraagd_product> aangevraagde_producten;  // 1..n
  codes retour_codes;
  friend bool operator==(const client_315&, const client_315&) = default;
};

// --- WMO317 / WMO318 -------------------------------------------------------------------------------

struct ongewijzigd_product {
  text toewijzing_nummer;
  codes retour_codes;
  friend bool operator==(const ongewijzigd_product&, const ongewijzigd_product&) = default;
};

struct te_wijzigen_product {
  text toewijzing_nummer;
  text gewenste_ingangsdatum;
  opt_text einddatum;
  std::optional<model::omvang> omvang;
  opt_text budget;
  codes retour_codes;
  friend bool operator==(const te_wijzigen_product&, const te_wijzigen_product&) = default;
};

struct nieuw_product {
  std::optional<model::product> product;
  text gewenste_ingangsdatum;
  opt_text einddatum;
  std::optional<model::omvang> omvang;
  opt_text budget;
  codes retour_codes;
  friend bool operator==(const nieuw_product&, const nieuw_product&) = default;
};

struct verzoek {
  text referentie_aanbieder;
  text reden_verzoek;
  std::vector<ongewijzigd_product> ongewijzigde_producten;  // wrapper present iff non-empty
  std::vector<te_wijzigen_product> te_wijzigen_producten;
  std::vector<nieuw_product> nieuwe_producten;
  codes retour_codes;
  friend bool operator==(const verzoek&, const verzoek&) = default;
};

struct client_317 {
  text bsn;
  model::verzoek verzoek;
  codes retour_codes;
  friend bool operator==(const client_317&, const client_317&) = default;
};

// --- WMO319 / WMO320 -------------------------------------------------------------------------------

// iJw only (JW319/JW320): the municipality responsible under the residence principle.
struct woonplaatsbeginsel {
  text gemeente;
  codes retour_codes;
  friend bool operator==(const woonplaatsbeginsel&, const woonplaatsbeginsel&) = default;
};

struct antwoord {
  text referentie_aanbieder;
  text verzoek_antwoord;
  opt_text reden_afwijzing_verzoek;
  std::optional<model::woonplaatsbeginsel> woonplaatsbeginsel;  // iJw only
  codes retour_codes;
  friend bool operator==(const antwoord&, const antwoord&) = default;
};

// --- WMO323 / WMO325 -------------------------------------------------------------------------------

struct prestatie {
  referentie product_referentie;
  text toewijzing_nummer;
  text product_categorie;
  text product_code;
  gesloten_periode product_periode;
  text geleverd_volume;
  text eenheid;
  opt_text product_tarief;
  bedrag_met_dc ingediend_bedrag;
  codes retour_codes;
  friend bool operator==(const prestatie&, const prestatie&) = default;
};

struct declaratie_client {
  text bsn;
  std::vector<prestatie> prestaties;  // 1..n
  codes retour_codes;
  friend bool operator==(const declaratie_client&, const declaratie_client&) = default;
};

struct declaratie {
  text declaratie_nummer;
  gesloten_periode declaratie_periode;
  text declaratie_dagtekening;
  totaal_bedrag_met_dc totaal_ingediend_bedrag;
  std::vector<declaratie_client> clienten;  // 1..n
  friend bool operator==(const declaratie&, const declaratie&) = default;
};

struct declaratie_antwoord {
  text declaratie_nummer;
  totaal_bedrag_met_dc totaal_ingediend_bedrag;
  totaal_bedrag_met_dc totaal_toegekend_bedrag;
  std::vector<declaratie_client> clienten;  // wrapper present iff non-empty
  codes retour_codes;
  friend bool operator==(const declaratie_antwoord&, const declaratie_antwoord&) = default;
};

// --- messages ----------------------------------------------------------------------------------------

struct wmo301 { model::header header; client_301 client; friend bool operator==(const wmo301&, const wmo301&) = default; };
struct wmo302 { model::retour_header header; std::optional<client_301> client; friend bool operator==(const wmo302&, const wmo302&) = default; };
struct wmo305 { model::header header; client_305 client; friend bool operator==(const wmo305&, const wmo305&) = default; };
struct wmo306 { model::retour_header header; std::optional<client_305> client; friend bool operator==(const wmo306&, const wmo306&) = default; };
struct wmo307 { model::header header; client_307 client; friend bool operator==(const wmo307&, const wmo307&) = default; };
struct wmo308 { model::retour_header header; std::optional<client_307> client; friend bool operator==(const wmo308&, const wmo308&) = default; };
struct wmo315 { model::header header; client_315 client; friend bool operator==(const wmo315&, const wmo315&) = default; };
struct wmo316 { model::retour_header header; std::optional<client_315> client; friend bool operator==(const wmo316&, const wmo316&) = default; };
struct wmo317 { model::header header; client_317 client; friend bool operator==(const wmo317&, const wmo317&) = default; };
struct wmo318 { model::retour_header header; std::optional<client_317> client; friend bool operator==(const wmo318&, const wmo318&) = default; };
struct wmo319 { model::header header; model::antwoord antwoord; friend bool operator==(const wmo319&, const wmo319&) = default; };
struct wmo320 { model::retour_header header; std::optional<model::antwoord> antwoord; friend bool operator==(const wmo320&, const wmo320&) = default; };
struct wmo323 { model::header header; model::declaratie declaratie; friend bool operator==(const wmo323&, const wmo323&) = default; };
struct wmo325 { model::antwoord_header header; std::optional<model::declaratie_antwoord> declaratie_antwoord; friend bool operator==(const wmo325&, const wmo325&) = default; };

// Alternatives in the order of message_type.
using message = std::variant<wmo301, wmo302, wmo305, wmo306, wmo307, wmo308, wmo315, wmo316, wmo317,
                             wmo318, wmo319, wmo320, wmo323, wmo325>;

[[nodiscard]] inline message_type type_of(const message& m) { return static_cast<message_type>(m.index()); }

// The header fields every message has.
struct common_header {
  const text* afzender;
  const text* ontvanger;
  const bericht_identificatie* identificatie;
  const xsd_versie* versions;
};
[[nodiscard]] common_header header_of(const message& m);

// The standard a message belongs to, read from its BerichtCode (iWmo when the code is not one
// of a known standard, as in a message still being composed).
[[nodiscard]] standard standard_of(const message& m);
// The catalogue entry of a message: its name in its own standard ("WMO301", "JW301").
[[nodiscard]] const message_info& info_of(const message& m);

}  // namespace iwmo::model
