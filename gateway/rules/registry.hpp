#pragma once
// The rule table: every rule the gateway evaluates, looked up by the id the standard gives it
// (TR018, CS015, CD034, ...), with the function that implements it, the message types it
// applies to and a one-line description. docs/rules.md is generated from this table.
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "model/messages.hpp"
#include "model/values.hpp"
#include "rules/finding.hpp"

namespace iwmo::rules {

enum class control_level : std::uint8_t { content = 2, cross_message = 3, external = 4 };

// What a rule may know besides the message. Nothing is read from a clock: the system date
// (TR135) is passed in, and rules that need it are skipped when it is absent.
struct rule_context {
  std::optional<model::date> today;
};

using check_fn = void (*)(const model::message&, const rule_context&, findings&);

struct rule_info {
  std::string_view id;
  control_level level;
  std::string_view retourcode;
  std::string_view title;
  std::uint32_t messages;   // one bit per model::message_type
  check_fn check;
  std::string_view source;  // file in gateway/rules/ that implements it
  std::uint8_t standards = 0b11;  // one bit per model::standard; most rules hold in iWmo and iJw

  [[nodiscard]] bool applies_to(model::message_type type) const {
    return (messages & (1u << static_cast<unsigned>(type))) != 0;
  }
  [[nodiscard]] bool applies_to(model::standard standard) const {
    return (standards & (1u << static_cast<unsigned>(standard))) != 0;
  }
  [[nodiscard]] bool applies_to(model::standard standard, model::message_type type) const {
    return applies_to(standard) && applies_to(type);
  }
};

[[nodiscard]] std::span<const rule_info> all_rules();
[[nodiscard]] const rule_info* find_rule(std::string_view id);

// The version of the official validation XSLT whose level-2 rules are implemented here; a
// level-2 rejection reports it in XsltVersie (IV033).
inline constexpr std::string_view xslt_version = "2.10.5";

// Every content rule (control level 2) that applies to the message.
[[nodiscard]] findings check_content(const model::message& message);

// Content rules, and the rules that need no stored state: TR135 (Dagtekening not after the
// system date, 8848) when `context.today` is set.
[[nodiscard]] findings check_message(const model::message& message, const rule_context& context);

}  // namespace iwmo::rules
