// StUF-GGK envelopes (docs/ggk.md): which message a Di01's referentienummer carried. The rows are
// written by the trigger of schema version 6 (schema.cpp), in the statement that stores the
// message; this file reads them.
#include "store/store.hpp"

namespace iwmo::store {

std::optional<ggk_envelope_row> database::ggk_envelope(std::string_view referentienummer) {
  query q(*db_,
          "SELECT g.referentienummer, g.message_id, g.zender, g.received_at, m.sha256, m.verdict "
          "FROM ggk_envelope g JOIN message m ON m.id = g.message_id WHERE g.referentienummer = ?");
  q.with(referentienummer);
  if (!q->step()) return std::nullopt;
  return ggk_envelope_row{q->text(0), q->integer(1), q->text(2), q->text(3), q->text(4), q->text(5)};
}

}  // namespace iwmo::store
