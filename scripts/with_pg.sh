#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster (scripts/pg_cluster.sh) whose admin URL is in
# ONEDOOR_TEST_PG; the tests create their databases in it. The cluster is removed afterwards,
# whatever the command's outcome.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap '"$ROOT/scripts/pg_cluster.sh" stop "$tmp/pg"; rm -rf "$tmp"' EXIT
ONEDOOR_TEST_PG=$("$ROOT/scripts/pg_cluster.sh" start "$tmp/pg")
export ONEDOOR_TEST_PG
"$@"
