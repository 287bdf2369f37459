#pragma once
// Use case "answer": the retour or WMO325 for a checked heen message.
#include <optional>
#include <string>

#include "app/check.hpp"
#include "rules/answers.hpp"

namespace iwmo::app {

struct answer {
  model::message message;
  std::string xml;
};

// Nothing when the message failed level 1 (no answer is sent) or is itself an answer.
[[nodiscard]] std::optional<answer> answer_to(const checked_message& checked, const rules::answer_identity& id);

// A deterministic identifier for an answer composed outside the store (the `retour` command):
// "R" and 11 hexadecimal digits of a hash of the heen message's sender, type and identification.
[[nodiscard]] std::string offline_answer_id(const model::message& heen);

}  // namespace iwmo::app
