#!/usr/bin/env bash
# Sets everything up on Debian bookworm, builds the gateway and runs it on the sample messages:
# every message in fixtures/iwmo-3.2/samples is validated against the built-in iWmo 3.2 schemas.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup-debian.sh
cmake --preset release >/dev/null
cmake --build --preset release
exec build/release/gateway/cli/iwmo-gateway validate "${@:-fixtures/iwmo-3.2/samples}"
