#!/usr/bin/env bash
# `make test`: vet and every Go test, on SQLite always, on PostgreSQL when a
# server is reachable, with the browser journeys in Debian's Chromium. What
# cannot run is said loudly at the end, never skipped in silence.
set -uo pipefail
cd "$(dirname "$0")/.."

skipped=()
default_pg="postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

# PostgreSQL: use TRAMA_TEST_POSTGRES_DSN, else the local server if it answers.
if [ -z "${TRAMA_TEST_POSTGRES_DSN:-}" ]; then
  if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then
    export TRAMA_TEST_POSTGRES_DSN="$default_pg"
  else
    skipped+=("PostgreSQL: no server on 127.0.0.1:5432 and TRAMA_TEST_POSTGRES_DSN unset — store tests ran on SQLite only")
  fi
fi

# Chromium for the browser journeys: Debian's package, installed when we can.
chromium_bin="${TRAMA_CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
if [ -z "$chromium_bin" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "test: installing Debian's chromium for the browser tests (once)"
  if ! apt-get install -y -q chromium >/dev/null 2>&1; then
    apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium >/dev/null 2>&1
  fi
  chromium_bin="$(command -v chromium || true)"
fi
if [ -n "$chromium_bin" ]; then
  export TRAMA_CHROMIUM="$chromium_bin" TRAMA_REQUIRE_BROWSER=1
else
  skipped+=("browser tests: no chromium (run as root to install it, or set TRAMA_CHROMIUM)")
fi

status=0
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './node_modules/*'))
if [ -n "$unformatted" ]; then
  echo "test: gofmt would change:"; echo "$unformatted"; status=1
fi
go vet ./... || status=1
go test -count=1 -timeout 20m ./... || status=1

echo
echo "== test summary =="
echo "SQLite: yes"
echo "PostgreSQL: ${TRAMA_TEST_POSTGRES_DSN:+yes ($TRAMA_TEST_POSTGRES_DSN)}"
echo "Browser: ${TRAMA_CHROMIUM:-no}"
for s in "${skipped[@]}"; do
  echo "!! SKIPPED: $s"
done
[ $status = 0 ] && echo "result: PASS" || echo "result: FAIL"
exit $status
