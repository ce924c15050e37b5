#!/usr/bin/env bash
# `make bench`: measures the search at national scale on loopback, bounded
# in time (see docs/PERFORMANCE.md). The synthetic databases are written
# once into BENCH_DIR and reused; each measurement lasts BENCH_DURATION
# after a warm-up. Results go to stdout and to BENCH_DIR/report.md.
set -euo pipefail
cd "$(dirname "$0")/.."

n=${BENCH_SERVICES:-500000}
dir=${BENCH_DIR:-/tmp/trama-bench}
dur=${BENCH_DURATION:-20s}
clients=${BENCH_CLIENTS:-8}
pg_server=${BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable}
port=${BENCH_PORT:-8091}
lite="$dir/sqlite-$n.db"
pg_name="trama_bench_$n"
pg="${pg_server%%/postgres\?*}/$pg_name?sslmode=disable"
report="$dir/report.md"
. scripts/lib-bench.sh
bench_prepare "$dir"
go build -o "$dir/trama-bench" ./cmd/trama-bench

{
  echo "### Run of $(date -u +'%Y-%m-%d %H:%M UTC') — $n services, $clients clients, $dur per measurement"
  echo
  bench_machine
} > "$report"

seed() { # seed DB LABEL
  echo "seeding $2 with $n synthetic services (once; reused afterwards)"
  local start=$SECONDS
  "$dir/trama" seed --synthetic "$n" --db "$1"
  echo "- seeding $2: $n services in $((SECONDS - start)) s" >> "$report"
}
if [ ! -f "$lite" ]; then seed "$lite" SQLite; fi
pg_ok=0
if command -v psql >/dev/null && psql "$pg_server" -qtc 'SELECT 1' >/dev/null 2>&1; then
  pg_ok=1
  if [ "$(psql "$pg_server" -qtAc "SELECT count(*) FROM pg_database WHERE datname = '$pg_name'")" = 0 ]; then
    psql "$pg_server" -qc "CREATE DATABASE $pg_name"
    seed "$pg" PostgreSQL
  fi
else
  echo "!! PostgreSQL not reachable at $pg_server: measuring SQLite only" | tee -a "$report"
fi

echo "== go test -bench (in process, on the SQLite database)"
{ echo; echo '```'; TRAMA_BENCH_DB="$lite" go test -run '^$' -bench . -benchtime "${BENCH_GOTIME:-3s}" ./internal/search/ | grep -E '^(Benchmark|ok|PASS)'; echo '```'; } | tee -a "$report"

serve() { # serve DB LABEL
  "$dir/trama" serve --db "$1" --addr "127.0.0.1:$port" > "$dir/serve.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 600); do
    curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    sleep 0.1
  done
  "$dir/trama-bench" http --url "http://127.0.0.1:$port" --pid "$pid" --clients "$clients" --duration "$dur" \
    --title "$2: HTTP, search page and type-ahead" | tee -a "$report"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}

echo "== SQLite over HTTP"
serve "$lite" SQLite
echo "== SQLite in process"
"$dir/trama-bench" direct --db "$lite" --clients "$clients" --duration "$dur" --title "SQLite: in process (search.Index)" | tee -a "$report"
echo "== SQLite in process, without the results cache"
"$dir/trama-bench" direct --no-cache --db "$lite" --clients "$clients" --duration "$dur" --title "SQLite: in process, no results cache" | tee -a "$report"
if [ $pg_ok = 1 ]; then
  echo "== PostgreSQL over HTTP"
  serve "$pg" PostgreSQL
  echo "== PostgreSQL in process"
  "$dir/trama-bench" direct --db "$pg" --clients "$clients" --duration "$dur" --title "PostgreSQL: in process (search.Index)" | tee -a "$report"
  "$dir/trama-bench" direct --no-cache --db "$pg" --clients "$clients" --duration "$dur" --title "PostgreSQL: in process, no results cache" | tee -a "$report"
  echo "== plain PostgreSQL to_tsvector('italian') queries"
  "$dir/trama-bench" plain --db "$pg" --clients "$clients" --duration "$dur" --title "PostgreSQL: plain to_tsvector('italian') queries" | tee -a "$report"
fi
echo
echo "report: $report"
