#!/usr/bin/env bash
# make bench: HTTP throughput of /healthz versus the durable write paths (presence, appeals, the
# hall; each request's ledger events go through the writer thread and are acknowledged after the
# WAL sync), measured side by side with wrk, then the in-process Google Benchmarks. Talks only to
# 127.0.0.1. DURATION, CONNS and ROWS (see below) may be set in the environment; GBENCH=0 skips the
# Google Benchmarks (scripts/bench_alternate.sh runs only the wrk rows).
set -euo pipefail
BIN=${1:-build/onedoor}
DURATION=${DURATION:-10s}
CONNS=${CONNS:-64}
# Which wrk rows to run (healthz always runs: the ratios are to it), e.g. ROWS="appeal".
ROWS=${ROWS:-"presence appeal hall"}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d)
SERVER=
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$TMP"' EXIT

# start_server DIR [ENV=VALUE...] and wait_listening DIR (they set SERVER and PORT).
source "$ROOT/scripts/demo_server.sh"

# hall_login URL DIR: the supervisor's session for the hall row (it drives any window).
hall_login() {
  curl -s -c "$2/sup" -H 'Content-Type: application/json' \
    -d '{"username":"supervisor","password":"onedoor-demo"}' "$1/api/v1/session" >/dev/null
  HALL_CSRF=$(awk '$6=="onedoor_csrf"{print $7}' "$2/sup")
  HALL_COOKIE="onedoor_session=$(awk '$6=="onedoor_session"{print $7}' "$2/sup"); onedoor_csrf=$HALL_CSRF"
  export HALL_CSRF HALL_COOKIE
}

run_wrk() {  # $1 label, rest: wrk args
  local label=$1; shift
  wrk -t2 -c"$CONNS" -d"$DURATION" --latency "$@" >"$TMP/$label.txt"
  local rps p99
  rps=$(awk '/Requests\/sec/{print $2}' "$TMP/$label.txt")
  p99=$(awk '$1=="99%"{print $2}' "$TMP/$label.txt")
  local non2xx
  non2xx=$(awk '/Non-2xx/{print $NF}' "$TMP/$label.txt")
  echo "$label $rps $p99 ${non2xx:-0}"
}

if [[ "${BENCH_ONLY:-}" == "hall" ]]; then
  # Only the hall row, before and after one-snapshot-per-commit-batch, side by side: two fresh demo
  # servers from the same binary, one with ONEDOOR_BENCH_SNAPSHOT_PER_WRITE=1 (the old behaviour: a
  # full read snapshot rebuilt after every hall write, the dispatcher dropped after any refusal).
  mkdir -p "$TMP/before" "$TMP/after"
  start_server "$TMP/before" ONEDOOR_BENCH_SNAPSHOT_PER_WRITE=1; BEFORE_PID=$SERVER; BEFORE_URL=http://127.0.0.1:$PORT
  start_server "$TMP/after"; AFTER_PID=$SERVER; AFTER_URL=http://127.0.0.1:$PORT
  trap 'kill $BEFORE_PID $AFTER_PID 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$TMP"' EXIT
  echo "wrk -t2 -c$CONNS -d$DURATION, hall row only (server and wrk share this machine's cores)"
  hall_login "$BEFORE_URL" "$TMP/before"
  read -r _ B_RPS B_P99 B_BAD < <(run_wrk hall-before -s "$ROOT/bench/hall.lua" "$BEFORE_URL/api/v1/halls/1/tickets")
  hall_login "$AFTER_URL" "$TMP/after"
  read -r _ N_RPS N_P99 N_BAD < <(run_wrk hall-after -s "$ROOT/bench/hall.lua" "$AFTER_URL/api/v1/halls/1/tickets")
  printf '%-46s %12s %10s %8s\n' "endpoint" "requests/s" "p99" "non-2xx"
  printf '%-46s %12s %10s %8s\n' "hall mix, snapshot per write (before)" "$B_RPS" "$B_P99" "$B_BAD"
  printf '%-46s %12s %10s %8s\n' "hall mix, snapshot per commit batch (after)" "$N_RPS" "$N_P99" "$N_BAD"
  awk -v a="$N_RPS" -v b="$B_RPS" 'BEGIN{printf "after / before throughput ratio: %.2f\n", a/b}'
  for u in "$BEFORE_URL" "$AFTER_URL"; do
    curl -s "$u/metrics" | awk -v u="$u" '$1=="onedoor_store_commits_total"{c=$2} $1=="onedoor_store_writes_total"{w=$2}
      END{if (c>0) printf "%s: %d writes in %d commits (%.1f per commit)\n", u, w, c, w/c}'
  done
  exit 0
fi

if [[ "${BENCH_ONLY:-}" == "pg" ]]; then
  # The durable write (presence) on SQLite, on PostgreSQL with one node, and on PostgreSQL with two
  # nodes sharing the database (two wrk at once, half the connections each), side by side. Everything
  # runs on this machine's cores, PostgreSQL included.
  login() {  # URL DIR: the clerk's session for presence.lua
    curl -s -c "$2/cookies" -H 'Content-Type: application/json' \
      -d '{"username":"clerk","password":"onedoor-demo"}' "$1/api/v1/session" >/dev/null
    CSRF=$(awk '$6=="onedoor_csrf"{print $7}' "$2/cookies")
    COOKIE="onedoor_session=$(awk '$6=="onedoor_session"{print $7}' "$2/cookies"); onedoor_csrf=$CSRF"
    export CSRF COOKIE
  }
  start_db_node() {  # DIR URL: a node serving database URL; sets PORT, SERVER
    mkdir -p "$1"
    "$BIN" serve --db "$2" --port 0 --no-demo-traffic --web "$ROOT/web/dist" >"$1/out.log" 2>"$1/access.log" &
    SERVER=$!
    wait_listening "$1"
  }
  mkdir -p "$TMP/sqlite"
  start_server "$TMP/sqlite"; SQLITE_PID=$SERVER; S_URL=http://127.0.0.1:$PORT
  ADMIN=$("$ROOT/scripts/pg_cluster.sh" start "$TMP/pg")
  PG_URL="${ADMIN%/postgres}/onedoor"
  trap 'kill $SQLITE_PID ${NODE1:-} ${NODE2:-} 2>/dev/null || true; wait 2>/dev/null || true; "$ROOT/scripts/pg_cluster.sh" stop "$TMP/pg"; rm -rf "$TMP"' EXIT
  psql -q "$ADMIN" -c "CREATE DATABASE onedoor"
  "$BIN" demo --db "$PG_URL" >/dev/null
  start_db_node "$TMP/node1" "$PG_URL"; NODE1=$SERVER; N1_URL=http://127.0.0.1:$PORT
  start_db_node "$TMP/node2" "$PG_URL"; NODE2=$SERVER; N2_URL=http://127.0.0.1:$PORT
  echo "wrk -t2 -c$CONNS -d$DURATION, durable presence writes (server(s), PostgreSQL and wrk share this machine's cores)"
  login "$S_URL" "$TMP/sqlite"
  read -r _ S_RPS S_P99 S_BAD < <(run_wrk sqlite -s "$ROOT/bench/presence.lua" "$S_URL/api/v1/me/presence")
  kill $SQLITE_PID; wait $SQLITE_PID 2>/dev/null || true
  login "$N1_URL" "$TMP/node1"
  read -r _ P_RPS P_P99 P_BAD < <(run_wrk pg1 -s "$ROOT/bench/presence.lua" "$N1_URL/api/v1/me/presence")
  HALF=$((CONNS / 2))
  wrk -t1 -c"$HALF" -d"$DURATION" --latency -s "$ROOT/bench/presence.lua" "$N1_URL/api/v1/me/presence" >"$TMP/pg2a.txt" &
  WRK_A=$!
  wrk -t1 -c"$HALF" -d"$DURATION" --latency -s "$ROOT/bench/presence.lua" "$N2_URL/api/v1/me/presence" >"$TMP/pg2b.txt"
  wait $WRK_A
  Q_RPS=$(awk '/Requests\/sec/{s+=$2} END{printf "%.2f", s}' "$TMP/pg2a.txt" "$TMP/pg2b.txt")
  Q_P99=$(awk '$1=="99%"{print $2}' "$TMP/pg2a.txt" "$TMP/pg2b.txt" | sort -h | tail -1)
  Q_BAD=$(awk '/Non-2xx/{s+=$NF} END{print s+0}' "$TMP/pg2a.txt" "$TMP/pg2b.txt")
  printf '%-44s %12s %10s %8s\n' "POST /api/v1/me/presence (durable)" "requests/s" "p99" "non-2xx"
  printf '%-44s %12s %10s %8s\n' "SQLite, one node" "$S_RPS" "$S_P99" "$S_BAD"
  printf '%-44s %12s %10s %8s\n' "PostgreSQL, one node" "$P_RPS" "$P_P99" "$P_BAD"
  printf '%-44s %12s %10s %8s\n' "PostgreSQL, two nodes (sum of both)" "$Q_RPS" "$Q_P99 (worse)" "$Q_BAD"
  awk -v p="$P_RPS" -v q="$Q_RPS" -v s="$S_RPS" 'BEGIN{printf "PostgreSQL one node / SQLite: %.2f; two nodes / SQLite: %.2f\n", p/s, q/s}'
  "$BIN" ledger verify --db "$PG_URL"
  exit 0
fi

start_server "$TMP"
URL=http://127.0.0.1:$PORT
curl -s -c "$TMP/cookies" -H 'Content-Type: application/json' \
  -d '{"username":"clerk","password":"onedoor-demo"}' "$URL/api/v1/session" >/dev/null
SESSION=$(awk '$6=="onedoor_session"{print $7}' "$TMP/cookies")
export CSRF=$(awk '$6=="onedoor_csrf"{print $7}' "$TMP/cookies")
export COOKIE="onedoor_session=$SESSION; onedoor_csrf=$CSRF"
hall_login "$URL" "$TMP"

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
if [[ -x "$BENCH_BIN" && "${GBENCH:-1}" != "0" ]]; then
  echo; echo "Google Benchmark ($BENCH_BIN)"
  "$BENCH_BIN" --benchmark_min_time=0.5 | tee "$TMP/gbench.txt"
  # The simulator's speed goal (issue 5): >= 5 M simulated events/s on one core, a year < 5 s.
  awk '/BM_SimulatedYear40Windows\/policy:-1/ { for (i = 1; i <= NF; i++) if ($i ~ /^events_per_s=/) { v = substr($i, 14); print "simulator, all four policies: " v " simulated events/s on one core (goal >= 5M/s)" } }
       /BM_SimulatedYear40Windows\/policy:2/ { print "simulator, a year of a 40-window hall under onedoor: " $2 " " $3 " (goal < 5 s)" }' "$TMP/gbench.txt"
  # The hall state with 10,000 waiting while tickets are issued and called (issue 19): p99 per request.
  awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^p99_us=/) p99[$1] = substr($i, 8) }
       END { pub = p99["BM_HallPublicState10k/iterations:5000/manual_time"]; page = p99["BM_HallStaffStatePage10k/iterations:1000/manual_time"];
             all = p99["BM_HallStaffStateUnpaged10k/iterations:40/manual_time"];
             if (pub != "" && page != "" && all != "") printf "hall state, 10,000 waiting: public p99 %s us (goal < 5 ms); public / staff page p99 %.3f; staff page / unpaged p99 %.3f\n", pub, to_us(pub) / to_us(page), to_us(page) / to_us(all) }
       function to_us(v) { if (v ~ /k$/) return substr(v, 1, length(v) - 1) * 1000; if (v ~ /M$/) return substr(v, 1, length(v) - 1) * 1000000; return v + 0 }' "$TMP/gbench.txt"
fi
