#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster (scripts/pg_cluster.sh) whose port is in
# ONEDOOR_TEST_PG_PORT: every test process of a ctest run creates its databases in that one server
# (tests/support/pg_cluster.h) instead of starting its own. The cluster is removed afterwards,
# whatever the command's outcome.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap '"$ROOT/scripts/pg_cluster.sh" stop "$tmp/pg"; rm -rf "$tmp"' EXIT
"$ROOT/scripts/pg_cluster.sh" start "$tmp/pg" >/dev/null
ONEDOOR_TEST_PG_PORT=$(cat "$tmp/pg/port")
export ONEDOOR_TEST_PG_PORT
"$@"
