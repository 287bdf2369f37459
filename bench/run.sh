#!/usr/bin/env bash
# Runs every benchmark once on a release build and writes bench/results/<date>.md with the
# machine, the tables and the comparable result lines. Not a test: nothing is asserted.
#
#   bench/run.sh                      # all of them (about 5 minutes on 2 cores)
#   PRESTATIES=10000,100000,1000000 bench/run.sh   # with the 1M-prestatie region (long)
#   JEUGD_SHARE=0.5 JEUGD_PRESTATIES=10000,100000 bench/run.sh   # the iWmo + iJw region run
set -euo pipefail
cd "$(dirname "$0")/.."

PRESTATIES="${PRESTATIES:-10000,100000}"
CLIENTS="${CLIENTS:-2000}"
# The separate iWmo + iJw region run: its sizes and the share of Jeugdwet clients.
JEUGD_PRESTATIES="${JEUGD_PRESTATIES:-10000}"
JEUGD_SHARE="${JEUGD_SHARE:-0.3}"
build=build/release

if ! command -v xmllint >/dev/null; then
  echo "bench/run.sh: xmllint is missing (Debian package libxml2-utils; tools/setup-debian.sh installs it)" >&2
  exit 2
fi
cmake --preset release >/dev/null
cmake --build --preset release --target iwmo-gateway iwmo-gateway-gen iwmo-bench-validation iwmo-bench-load \
  iwmo-bench-pipeline iwmo-bench-reconcile

date="$(date +%Y-%m-%d)"
out="bench/results/${date}.md"
lines="$(mktemp)"
trap 'rm -f "$lines"' EXIT

section() { printf '\n## %s\n\n```\n' "$1" >>"$out"; }
end_section() { printf '```\n' >>"$out"; }

{
  echo "# Benchmark results, ${date}"
  echo
  echo "Commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with local changes)')."
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')),"
  echo "$(free -g | awk '/^Mem:/ {print $2}') GB memory, $(. /etc/os-release && echo "$PRETTY_NAME"), $(gcc --version | head -1)."
  echo "Build: ${build} (RelWithDebInfo). Command: bench/run.sh (PRESTATIES=${PRESTATIES}, CLIENTS=${CLIENTS}, JEUGD_PRESTATIES=${JEUGD_PRESTATIES}, JEUGD_SHARE=${JEUGD_SHARE})."
} >"$out"

started=$(date +%s)
echo "== validation (levels 1+2 against Xerces parse-only and xmllint)"
section "Validation: levels 1+2, one core"
"$build/bench/iwmo-bench-validation" --seconds 3 --result "$lines" | tee -a "$out"
end_section

echo "== end to end (daemon on loopback, 1, 8 and 64 clients)"
section "End to end: the daemon under load"
"$build/bench/iwmo-bench-load" --clients "$CLIENTS" --concurrency 1,8,64 --result "$lines" | tee -a "$out"
end_section

echo "== pipeline in process (2,000 clients, 10 months)"
section "Pipeline in process: WMO301, WMO305 and WMO323 of 2,000 lines"
"$build/bench/iwmo-bench-pipeline" --clients 2000 --months 10 --result "$lines" | tee -a "$out"
end_section

echo "== reconciliation (${PRESTATIES} prestaties)"
section "Reconciliation: generated regions"
"$build/bench/iwmo-bench-reconcile" --prestaties "$PRESTATIES" --result "$lines" | tee -a "$out"
end_section

# A separate, labelled run (result line reconcile_jeugd): the same region sizes with a share of
# Jeugdwet clients, iJw 3.2 messages next to the iWmo ones. The Wmo-only run above is unchanged.
echo "== reconciliation with Jeugd clients (${JEUGD_PRESTATIES} prestaties, jeugd share ${JEUGD_SHARE})"
section "Reconciliation: generated regions with Jeugd clients (iWmo + iJw, --jeugd-share ${JEUGD_SHARE})"
"$build/bench/iwmo-bench-reconcile" --prestaties "$JEUGD_PRESTATIES" --jeugd-share "$JEUGD_SHARE" --result "$lines" |
  tee -a "$out"
end_section

{
  echo
  echo "## Result lines"
  echo
  echo '```'
  cat "$lines"
  echo '```'
  echo
  echo "Total time: $(( $(date +%s) - started )) s."
} >>"$out"
echo "written: $out"
