#pragma once
// The state of earlier accepted messages, as the level-3 rules need it (RULES.md §3.1). The
// store implements it with SQL; the rules only read it. Lookups are scoped to one municipality
// (and, where the rule says so, one provider), as a receiver only knows its own traffic.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/message_type.hpp"
#include "model/records.hpp"

namespace iwmo::rules {

class history {
 public:
  virtual ~history() = default;

  // S7, TR056: the sender used this Identificatie for this message type before.
  [[nodiscard]] virtual bool identificatie_used(std::string_view sender, model::message_type type,
                                                std::string_view identificatie) const = 0;

  // S2: the current version of a toewijzing (latest Toewijzingsdatum + Toewijzingstijd).
  [[nodiscard]] virtual std::optional<model::state::toewijzing> current_toewijzing(std::string_view gemeente,
                                                                            std::int64_t nummer) const = 0;
  // The current version of every toewijzing of a client with a provider.
  [[nodiscard]] virtual std::vector<model::state::toewijzing> current_toewijzingen(std::string_view gemeente,
                                                                            std::string_view aanbieder,
                                                                            std::string_view bsn) const = 0;

  // S3: start and stop lines in force for a client of a provider.
  [[nodiscard]] virtual std::vector<model::state::levering> leveringen(std::string_view gemeente, std::string_view aanbieder,
                                                                std::string_view bsn) const = 0;

  // S4: a request item of a provider by its ReferentieAanbieder (any municipality), and the
  // items of a client.
  [[nodiscard]] virtual std::optional<model::state::verzoek> verzoek(std::string_view aanbieder,
                                                              std::string_view referentie) const = 0;
  [[nodiscard]] virtual std::vector<model::state::verzoek> verzoeken(std::string_view gemeente, std::string_view aanbieder,
                                                              std::string_view bsn) const = 0;
  // S5: accepted answers to a request.
  [[nodiscard]] virtual std::vector<model::state::antwoord> antwoorden(std::string_view gemeente, std::string_view aanbieder,
                                                                std::string_view referentie) const = 0;
  // TR359: an accepted WMO301 from the municipality honoured this request.
  [[nodiscard]] virtual bool toegewezen_op_verzoek(std::string_view gemeente, std::string_view aanbieder,
                                                   std::string_view referentie) const = 0;

  // S6: declarations and their lines.
  [[nodiscard]] virtual bool declaratie_nummer_used(std::string_view gemeente, std::string_view aanbieder,
                                                    std::string_view nummer) const = 0;
  [[nodiscard]] virtual std::optional<model::date> latest_declaratie_periode(std::string_view gemeente,
                                                                             std::string_view aanbieder) const = 0;
  [[nodiscard]] virtual std::optional<model::state::prestatie> prestatie(std::string_view gemeente, std::string_view aanbieder,
                                                                  std::string_view referentie_nummer) const = 0;
  // Approved debit lines on a toewijzing, with their `credited` flag.
  [[nodiscard]] virtual std::vector<model::state::prestatie> approved_debits(std::string_view gemeente,
                                                                      std::int64_t toewijzing_nummer) const = 0;
};

}  // namespace iwmo::rules
