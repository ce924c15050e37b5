package db_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/dbtest"
)

func TestTimesBoolsAndErrors(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := db.Now()
		_, err := d.W.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)`, "k", "v", now)
		if err != nil {
			t.Fatal(err)
		}
		var got time.Time
		if err := d.R.QueryRowContext(ctx, `SELECT updated_at FROM settings WHERE key = $1`, "k").Scan(&got); err != nil {
			t.Fatal(err)
		}
		if !got.Equal(now) {
			t.Errorf("time round trip: got %v, want %v", got, now)
		}
		var later int
		if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM settings WHERE updated_at > $1`, now.Add(-time.Second)).Scan(&later); err != nil {
			t.Fatal(err)
		}
		if later != 1 {
			t.Errorf("time comparison: got %d rows, want 1", later)
		}
		_, err = d.W.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)`, "k", "again", now)
		if !db.IsUniqueViolation(err) {
			t.Errorf("duplicate key: IsUniqueViolation(%v) = false", err)
		}
		_, err = d.W.ExecContext(ctx, `INSERT INTO territory_comuni (territory_id, istat_code) VALUES ($1, $2)`, "missing", "015146")
		if !db.IsForeignKeyViolation(err) {
			t.Errorf("missing parent: IsForeignKeyViolation(%v) = false", err)
		}
	})
}

func TestTxRollsBackOnError(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		boom := errors.New("boom")
		err := d.Tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)`, "a", "1", db.Now()); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("Tx returned %v, want boom", err)
		}
		var n int
		d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM settings`).Scan(&n)
		if n != 0 {
			t.Fatalf("rolled-back row is visible: %d rows", n)
		}
	})
}

func TestSQLiteReadersAreReadOnly(t *testing.T) {
	d := dbtest.SQLite(t)
	_, err := d.R.Exec(`INSERT INTO settings (key, value, updated_at) VALUES ('x', 'y', '2026-01-01 00:00:00')`)
	if err == nil {
		t.Fatal("a write through the reader pool succeeded")
	}
	var mode string
	d.W.QueryRow("PRAGMA journal_mode").Scan(&mode)
	if mode != "wal" {
		t.Errorf("journal_mode = %q, want wal", mode)
	}
	var fk int
	d.W.QueryRow("PRAGMA foreign_keys").Scan(&fk)
	if fk != 1 {
		t.Errorf("foreign_keys = %d, want 1", fk)
	}
}
