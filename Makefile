# Trama — make targets. The README's quick start uses `make run` and `make test`.
SHELL := /bin/bash
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X main.version=$(VERSION)
DB ?= trama.db
ADDR ?= 127.0.0.1:8080

.PHONY: all assets build run test test-go test-short vet fmt clean crashtest fuzz bench loadtest

all: build

## assets: install the npm packages and copy them into web/static/vendor
assets:
	@./scripts/assets.sh

## build: the binary in bin/trama, assets included
build: assets
	CGO_ENABLED=0 go build -trimpath -ldflags "$(LDFLAGS)" -o bin/trama ./cmd/trama

## run: build and start Trama with the demo data on SQLite ($(DB)) at http://$(ADDR)
run: build
	./bin/trama serve --demo --db $(DB) --addr $(ADDR)

## test: everything — vet, Go tests on SQLite and PostgreSQL (when reachable), browser tests
test: assets
	@./scripts/test.sh

## test-short: Go tests on SQLite only, no browser
test-short: assets
	go test -short ./...

## bench: search at national scale (synthetic data, loopback, bounded in time; see docs/PERFORMANCE.md)
bench:
	@./scripts/bench.sh

## loadtest: issue 8's realistic mix at 300 req/s for 10 min on SQLite then PostgreSQL (loopback, bounded;
## LOAD_SHORT=1 for 60 s; LOAD_SERVICES, LOAD_RATE, LOAD_DURATION, LOAD_ENGINES: see scripts/loadtest.sh)
loadtest:
	@./scripts/loadtest.sh

vet:
	go vet ./...

fmt:
	gofmt -w $$(git ls-files '*.go')

clean:
	rm -rf bin web/static/vendor node_modules/.trama-*

## crashtest: kill `trama serve` 20 times while it writes, and `trama import hsds` 10 times while it imports; every acknowledged write must survive, no import half done
crashtest:
	TRAMA_CRASHTEST=1 go test -count=1 -timeout 20m -run 'TestCrashSafety|TestCrashDuringImport' -v ./internal/reliability/

## fuzz: run every Go fuzz target for FUZZTIME each (default 1m); crashers land in testdata/fuzz
FUZZTIME ?= 1m
fuzz:
	@./scripts/fuzz.sh $(FUZZTIME)
