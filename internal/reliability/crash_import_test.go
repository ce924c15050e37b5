package reliability_test

import (
	"database/sql"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/trama-welfare/trama/internal/platform/secret"
	"github.com/trama-welfare/trama/internal/reliability"
)

// TestCrashDuringImport kills `trama import hsds` with SIGKILL in the middle
// of a long import, on a copy of a database with the demo data, again and
// again: every time the database must pass integrity_check and hold either
// the whole package or nothing of it (an import is all-or-nothing), and a
// full import afterwards must succeed. Run with `make crashtest`.
func TestCrashDuringImport(t *testing.T) {
	if os.Getenv("TRAMA_CRASHTEST") == "" {
		t.Skip("set TRAMA_CRASHTEST=1 (make crashtest)")
	}
	const rounds = 10
	dir := t.TempDir()
	key := secret.NewKey()

	// The package: a synthetic directory exported as HSDS.
	src, pkg := filepath.Join(dir, "source.db"), filepath.Join(dir, "package")
	reliability.Run(t, key, "", "seed", "--synthetic", "2500", "--db", src)
	reliability.Run(t, key, "", "export", "hsds", pkg, "--db", src)
	// The database it goes into: the demo's.
	base := filepath.Join(dir, "base.db")
	reliability.Run(t, key, "", "seed", "--demo", "--db", base)
	before := counts(t, base)
	var territory string
	if d, err := sql.Open("sqlite", base); err == nil {
		d.QueryRow(`SELECT id FROM territories LIMIT 1`).Scan(&territory)
		d.Close()
	}
	imp := []string{"import", "hsds", pkg, "--territory", territory, "--db"}

	// A whole import, timed, tells when to kill the next ones.
	whole := copyDB(t, base, filepath.Join(dir, "whole.db"))
	start := time.Now()
	reliability.Run(t, key, "", append(imp, whole)...)
	took := time.Since(start)
	after := counts(t, whole)
	if after.services <= before.services || after.organizations <= before.organizations {
		t.Fatalf("the whole import added nothing: %+v → %+v", before, after)
	}

	killed := 0
	for round := range rounds {
		target := copyDB(t, base, filepath.Join(dir, "round.db"))
		cmd := exec.Command(reliability.Binary(t), append(imp, target)...)
		cmd.Env = append(os.Environ(), "TRAMA_SECRET_KEY="+key)
		cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		wait := time.Duration(float64(took) * (0.1 + 0.8*rand.Float64()))
		select {
		case <-done: // finished before the kill
		case <-time.After(wait):
			cmd.Process.Kill()
			<-done
			killed++
		}
		got := counts(t, target)
		if got != before && got != after {
			t.Fatalf("round %d (killed after %s of %s): %+v, want %+v (nothing) or %+v (everything)",
				round, wait, took, got, before, after)
		}
		// What a crash left must not stop the next import.
		reliability.Run(t, key, "", append(imp, target)...)
		if got := counts(t, target); got != after {
			t.Fatalf("round %d: the import after the crash left %+v, want %+v", round, got, after)
		}
	}
	if killed < rounds/2 {
		t.Fatalf("only %d of %d imports were killed while running: the test did not exercise anything", killed, rounds)
	}
	t.Logf("%d rounds, %d imports killed while running (a whole import took %s), none half written", rounds, killed, took)
}

type rowCounts struct{ organizations, services, locations int }

// counts checks a database's integrity and counts what an import writes.
func counts(t *testing.T, path string) rowCounts {
	t.Helper()
	d, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var integrity string
	if err := d.QueryRow(`PRAGMA integrity_check`).Scan(&integrity); err != nil || integrity != "ok" {
		t.Fatalf("%s: integrity_check = %q, %v", path, integrity, err)
	}
	var c rowCounts
	for q, n := range map[string]*int{
		`SELECT COUNT(*) FROM organizations`: &c.organizations,
		`SELECT COUNT(*) FROM services`:      &c.services,
		`SELECT COUNT(*) FROM locations`:     &c.locations,
	} {
		if err := d.QueryRow(q).Scan(n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return c
}

// copyDB copies a closed SQLite database (its WAL and key file too, when
// there are some) to path.
func copyDB(t *testing.T, from, to string) string {
	t.Helper()
	for _, suffix := range []string{"", "-wal", "-shm", ".key"} {
		os.Remove(to + suffix)
		b, err := os.ReadFile(from + suffix)
		if os.IsNotExist(err) && suffix != "" {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to+suffix, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return to
}
