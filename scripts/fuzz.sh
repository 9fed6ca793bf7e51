#!/usr/bin/env bash
# Runs the libFuzzer targets of tests/fuzz (built in BUILD by `make fuzz-build`), each for SECONDS
# (the corpus replay included), JOBS at a time. New inputs go to BUILD/corpus/<target>/ (the
# checked-in corpus tests/fuzz/corpus/<target>/ is only read), crashes to BUILD/crashes/.
# Usage: scripts/fuzz.sh BUILD SECONDS [JOBS]. Exit 1 when any target found a crash.
set -euo pipefail
BUILD=$1
SECONDS_EACH=$2
JOBS=${3:-2}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGETS=(flat_json json_body open311_form url static_path scenario year_calendar time_expr)

run_one() {
  local t=$1 build=$2 secs=$3 root=$4
  mkdir -p "$build/corpus/$t" "$build/crashes"
  # -timeout: an input that takes over 10 s is a hang; -rss_limit_mb: one that needs 2 GB a leak.
  if "$build/fuzz_$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=0 \
      -artifact_prefix="$build/crashes/$t-" "$build/corpus/$t" "$root/tests/fuzz/corpus/$t" \
      >"$build/fuzz_$t.log" 2>&1; then
    echo "fuzz_$t: clean ($(grep -o 'cov: [0-9]*' "$build/fuzz_$t.log" | tail -1), ${secs} s)"
  else
    echo "fuzz_$t: FAILED, see $build/fuzz_$t.log and $build/crashes/" >&2
    tail -30 "$build/fuzz_$t.log" >&2
    return 1
  fi
}
export -f run_one

start=$(date +%s)
printf '%s\n' "${TARGETS[@]}" | xargs -P "$JOBS" -I{} bash -c 'run_one "$@"' _ {} "$BUILD" "$SECONDS_EACH" "$ROOT"
echo "onedoor: fuzz targets clean in $(( $(date +%s) - start )) s"
