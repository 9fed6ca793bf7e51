# Sourced by the benchmark scripts (needs BIN and ROOT): a demo server on a free port of 127.0.0.1.

# start_server DIR [ENV=VALUE...]: a fresh demo centre in DIR, served on a free port; sets PORT, SERVER.
start_server() {
  local dir=$1; shift
  "$BIN" demo --data "$dir/data" >/dev/null
  # --limit all=off: the benchmarks drive the write path from one address, as no citizen does.
  env "$@" "$BIN" serve --data "$dir/data" --port 0 --no-demo-traffic --limit all=off --web "$ROOT/web/dist" >"$dir/out.log" 2>"$dir/access.log" &
  SERVER=$!
  wait_listening "$dir"
}

# wait_listening DIR: waits for the server writing DIR/out.log to listen; sets PORT.
wait_listening() {
  PORT=
  for _ in $(seq 100); do
    PORT=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$1/out.log" 2>/dev/null | grep -o '[0-9]*$' || true)
    [[ -n "$PORT" ]] && break
    sleep 0.1
  done
  [[ -n "${PORT:-}" ]] || { echo "server did not start"; cat "$1/out.log" "$1/access.log"; exit 1; }
}
