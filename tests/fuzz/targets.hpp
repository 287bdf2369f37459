#pragma once
// The fuzz targets as plain functions, shared by the libFuzzer executables (tests/fuzz/*_main.cpp,
// built with the asan preset) and the regression test (tests/fuzz/regressions_test.cpp), which
// replays every file of tests/fuzz/regressions/<target>/ in every build.
//
// Each function takes any bytes and returns normally when the code under test behaved: bad
// input is reported as a value or as the documented exception. Anything else — a crash, an
// undocumented exception, a broken invariant — ends the process (std::abort), which libFuzzer
// and CTest both report.
#include <string_view>

namespace iwmo::fuzz {

// The `validate` check: XML reader and schema (level 1), content rules (level 2), TR135, and
// the answer of a heen message, which must itself be schema-valid.
void fuzz_message(std::string_view bytes);

// Raw bytes as they arrive on a connection: Beast's request parser with the server's limits,
// then the routes against a real service on a temporary database with known tokens.
void fuzz_http(std::string_view bytes);

// The daemon's TOML configuration file.
void fuzz_config(std::string_view bytes);

// A reference table or the signal thresholds of mappings/. The first line names the table
// (gemeenten, aanbieders, productcodes, contracten or signalen); the rest is its CSV text. The
// other tables are the repository's own.
void fuzz_mappings(std::string_view bytes);

}  // namespace iwmo::fuzz
