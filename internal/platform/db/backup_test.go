package db_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/dbtest"
)

// tableSums returns, for every table, its row count and a hash of its rows.
func tableSums(t *testing.T, path string) map[string]string {
	t.Helper()
	d, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	rows, err := d.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	out := map[string]string{}
	for _, table := range tables {
		r, err := d.Query(`SELECT * FROM "` + table + `" ORDER BY rowid`)
		if err != nil {
			r, err = d.Query(`SELECT * FROM "` + table + `"`)
			if err != nil {
				t.Fatal(err)
			}
		}
		cols, _ := r.Columns()
		h := sha256.New()
		n := 0
		for r.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			r.Scan(ptrs...)
			fmt.Fprintf(h, "%v\n", vals)
			n++
		}
		r.Close()
		out[table] = fmt.Sprintf("%d rows %s", n, hex.EncodeToString(h.Sum(nil))[:16])
	}
	return out
}

// TestBackupUnderWriteLoadAndRestore: a backup taken while transactions
// keep writing is consistent (no half transaction in it), and restoring it
// gives back exactly the same tables.
func TestBackupUnderWriteLoadAndRestore(t *testing.T) {
	ctx := context.Background()
	d := dbtest.SQLite(t)
	var stop atomic.Bool
	var wg sync.WaitGroup
	var written atomic.Int64
	wg.Go(func() {
		for i := 0; !stop.Load(); i++ {
			err := d.Tx(ctx, func(tx *sql.Tx) error {
				for _, side := range []string{"a", "b"} {
					if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ($1, 'x', $2)`,
						fmt.Sprintf("k%06d%s", i, side), db.Now()); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Error(err)
				return
			}
			written.Add(1)
		}
	})
	for written.Load() < 50 {
		time.Sleep(time.Millisecond)
	}
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := db.Backup(ctx, d, backup); err != nil {
		t.Fatal(err)
	}
	stop.Store(true)
	wg.Wait()

	b, err := sql.Open("sqlite", backup)
	if err != nil {
		t.Fatal(err)
	}
	var check string
	var as, bs int
	b.QueryRow(`PRAGMA integrity_check`).Scan(&check)
	b.QueryRow(`SELECT COUNT(*) FROM settings WHERE key LIKE '%a'`).Scan(&as)
	b.QueryRow(`SELECT COUNT(*) FROM settings WHERE key LIKE '%b'`).Scan(&bs)
	b.Close()
	if check != "ok" || as != bs || as == 0 {
		t.Fatalf("backup: integrity %q, %d a-rows and %d b-rows (a transaction was split)", check, as, bs)
	}
	if as == int(written.Load()) {
		t.Logf("the backup holds every transaction (%d); the writer may have been slow", as)
	}

	target := filepath.Join(t.TempDir(), "restored.db")
	if err := db.Restore(ctx, backup, target, false); err != nil {
		t.Fatal(err)
	}
	want, got := tableSums(t, backup), tableSums(t, target)
	if len(want) < 10 {
		t.Fatalf("only %d tables", len(want))
	}
	for table, sum := range want {
		if got[table] != sum {
			t.Errorf("%s: backup %s, restored %s", table, sum, got[table])
		}
	}
	if err := db.Restore(ctx, backup, target, false); err == nil {
		t.Fatal("restore overwrote an existing database without --force")
	}
	if err := db.Restore(ctx, backup, target, true); err != nil {
		t.Fatalf("restore with force: %v", err)
	}
	broken := filepath.Join(t.TempDir(), "broken.db")
	os.WriteFile(broken, []byte("this is not a database at all, just some bytes in a file"), 0o600)
	if err := db.Restore(ctx, broken, filepath.Join(t.TempDir(), "x.db"), false); err == nil {
		t.Fatal("a damaged backup was restored")
	}
}
