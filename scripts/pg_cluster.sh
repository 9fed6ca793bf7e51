#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests and benchmarks, on 127.0.0.1 only.
#   scripts/pg_cluster.sh start DIR   initdb in DIR (created), start on a free port, print the
#                                     admin URL (postgresql://onedoor@127.0.0.1:PORT/postgres)
#   scripts/pg_cluster.sh stop DIR    stop it (fast shutdown) and remove DIR
#   scripts/pg_cluster.sh restart DIR restart it on the same port (fault tests)
# As root the server runs as the `postgres` system user (initdb refuses root). scripts/deps.sh
# installs postgresql-15.
set -euo pipefail
BIN=/usr/lib/postgresql/15/bin
cmd=${1:?start, stop or restart}
dir=${2:?cluster directory}
[[ -x "$BIN/initdb" ]] || { echo "PostgreSQL 15 is missing: apt-get install -y postgresql-15" >&2; exit 1; }

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    mkdir -p "$dir"
    if [[ $(id -u) -eq 0 ]]; then
      chown postgres:postgres "$dir"
      # The server user must reach DIR: let others traverse (not list) a private parent (mktemp -d).
      chmod o+x "$(dirname "$(realpath "$dir")")"
    fi
    as_owner "$BIN/initdb" -D "$dir/data" -U onedoor --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 300
fsync = on
shared_buffers = 128MB
CONF
    as_owner "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "$port" >"$dir/port"
    echo "postgresql://onedoor@127.0.0.1:$port/postgres"
    ;;
  restart)
    as_owner "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -m fast restart >/dev/null
    ;;
  stop)
    if [[ -f "$dir/data/postmaster.pid" ]]; then
      as_owner "$BIN/pg_ctl" -D "$dir/data" -w -t 60 -m fast stop >/dev/null || true
    fi
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop|restart DIR" >&2; exit 2 ;;
esac
