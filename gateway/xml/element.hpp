#pragma once
// A validated document as a plain tree of elements: what the model reader consumes. Built by
// the validating reader while it validates, so a document is parsed once.
#include <string>
#include <vector>

namespace iwmo::xml {

struct element {
  std::string name;  // local name; the schema fixes the namespace
  std::string text;  // character content (meaningful for leaf elements)
  std::vector<element> children;
  int line = 0;
  int column = 0;
};

}  // namespace iwmo::xml
