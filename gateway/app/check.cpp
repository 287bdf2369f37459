#include "app/check.hpp"

#include "xml/message_codec.hpp"

namespace iwmo::app {

checker::checker(std::shared_ptr<const xml::schema_set> schemas, xml::reader_limits limits)
    : reader_(std::move(schemas), limits) {}

checked_message checker::check(std::string_view bytes, const rules::rule_context& context) {
  checked_message out;
  xml::element tree;
  out.validation = reader_.validate(bytes, &tree);
  if (!out.validation.xsd_valid || !out.validation.message) return out;
  auto read = xml::read_message(out.validation.message->type, tree);
  if (auto* error = std::get_if<std::string>(&read)) {
    // Only possible with a schema release whose structure differs from the 3.2 releases.
    out.validation.xsd_valid = false;
    out.validation.errors.push_back({tree.line, tree.column, "the message does not fit the iWmo/iJw 3.2 model: " + *error});
    return out;
  }
  out.message = std::move(std::get<model::message>(read));
  out.findings = rules::check_message(*out.message, context);
  return out;
}

}  // namespace iwmo::app
