#pragma once
// Reading a schema-valid document tree into the message model, and writing a message model as
// an XML document that validates against the schema of its message type. Reader and writer are
// driven by one description of every struct (message_codec.cpp), so they cannot disagree on
// names, order or namespaces.
#include <string>
#include <variant>

#include "model/messages.hpp"
#include "xml/element.hpp"

namespace iwmo::xml {

// The model of a document whose root is `root` and whose type is `type`, or a text saying which
// element did not fit (only possible for documents that were not validated first).
[[nodiscard]] std::variant<model::message, std::string> read_message(model::message_type type,
                                                                      const element& root);

// UTF-8 XML with the message namespace as default namespace and the basisschema namespace as
// prefix "iwmo" (iWmo) or "ijw" (iJw), indented by two spaces. Values are written exactly as they are in the model.
[[nodiscard]] std::string write_message(const model::message& message);

}  // namespace iwmo::xml
