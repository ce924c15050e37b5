// Command trama is the whole Trama platform in one binary.
//
//	trama serve [--demo]           start the web server
//	trama migrate                  bring the database schema up to date
//	trama seed --demo              load the demo data set
//	trama seed --synthetic N       a national synthetic directory of N services
//	trama reindex                  rebuild the search index
//	trama user create|set-role     manage accounts
//	trama backup --to FILE         consistent copy of a SQLite database
//	trama restore --from FILE      put a backup back
//	trama keys rotate              re-encrypt sensitive data with the current key
//	trama person export|erase      a person's data on request (GDPR)
//	trama import hsds PATH         import an HSDS 3.0 data package or JSON
//	trama export hsds DIR          export the published directory as HSDS 3.0
//	trama version                  print the version
//
// Every subcommand takes --db (or TRAMA_DB): a SQLite file path, or a
// postgres:// URL.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	"github.com/trama-welfare/trama/internal/app"
	demodata "github.com/trama-welfare/trama/internal/demo"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
)

// version is set at build time: -ldflags "-X main.version=…".
var version = "dev"

func main() {
	setupLogging()
	if err := run(context.Background(), os.Args[1:], os.Stdin, os.Stdout); err != nil && !errors.Is(err, errHelp) {
		var u usageError
		if errors.As(err, &u) {
			fmt.Fprintln(os.Stderr, "trama:", err)
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "trama:", err)
		os.Exit(1)
	}
}

type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

const usage = `Trama: the online network of a territory's social resources.

Usage:
  trama serve [flags]                 start the web server (migrates first)
  trama migrate [--db DB]             bring the database schema up to date
  trama seed --demo [--db DB]         load the demo data set (only into an empty database)
  trama seed --synthetic N [--db DB]  a national synthetic directory of N services, for measurements
  trama reindex [--db DB]             rebuild the search index from the published directory
  trama user create --email E --role R [--name N] [--territory ID] [--password-stdin]
  trama user set-role --email E --role R [--territory ID]
  trama backup --to FILE [--db DB]    consistent online copy of a SQLite database
  trama restore --from FILE [--force] replace the SQLite database with a backup (server stopped)
  trama keys rotate [--new-key]       re-encrypt sensitive data with the current key (--new-key: add one first)
  trama person export (--id ID | --phone P | --email E) [--out FILE]
                                      a person's data in the porta di comunità, with its access log (JSON)
  trama person erase --id ID --yes    erase a person's data at their request (referral history stays, anonymous)
  trama import hsds PATH [--territory ID] [--db DB]   import an HSDS 3.0 data package or JSON
  trama export hsds DIR [--db DB]     export the published directory as HSDS 3.0
  trama version                       print the version

Roles: admin, coordinatore, operatore, volontario, cittadino.
Run "trama <command> -h" for the flags of a command.`

func run(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintln(stdout, usage)
		return usageError{"no command given"}
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return cmdServe(ctx, rest, stdout)
	case "migrate":
		return cmdMigrate(ctx, rest, stdout)
	case "seed":
		return cmdSeed(ctx, rest, stdout)
	case "reindex":
		return cmdReindex(ctx, rest, stdout)
	case "user":
		return cmdUser(ctx, rest, stdin, stdout)
	case "backup":
		return cmdBackup(ctx, rest, stdout)
	case "restore":
		return cmdRestore(ctx, rest, stdout)
	case "keys":
		return cmdKeys(ctx, rest, stdout)
	case "person":
		return cmdPerson(ctx, rest, stdout)
	case "import":
		return cmdImport(ctx, rest, stdout)
	case "export":
		return cmdExport(ctx, rest, stdout)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, "trama", version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	return usageError{fmt.Sprintf("unknown command %q (try \"trama help\")", cmd)}
}

// env returns the environment variable or def.
func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return def
}

func envBool(name string, def bool) bool {
	if v, ok := os.LookupEnv(name); ok {
		b, err := strconv.ParseBool(v)
		if err == nil {
			return b
		}
	}
	return def
}

// dbFlag adds --db with its TRAMA_DB fallback.
func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", env("TRAMA_DB", "trama.db"), "database: SQLite file or postgres:// URL (TRAMA_DB)")
}

// errHelp means the flags' help was printed: the command stops there.
var errHelp = errors.New("help shown")

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	return nil
}

func cmdServe(ctx context.Context, args []string, stdout io.Writer) error {
	cfg, pprofAddr, err := serveConfig(args)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	if pprofAddr != "" {
		if err := servePprof(ctx, pprofAddr); err != nil {
			return usageError{err.Error()}
		}
	}
	a, err := app.Open(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	if cfg.Demo {
		if _, err := a.SeedDemo(ctx); err != nil {
			return err
		}
	}
	if hint := a.AdminHint(ctx); hint != "" {
		fmt.Fprintln(stdout, hint)
	}
	return a.Serve(ctx)
}

// serveConfig reads the flags of serve, with their environment fallbacks,
// and the address of the profiles (empty: none).
func serveConfig(args []string) (app.Config, string, error) {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var cfg app.Config
	fs.StringVar(&cfg.Addr, "addr", env("TRAMA_ADDR", "127.0.0.1:8080"), "address to listen on (TRAMA_ADDR)")
	dbPath := dbFlag(fs)
	fs.StringVar(&cfg.BaseURL, "base-url", env("TRAMA_BASE_URL", ""), "public URL of the site, for links in e-mails (TRAMA_BASE_URL; default http://ADDR)")
	fs.StringVar(&cfg.SecretKeyFile, "secret-key-file", env("TRAMA_SECRET_KEY_FILE", ""), "file with the key that encrypts sensitive data (TRAMA_SECRET_KEY_FILE)")
	fs.StringVar(&cfg.SMTPURL, "smtp-url", env("TRAMA_SMTP_URL", ""), "SMTP server, smtp://user:pass@host:587 (TRAMA_SMTP_URL; empty: development outbox)")
	fs.StringVar(&cfg.MailFrom, "mail-from", env("TRAMA_MAIL_FROM", "Trama <noreply@localhost>"), "sender of e-mails (TRAMA_MAIL_FROM)")
	fs.StringVar(&cfg.MapTiles, "map-tiles", env("TRAMA_MAP_TILES", ""), "map tile URL template (TRAMA_MAP_TILES; default OpenStreetMap)")
	fs.StringVar(&cfg.SiteName, "site-name", env("TRAMA_SITE_NAME", "Trama"), "name of the installation (TRAMA_SITE_NAME)")
	fs.StringVar(&cfg.MetricsToken, "metrics-token", env("TRAMA_METRICS_TOKEN", ""), "bearer token required by /metrics (TRAMA_METRICS_TOKEN; empty: open)")
	fs.BoolVar(&cfg.Demo, "demo", envBool("TRAMA_DEMO", false), "load the demo data set into an empty database and list the demo accounts on the login page (TRAMA_DEMO)")
	fs.BoolVar(&cfg.TrustProxy, "trust-proxy", envBool("TRAMA_TRUST_PROXY", false), "take the client address from X-Forwarded-For (TRAMA_TRUST_PROXY)")
	fs.IntVar(&cfg.Workers, "workers", 2, "background job workers")
	pprofAddr := fs.String("pprof", "", "serve Go profiles (/debug/pprof/) on this loopback address, e.g. 127.0.0.1:6060 (off when empty)")
	portaFlags(fs, &cfg)
	freshnessFlags(fs, &cfg)
	participation := participationFlags(fs)
	if err := parse(fs, args); err != nil {
		return cfg, "", err
	}
	if err := cfg.Freshness.Validate(); err != nil {
		return cfg, "", usageError{err.Error()}
	}
	participation(&cfg)
	cfg.DB, cfg.Version = *dbPath, version
	cfg = keyConfig(cfg)
	return cfg, *pprofAddr, nil
}

func cmdMigrate(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	dbPath := dbFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	d, err := db.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := app.Prepare(ctx, d); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "database is up to date:", *dbPath)
	return nil
}

func cmdSeed(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	dbPath := dbFlag(fs)
	demo := fs.Bool("demo", false, "load the demo data set")
	synth := fs.Int("synthetic", 0, "write a synthetic national directory of this many services (empty database)")
	seed := fs.Uint64("seed", 1, "random seed of --synthetic")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *synth > 0 {
		return seedSynthetic(ctx, *dbPath, *synth, *seed, stdout)
	}
	if !*demo {
		return usageError{"say what to seed: --demo or --synthetic N"}
	}
	a, err := app.Open(ctx, keyConfig(app.Config{DB: *dbPath, Version: version}))
	if err != nil {
		return err
	}
	defer a.Close()
	seeded, err := a.SeedDemo(ctx)
	if err != nil {
		return err
	}
	if !seeded {
		fmt.Fprintln(stdout, "the database already has users: demo data not loaded")
		return nil
	}
	fmt.Fprintln(stdout, "demo data loaded. Accounts (password "+app.DemoPassword+"):")
	for _, d := range app.DemoAccounts {
		fmt.Fprintf(stdout, "  %-13s %s\n", d.Role, d.Email)
	}
	for _, op := range demodata.Operators {
		fmt.Fprintf(stdout, "  %-13s %s (%s)\n", auth.Operator, op.Email, op.Why)
	}
	return nil
}

// keyConfig fills the secret key settings from the environment.
func keyConfig(cfg app.Config) app.Config {
	cfg.SecretKey = os.Getenv("TRAMA_SECRET_KEY")
	if cfg.SecretKeyFile == "" {
		cfg.SecretKeyFile = os.Getenv("TRAMA_SECRET_KEY_FILE")
	}
	return cfg
}

func setupLogging() {
	var h slog.Handler
	if fi, err := os.Stderr.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
		h = slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo})
	} else {
		h = slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo})
	}
	slog.SetDefault(slog.New(h))
}
