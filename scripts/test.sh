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

# Known vulnerabilities in dependencies. Both tools need their online
# databases: when those cannot be reached the check is skipped, loudly.
vuln_out=$(timeout 300 go run golang.org/x/vuln/cmd/govulncheck@v1.1.4 ./... 2>&1)
vuln_status=$?
if [ $vuln_status -eq 0 ]; then
  echo "govulncheck: no known vulnerabilities"
elif grep -qE "fetching vulnerabilities|no such host|dial tcp|403 Forbidden|timeout" <<<"$vuln_out"; then
  skipped+=("govulncheck: vulnerability database unreachable ($(tail -n1 <<<"$vuln_out"))")
else
  echo "$vuln_out"; status=1
fi
audit_out=$(timeout 120 npm audit --omit=dev --audit-level=high 2>&1 | grep -v 'Unknown user config')
audit_status=${PIPESTATUS[0]}
if [ "$audit_status" = 0 ]; then
  echo "npm audit: no high or critical advisories"
elif grep -qE "audit endpoint returned an error|ENOTFOUND|ECONNREFUSED|405" <<<"$audit_out"; then
  skipped+=("npm audit: advisory service unreachable")
else
  echo "$audit_out"; status=1
fi

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
