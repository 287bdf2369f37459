#pragma once
// What the pipeline tests share: the sample mappings/, the built-in schemas and a fixed clock
// (2026-11-22, the date the fixtures are written against).
#include <memory>
#include <string>

#include "app/pipeline.hpp"
#include "mappings/reference_tables.hpp"
#include "support/test_paths.hpp"

namespace iwmo::test {

inline const mappings::reference_tables& sample_mappings() {
  static const auto tables = mappings::reference_tables::load(source_dir() / "mappings");
  return tables;
}

inline std::shared_ptr<const xml::schema_set> builtin_schemas() {
  static const auto set = xml::schema_set::builtin();
  return set;
}

inline app::pipeline_options fixed_clock() {
  app::pipeline_options options;
  options.today = [] { return model::date{2026, 11, 22}; };
  options.now = [] { return std::string("2026-11-22T09:00:00Z"); };
  return options;
}

}  // namespace iwmo::test
