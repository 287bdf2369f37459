#pragma once
// A plain description of what a compiled schema set declares for each message: the element
// tree with cardinalities, and for every simple type its derivation chain with all facets.
// Two schema sets that describe the same model accept the same documents.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/message_type.hpp"
#include "xml/schema_set.hpp"

namespace iwmo::corpus {

// One step of a simple type's derivation, most derived first.
struct type_level {
  std::string name;  // "{namespace}name", or "(anonymous)"
  std::map<std::string, std::string> facets;  // facet kind -> lexical value
  std::vector<std::string> enumeration;       // in schema order
  std::vector<std::string> patterns;
  friend bool operator==(const type_level&, const type_level&) = default;
};

struct simple_type {
  std::vector<type_level> chain;  // down to the XML Schema built-in type
  std::string primitive;          // built-in primitive: "string", "decimal", "date", "time", ...
  bool integer = false;           // derived from xs:integer

  // Effective facets, for generating values.
  std::vector<std::string> enumeration;
  std::optional<long long> min_length, max_length, length;
  std::optional<std::string> min_inclusive, max_inclusive;
  std::vector<std::string> patterns;  // every level's own patterns (all must match)
};

struct element_decl {
  std::string ns;
  std::string name;
  unsigned min_occurs = 1;
  std::optional<unsigned> max_occurs;  // nullopt = unbounded
  std::string type_name;               // "{namespace}name" or "(anonymous)"
  std::optional<simple_type> simple;   // set for elements of simple type
  std::vector<element_decl> children;  // sequence content of complex types
};

struct message_model {
  model::standard std;
  model::message_type type;
  element_decl root;

  [[nodiscard]] const model::message_info& info() const { return model::info(std, type); }
};

// The models of the fourteen messages of one standard, in catalogue order. Throws
// std::runtime_error when the set does not declare one of them.
[[nodiscard]] std::vector<message_model> extract_models(const xml::schema_set& schemas, model::standard std);

// Whether the set declares the messages of that standard (an official release folder holds one
// standard, the built-in set holds all of them).
[[nodiscard]] bool declares(const xml::schema_set& schemas, model::standard std);

// Human-readable differences between two models of the same message ("" path prefixes).
[[nodiscard]] std::vector<std::string> compare_models(const message_model& ours,
                                                      const message_model& theirs);

// Number of element declarations in a model (every occurrence in the tree).
[[nodiscard]] std::size_t count_declarations(const element_decl& root);

}  // namespace iwmo::corpus
