#include "model/records.hpp"

namespace iwmo::model::state {

bool toewijzing::deleted() const {
  // RedenWijziging 13 governs even without the Einddatum CS335 asks for (RULES.md A4); the
  // obsolete 01 only together with Einddatum = Ingangsdatum (§3.1 S2).
  if (reden_wijziging == "13") return true;
  return reden_wijziging == "01" && einddatum && *einddatum == ingangsdatum;
}

bool toewijzing::actueel(date r) const { return !deleted() && (!einddatum || *einddatum >= r); }

bool levering::same_start_key(const levering& o) const {
  return gemeente == o.gemeente && aanbieder == o.aanbieder && bsn == o.bsn &&
         toewijzing_nummer == o.toewijzing_nummer && categorie == o.categorie && code == o.code &&
         begindatum == o.begindatum;
}

bool levering::same_full_key(const levering& o) const {
  return soort == o.soort && same_start_key(o) && reden_beeindiging == o.reden_beeindiging && einddatum == o.einddatum;
}

}  // namespace iwmo::model::state

namespace iwmo::model {

std::string collapse(std::string_view text) {
  std::string out;
  bool pending = false;
  for (const char c : text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      pending = !out.empty();
      continue;
    }
    if (pending) out += ' ';
    pending = false;
    out += c;
  }
  return out;
}

}  // namespace iwmo::model
