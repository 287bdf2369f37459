#pragma once
// The StUF-GGK envelope (sectormodel GGK 0310, version 2.1.03): municipalities and providers
// exchange iWmo and iJw messages through a national hub, each message base64-encoded in a StUF
// Di01 ("heen") envelope, its answer in a Du01 ("retour") envelope, errors as a StUF Fo01.
// docs/ggk.md has the field mapping, the functie vocabulary and the error codes.
//
// This layer reads and checks an incoming Di01 (envelope schema, referentienummer, functie,
// size, payload type), and writes the Du01, the Fo01 and, for messages the gateway sends, a Di01.
// It knows nothing of the store and the pipeline: the caller runs the payload through the same
// pipeline as any other message and detects reused referentienummers with the store.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ggk/envelope_reader.hpp"
#include "model/message_type.hpp"
#include "xml/input_checks.hpp"

namespace iwmo::ggk {

// A sending or receiving system (StUF:Systeem). In a Di01 or Du01 the organisation is required:
// the CBS code of a gemeente or the AGB code of an aanbieder.
struct system {
  std::optional<std::string> organisatie;
  std::string applicatie;  // 3 to 50 characters
  std::optional<std::string> administratie;
  std::optional<std::string> gebruiker;
  friend bool operator==(const system&, const system&) = default;
};

// What the gateway calls itself when it has nothing better (a Fo01 to an unreadable envelope).
[[nodiscard]] system gateway_system();

struct stuurgegevens {
  std::string berichtcode;  // "Di01", "Du01"
  system zender;
  system ontvanger;
  std::string referentienummer;
  std::string tijdstip_bericht;
  std::optional<std::string> cross_refnummer;  // Du01
  std::string functie;                         // the message name: "WMO301", "JW301"
};

struct parameters {
  std::optional<std::string> referentienummer_bericht;
  std::optional<std::string> cross_refnummer_bericht;  // Du01
  std::string applicatie_versie, applicatie_subversie, functie_versie, functie_subversie;
  std::string content_type;                  // xmime:contentType of the payload
  std::optional<std::string> bestandsnaam;   // StUF:bestandsnaam of the payload
};

// A Di01 that passed every check of receive().
struct heen_envelope {
  stuurgegevens stuur;
  parameters params;
  std::string payload;                          // decoded
  const model::message_info* message = nullptr;  // what the functie names (and the payload is)
};

// The checks of an incoming envelope, each answered with its own Fo01 (docs/ggk.md).
enum class fault_kind : std::uint8_t {
  envelope_schema,   // StUF055: not well-formed, or not valid against the envelope schemas
  not_di01,          // StUF025: a valid envelope, but not a Di01
  referentienummer,  // GGK001: not a UUID version 4
  functie_unknown,   // StUF034: not the name of an iWmo 3.2 or iJw 3.2 message
  functie_not_heen,  // StUF037: a message that is not answered (a retour, a WMO325)
  functie_mismatch,  // GGK002: the payload is another message than the functie says
  too_large,         // GGK003: payload over 25 MB
  payload_schema,    // StUF055: the payload fails its iWmo/iJw schema (control level 1)
  duplicate,         // StUF016: referentienummer used before
  store_failed,      // StUF046: the database did not store it (try again)
  processing_failed, // StUF058: anything else on our side
};

struct fault {
  fault_kind kind = fault_kind::processing_failed;
  std::string_view code;      // StUF:code, at most 7 characters
  bool client = true;         // StUF:plek: the sender's error (client) or ours (server)
  std::string omschrijving;   // at most 200 characters
  std::string details;        // at most 1000 characters; empty: none
  unsigned http_status = 400;
};

// The catalogue entry of a kind, with details (cut to 1000 characters).
[[nodiscard]] fault make_fault(fault_kind kind, std::string_view details = {});

// Validation errors as one line for StUF:details: "line 3, column 7: ...; ...".
[[nodiscard]] std::string describe_errors(const std::vector<xml::diagnostic>& errors);

// 25 MB (OP179, xml::standard_max_bytes) of decoded payload. An envelope is read when it is at
// most 36 MiB: the payload in base64 (4/3 of 25 MiB, with line breaks) and the control data.
inline constexpr std::size_t max_payload_bytes = xml::standard_max_bytes;
inline constexpr std::size_t max_envelope_bytes = 36u * 1024u * 1024u;

// What receive() made of an envelope: the heen message, or the fault to answer. The addresses
// of the answer are there either way: taken from the envelope as far as it could be read and
// fits the Fo01's types, else the gateway and an unknown system.
struct receipt {
  std::optional<heen_envelope> heen;
  std::optional<fault> problem;
  system answer_from;     // the Di01's ontvanger
  system answer_to;       // the Di01's zender
  std::string cross_ref;  // the Di01's referentienummer; empty when unknown
};

// Every envelope-level check, in order: size, envelope schema, berichtcode, referentienummer,
// functie, payload size, payload type. The payload's own schema is the pipeline's.
[[nodiscard]] receipt receive(envelope_reader& reader, std::string_view bytes);

// The source under which the pipeline stores the payload of `heen`. The store derives the
// envelope's record from it, in the transaction that stores the message (schema version 6 in
// gateway/store/schema.cpp): "stuf-ggk:<referentienummer> <transport> zender=<organisatie>".
[[nodiscard]] std::string store_source(const heen_envelope& heen, std::string_view transport);

// The identity of an envelope the gateway writes.
struct outgoing {
  std::string referentienummer;  // new_referentienummer()
  std::string tijdstip;          // stuf_tijdstip(now)
};
[[nodiscard]] outgoing new_outgoing(std::chrono::system_clock::time_point now);

// A Du01 answering `heen` with `retour` (the retour or WMO325 the pipeline composed): zender and
// ontvanger swapped, crossRefnummer the Di01's referentienummer, functie the retour's name.
[[nodiscard]] std::string write_du01(const heen_envelope& heen, std::string_view retour,
                                     const model::message_info& retour_type, const outgoing& id);

// A StUF Fo01 about the envelope with referentienummer `cross_ref`.
[[nodiscard]] std::string write_fo01(const fault& f, const system& zender, const system& ontvanger,
                                     std::string_view cross_ref, const outgoing& id);
[[nodiscard]] std::string write_fo01(const fault& f, const receipt& about, const outgoing& id);

// A Di01 carrying a message the gateway sends to a party connected through the hub.
[[nodiscard]] std::string wrap(std::string_view message, const model::message_info& type, const system& zender,
                               const system& ontvanger, const outgoing& id);

// 8-4-4-4-12 hexadecimal digits (either case), version nibble 4, variant 8, 9, a or b.
[[nodiscard]] bool is_uuid_v4(std::string_view text);
// A random UUID version 4, lower case (boost::uuids::random_generator).
[[nodiscard]] std::string new_referentienummer();
// StUF:Tijdstip of a moment, in UTC with milliseconds: yyyymmddhhmmssmmm.
[[nodiscard]] std::string stuf_tijdstip(std::chrono::system_clock::time_point t);

// Base64 without line breaks (OpenSSL EVP_EncodeBlock).
[[nodiscard]] std::string encode_base64(std::string_view bytes);

}  // namespace iwmo::ggk
