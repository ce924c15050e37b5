package main

import (
	"flag"
	"os"
	"strconv"

	"github.com/trama-welfare/trama/internal/app"
	"github.com/trama-welfare/trama/internal/directory"
)

// freshnessFlags are the periods after which published services count as
// old: their organization is reminded and the back office flags them, then,
// after the grace months, the public sees them marked "da verificare".
func freshnessFlags(fs *flag.FlagSet, cfg *app.Config) {
	d := directory.DefaultFreshness
	fs.IntVar(&cfg.Freshness.Months, "stale-months", envInt("TRAMA_STALE_MONTHS", d.Months),
		"months without a verification before a service's organization is reminded and the back office flags it (TRAMA_STALE_MONTHS)")
	grace := d.Grace
	if n, err := strconv.Atoi(os.Getenv("TRAMA_GRACE_MONTHS")); err == nil && n >= 0 {
		grace = n // 0 is allowed: marked publicly as soon as it is stale
	}
	fs.IntVar(&cfg.Freshness.Grace, "grace-months", grace,
		`further months before the public sees the service marked "da verificare" (TRAMA_GRACE_MONTHS)`)
}
