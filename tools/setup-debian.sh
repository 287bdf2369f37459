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
# --sanitizers: clang with its sanitizer and libFuzzer runtimes, and llvm-symbolizer for stack
# traces (tools/sanitize.sh, docs/fuzzing.md).
for option in "$@"; do
  case "$option" in
    --browser)
      packages+=(chromium fonts-dejavu-core)
      command -v node >/dev/null 2>&1 || packages+=(nodejs)
      command -v npm >/dev/null 2>&1 || packages+=(npm)
      ;;
    --sanitizers) packages+=(clang libclang-rt-14-dev llvm-14) ;;
    *) echo "setup-debian.sh: unknown option $option (--browser, --sanitizers)" >&2; exit 2 ;;
  esac
done

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
