#!/usr/bin/env bash
# Where one request's CPU goes: runs wrk (64 connections, DURATION, default 6 s) against a fresh
# demo server and prints each server thread's CPU time per request (user and system, from
# /proc/PID/task/*/stat), wrk's own, and how busy the whole machine was. Unlike requests/s these
# figures hardly move with the noise of a shared machine. Talks only to 127.0.0.1. Examples:
#   scripts/thread_cpu.sh build/onedoor /healthz
#   scripts/thread_cpu.sh build/onedoor /api/v1/appeals bench/appeal.lua
set -euo pipefail
BIN=$1 TARGET=$2 LUA=${3:-}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SECS=${DURATION:-6}; SECS=${SECS%s}
TMP=$(mktemp -d)
SERVER=
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$TMP"' EXIT
source "$ROOT/scripts/demo_server.sh"
start_server "$TMP"
ARGS=(); [[ -n "$LUA" ]] && ARGS=(-s "$LUA")
wrk -t2 -c64 -d2s "${ARGS[@]}" "http://127.0.0.1:$PORT$TARGET" >/dev/null  # warm-up
# Per thread name: user and system clock ticks so far.
snapshot() {
  for t in /proc/$SERVER/task/*; do echo "$(cat "$t/comm") $(awk '{print $14, $15}' "$t/stat")"; done |
    awk '{u[$1] += $2; s[$1] += $3} END {for (k in u) print k, u[k], s[k]}' | sort
}
snapshot >"$TMP/before"; read -r _ u1 n1 s1 i1 w1 q1 sq1 _ </proc/stat
TIMEFORMAT='%U %S'  # bash's own `time`: wrk's user and system seconds
{ time wrk -t2 -c64 -d"${SECS}s" "${ARGS[@]}" "http://127.0.0.1:$PORT$TARGET" >"$TMP/wrk.txt"; } 2>"$TMP/wrktime"
snapshot >"$TMP/after"; read -r _ u2 n2 s2 i2 w2 q2 sq2 _ </proc/stat
RPS=$(awk '/Requests\/sec/{print $2}' "$TMP/wrk.txt")
N=$(awk -v r="$RPS" -v s="$SECS" 'BEGIN{print r * s}')
HZ=$(getconf CLK_TCK)
busy=$((u2 + n2 + s2 + q2 + sq2 - u1 - n1 - s1 - q1 - sq1)); all=$((busy + i2 + w2 - i1 - w1))
echo "$TARGET: $RPS requests/s; machine busy $((100 * busy / all)) %, softirq $((sq2 - sq1)) of $all ticks"
printf '  %-12s %9s %9s %9s\n' thread "us/req" user system
join "$TMP/before" "$TMP/after" | awk -v n="$N" -v hz="$HZ" '{u = ($4 - $2) / hz; s = ($5 - $3) / hz;
  if (u + s > 0) printf "  %-12s %9.1f %9.1f %9.1f\n", $1, (u + s) * 1e6 / n, u * 1e6 / n, s * 1e6 / n}'
awk -v n="$N" '{printf "  %-12s %9.1f %9.1f %9.1f\n", "wrk", ($1 + $2) * 1e6 / n, $1 * 1e6 / n, $2 * 1e6 / n}' "$TMP/wrktime"
