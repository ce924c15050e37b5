package main

import (
	"flag"
	"os"
	"strconv"
	"time"

	"github.com/trama-welfare/trama/internal/app"
)

// participationFlags adds the flags of Partecipazione to serve and returns
// a function that copies them into the configuration after parsing.
func participationFlags(fs *flag.FlagSet) func(*app.Config) {
	days := 90
	if v, err := strconv.Atoi(os.Getenv("TRAMA_REGISTRANT_RETENTION_DAYS")); err == nil && v > 0 {
		days = v
	}
	retention := fs.Int("registrant-retention-days", days,
		"days after an event ends that its registrants' names, e-mails and answers are kept; then only the counts remain (TRAMA_REGISTRANT_RETENTION_DAYS)")
	return func(cfg *app.Config) {
		if *retention > 0 {
			cfg.Participation.RegistrantRetention = time.Duration(*retention) * 24 * time.Hour
		}
	}
}
