#pragma once
#include <string>

namespace iwmo::xml {

// One problem found in a document, with its position (1-based; 0 when the position is not
// known, e.g. for an input that is too large to read).
struct diagnostic {
  int line = 0;
  int column = 0;
  std::string text;

  friend bool operator==(const diagnostic&, const diagnostic&) = default;
};

}  // namespace iwmo::xml
