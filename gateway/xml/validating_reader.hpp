#pragma once
// The validating reader: checks one document against the locked schema pool (control level 1
// of the standard) and recognises its message type. One reader per thread; a reader is
// reused for any number of documents.
#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "model/message_type.hpp"
#include "xml/diagnostic.hpp"
#include "xml/element.hpp"
#include "xml/input_checks.hpp"
#include "xml/schema_set.hpp"

namespace iwmo::xml {

struct reader_limits {
  std::size_t max_bytes = standard_max_bytes;
  unsigned max_depth = 32;      // iWmo messages nest at most 9 levels deep
  std::size_t max_errors = 50;  // stop reporting after this many schema errors
};

struct validation {
  // Recognised from the root element's namespace, also when the document is invalid: the
  // catalogue entry, which names the standard too. Null when the root is not a known message.
  const model::message_info* message = nullptr;
  bool xsd_valid = false;
  std::vector<diagnostic> errors;
};

class validating_reader {
 public:
  explicit validating_reader(std::shared_ptr<const schema_set> schemas, reader_limits limits = {});
  ~validating_reader();
  validating_reader(const validating_reader&) = delete;
  validating_reader& operator=(const validating_reader&) = delete;

  // Never throws for bad input: every problem is reported in the result. When `tree` is given
  // and the document is schema-valid, it receives the document's root element.
  [[nodiscard]] validation validate(std::string_view bytes, element* tree = nullptr);

  [[nodiscard]] const reader_limits& limits() const;

 private:
  struct state;
  std::unique_ptr<state> state_;
};

}  // namespace iwmo::xml
