package main

import (
	"errors"
	"testing"

	"github.com/trama-welfare/trama/internal/directory"
)

func TestFreshnessFlags(t *testing.T) {
	cfg, _, err := serveConfig(nil)
	if err != nil || cfg.Freshness != directory.DefaultFreshness {
		t.Fatalf("default freshness %+v, %v", cfg.Freshness, err)
	}
	t.Setenv("TRAMA_STALE_MONTHS", "9")
	t.Setenv("TRAMA_GRACE_MONTHS", "0")
	if cfg, _, _ = serveConfig(nil); cfg.Freshness != (directory.Freshness{Months: 9, Grace: 0}) {
		t.Fatalf("from the environment: %+v", cfg.Freshness)
	}
	if cfg, _, _ = serveConfig([]string{"--stale-months", "4", "--grace-months", "2"}); cfg.Freshness != (directory.Freshness{Months: 4, Grace: 2}) {
		t.Fatalf("flags over the environment: %+v", cfg.Freshness)
	}
	for _, args := range [][]string{{"--stale-months", "0"}, {"--grace-months", "-1"}, {"--stale-months", "sei"}} {
		if _, _, err := serveConfig(args); !errors.As(err, new(usageError)) {
			t.Errorf("%v: %v, want a usage error", args, err)
		}
	}
}
