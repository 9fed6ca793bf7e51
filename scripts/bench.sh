#!/usr/bin/env bash
# make bench: HTTP throughput of /healthz versus the durable write paths (presence, appeals, the
# hall; each request's ledger events go through the writer thread and are acknowledged after the
# WAL sync), measured side by side with wrk, then the in-process Google Benchmarks. Talks only to
# 127.0.0.1. DURATION, CONNS and ROWS (see below) may be set in the environment.
set -euo pipefail
BIN=${1:-build/onedoor}
DURATION=${DURATION:-10s}
CONNS=${CONNS:-64}
# Which wrk rows to run (healthz always runs: the ratios are to it), e.g. ROWS="appeal".
ROWS=${ROWS:-"presence appeal hall"}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d)
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$TMP"' EXIT

"$BIN" demo --data "$TMP/data" >/dev/null
"$BIN" serve --data "$TMP/data" --port 0 --no-demo-traffic --web "$ROOT/web/dist" >"$TMP/out.log" 2>"$TMP/access.log" &
SERVER=$!
for _ in $(seq 100); do
  PORT=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$TMP/out.log" 2>/dev/null | grep -o '[0-9]*$' || true)
  [[ -n "$PORT" ]] && break
  sleep 0.1
done
[[ -n "${PORT:-}" ]] || { echo "server did not start"; cat "$TMP/out.log" "$TMP/access.log"; exit 1; }
URL=http://127.0.0.1:$PORT

curl -s -c "$TMP/cookies" -H 'Content-Type: application/json' \
  -d '{"username":"clerk","password":"onedoor-demo"}' "$URL/api/v1/session" >/dev/null
SESSION=$(awk '$6=="onedoor_session"{print $7}' "$TMP/cookies")
export CSRF=$(awk '$6=="onedoor_csrf"{print $7}' "$TMP/cookies")
export COOKIE="onedoor_session=$SESSION; onedoor_csrf=$CSRF"
# The hall row drives windows as the supervisor (any window).
curl -s -c "$TMP/sup" -H 'Content-Type: application/json' \
  -d '{"username":"supervisor","password":"onedoor-demo"}' "$URL/api/v1/session" >/dev/null
export HALL_CSRF=$(awk '$6=="onedoor_csrf"{print $7}' "$TMP/sup")
export HALL_COOKIE="onedoor_session=$(awk '$6=="onedoor_session"{print $7}' "$TMP/sup"); onedoor_csrf=$HALL_CSRF"

run_wrk() {  # $1 label, rest: wrk args
  local label=$1; shift
  wrk -t2 -c"$CONNS" -d"$DURATION" --latency "$@" >"$TMP/$label.txt"
  local rps p99
  rps=$(awk '/Requests\/sec/{print $2}' "$TMP/$label.txt")
  p99=$(awk '$1=="99%"{print $2}' "$TMP/$label.txt")
  local non2xx
  non2xx=$(awk '/Non-2xx/{print $4}' "$TMP/$label.txt")
  echo "$label $rps $p99 ${non2xx:-0}"
}

echo "wrk -t2 -c$CONNS -d$DURATION against $URL (server and wrk share this machine's cores)"
has_row() { [[ " $ROWS " == *" $1 "* ]]; }
W_RPS=0 W_P99=- W_BAD=- A_RPS=0 A_P99=- A_BAD=- T_RPS=0 T_P99=- T_BAD=-
read -r _ H_RPS H_P99 H_BAD < <(run_wrk healthz "$URL/healthz")
if has_row presence; then read -r _ W_RPS W_P99 W_BAD < <(run_wrk write -s "$ROOT/bench/presence.lua" "$URL/api/v1/me/presence"); fi
if has_row appeal; then read -r _ A_RPS A_P99 A_BAD < <(run_wrk appeal -s "$ROOT/bench/appeal.lua" "$URL/api/v1/appeals"); fi
if has_row hall; then read -r _ T_RPS T_P99 T_BAD < <(run_wrk hall -s "$ROOT/bench/hall.lua" "$URL/api/v1/halls/1/tickets"); fi
curl -s "$URL/metrics" >"$TMP/metrics.txt"
COMMITS=$(awk '$1=="onedoor_store_commits_total"{print $2}' "$TMP/metrics.txt")
WRITES=$(awk '$1=="onedoor_store_writes_total"{print $2}' "$TMP/metrics.txt")
SYNCS=$(awk '$1=="onedoor_store_syncs_total"{print $2}' "$TMP/metrics.txt")
SYNCED=$(awk '$1=="onedoor_store_synced_writes_total"{print $2}' "$TMP/metrics.txt")

printf '%-34s %12s %10s %8s\n' "endpoint" "requests/s" "p99" "non-2xx"
printf '%-34s %12s %10s %8s\n' "GET /healthz" "$H_RPS" "$H_P99" "$H_BAD"
printf '%-34s %12s %10s %8s\n' "POST /api/v1/me/presence (durable)" "$W_RPS" "$W_P99" "$W_BAD"
printf '%-34s %12s %10s %8s\n' "POST /api/v1/appeals (durable)" "$A_RPS" "$A_P99" "$A_BAD"
printf '%-34s %12s %10s %8s\n' "hall: ticket issue + call-next mix" "$T_RPS" "$T_P99" "$T_BAD"
awk -v w="$T_RPS" -v h="$H_RPS" 'BEGIN{printf "hall ticket issue + window commands / healthz throughput ratio: %.2f\n", w/h}'
awk -v w="$W_RPS" -v h="$H_RPS" 'BEGIN{printf "durable write / healthz throughput ratio: %.2f (goal >= 0.40)\n", w/h}'
awk -v w="$A_RPS" -v h="$H_RPS" 'BEGIN{printf "appeal submission / healthz throughput ratio: %.2f (goal >= 0.30)\n", w/h}'
awk -v c="$COMMITS" -v w="$WRITES" 'BEGIN{if (c>0) printf "group commit: %d writes in %d commits (%.1f writes per commit)\n", w, c, w/c}'
awk -v s="${SYNCS:-0}" -v w="${SYNCED:-0}" 'BEGIN{if (s>0) printf "durability: %d writes made durable by %d WAL syncs (%.1f writes per fsync)\n", w, s, w/s}'
"$BIN" ledger verify --data "$TMP/data"

BENCH_BIN=$(dirname "$BIN")/onedoor_bench
if [[ -x "$BENCH_BIN" ]]; then
  echo; echo "Google Benchmark ($BENCH_BIN)"
  "$BENCH_BIN" --benchmark_min_time=0.5 | tee "$TMP/gbench.txt"
  # The simulator's speed goal (issue 5): >= 5 M simulated events/s on one core, a year < 5 s.
  awk '/BM_SimulatedYear40Windows\/policy:-1/ { for (i = 1; i <= NF; i++) if ($i ~ /^events_per_s=/) { v = substr($i, 14); print "simulator, all four policies: " v " simulated events/s on one core (goal >= 5M/s)" } }
       /BM_SimulatedYear40Windows\/policy:2/ { print "simulator, a year of a 40-window hall under onedoor: " $2 " " $3 " (goal < 5 s)" }' "$TMP/gbench.txt"
fi
