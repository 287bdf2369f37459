#pragma once
// Internal helpers of the cross-message rules.
#include <string>
#include <string_view>

#include "model/messages.hpp"
#include "model/records.hpp"
#include "rules/cross_message.hpp"

namespace iwmo::rules::cross {

// Everything a rule needs besides the message.
struct inputs {
  const history& h;
  const reference_data& ref;
  const rule_context& ctx;
  const parties& p;
};

inline void add(findings& out, std::string_view rule, std::string_view code, const path& where) {
  out.push_back({std::string(rule), std::string(code), where.str()});
}

// Schema-valid text as values (schema validity guarantees they parse).
[[nodiscard]] model::date to_date(const std::string& text);
[[nodiscard]] std::optional<model::date> to_date(const std::optional<std::string>& text);
[[nodiscard]] std::optional<std::int64_t> to_int(const std::optional<std::string>& text);
[[nodiscard]] std::int64_t to_int(const std::string& text);
[[nodiscard]] std::optional<std::string> collapsed(const std::optional<std::string>& text);

// TR381 for one product; `where` is the class.
void product_code_rule(const inputs& in, const std::optional<std::string>& categorie,
                       const std::optional<std::string>& code, model::date on, const path& where, findings& out);

// The uitvoeringsvariant of a product between the parties on a date: from the contract, else
// from the unit (RULES.md §3.5); nullopt when neither is known.
[[nodiscard]] std::optional<variant> variant_of(const inputs& in, const std::optional<std::string>& categorie,
                                                const std::optional<std::string>& code,
                                                std::optional<model::eenheid> unit, model::date on);

// Per message type; each appends findings and fills the delta.
void evaluate_301(const model::wmo301& m, const inputs& in, cross_message_result& r);
void evaluate_305(const model::wmo305& m, const inputs& in, cross_message_result& r);
void evaluate_307(const model::wmo307& m, const inputs& in, cross_message_result& r);
void evaluate_315(const model::wmo315& m, const inputs& in, cross_message_result& r);
void evaluate_317(const model::wmo317& m, const inputs& in, cross_message_result& r);
void evaluate_319(const model::wmo319& m, const inputs& in, cross_message_result& r);
void evaluate_323(const model::wmo323& m, const inputs& in, cross_message_result& r);

}  // namespace iwmo::rules::cross
