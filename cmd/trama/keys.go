package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"

	"github.com/trama-welfare/trama/internal/app"
	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/secret"
)

// cmdKeys manages the key that encrypts sensitive data:
//
//	trama keys rotate [--new-key]
//
// rotate re-encrypts every sealed value with the current key (the first of
// the key file) and recomputes the lookup hashes; --new-key first writes a
// new key at the top of the key file, keeping the old ones below.
func cmdKeys(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "rotate" {
		return usageError{"keys: say rotate"}
	}
	fs := flag.NewFlagSet("keys rotate", flag.ContinueOnError)
	dbPath := dbFlag(fs)
	keyFile := fs.String("secret-key-file", env("TRAMA_SECRET_KEY_FILE", ""), "key file (TRAMA_SECRET_KEY_FILE; default DB.key beside a SQLite file)")
	newKey := fs.Bool("new-key", false, "first add a new key at the top of the key file (the old keys stay below, to read old values)")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	ctx = audit.WithActor(ctx, audit.Actor{Label: "cli"})
	cfg := keyConfig(app.Config{DB: *dbPath, Version: version})
	cfg.SecretKeyFile = *keyFile
	a, err := app.Open(ctx, cfg)
	if err != nil {
		return err
	}
	if *newKey {
		path, err := addKey(cfg, a)
		a.Close()
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "added a new key at the top of %s\n", path)
		if a, err = app.Open(ctx, cfg); err != nil {
			return err
		}
	}
	defer a.Close()
	counts, err := a.RotateKeys(ctx)
	for _, table := range slices.Sorted(maps.Keys(counts)) {
		fmt.Fprintf(stdout, "%-28s %d rows re-encrypted\n", table, counts[table])
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "every sealed value now uses the current key: once your backups are rotated too,\n"+
		"the older keys can be removed from the key file.")
	return nil
}

// addKey writes a new key at the top of the key file in use.
func addKey(cfg app.Config, a *app.App) (string, error) {
	if cfg.SecretKey != "" {
		return "", errors.New("the key comes from TRAMA_SECRET_KEY: put a new key (openssl rand -base64 32) first in it, " +
			"on its own line above the old one, then run `trama keys rotate` without --new-key")
	}
	path := cfg.SecretKeyFile
	if path == "" && a.DB.Path != "" {
		path = a.DB.Path + ".key"
	}
	if path == "" {
		return "", errors.New("no key file: set --secret-key-file or TRAMA_SECRET_KEY_FILE")
	}
	old, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("read key file: %w", err)
	}
	text := "# Trama secret keys: the first is current, the others still decrypt older values.\n" +
		secret.NewKey() + "\n" + string(old)
	if _, err := secret.Parse(text); err != nil {
		return "", err
	}
	tmp := path + ".new"
	if err := os.WriteFile(tmp, []byte(text), 0o600); err != nil {
		return "", fmt.Errorf("write key file: %w", err)
	}
	return path, os.Rename(tmp, path)
}
