#pragma once
// Control levels 3 and 4: the rules that compare a message with earlier messages (history) and
// with external sources (reference data), for the heen messages 301, 305, 307, 315, 317, 319
// and 323 (RULES.md §3). Run only on messages that passed the content rules.
//
// The result holds the findings, placed on the class that fails (or on the Header, or on the
// Declaratie), and the state change the message makes when it is accepted — for a WMO323 the
// outcome of every line. Nothing is written here: the store applies the change in the same
// transaction that stores the message and its answer.
#include <optional>
#include <string>
#include <vector>

#include "model/messages.hpp"
#include "model/records.hpp"
#include "rules/finding.hpp"
#include "rules/history.hpp"
#include "rules/reference.hpp"
#include "rules/registry.hpp"

namespace iwmo::rules {

struct state_delta {
  // WMO301: new toewijzing versions, and the requests they honour (ReferentieAanbieder).
  std::vector<model::state::toewijzing> toewijzingen;
  std::vector<std::string> honoured_requests;
  // WMO305/307: lines in force from now on, and the lines (by store id) that status 3 deletes.
  std::vector<model::state::levering> new_leveringen;
  std::vector<std::int64_t> deleted_leveringen;
  // WMO315/317: new request items; WMO319: the answer and the request's new state.
  std::vector<model::state::verzoek> new_verzoeken;
  std::optional<model::state::antwoord> new_antwoord;
  // WMO323 (processed): the declaration, its lines with their outcome, and the referentie
  // numbers of earlier debits that approved credits in it reverse.
  std::optional<model::state::declaratie> declaratie;
  std::vector<model::state::prestatie> prestaties;
  std::vector<std::string> credited_debits;
};

struct cross_message_result {
  findings found;
  state_delta delta;
};

// The municipality and provider a message is exchanged between (CBS code, AGB code).
struct parties {
  std::string gemeente;
  std::string aanbieder;
};
[[nodiscard]] parties parties_of(const model::message& m);

[[nodiscard]] cross_message_result evaluate_cross_message(const model::message& m, const history& h,
                                                          const reference_data& ref, const rule_context& ctx);

}  // namespace iwmo::rules
