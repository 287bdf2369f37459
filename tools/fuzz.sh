#!/usr/bin/env bash
# Runs the libFuzzer targets of tests/fuzz (docs/fuzzing.md) for a bounded time each, built with
# the asan preset (clang, AddressSanitizer and UndefinedBehaviorSanitizer). Every run starts from
# a fresh working corpus, build/asan/fuzz-corpus/<target>, and reads the seeds (fixtures/,
# mappings/, tools/gateway.sample.toml, tests/fuzz/seeds/ and tests/fuzz/regressions/) besides.
#
# usage: tools/fuzz.sh [SECONDS-PER-TARGET] [TARGET...]
#   SECONDS-PER-TARGET  default 60
#   TARGET              message, http, config, mappings (default: all)
#   IWMO_FUZZ_JOBS      targets run at the same time (default: the number of cores, at most 4)
#
# Exits non-zero when a target finds a crash, a leak, undefined behaviour, a timeout or runs out
# of memory; the input that did it stays in build/asan/fuzz-artifacts/<target>/ and its path is
# printed (the log: build/asan/fuzz-logs/<target>.log). Add it to tests/fuzz/regressions/<target>/ once fixed.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
if [ $# -gt 0 ]; then shift; fi
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then targets=(message http config mappings); fi
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ]; then
  echo "fuzz.sh: SECONDS-PER-TARGET must be a positive whole number, not '$seconds'" >&2
  exit 2
fi

for t in "${targets[@]}"; do
  case "$t" in
    message | http | config | mappings) ;;
    *) echo "fuzz.sh: no target '$t' (message, http, config, mappings)" >&2; exit 2 ;;
  esac
done

jobs="${IWMO_FUZZ_JOBS:-$(nproc)}"
if [ "$jobs" -gt 4 ]; then jobs=4; fi

build=build/asan
if [ ! -f "$build/build.ninja" ]; then cmake --preset asan; fi
cmake --build --preset asan --target $(printf 'fuzz_%s ' "${targets[@]}")

rm -rf "$build/fuzz-seeds"

# The seed folders of a target, one per line.
seeds_of() {
  local t="$1"
  case "$t" in
    message) echo fixtures ;;
    config)
      mkdir -p "$build/fuzz-seeds/config"
      cp tools/gateway.sample.toml "$build/fuzz-seeds/config/"
      echo "$build/fuzz-seeds/config" ;;
    mappings)
      # The input's first line names the table (tests/fuzz/targets.hpp).
      mkdir -p "$build/fuzz-seeds/mappings"
      for f in mappings/*.csv; do
        name="$(basename "$f" .csv)"
        { echo "$name"; cat "$f"; } > "$build/fuzz-seeds/mappings/$name.csv"
      done
      echo "$build/fuzz-seeds/mappings" ;;
  esac
  for d in tests/fuzz/seeds/"$t" tests/fuzz/regressions/"$t"; do
    if [ -d "$d" ] && [ -n "$(ls -A "$d")" ]; then echo "$d"; fi
  done
}

run_one() {
  local t="$1"
  local corpus="$build/fuzz-corpus/$t" artifacts="$build/fuzz-artifacts/$t" log="$build/fuzz-logs/$t.log"
  rm -rf "$corpus" "$artifacts"
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  local max_len=65536
  case "$t" in config | mappings) max_len=16384 ;; esac
  local options=(-max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048
                 -print_final_stats=1 -artifact_prefix="$artifacts/")
  if [ -f "tests/fuzz/dict/$t.dict" ]; then options+=(-dict="tests/fuzz/dict/$t.dict"); fi
  local seeds
  mapfile -t seeds < <(seeds_of "$t")
  echo "fuzz_$t: ${seconds}s, seeds from ${seeds[*]}"
  # The first folder is the working corpus (written to); the seed folders are only read.
  if ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}" \
      "$build/tests/fuzz/fuzz_$t" "${options[@]}" "$corpus" "${seeds[@]}" > "$log" 2>&1; then
    echo "fuzz_$t: $(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || true)"
    return 0
  fi
  echo "fuzz_$t: FAILED; the log is $log" >&2
  grep -E 'ERROR: |SUMMARY: |runtime error|fuzz: ' "$log" | head -20 >&2 || true
  for a in "$artifacts"/*; do
    if [ -f "$a" ]; then echo "fuzz_$t: reproduce with $build/tests/fuzz/fuzz_$t $a" >&2; fi
  done
  return 1
}

failed=()
running=()
names=()
wait_first() {
  if ! wait "${running[0]}"; then failed+=("${names[0]}"); fi
  running=("${running[@]:1}")
  names=("${names[@]:1}")
}
for t in "${targets[@]}"; do
  while [ ${#running[@]} -ge "$jobs" ]; do wait_first; done
  run_one "$t" &
  running+=($!)
  names+=("$t")
done
while [ ${#running[@]} -gt 0 ]; do wait_first; done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: failed: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz.sh: ${targets[*]}: no crash in ${seconds}s each"
