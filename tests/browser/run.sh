#!/usr/bin/env bash
# Runs the browser tests of the toezicht web desk against a build.
#
#   tests/browser/run.sh BUILD_DIR [ARTIFACT_DIR]
#
# BUILD_DIR holds gateway/cli/iwmo-gateway and gateway/gen/iwmo-gateway-gen (e.g. build/release);
# screenshots, the daemon's log and the browser console go to ARTIFACT_DIR (default
# BUILD_DIR/browser-artifacts). Installs what it needs, once: Debian's chromium (never a browser
# download) and playwright-core from the npm registry (no lock file: see tests/browser/.npmrc).
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
  echo "usage: $0 BUILD_DIR [ARTIFACT_DIR]" >&2
  exit 2
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="$(cd "$1" && pwd)"
artifacts="${2:-$build/browser-artifacts}"
mkdir -p "$artifacts"
artifacts="$(cd "$artifacts" && pwd)"

gateway="$build/gateway/cli/iwmo-gateway"
gen="$build/gateway/gen/iwmo-gateway-gen"
for f in "$gateway" "$gen"; do
  if [[ ! -x "$f" ]]; then
    echo "$0: $f is missing; build first (cmake --build --preset release)" >&2
    exit 2
  fi
done

if [[ ! -x /usr/bin/chromium ]]; then
  echo "== installing chromium (Debian package)"
  export DEBIAN_FRONTEND=noninteractive
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update
  "${sudo_cmd[@]}" apt-get install -y chromium
fi

if [[ ! -f "$here/node_modules/playwright-core/package.json" ]]; then
  echo "== installing playwright-core"
  (cd "$here" && npm install --no-package-lock --no-audit --no-fund)
fi

echo "== browser tests (artifacts in $artifacts)"
cd "$here/../.."
IWMO_GATEWAY="$gateway" IWMO_GEN="$gen" IWMO_ARTIFACTS="$artifacts" IWMO_BROWSER_REQUIRED=1 \
  node --test --test-reporter=spec tests/browser/
