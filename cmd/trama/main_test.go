package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/app"
	"github.com/trama-welfare/trama/internal/demo"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/dbtest"
)

func runCmd(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(stdin), &out)
	return out.String(), err
}

func TestCommands(t *testing.T) {
	path := dbtest.NewDSN(t, db.SQLite)
	t.Setenv("TRAMA_DB", path)

	if out, err := runCmd(t, "", "version"); err != nil || !strings.HasPrefix(out, "trama ") {
		t.Fatalf("version: %q %v", out, err)
	}
	if _, err := runCmd(t, "", "serve", "-h"); !errors.Is(err, errHelp) {
		t.Fatalf("serve -h must print the flags and stop, got %v", err)
	}
	if _, err := runCmd(t, "", "frobnicate"); !errors.As(err, new(usageError)) {
		t.Fatalf("unknown command: %v", err)
	}
	if out, err := runCmd(t, "", "migrate"); err != nil || !strings.Contains(out, "up to date") {
		t.Fatalf("migrate: %q %v", out, err)
	}
	out, err := runCmd(t, "", "user", "create", "--email", "capo@comune.example", "--role", "admin")
	if err != nil || !strings.Contains(out, "one-time password: ") {
		t.Fatalf("user create: %q %v", out, err)
	}
	if _, err := runCmd(t, "", "user", "create", "--email", "capo@comune.example", "--role", "admin"); err == nil ||
		!strings.Contains(err.Error(), "already exists") {
		t.Fatalf("duplicate user: %v", err)
	}
	if _, err := runCmd(t, "", "user", "create", "--email", "x@y.example", "--role", "re"); err == nil ||
		!strings.Contains(err.Error(), "--role") {
		t.Fatalf("bad role: %v", err)
	}
	if _, err := runCmd(t, "corta\n", "user", "create", "--email", "x@y.example", "--role", "cittadino", "--password-stdin"); err == nil {
		t.Fatal("short password from stdin accepted")
	}
	out, err = runCmd(t, "una-password-lunga\n", "user", "create", "--email", "op@ente.example", "--role", "operatore", "--password-stdin")
	if err != nil || strings.Contains(out, "one-time password") {
		t.Fatalf("user create with stdin password: %q %v", out, err)
	}
	if out, err := runCmd(t, "", "user", "set-role", "--email", "op@ente.example", "--role", "coordinatore"); err != nil ||
		!strings.Contains(out, "(coordinatore)") {
		t.Fatalf("set-role: %q %v", out, err)
	}
	if _, err := runCmd(t, "", "user", "set-role", "--email", "nobody@ente.example", "--role", "admin"); err == nil {
		t.Fatal("set-role on unknown user succeeded")
	}
	if out, err := runCmd(t, "", "seed", "--demo"); err != nil || !strings.Contains(out, "already has users") {
		t.Fatalf("seed on a database with users: %q %v", out, err)
	}

	// Backup: a consistent copy with the same rows; never overwrites.
	backup := filepath.Join(t.TempDir(), "copy.db")
	if out, err := runCmd(t, "", "backup", "--to", backup); err != nil || !strings.Contains(out, "backup written") {
		t.Fatalf("backup: %q %v", out, err)
	}
	if _, err := runCmd(t, "", "backup", "--to", backup); err == nil {
		t.Fatal("backup overwrote an existing file")
	}
	for _, table := range []string{"users", "comuni", "audit_log"} {
		if a, b := count(t, path, table), count(t, backup, table); a != b || a == 0 {
			t.Errorf("%s: %d rows live, %d in the backup", table, a, b)
		}
	}
}

func TestSeedDemoOnEmptyDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.db")
	out, err := runCmd(t, "", "seed", "--demo", "--db", path)
	if err != nil || !strings.Contains(out, "admin@trama.example") {
		t.Fatalf("seed: %q %v", out, err)
	}
	if n := count(t, path, "users"); n != len(app.DemoAccounts)+len(demo.Operators) {
		t.Fatalf("%d demo users, want one per role and the organizations' operators", n)
	}
	if !strings.Contains(out, "antiviolenza@trama.example") {
		t.Errorf("the seed output does not list the operators of the organizations:\n%s", out)
	}
	if n := count(t, path, "organizations"); n < 30 {
		t.Fatalf("%d demo organizations", n)
	}
	if _, err := os.Stat(path + ".key"); err != nil {
		t.Fatalf("no key file beside the database: %v", err)
	}
}

func count(t *testing.T, path, table string) int {
	t.Helper()
	d, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var n int
	if err := d.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
