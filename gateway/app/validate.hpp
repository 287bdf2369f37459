#pragma once
// Use case "validate": check many inputs against one schema set, in parallel, reporting the
// results in input order.
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/check.hpp"
#include "xml/schema_set.hpp"
#include "xml/validating_reader.hpp"

namespace iwmo::app {

struct file_report {
  std::string file;           // as given by the caller
  checked_message checked;    // schema verdict, model, rule findings
  bool io_error = false;      // the input could not be read at all
  [[nodiscard]] bool valid() const { return !io_error && checked.valid(); }
};

struct validate_options {
  unsigned jobs = 0;  // worker threads; 0 = one per core
  xml::reader_limits limits{};
  rules::rule_context context{};  // the system date for TR135
};

// Validates every input; `on_report` is called from the calling thread, once per input, in
// the order of `files`. Schemas are compiled once (by the caller) and shared by the workers,
// each of which owns its own reader.
void validate_files(const std::vector<std::string>& files,
                    std::shared_ptr<const xml::schema_set> schemas, const validate_options& options,
                    const std::function<void(file_report&&)>& on_report);

}  // namespace iwmo::app
