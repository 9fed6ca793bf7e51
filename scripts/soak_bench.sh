#!/usr/bin/env bash
# make bench: the hall soak's full compressed day (issue 19 §2, docs/hall.md "Soak"). The demo hall
# on a real `onedoor serve --test-clock` (SQLite) is driven by `onedoor soak` through a whole day of
# tests/soak/scenarios/soak-day.json, then the same day on two PostgreSQL nodes sharing one database
# (the gtest Soak.CompressedDay under scripts/with_pg.sh). Each prints live versus model versus
# `onedoor sim` (mean and p95 wait) and the checks; a violation fails the run. Talks only to 127.0.0.1.
set -euo pipefail
BIN=${1:-build/onedoor}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d)
SERVER=
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$TMP"' EXIT
SCENARIO="$ROOT/tests/soak/scenarios/soak-day.json"

echo "soak, SQLite: onedoor serve --demo --no-demo-traffic --test-clock --limit all=off; onedoor soak --scenario $SCENARIO"
"$BIN" demo --data "$TMP/data" >/dev/null
"$BIN" serve --data "$TMP/data" --port 0 --no-demo-traffic --test-clock --limit all=off >"$TMP/out.log" 2>"$TMP/access.log" &
SERVER=$!
PORT=
for _ in $(seq 100); do
  PORT=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$TMP/out.log" 2>/dev/null | grep -o '[0-9]*$' || true)
  [[ -n "$PORT" ]] && break
  sleep 0.1
done
[[ -n "$PORT" ]] || { echo "server did not start"; cat "$TMP/out.log"; exit 1; }
"$BIN" soak --scenario "$SCENARIO" --url "http://127.0.0.1:$PORT" --quiet
kill $SERVER; wait $SERVER 2>/dev/null || true; SERVER=
"$BIN" ledger verify --data "$TMP/data"

TESTS=$(dirname "$BIN")/onedoor_tests
if [[ -x "$TESTS" ]]; then
  echo; echo "soak, PostgreSQL, two nodes (clerks split): ONEDOOR_SOAK_DAY=1 ONEDOOR_SOAK_NODES=2 onedoor_tests --gtest_filter=Soak.CompressedDay"
  ONEDOOR_SOAK_DAY=1 ONEDOOR_SOAK_NODES=2 "$ROOT/scripts/with_pg.sh" "$TESTS" --gtest_filter=Soak.CompressedDay 2>&1 |
    grep -v '^  soak ' | grep -E 'citizens|steps|live|model|sim|violations|  - |OK|FAILED|PASSED'
fi
