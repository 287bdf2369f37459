#pragma once
// A complete, validated set of message schemas, compiled once into a Xerces grammar pool that
// is locked and then shared read-only by every validating_reader on every thread.
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include "model/message_type.hpp"

namespace iwmo::xml {

// The schemas could not be loaded (missing file, schema error). Raised at startup only.
class schema_load_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class schema_set {
 public:
  // The schema set compiled into the binary (xsd/ of the repository).
  [[nodiscard]] static std::shared_ptr<const schema_set> builtin();

  // An official release folder: basisschema.xsd and WMO301.xsd ... WMO325.xsd (iWmo) or
  // JW301.xsd ... JW325.xsd (iJw), named as in the release; or a folder holding release folders
  // "iwmo-3.2" and/or "ijw-3.2". Only those files are read; imports resolve by file name within
  // their release. Messages of a standard the folder does not hold fail validation.
  [[nodiscard]] static std::shared_ptr<const schema_set> from_directory(
      const std::filesystem::path& folder);

  ~schema_set();
  schema_set(const schema_set&) = delete;
  schema_set& operator=(const schema_set&) = delete;

  // "built-in" or the folder it was loaded from.
  [[nodiscard]] const std::string& origin() const;

  struct impl;
  [[nodiscard]] const impl& internals() const { return *impl_; }

 private:
  explicit schema_set(std::unique_ptr<impl> state);
  std::unique_ptr<impl> impl_;
};

}  // namespace iwmo::xml
