#!/usr/bin/env bash
# Sets everything up on Debian bookworm, builds (release, warnings as errors) and runs all tests.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup-debian.sh
cmake --preset ci
cmake --build --preset ci
ctest --preset ci
