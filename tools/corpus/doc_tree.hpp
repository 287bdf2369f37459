#pragma once
// A small mutable XML tree for building test documents: read from bytes, synthesised from a
// schema model, changed by mutations, written back as UTF-8.
#include <string>
#include <string_view>
#include <vector>

#include "corpus/schema_model.hpp"

namespace iwmo::corpus {

struct attribute {
  std::string ns;
  std::string name;
  std::string value;
};

struct node {
  std::string ns;
  std::string name;
  std::vector<attribute> attributes;
  std::string text;             // character content (leaf elements, or injected mixed text)
  std::vector<node> children;
  const element_decl* decl = nullptr;  // declaration in the model the tree was matched to
};

// Parses a document (namespace-aware, no validation, no DTD). Throws std::runtime_error.
[[nodiscard]] node parse_document(std::string_view bytes);

// Serialises with prefixes "m" (message namespace of the root), "b" (basisschema) and "o<n>"
// for any other namespace.
[[nodiscard]] std::string serialize(const node& root, std::string_view basis_ns);

// A document that contains every element the model declares: each optional element once and
// each repeatable element twice, filled with values that satisfy their types.
[[nodiscard]] node maximal_document(const element_decl& root);

// A value that satisfies the given simple type (used for synthesised documents).
[[nodiscard]] std::string sample_value(const element_decl& decl);

// Links each node to its declaration in `root` by element name; unmatched nodes keep nullptr.
void attach_declarations(node& doc, const element_decl& root);

}  // namespace iwmo::corpus
