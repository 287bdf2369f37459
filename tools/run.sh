#!/usr/bin/env bash
# Sets everything up on Debian bookworm, builds the gateway and runs the daemon with the sample
# configuration (tools/gateway.sample.toml): HTTPS on https://localhost:8443 with a development
# PKI (tools/dev-certs.sh, in build/dev-pki), the embedded SQLite database build/gateway.db and
# the sample mappings/. On the first start the database is filled with the sample region
# (fixtures/iwmo-3.2/region) and its signals, and a token for the toezicht desk is printed.
# Stop it with Ctrl-C. README.md shows a curl session against it.
#
#   tools/run.sh               the daemon, with the toezicht desk on https://localhost:8443/desk/
#   tools/run.sh desk          instead: a generated region with injected anomalies (richer desk)
#   tools/run.sh region        instead: the sample region through `process`, then `reconcile`
#   tools/run.sh ARGS...       instead: iwmo-gateway ARGS...
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup-debian.sh
cmake --preset release >/dev/null
cmake --build --preset release
gateway=build/release/gateway/cli/iwmo-gateway
generator=build/release/gateway/gen/iwmo-gateway-gen

# The sample region's messages are dated up to November 2026; a fixed date gives the same
# answers and signals on any day.
sample_today=2026-11-22

# A token for the desk (a new one each start; older ones stay valid until revoked).
desk_token() {  # config, label
  local token
  token=$("$gateway" token create --config "$1" --principal toezicht --label "$2" | tail -n 1)
  echo
  echo "  Toezicht desk: https://localhost:8443/desk/  (the certificate is signed by build/dev-pki/ca.pem)"
  echo "  Sign in with:  $token"
  echo
}

if [ $# -eq 0 ]; then
  tools/dev-certs.sh build/dev-pki >/dev/null
  if [ ! -f build/gateway.db ]; then
    echo "first start: loading the sample region into build/gateway.db"
    "$gateway" process --db build/gateway.db --mappings mappings --today "$sample_today" fixtures/iwmo-3.2/region \
      >/dev/null || [ $? -eq 1 ]
    "$gateway" signals --db build/gateway.db --mappings mappings --today "$sample_today" --quiet
  fi
  desk_token tools/gateway.sample.toml "Toezicht (demo)"
  exec "$gateway" serve --config tools/gateway.sample.toml
fi

if [ "$1" = desk ]; then
  # A generated region (4 gemeenten, 9 aanbieders, 300 clients, 8 months, 3% anomalies) with
  # its own reference tables and the shipped signal thresholds, served like the sample.
  tools/dev-certs.sh build/dev-pki >/dev/null
  region=build/desk-region
  if [ ! -f "$region/gateway.db" ]; then
    rm -rf "$region"
    "$generator" --seed 1 --gemeenten 4 --aanbieders 9 --clients 300 --months 8 --anomaly-rate 0.03 --out "$region/data"
    cp mappings/signalen.csv "$region/data/mappings/"
    today=$(sed -n 's/.*"today": *"\([0-9-]*\)".*/\1/p' "$region/data/region.json")
    "$gateway" process --db "$region/gateway.db" --mappings "$region/data/mappings" --today "$today" \
      "$region/data/messages" >/dev/null || [ $? -eq 1 ]
    "$gateway" signals --db "$region/gateway.db" --mappings "$region/data/mappings" --today "$today" \
      --ground-truth "$region/data/ground-truth.csv" --quiet
    sed -e "s|../build/dev-pki|../dev-pki|g" -e "s|database = \"../build/gateway.db\"|database = \"gateway.db\"|" \
      -e "s|mappings = \"../mappings\"|mappings = \"data/mappings\"\ntoday = \"$today\"|" \
      tools/gateway.sample.toml >"$region/gateway.toml"
  fi
  desk_token "$region/gateway.toml" "Toezicht (demo)"
  exec "$gateway" serve --config "$region/gateway.toml"
fi

if [ "$1" != region ]; then exec "$gateway" "$@"; fi

db=build/sample-region.db
rm -rf "$db" "$db-wal" "$db-shm" build/sample-region-answers
# Exit status 1 means some declaration lines were rejected, which the region contains on purpose.
"$gateway" process --db "$db" --mappings mappings --today "$sample_today" --out build/sample-region-answers \
  fixtures/iwmo-3.2/region || [ $? -eq 1 ]
echo
"$gateway" reconcile --db "$db" --mappings mappings --gemeente 0344 --period 2026-09
