#pragma once
// A rule finding: which rule fired, the retourcode it stands for, and where.
#include <compare>
#include <string>
#include <vector>

namespace iwmo::rules {

struct finding {
  std::string rule;        // "TR018", exactly as the standard names it
  std::string retourcode;  // "0001" for every content rule (level 2)
  std::string path;        // "/Bericht/Client/StopProducten/StopProduct[2]/Einddatum"
  friend auto operator<=>(const finding&, const finding&) = default;
};

using findings = std::vector<finding>;

// XPath-like location of an element: local names from the root, with a 1-based index on every
// element that the schema allows to repeat (Client[1] in a declaration, ToegewezenProduct[2]),
// also when it occurs only once.
class path {
 public:
  path() : text_("/Bericht") {}
  [[nodiscard]] path operator/(std::string_view name) const { return path(text_ + "/" + std::string(name)); }
  // The n-th (0-based here, 1-based in the text) occurrence of a repeatable element.
  [[nodiscard]] path item(std::string_view name, std::size_t n) const {
    return path(text_ + "/" + std::string(name) + "[" + std::to_string(n + 1) + "]");
  }
  [[nodiscard]] const std::string& str() const { return text_; }

 private:
  explicit path(std::string text) : text_(std::move(text)) {}
  std::string text_;
};

}  // namespace iwmo::rules
