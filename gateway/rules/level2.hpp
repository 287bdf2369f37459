#pragma once
// Internal: the functions behind the rule table and the helpers they share.
#include <functional>
#include <string>
#include <string_view>

#include "model/messages.hpp"
#include "rules/finding.hpp"
#include "rules/registry.hpp"
#include "rules/xpath.hpp"

namespace iwmo::rules::detail {

inline void add(findings& out, std::string_view rule, const path& where, std::string_view code = "0001") {
  out.push_back({std::string(rule), std::string(code), where.str()});
}

// The header Dagtekening of any message.
[[nodiscard]] inline const std::string& dagtekening(const model::message& m) {
  return model::header_of(m).identificatie->dagtekening;
}

// checkafter(late, early) of the XSLT: an error when either is absent or early > late (equal is
// fine); only the first 10 characters of `late` count.
[[nodiscard]] bool check_after_fails(const std::optional<std::string>& late, const std::optional<std::string>& early);

// The clients of a WMO323 (/Bericht/Declaratie/Clienten) or WMO325
// (/Bericht/DeclaratieAntwoord/Clienten); `list` is nullptr for other messages.
struct client_list {
  const std::vector<model::declaratie_client>* list = nullptr;
  path base;
};
[[nodiscard]] client_list declaration_clients(const model::message& m);

// Visitors over the places a class occurs, with its path.
void for_each_geboortedatum(const model::message& m,
                            const std::function<void(const model::geboortedatum&, const path&)>& f);
void for_each_contact(const model::message& m, const std::function<void(const model::contact&, const path&)>& f);
void for_each_naam(const model::message& m, const std::function<void(const model::volledige_naam&, const path&)>& f);

#define IWMO_RULE(name) void name(const model::message& m, const rule_context& ctx, findings& out)
// persons and addresses
IWMO_RULE(cs002); IWMO_RULE(cs050); IWMO_RULE(cs139); IWMO_RULE(tr002);
IWMO_RULE(cd005); IWMO_RULE(cd007); IWMO_RULE(cd009); IWMO_RULE(cd025); IWMO_RULE(cd034);
IWMO_RULE(cs089); IWMO_RULE(tr006); IWMO_RULE(tr061);
// products, requests and answers
IWMO_RULE(cd041); IWMO_RULE(cd043); IWMO_RULE(cd066); IWMO_RULE(cd067); IWMO_RULE(cd068);
IWMO_RULE(cd075); IWMO_RULE(cd076); IWMO_RULE(cd077); IWMO_RULE(cd078); IWMO_RULE(cd079);
IWMO_RULE(tr377); IWMO_RULE(tr409);
IWMO_RULE(cd080); IWMO_RULE(cd085); IWMO_RULE(cd086); IWMO_RULE(cd095); IWMO_RULE(cd096);
IWMO_RULE(cs003); IWMO_RULE(cs058); IWMO_RULE(cs335); IWMO_RULE(cs336); IWMO_RULE(cs338); IWMO_RULE(cs343);
IWMO_RULE(tr018); IWMO_RULE(tr302); IWMO_RULE(tr352); IWMO_RULE(tr353); IWMO_RULE(tr380); IWMO_RULE(tr383);
IWMO_RULE(tr386); IWMO_RULE(tr410);
// declarations
IWMO_RULE(cd060); IWMO_RULE(cd087); IWMO_RULE(cs100); IWMO_RULE(cs325); IWMO_RULE(cs337); IWMO_RULE(cs339);
IWMO_RULE(cs340); IWMO_RULE(tr137); IWMO_RULE(tr315); IWMO_RULE(tr316); IWMO_RULE(tr319); IWMO_RULE(tr335);
IWMO_RULE(tr342); IWMO_RULE(tr358); IWMO_RULE(tr416);
// dates and keys
IWMO_RULE(tr134); IWMO_RULE(tr101);
// level 4 without state
IWMO_RULE(tr135);
#undef IWMO_RULE

}  // namespace iwmo::rules::detail
