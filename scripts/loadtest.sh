#!/usr/bin/env bash
# `make loadtest`: issue 8's load and soak test on loopback, bounded in
# requests and time (see docs/PERFORMANCE.md). It prepares the national
# synthetic directory (the same cached databases as `make bench`, written
# once into LOAD_DIR), adds the demo data set on top of a copy (accounts,
# events, shifts: once, cached too), starts `trama serve` on a free
# loopback port on a fresh copy of that, and replays the realistic mix of
# cmd/trama-load at LOAD_RATE for LOAD_DURATION: on SQLite, then on
# PostgreSQL when it is reachable. Results go to stdout and to
# LOAD_DIR/loadtest-report.md.
#
#   make loadtest                                   # 500,000 services, 300 req/s, 10 min per engine
#   make loadtest LOAD_SHORT=1                      # 60 s per engine
#   LOAD_SERVICES=20000 LOAD_RATE=100 LOAD_ENGINES=sqlite make loadtest
#   LOAD_PPROF=1 ...                                # also a 30 s CPU profile (LOAD_DIR/cpu-ENGINE.pprof), from 20 s in
set -euo pipefail
cd "$(dirname "$0")/.."

n=${LOAD_SERVICES:-500000}
dir=${LOAD_DIR:-/tmp/trama-bench}
rate=${LOAD_RATE:-300}
dur=${LOAD_DURATION:-10m}
[ "${LOAD_SHORT:-}" = 1 ] && dur=60s
engines=${LOAD_ENGINES:-sqlite postgres}
pg_server=${LOAD_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable}
pg_base="${pg_server%%/postgres\?*}"
report="$dir/loadtest-report.md"
. scripts/lib-bench.sh
bench_prepare "$dir"
go build -o "$dir/trama-load" ./cmd/trama-load

{
  echo "### Load test of $(date -u +'%Y-%m-%d %H:%M UTC') — $n services, $rate req/s for $dur ($(git describe --always --dirty))"
  echo
  bench_machine
  echo
} >> "$report"

# stop PID: SIGTERM, then SIGKILL after 30 s (a shutdown waits for the
# background job in progress, such as the reminders of a whole directory).
stop() {
  kill "$1" 2>/dev/null || return 0
  for _ in $(seq 1 300); do
    kill -0 "$1" 2>/dev/null || { wait "$1" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  echo "server $1 still running 30 s after SIGTERM: SIGKILL"
  kill -9 "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
server_pid=
trap '[ -z "$server_pid" ] || stop "$server_pid"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# load DSN LABEL: serve DSN on a free port and replay the mix against it.
load() {
  local port; port=$(free_port)
  local pprof_port; pprof_port=$(free_port)
  local extra=()
  [ -n "${LOAD_PPROF:-}" ] && extra=(--pprof "127.0.0.1:$pprof_port")
  "$dir/trama" serve --db "$1" --addr "127.0.0.1:$port" --base-url "http://127.0.0.1:$port" --trust-proxy "${extra[@]}" \
    > "$dir/serve-load.log" 2>&1 &
  local pid=$!
  server_pid=$pid
  for _ in $(seq 1 600); do
    curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    sleep 0.1
  done
  if [ -n "${LOAD_PPROF:-}" ]; then # 30 s of CPU profile, from 20 s into the run
    ( sleep 20; curl -s -o "$dir/cpu-$2.pprof" "http://127.0.0.1:$pprof_port/debug/pprof/profile?seconds=30" ) &
  fi
  "$dir/trama-load" --url "http://127.0.0.1:$port" --pid "$pid" --rate "$rate" --duration "$dur" \
    --title "$2: $n services, $rate req/s for $dur" | tee -a "$report"
  stop "$pid"
  server_pid=
  wait
}

for engine in $engines; do
  case $engine in
  sqlite)
    base="$dir/sqlite-$n.db" tmpl="$dir/load-sqlite-$n.db" run="$dir/load-run-$$.db"
    if [ ! -f "$base" ]; then
      echo "seeding SQLite with $n synthetic services (once; shared with make bench)"
      "$dir/trama" seed --synthetic "$n" --db "$base.tmp" && mv "$base.tmp" "$base"
    fi
    if [ ! -f "$tmpl" ]; then
      echo "adding the demo data set to a copy (once)"
      cp "$base" "$tmpl.tmp"
      "$dir/trama" seed --demo --db "$tmpl.tmp" >/dev/null && mv "$tmpl.tmp" "$tmpl"
    fi
    echo "== SQLite"
    cp "$tmpl" "$run"   # every run starts from the same data
    load "$run" SQLite
    rm -f "$run" "$run-wal" "$run-shm"
    ;;
  postgres)
    if ! command -v psql >/dev/null || ! psql "$pg_server" -qtc 'SELECT 1' >/dev/null 2>&1; then
      echo "!! PostgreSQL not reachable at $pg_server: SQLite only" | tee -a "$report"
      continue
    fi
    exists() { [ "$(psql "$pg_server" -qtAc "SELECT count(*) FROM pg_database WHERE datname = '$1'")" = 1 ]; }
    base="trama_bench_$n" tmpl="trama_load_$n" run="trama_load_run_$$"
    if ! exists "$base"; then
      echo "seeding PostgreSQL with $n synthetic services (once; shared with make bench)"
      psql "$pg_server" -qc "CREATE DATABASE $base"
      "$dir/trama" seed --synthetic "$n" --db "$pg_base/$base?sslmode=disable"
    fi
    if ! exists "$tmpl"; then
      echo "adding the demo data set to a copy (once)"
      psql "$pg_server" -qc "CREATE DATABASE ${tmpl}_tmp TEMPLATE $base"
      "$dir/trama" seed --demo --db "$pg_base/${tmpl}_tmp?sslmode=disable" >/dev/null
      psql "$pg_server" -qc "ALTER DATABASE ${tmpl}_tmp RENAME TO $tmpl"
    fi
    echo "== PostgreSQL"
    psql "$pg_server" -qc "DROP DATABASE IF EXISTS $run" -qc "CREATE DATABASE $run TEMPLATE $tmpl"
    load "$pg_base/$run?sslmode=disable" PostgreSQL
    psql "$pg_server" -qc "DROP DATABASE $run"
    ;;
  *) echo "unknown engine $engine" >&2; exit 2 ;;
  esac
done
echo
echo "report: $report"
