#include "ggk/envelope.hpp"

#include <algorithm>
#include <array>
#include <ctime>

#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/uuid_io.hpp>
#include <fmt/format.h>
#include <openssl/evp.h>

namespace iwmo::ggk {
namespace {

struct catalogue_entry {
  fault_kind kind;
  std::string_view code;
  bool client;
  unsigned http_status;
  std::string_view omschrijving;
};

// The StUF 03.01 codes where one fits (with StUF's own omschrijving where it says it all), the
// sectormodel's own "GGK" codes for the profile's checks StUF has none for. docs/ggk.md.
constexpr std::array catalogue = {
    catalogue_entry{fault_kind::envelope_schema, "StUF055", true, 400,
                    "Envelop niet conform schema StUF-GGK ggk0310 2.1.03"},
    catalogue_entry{fault_kind::not_di01, "StUF025", false, 400, "Berichtcode niet ondersteund: alleen Di01"},
    catalogue_entry{fault_kind::referentienummer, "GGK001", true, 400, "Referentienummer is geen UUID versie 4"},
    catalogue_entry{fault_kind::functie_unknown, "StUF034", true, 400, "Functie onbekend binnen sectormodel"},
    catalogue_entry{fault_kind::functie_not_heen, "StUF037", false, 400,
                    "Functie niet ondersteund: een Di01 draagt een heenbericht"},
    catalogue_entry{fault_kind::functie_mismatch, "GGK002", true, 400, "Functie komt niet overeen met het bericht"},
    catalogue_entry{fault_kind::too_large, "GGK003", true, 413, "Bericht groter dan 25 MB"},
    catalogue_entry{fault_kind::payload_schema, "StUF055", true, 400, "Berichtbody is niet conform schema in sectormodel"},
    catalogue_entry{fault_kind::duplicate, "StUF016", true, 409, "Combinatie zender en referentienummer niet uniek"},
    catalogue_entry{fault_kind::store_failed, "StUF046", false, 503, "Opslaan bericht niet mogelijk"},
    catalogue_entry{fault_kind::processing_failed, "StUF058", false, 500, "Proces voor afhandelen bericht geeft fout"},
};

constexpr std::size_t max_omschrijving = 200;
constexpr std::size_t max_details = 1000;

// Characters of valid UTF-8 (xs:string lengths count characters, not bytes).
std::size_t char_count(std::string_view s) {
  return static_cast<std::size_t>(std::ranges::count_if(s, [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// The first `max` characters, cut at a character boundary, "..." marking the cut.
std::string cut(std::string_view s, std::size_t max) {
  if (char_count(s) <= max) return std::string(s);
  std::size_t chars = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (chars == max - 3) return std::string(s.substr(0, i)) + "...";
    ++chars;
  }
  return std::string(s);
}

std::string escape(std::string_view s, bool attribute) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '\r': out += "&#13;"; break;
      case '"': out += attribute ? "&quot;" : "\""; break;
      case '\n': out += attribute ? "&#10;" : "\n"; break;
      case '\t': out += attribute ? "&#9;" : "\t"; break;
      default: out += c;
    }
  }
  return out;
}

// The values of a system in an envelope, if they are there and fit StUF:Systeem.
std::optional<system> system_at(const envelope_document& doc, std::string_view path) {
  const auto* applicatie = doc.value(fmt::format("{}/applicatie", path));
  if (applicatie == nullptr) return std::nullopt;
  const auto n = char_count(*applicatie);
  if (n < 3 || n > 50) return std::nullopt;
  system s;
  s.applicatie = *applicatie;
  const auto optional = [&](std::string_view field, std::size_t max) -> std::optional<std::string> {
    const auto* v = doc.value(fmt::format("{}/{}", path, field));
    if (v == nullptr || char_count(*v) > max) return std::nullopt;
    return *v;
  };
  s.organisatie = optional("organisatie", 200);
  s.administratie = optional("administratie", 50);
  s.gebruiker = optional("gebruiker", 100);
  return s;
}

std::string text_of(const envelope_document& doc, std::string_view path) {
  const auto* v = doc.value(path);
  return v == nullptr ? std::string() : *v;
}

std::optional<std::string> optional_of(const envelope_document& doc, std::string_view path) {
  const auto* v = doc.value(path);
  return v == nullptr ? std::nullopt : std::optional<std::string>(*v);
}

system system_of(const envelope_document& doc, std::string_view path) {
  return system{optional_of(doc, fmt::format("{}/organisatie", path)), text_of(doc, fmt::format("{}/applicatie", path)),
                optional_of(doc, fmt::format("{}/administratie", path)), optional_of(doc, fmt::format("{}/gebruiker", path))};
}

// StUF:Versienr of a release "iWmo 3.2": major "0003", minor "0002".
std::pair<std::string, std::string> release_versions(const model::message_info& m) {
  const auto& name = model::info(m.std).name;
  const auto version = name.substr(name.rfind(' ') + 1);
  const auto dot = version.find('.');
  const auto part = [](std::string_view digits) {
    const bool ok = !digits.empty() && digits.size() <= 4 && std::ranges::all_of(digits, [](char c) { return c >= '0' && c <= '9'; });
    return ok ? std::string(4 - digits.size(), '0') + std::string(digits) : std::string("0000");
  };
  if (dot == std::string_view::npos) return {part(version), "0000"};
  return {part(version.substr(0, dot)), part(version.substr(dot + 1))};
}

// applicatieVersie and applicatieSubversie: the gateway's own (0.1).
constexpr std::string_view application_version = "0000";
constexpr std::string_view application_subversion = "0001";

void write_system(std::string& out, std::string_view element, const system& s) {
  out += fmt::format("    <StUF:{}>\n", element);
  if (s.organisatie) out += fmt::format("      <StUF:organisatie>{}</StUF:organisatie>\n", escape(*s.organisatie, false));
  out += fmt::format("      <StUF:applicatie>{}</StUF:applicatie>\n", escape(s.applicatie, false));
  if (s.administratie) out += fmt::format("      <StUF:administratie>{}</StUF:administratie>\n", escape(*s.administratie, false));
  if (s.gebruiker) out += fmt::format("      <StUF:gebruiker>{}</StUF:gebruiker>\n", escape(*s.gebruiker, false));
  out += fmt::format("    </StUF:{}>\n", element);
}

void write_payload(std::string& out, std::string_view message, const model::message_info& type) {
  const auto [major, minor] = release_versions(type);
  out += fmt::format("    <GGK:applicatieVersie>{}</GGK:applicatieVersie>\n", application_version);
  out += fmt::format("    <GGK:applicatieSubversie>{}</GGK:applicatieSubversie>\n", application_subversion);
  out += fmt::format("    <GGK:functieVersie>{}</GGK:functieVersie>\n", major);
  out += fmt::format("    <GGK:functieSubversie>{}</GGK:functieSubversie>\n", minor);
  out += fmt::format("    <GGK:bericht xmime:contentType=\"application/xml\" StUF:bestandsnaam=\"{}.xml\">", type.name);
  out += encode_base64(message);
  out += "</GGK:bericht>\n";
}

constexpr std::string_view envelope_namespaces =
    "xmlns:GGK=\"http://www.stufstandaarden.nl/sectormodel/ggk/0210\" xmlns:StUF=\"http://www.egem.nl/StUF/StUF0301\" "
    "xmlns:xmime=\"http://www.w3.org/2005/05/xmlmime\"";

}  // namespace

std::string describe_errors(const std::vector<xml::diagnostic>& errors) {
  std::string out;
  for (const auto& e : errors) {
    if (!out.empty()) out += "; ";
    out += e.line > 0 ? fmt::format("line {}, column {}: {}", e.line, e.column, e.text) : e.text;
    if (char_count(out) > max_details) break;
  }
  return out;
}

system gateway_system() { return system{std::nullopt, "iwmo-gateway", std::nullopt, std::nullopt}; }

fault make_fault(fault_kind kind, std::string_view details) {
  const auto it = std::ranges::find(catalogue, kind, &catalogue_entry::kind);
  fault f;
  f.kind = kind;
  f.code = it->code;
  f.client = it->client;
  f.http_status = it->http_status;
  f.omschrijving = cut(it->omschrijving, max_omschrijving);
  f.details = cut(details, max_details);
  return f;
}

receipt receive(envelope_reader& reader, std::string_view bytes) {
  receipt r;
  r.answer_from = gateway_system();
  r.answer_to = system{std::nullopt, "onbekend", std::nullopt, std::nullopt};
  const auto refuse = [&](fault_kind kind, std::string_view details) {
    r.problem = make_fault(kind, details);
    return r;
  };
  if (bytes.size() > max_envelope_bytes) {
    return refuse(fault_kind::too_large,
                  fmt::format("the envelope is {} bytes; at most {} are read", bytes.size(), max_envelope_bytes));
  }
  const auto doc = reader.read(bytes, max_envelope_bytes);
  if (auto from = system_at(doc, "stuurgegevens/ontvanger")) r.answer_from = std::move(*from);
  if (auto to = system_at(doc, "stuurgegevens/zender")) r.answer_to = std::move(*to);
  if (const auto* ref = doc.value("stuurgegevens/referentienummer"); ref != nullptr && char_count(*ref) <= 40) r.cross_ref = *ref;
  if (!doc.valid) return refuse(fault_kind::envelope_schema, describe_errors(doc.errors));
  if (doc.root_namespace != ggk_namespace || doc.root != "envelopHeenbericht-ggk_Di01") {
    return refuse(fault_kind::not_di01, fmt::format("the envelope is a {}; this endpoint receives envelopHeenbericht-ggk_Di01",
                                                    doc.root));
  }

  heen_envelope heen;
  heen.stuur.berichtcode = text_of(doc, "stuurgegevens/berichtcode");
  heen.stuur.zender = system_of(doc, "stuurgegevens/zender");
  heen.stuur.ontvanger = system_of(doc, "stuurgegevens/ontvanger");
  heen.stuur.referentienummer = text_of(doc, "stuurgegevens/referentienummer");
  heen.stuur.tijdstip_bericht = text_of(doc, "stuurgegevens/tijdstipBericht");
  heen.stuur.functie = text_of(doc, "stuurgegevens/functie");
  heen.params.referentienummer_bericht = optional_of(doc, "parameters/referentienummerBericht");
  heen.params.applicatie_versie = text_of(doc, "parameters/applicatieVersie");
  heen.params.applicatie_subversie = text_of(doc, "parameters/applicatieSubversie");
  heen.params.functie_versie = text_of(doc, "parameters/functieVersie");
  heen.params.functie_subversie = text_of(doc, "parameters/functieSubversie");
  heen.params.content_type = text_of(doc, "parameters/bericht@contentType");
  heen.params.bestandsnaam = optional_of(doc, "parameters/bericht@bestandsnaam");

  if (!is_uuid_v4(heen.stuur.referentienummer)) {
    return refuse(fault_kind::referentienummer,
                  fmt::format("referentienummer '{}' is not a UUID version 4 (8-4-4-4-12 hexadecimal digits, version 4, "
                              "variant 8, 9, a or b)",
                              cut(heen.stuur.referentienummer, 40)));
  }
  const auto* message = model::message_from_name(heen.stuur.functie);
  if (message == nullptr) {
    return refuse(fault_kind::functie_unknown,
                  fmt::format("functie '{}' is not the name of an iWmo 3.2 or iJw 3.2 message (WMO301, JW301, ...)",
                              heen.stuur.functie));
  }
  if (!message->is_heen) {
    return refuse(fault_kind::functie_not_heen,
                  fmt::format("{} is an answer; a Di01 carries a heen message, whose answer comes back in the Du01",
                              message->name));
  }
  auto payload = envelope_reader::decode_base64(text_of(doc, "parameters/bericht"));
  if (!payload) return refuse(fault_kind::envelope_schema, "parameters/bericht is not base64");
  if (payload->size() > max_payload_bytes) {
    return refuse(fault_kind::too_large, fmt::format("the message is {} bytes; the standard allows {} (25 MB)",
                                                     payload->size(), max_payload_bytes));
  }
  if (const auto* actual = reader.message_of(*payload); actual != nullptr && actual != message) {
    return refuse(fault_kind::functie_mismatch,
                  fmt::format("functie is {}, the message in the envelope is a {}", message->name, actual->name));
  }
  heen.payload = std::move(*payload);
  heen.message = message;
  r.heen = std::move(heen);
  return r;
}

std::string store_source(const heen_envelope& heen, std::string_view transport) {
  return fmt::format("stuf-ggk:{} {} zender={}", heen.stuur.referentienummer, transport,
                     heen.stuur.zender.organisatie.value_or(""));
}

outgoing new_outgoing(std::chrono::system_clock::time_point now) { return outgoing{new_referentienummer(), stuf_tijdstip(now)}; }

std::string write_du01(const heen_envelope& heen, std::string_view retour, const model::message_info& retour_type,
                       const outgoing& id) {
  std::string out;
  out.reserve(retour.size() * 4 / 3 + 2048);
  out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<GGK:envelopRetourbericht-ggk_Du01 {}>\n", envelope_namespaces);
  out += "  <GGK:stuurgegevens>\n";
  out += "    <StUF:berichtcode>Du01</StUF:berichtcode>\n";
  write_system(out, "zender", heen.stuur.ontvanger);
  write_system(out, "ontvanger", heen.stuur.zender);
  out += fmt::format("    <StUF:referentienummer>{}</StUF:referentienummer>\n", escape(id.referentienummer, false));
  out += fmt::format("    <StUF:tijdstipBericht>{}</StUF:tijdstipBericht>\n", escape(id.tijdstip, false));
  out += fmt::format("    <StUF:crossRefnummer>{}</StUF:crossRefnummer>\n", escape(heen.stuur.referentienummer, false));
  out += fmt::format("    <StUF:functie>{}</StUF:functie>\n", retour_type.name);
  out += "  </GGK:stuurgegevens>\n";
  out += "  <GGK:parameters>\n";
  if (heen.params.referentienummer_bericht) {
    out += fmt::format("    <GGK:crossRefnummerBericht>{}</GGK:crossRefnummerBericht>\n",
                       escape(*heen.params.referentienummer_bericht, false));
  }
  write_payload(out, retour, retour_type);
  out += "  </GGK:parameters>\n";
  out += "</GGK:envelopRetourbericht-ggk_Du01>\n";
  return out;
}

std::string write_fo01(const fault& f, const system& zender, const system& ontvanger, std::string_view cross_ref,
                       const outgoing& id) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<StUF:Fo01Bericht xmlns:StUF=\"http://www.egem.nl/StUF/StUF0301\">\n";
  out += "  <StUF:stuurgegevens>\n";
  out += "    <StUF:berichtcode>Fo01</StUF:berichtcode>\n";
  write_system(out, "zender", zender);
  write_system(out, "ontvanger", ontvanger);
  out += fmt::format("    <StUF:referentienummer>{}</StUF:referentienummer>\n", escape(id.referentienummer, false));
  out += fmt::format("    <StUF:tijdstipBericht>{}</StUF:tijdstipBericht>\n", escape(id.tijdstip, false));
  out += fmt::format("    <StUF:crossRefnummer>{}</StUF:crossRefnummer>\n", escape(cut(cross_ref, 40), false));
  out += "  </StUF:stuurgegevens>\n";
  out += "  <StUF:body>\n";
  out += fmt::format("    <StUF:code>{}</StUF:code>\n", f.code);
  out += fmt::format("    <StUF:plek>{}</StUF:plek>\n", f.client ? "client" : "server");
  out += fmt::format("    <StUF:omschrijving>{}</StUF:omschrijving>\n", escape(cut(f.omschrijving, max_omschrijving), false));
  if (!f.details.empty()) out += fmt::format("    <StUF:details>{}</StUF:details>\n", escape(cut(f.details, max_details), false));
  out += "  </StUF:body>\n";
  out += "</StUF:Fo01Bericht>\n";
  return out;
}

std::string write_fo01(const fault& f, const receipt& about, const outgoing& id) {
  return write_fo01(f, about.answer_from, about.answer_to, about.cross_ref, id);
}

std::string wrap(std::string_view message, const model::message_info& type, const system& zender, const system& ontvanger,
                 const outgoing& id) {
  std::string out;
  out.reserve(message.size() * 4 / 3 + 2048);
  out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<GGK:envelopHeenbericht-ggk_Di01 {}>\n", envelope_namespaces);
  out += "  <GGK:stuurgegevens>\n";
  out += "    <StUF:berichtcode>Di01</StUF:berichtcode>\n";
  write_system(out, "zender", zender);
  write_system(out, "ontvanger", ontvanger);
  out += fmt::format("    <StUF:referentienummer>{}</StUF:referentienummer>\n", escape(id.referentienummer, false));
  out += fmt::format("    <StUF:tijdstipBericht>{}</StUF:tijdstipBericht>\n", escape(id.tijdstip, false));
  out += fmt::format("    <StUF:functie>{}</StUF:functie>\n", type.name);
  out += "  </GGK:stuurgegevens>\n";
  out += "  <GGK:parameters>\n";
  write_payload(out, message, type);
  out += "  </GGK:parameters>\n";
  out += "</GGK:envelopHeenbericht-ggk_Di01>\n";
  return out;
}

bool is_uuid_v4(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  const char variant = text[19];
  return text[14] == '4' && (variant == '8' || variant == '9' || variant == 'a' || variant == 'b' || variant == 'A' ||
                             variant == 'B');
}

std::string new_referentienummer() {
  thread_local boost::uuids::random_generator generate;  // one per thread: it is not thread-safe
  return boost::uuids::to_string(generate());
}

std::string stuf_tijdstip(std::chrono::system_clock::time_point t) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return fmt::format("{:04}{:02}{:02}{:02}{:02}{:02}{:03}", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour,
                     utc.tm_min, utc.tm_sec, static_cast<int>(ms % 1000));
}

std::string encode_base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

}  // namespace iwmo::ggk
