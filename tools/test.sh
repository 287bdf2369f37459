#!/usr/bin/env bash
# Sets everything up on Debian bookworm, builds (release, warnings as errors) and runs all tests,
# the browser tests of the toezicht desk included (Debian's chromium driven by playwright-core
# from npm; never a downloaded browser). Screenshots of the browser tests: build/ci/browser-artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup-debian.sh --browser
if [ ! -d tests/browser/node_modules/playwright-core ]; then
  # Pinned in tests/browser/package.json; playwright-core has no dependencies and downloads no browser.
  (cd tests/browser && npm install --no-audit --no-fund --no-package-lock --loglevel=error)
fi
cmake --preset ci
cmake --build --preset ci
ctest --preset ci
