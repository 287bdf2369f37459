#pragma once
// One-mutation variants of a base document: every element deleted, duplicated, moved, renamed,
// put in another namespace, given attributes or stray content, and every leaf given values
// around each facet of its type (enumeration members and near misses, length and range
// boundaries, date/time/integer edge cases, white space, non-ASCII).
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "corpus/doc_tree.hpp"
#include "corpus/schema_model.hpp"

namespace iwmo::corpus {

struct variant {
  std::string base;         // name of the base document
  std::string description;  // "/Bericht/Client/Bsn: value '12345678'"
  std::string bytes;
};

class variant_generator {
 public:
  // `models` are the declarations of the same message in every schema set compared: candidate
  // values come from the facets of all of them, so a facet missing on one side is exercised.
  variant_generator(std::string basis_ns, std::vector<const element_decl*> models);

  // Calls `sink` for every variant not generated before by this generator (values are tried
  // once per element path, structural mutations once per path and sibling count).
  void generate(const node& base, const std::string& base_name,
                const std::function<void(variant&&)>& sink);

 private:
  std::string basis_ns_;
  std::vector<const element_decl*> models_;
  std::set<std::string> seen_;
};

}  // namespace iwmo::corpus
