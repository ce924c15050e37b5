package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/trama-welfare/trama/internal/app"
	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/validate"
)

// cmdPerson answers a person's requests about their data in the porta di
// comunità (GDPR articles 15 and 17):
//
//	trama person export (--id ID | --phone P | --email E) [--out FILE]
//	trama person erase --id ID --yes
//
// Both are written to the audit log.
func cmdPerson(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return usageError{"person: say export or erase"}
	}
	ctx = audit.WithActor(ctx, audit.Actor{Label: "cli"})
	fs := flag.NewFlagSet("person "+args[0], flag.ContinueOnError)
	dbPath := dbFlag(fs)
	id := fs.String("id", "", "the person's identifier (shown on their page)")
	var phone, email, out *string
	var yes *bool
	switch args[0] {
	case "export":
		phone = fs.String("phone", "", "find the person by phone number")
		email = fs.String("email", "", "find the person by e-mail")
		out = fs.String("out", "", "write the JSON to this file (default: standard output)")
	case "erase":
		yes = fs.Bool("yes", false, "confirm: the person asked for their data to be erased")
	default:
		return usageError{fmt.Sprintf("person: unknown subcommand %q (export, erase)", args[0])}
	}
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	a, err := app.Open(ctx, keyConfig(app.Config{DB: *dbPath, Version: version}))
	if err != nil {
		return err
	}
	defer a.Close()
	if args[0] == "erase" {
		if *id == "" || !*yes {
			return usageError{"person erase: --id and --yes are required"}
		}
		if err := a.Porta.Erase(ctx, *id); err != nil {
			return explainPerson(a, err)
		}
		fmt.Fprintf(stdout, "erased the data of person %s (the referral history stays, anonymous)\n", *id)
		return nil
	}
	if *id == "" {
		if *id, err = findPerson(ctx, a, *phone, *email); err != nil {
			return err
		}
	}
	x, err := a.Porta.Export(ctx, *id)
	if err != nil {
		return explainPerson(a, err)
	}
	w := stdout
	if *out != "" {
		f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(x)
}

// findPerson looks a person up by contact; several matches are listed.
func findPerson(ctx context.Context, a *app.App, phone, email string) (string, error) {
	if phone == "" && email == "" {
		return "", usageError{"person export: give --id, --phone or --email"}
	}
	if phone != "" {
		p, err := validate.Phone(phone)
		var ve *validate.Error
		if errors.As(err, &ve) {
			return "", fmt.Errorf("--phone: %s", a.Cat.T("en", ve.Key, ve.Args...))
		}
		phone = p.E164
	}
	ids, err := a.Porta.FindByContact(ctx, "", phone, strings.ToLower(strings.TrimSpace(email)))
	switch {
	case err != nil:
		return "", err
	case len(ids) == 0:
		return "", errors.New("no person with this phone or e-mail")
	case len(ids) > 1:
		return "", fmt.Errorf("several persons match (%s): choose one with --id", strings.Join(ids, ", "))
	}
	return ids[0], nil
}

func explainPerson(a *app.App, err error) error {
	if errs.Is(err, errs.NotFound) {
		return errors.New("no such person")
	}
	return explain(a, err)
}

// portaFlags adds the porta di comunità's settings to `trama serve`.
func portaFlags(fs *flag.FlagSet, cfg *app.Config) {
	fs.IntVar(&cfg.Porta.ReminderDays, "referral-reminder-days", envInt("TRAMA_REFERRAL_REMINDER_DAYS", 5),
		"working days a referral may stay unanswered before the organization is reminded (TRAMA_REFERRAL_REMINDER_DAYS)")
	fs.IntVar(&cfg.Porta.RetentionMonths, "retention-months", envInt("TRAMA_RETENTION_MONTHS", 24),
		"months after a case closes before the person's data is anonymised (TRAMA_RETENTION_MONTHS)")
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}
