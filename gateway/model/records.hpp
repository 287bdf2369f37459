#pragma once
// The state a receiver keeps about accepted messages (RULES.md §3.1), as typed records. Values
// are normalised for matching across messages: codes and references white-space collapsed,
// numbers and dates parsed (RULES.md A7).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/values.hpp"

namespace iwmo::model::state {

// One version of a toewijzing (S2): a ToegewezenProduct of an accepted WMO301.
struct toewijzing {
  std::int64_t id = 0;          // store id of the version
  std::int64_t message_id = 0;  // the WMO301 it came in
  std::string gemeente;
  std::string aanbieder;
  std::string bsn;
  std::int64_t nummer = 0;
  std::optional<std::string> referentie_aanbieder;
  std::optional<std::string> categorie;  // Product/Categorie; absent for a generic toewijzing
  std::optional<std::string> code;       // Product/Code; absent for aspecific and generic
  date toewijzingsdatum;
  std::string toewijzingstijd;  // hh:mm:ss as sent (orders versions with the date)
  date ingangsdatum;
  std::optional<date> einddatum;
  std::optional<std::string> reden_wijziging;
  std::optional<std::int64_t> volume;
  std::optional<model::eenheid> eenheid;
  std::optional<model::frequentie> frequentie;
  std::optional<cents> budget;

  [[nodiscard]] bool has_omvang() const { return volume && eenheid && frequentie; }
  // Sent in error: RedenWijziging 13 (RULES.md A4), or the obsolete 01 with Einddatum = Ingangsdatum.
  [[nodiscard]] bool deleted() const;
  // Current on reference date r (RULES.md §3.1 S2): not deleted and not ended before r.
  [[nodiscard]] bool actueel(date r) const;
};

// A start (WMO305) or stop (WMO307) line in force (S3).
struct levering {
  enum class kind : std::uint8_t { start, stop };
  std::int64_t id = 0;
  std::int64_t message_id = 0;
  kind soort = kind::start;
  std::string gemeente;
  std::string aanbieder;
  std::string bsn;
  std::optional<std::int64_t> toewijzing_nummer;
  std::optional<std::string> categorie;
  std::optional<std::string> code;
  std::optional<date> toewijzing_ingangsdatum;
  date begindatum;
  std::optional<std::string> reden_beeindiging;  // stops only
  std::optional<date> einddatum;                  // stops only

  // The key of a start, and of the start a stop refers to (RULES.md §3.2).
  [[nodiscard]] bool same_start_key(const levering& other) const;
  // The full key: the start key plus, for stops, RedenBeeindiging and Einddatum.
  [[nodiscard]] bool same_full_key(const levering& other) const;
  [[nodiscard]] bool temporary() const { return reden_beeindiging == "20"; }
};

// A request item (S4): one AangevraagdProduct of a WMO315, or the Verzoek of a WMO317.
struct verzoek {
  enum class kind : std::uint8_t { toewijzing, wijziging };  // VOT item, VOW
  enum class phase : std::uint8_t { open, in_onderzoek, afgewezen, toegewezen };
  std::int64_t id = 0;
  std::int64_t message_id = 0;
  kind soort = kind::toewijzing;
  phase status = phase::open;
  std::string gemeente;
  std::string aanbieder;
  std::string bsn;
  std::string referentie_aanbieder;
  date dagtekening;

  [[nodiscard]] bool pending() const { return status == phase::open || status == phase::in_onderzoek; }
};

// An accepted answer to a request (S5).
struct antwoord {
  std::int64_t message_id = 0;
  std::string gemeente;
  std::string aanbieder;
  std::string referentie_aanbieder;
  std::string verzoek_antwoord;  // "1" refused, "2" under investigation
};

// A declared line of a processed WMO323 (S6), with its outcome.
struct prestatie {
  std::int64_t id = 0;
  std::int64_t declaratie_id = 0;
  std::string gemeente;
  std::string aanbieder;
  std::string bsn;
  std::string referentie_nummer;
  std::optional<std::string> vorig_referentie_nummer;
  std::int64_t toewijzing_nummer = 0;
  std::string categorie;
  std::string code;
  date begindatum;
  date einddatum;
  std::int64_t volume = 0;
  model::eenheid eenheid = model::eenheid::uur;
  std::optional<cents> tarief;
  cents bedrag = 0;
  debet_credit dc = debet_credit::debet;
  bool approved = false;
  std::vector<std::string> codes;  // retourcodes of a rejected line
  bool credited = false;           // an approved credit reverses this approved debit

  [[nodiscard]] cents signed_bedrag() const { return signed_amount(bedrag, dc); }
};

// A processed WMO323 (S6).
struct declaratie {
  std::int64_t id = 0;
  std::int64_t message_id = 0;
  std::string gemeente;
  std::string aanbieder;
  std::string nummer;
  date periode_begin;
  date periode_eind;
  cents ingediend = 0;   // signed
  cents toegekend = 0;   // signed
};

}  // namespace iwmo::model::state

namespace iwmo::model {
// White space collapsed (XPath normalize-space), for codes and references.
[[nodiscard]] std::string collapse(std::string_view text);
}  // namespace iwmo::model
