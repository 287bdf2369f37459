#!/usr/bin/env bash
# Sets everything up on Debian bookworm, builds the gateway and runs the daemon with the sample
# configuration (tools/gateway.sample.toml): HTTPS on https://localhost:8443 with a development
# PKI (tools/dev-certs.sh, in build/dev-pki), the embedded SQLite database build/gateway.db and
# the sample mappings/. Stop it with Ctrl-C. README.md shows a curl session against it.
#
#   tools/run.sh               the daemon
#   tools/run.sh region        instead: the sample region through `process`, then `reconcile`
#   tools/run.sh ARGS...       instead: iwmo-gateway ARGS...
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup-debian.sh
cmake --preset release >/dev/null
cmake --build --preset release
gateway=build/release/gateway/cli/iwmo-gateway

if [ $# -eq 0 ]; then
  tools/dev-certs.sh build/dev-pki >/dev/null
  exec "$gateway" serve --config tools/gateway.sample.toml
fi
if [ "$1" != region ]; then exec "$gateway" "$@"; fi

db=build/sample-region.db
rm -rf "$db" "$db-wal" "$db-shm" build/sample-region-answers
# The region's messages are dated up to November 2026; the system date is fixed so that the
# demonstration gives the same answers on any day. Exit status 1 means some declaration lines
# were rejected, which the region contains on purpose.
"$gateway" process --db "$db" --mappings mappings --today 2026-11-22 --out build/sample-region-answers \
  fixtures/iwmo-3.2/region || [ $? -eq 1 ]
echo
"$gateway" reconcile --db "$db" --mappings mappings --gemeente 0344 --period 2026-09
