#!/usr/bin/env bash
# The sanitizer stage of CI (docs/fuzzing.md): one clang build (the asan preset) with
# AddressSanitizer, LeakSanitizer and UndefinedBehaviorSanitizer serves the test suite and the
# libFuzzer targets. Runs the test suite under the sanitizers, then every fuzz target for
# IWMO_FUZZ_SECONDS seconds (default 30: the build and the tests take most of the stage's time;
# docs/fuzzing.md has the measurements).
#
# Left out under the sanitizers: the browser test (it exercises the desk's JavaScript, not the
# C++ code, and is run by tools/test.sh) and the test cases named in IWMO_SANITIZE_EXCLUDE, a
# CTest regular expression (default: see below).
set -euo pipefail
cd "$(dirname "$0")/.."

# The signal evaluation over generated regions runs the pipeline over a whole generated region:
# 100 s under the sanitizers, at the end of the run with nothing beside it. The release build
# runs it.
default_exclude='^browser: |^test_gen: ?signals: every rule finds the anomalies'
exclude="${IWMO_SANITIZE_EXCLUDE:-$default_exclude}"

# Stack traces with file and line: Debian's llvm-14 installs the symbolizer under a versioned name.
if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ] && [ -x /usr/bin/llvm-symbolizer-14 ]; then
  export ASAN_SYMBOLIZER_PATH=/usr/bin/llvm-symbolizer-14
fi

cmake --preset asan
cmake --build --preset asan
ctest --preset asan --exclude-regex "$exclude"
tools/fuzz.sh "${IWMO_FUZZ_SECONDS:-30}"
