#!/usr/bin/env bash
# Runs every fuzz target of the module for a while each (bounded: the time
# given, default 1m, per target). `make test` already runs each target on its
# committed seed corpus; this goes looking for new crashers. A crasher is saved
# under the package's testdata/fuzz/<Target>/ and must become a regression
# test (commit it). Minimising an interesting input is bounded too (10s):
# by default it may take a whole minute, and with a large seed it did,
# leaving a one-minute run with no fuzzing at all.
set -euo pipefail
cd "$(dirname "$0")/.."
time="${1:-1m}"
status=0
for pkg in $(go list ./...); do
  for target in $(go test -list '^Fuzz' "$pkg" 2>/dev/null | grep '^Fuzz' || true); do
    echo "== $pkg $target ($time)"
    if ! go test -run '^$' -fuzz "^${target}\$" -fuzztime "$time" -fuzzminimizetime 10s "$pkg"; then
      status=1
    fi
  done
done
exit $status
