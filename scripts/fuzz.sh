#!/usr/bin/env bash
# Runs every fuzz target of the module for a while each (bounded: the time
# given, default 1m, per target). `make test` already runs each target on its
# committed seed corpus; this goes looking for new crashers. A crasher is saved
# under the package's testdata/fuzz/<Target>/ and must become a regression
# test (commit it).
set -euo pipefail
cd "$(dirname "$0")/.."
time="${1:-1m}"
status=0
for pkg in $(go list ./...); do
  for target in $(go test -list '^Fuzz' "$pkg" 2>/dev/null | grep '^Fuzz' || true); do
    echo "== $pkg $target ($time)"
    if ! go test -run '^$' -fuzz "^${target}\$" -fuzztime "$time" "$pkg"; then
      status=1
    fi
  done
done
exit $status
