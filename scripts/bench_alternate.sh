#!/usr/bin/env bash
# Side by side on a shared, noisy machine: runs the wrk rows of scripts/bench.sh for two (or more)
# server binaries in turn, ROUNDS times, and prints each run and the medians. Throughput that two
# runs minutes apart disagree on by 25 % can still be compared this way: every round gives each
# binary the same moment. Build each commit in its own worktree (its build/onedoor finds its own
# web/ and calendars/). Example, the appeal row of issue 3:
#   ROUNDS=5 scripts/bench_alternate.sh ../before/build/onedoor build/onedoor
# ROWS (default "appeal"), DURATION (default 6s) and CONNS pass through to bench.sh.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-3}
ROWS=${ROWS:-appeal}
export ROWS DURATION=${DURATION:-6s} GBENCH=0
(( $# >= 2 )) || { echo "usage: ROUNDS=N $0 BIN_A BIN_B [BIN...]" >&2; exit 2; }
for b in "$@"; do [[ -x "$b" ]] || { echo "not an executable: $b" >&2; exit 2; }; done
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT

# The row bench.sh prints for each ROWS name: label, then requests/s, p99, non-2xx.
declare -A LABEL=([presence]="POST /api/v1/me/presence" [appeal]="POST /api/v1/appeals" [hall]="hall:")
printf '%-6s %-40s %10s' round binary healthz
for r in $ROWS; do printf ' %10s %9s %6s' "$r" p99 ratio; done
echo
for round in $(seq "$ROUNDS"); do
  for b in "$@"; do
    report=$("$ROOT/scripts/bench.sh" "$b" 2>&1) || { echo "$report" >&2; exit 1; }
    healthz=$(awk '/^GET \/healthz/{print $3}' <<<"$report")
    line=$(printf '%-6s %-40s %10s' "$round" "$b" "$healthz")
    for r in $ROWS; do
      read -r rps p99 < <(awk -v l="${LABEL[$r]}" 'index($0, l) == 1 {n = split($0, f, /  +/); print f[n-2], f[n-1]}' <<<"$report")
      line+=$(printf ' %10s %9s %6.3f' "$rps" "$p99" "$(awk -v a="$rps" -v h="$healthz" 'BEGIN{print a/h}')")
      echo "$b $r $(awk -v a="$rps" -v h="$healthz" 'BEGIN{print a, a/h}')" >>"$OUT"
    done
    echo "$line"
  done
done
echo "medians over $ROUNDS rounds:"
for b in "$@"; do
  for r in $ROWS; do
    awk -v b="$b" -v r="$r" '$1 == b && $2 == r {rps[++n] = $3; ratio[n] = $4}
      function median(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
                                         return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
      END { printf "  %-40s %-8s %10.0f requests/s, %.3f of /healthz\n", b, r, median(rps, n), median(ratio, n) }' "$OUT"
  done
done
