#pragma once
// Composing the answer to a heen message: the retour (302, 306, 308, 316, 318, 320) following
// RULES.md §1.3, or the WMO325 declaratie-antwoord following §1.4.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/messages.hpp"
#include "model/values.hpp"
#include "rules/finding.hpp"

namespace iwmo::rules {

// What the receiver concluded about a heen message. Codes are attached to classes by the path
// of the class (the same paths as in findings: "/Bericht/Client/StartProducten/StartProduct[2]").
struct verdict {
  bool content_rejected = false;              // a content rule (level 2) fired: 0001
  std::vector<std::string> header_codes;      // level 3/4 on the header: 9056, 8848, S300
  std::vector<std::string> declaratie_codes;  // WMO323 only: codes on the Declaratie (9333, 8214)
  std::map<std::string, std::vector<std::string>> class_codes;  // class path -> its codes
  std::set<std::string> not_assessed;         // class paths that get 0233

  [[nodiscard]] bool accepted() const {
    return !content_rejected && header_codes.empty() && declaratie_codes.empty() && class_codes.empty();
  }
};

// The paths of the classes of a message that carry RetourCodes in its answer, in document order.
[[nodiscard]] std::vector<std::string> class_paths(const model::message& heen);

// Sorts findings into a verdict: 0001 findings reject the content, findings on the Header go to
// the header, findings on a WMO323 Declaratie (outside its clients) to the declaration, and every
// other finding to the nearest enclosing class. Codes keep their first-seen order, once each.
[[nodiscard]] verdict make_verdict(const model::message& heen, const findings& found);

// The identification the receiver gives its answer.
struct answer_identity {
  std::string identificatie;  // 1-12 characters
  model::date dagtekening;
};

// The answer to a heen message (nullopt for retours and the WMO325, which are not answered).
[[nodiscard]] std::optional<model::message> compose_answer(const model::message& heen, const verdict& v,
                                                           const answer_identity& id);

}  // namespace iwmo::rules
