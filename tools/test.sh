#!/usr/bin/env bash
# Sets everything up on Debian bookworm and runs all tests in two stages:
#  1. the release build (gcc, warnings as errors): the whole test suite, the browser tests of the
#     toezicht desk included (Debian's chromium driven by playwright-core from npm; never a
#     downloaded browser; screenshots in build/ci/browser-artifacts/);
#  2. the sanitizer build (clang, AddressSanitizer + UndefinedBehaviorSanitizer): the test suite
#     again, then a bounded run of every libFuzzer target (tools/sanitize.sh, docs/fuzzing.md).
# IWMO_SKIP_SANITIZERS=1 runs the first stage only.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${IWMO_SKIP_SANITIZERS:-0}" = 1 ]; then
  tools/setup-debian.sh --browser
else
  tools/setup-debian.sh --browser --sanitizers
fi
if [ ! -d tests/browser/node_modules/playwright-core ]; then
  # Pinned in tests/browser/package.json; playwright-core has no dependencies and downloads no browser.
  (cd tests/browser && npm install --no-audit --no-fund --no-package-lock --loglevel=error)
fi
stage() { echo "== $1 ($(date -u +%H:%M:%S))"; }
stage "release build"
cmake --preset ci
cmake --build --preset ci
stage "test suite"
ctest --preset ci
if [ "${IWMO_SKIP_SANITIZERS:-0}" != 1 ]; then
  stage "sanitizers and fuzzing"
  tools/sanitize.sh
fi
stage "done"
