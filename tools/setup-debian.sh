#!/usr/bin/env bash
# Installs the Debian bookworm packages needed to build and test iwmo-gateway. Nothing is
# downloaded from anywhere else. Runs apt-get only when a package is missing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libxerces-c-dev
  libboost1.81-dev libboost-json1.81-dev libboost-program-options1.81-dev libboost-url1.81-dev
  libfmt-dev libspdlog-dev libsqlite3-dev libssl-dev libcurl4-openssl-dev libtoml11-dev
  openssl curl
  libxml2-utils
  catch2
)

# --browser: also what the browser tests of the web desk need (Debian's chromium, and Node.js
# with npm when the machine has none; playwright-core itself comes from npm, see tools/test.sh).
if [ "${1:-}" = --browser ]; then
  packages+=(chromium fonts-dejavu-core)
  command -v node >/dev/null 2>&1 || packages+=(nodejs)
  command -v npm >/dev/null 2>&1 || packages+=(npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "installing: ${missing[*]}"
$sudo apt-get update
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
