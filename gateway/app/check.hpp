#pragma once
// Checking one message through the levels that need no stored state: the schema (level 1), the
// content rules (level 2) and the date rule TR135 (level 4). The same code serves `validate`,
// `retour` and, later, the full pipeline.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "model/messages.hpp"
#include "rules/finding.hpp"
#include "rules/registry.hpp"
#include "xml/schema_set.hpp"
#include "xml/validating_reader.hpp"

namespace iwmo::app {

struct checked_message {
  xml::validation validation;            // level 1: message type, schema verdict, errors
  std::optional<model::message> message;  // the model, when the schema is satisfied
  rules::findings findings;               // content rules and TR135
  [[nodiscard]] bool valid() const { return validation.xsd_valid && message && findings.empty(); }
};

// One per thread: owns a validating reader over a shared schema set.
class checker {
 public:
  explicit checker(std::shared_ptr<const xml::schema_set> schemas, xml::reader_limits limits = {});
  [[nodiscard]] checked_message check(std::string_view bytes, const rules::rule_context& context);
  [[nodiscard]] const xml::reader_limits& limits() const { return reader_.limits(); }

 private:
  xml::validating_reader reader_;
};

}  // namespace iwmo::app
