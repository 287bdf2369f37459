#pragma once
// Who a message is from and for, as parties of the gateway: "aanbieder:<AGB>" or
// "gemeente:<CBS>". A heen message and the WMO325 are written by their Afzender; a retour is
// written by the receiver of the heen message, which the retour names as its Ontvanger (the
// header is copied unchanged, RULES.md §1.3).
#include <string>
#include <utility>
#include <vector>

#include "model/messages.hpp"

namespace iwmo::app {

struct party {
  model::party_kind kind = model::party_kind::aanbieder;
  std::string code;  // AGB or CBS code
  [[nodiscard]] std::string id() const;
  friend bool operator==(const party&, const party&) = default;
};

[[nodiscard]] party sender_of(const model::message& m);
[[nodiscard]] party recipient_of(const model::message& m);

// Business keys for search: ("bsn", ...), ("toewijzing", ...), ("declaratie", ...),
// ("referentie", ...), each value once, white space collapsed.
[[nodiscard]] std::vector<std::pair<std::string, std::string>> business_keys(const model::message& m);

}  // namespace iwmo::app
