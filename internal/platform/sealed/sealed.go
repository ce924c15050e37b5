// Package sealed knows where sealed values live in the database, so that
// rotating the secret key (`trama keys rotate`) re-encrypts all of them with
// the current key and recomputes the keyed lookup hashes derived from them.
//
// Every capability that stores values made by secret.Keyring.Seal declares
// its columns as Tables; the app collects them in one list.
package sealed

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/secret"
)

// Table is a table with sealed columns.
type Table struct {
	Name    string   // table name
	Key     string   // primary key column
	Columns []string // columns holding secret.Seal values
	// Hashes, when set, recomputes the keyed hash columns of a row from its
	// opened values (column → plaintext). It returns column → new hash.
	Hashes func(kr *secret.Keyring, open map[string]string) map[string]string
}

// batch is how many rows one transaction re-encrypts.
const batch = 200

// Rotate re-seals, with the keyring's current key, every value of tables
// sealed with an older key, and recomputes the hashes of those rows. It
// works in batches of rows, each in its own transaction, so it can run
// while Trama serves; running it again does nothing more. It returns how
// many rows of each table it changed.
func Rotate(ctx context.Context, d *db.DB, kr *secret.Keyring, tables []Table) (map[string]int, error) {
	counts := map[string]int{}
	for _, t := range tables {
		n, err := rotateTable(ctx, d, kr, t)
		counts[t.Name] = n
		if err != nil {
			return counts, err
		}
	}
	detail := map[string]any{}
	for k, v := range counts {
		detail[k] = v
	}
	err := d.Tx(ctx, func(tx *sql.Tx) error {
		return audit.Record(ctx, tx, audit.Entry{Action: "rotate_keys", Entity: "secret", Detail: detail})
	})
	return counts, err
}

func rotateTable(ctx context.Context, d *db.DB, kr *secret.Keyring, t Table) (int, error) {
	total, after := 0, ""
	for {
		n, last, err := rotateBatch(ctx, d, kr, t, after)
		total += n
		if err != nil || last == "" {
			return total, err
		}
		after = last
	}
}

// rotateBatch handles the rows after the key value `after`; it returns how
// many it changed and the last key it looked at ("" at the end).
func rotateBatch(ctx context.Context, d *db.DB, kr *secret.Keyring, t Table, after string) (changed int, last string, err error) {
	lock := ""
	if d.Dialect == db.Postgres {
		lock = " FOR UPDATE"
	}
	cols := strings.Join(t.Columns, ", ")
	err = d.Tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, fmt.Sprintf(`SELECT CAST(%[1]s AS TEXT), %[2]s FROM %[3]s
			WHERE CAST(%[1]s AS TEXT) > $1 ORDER BY CAST(%[1]s AS TEXT) LIMIT %[4]d%[5]s`, t.Key, cols, t.Name, batch, lock), after)
		if err != nil {
			return fmt.Errorf("sealed: read %s: %w", t.Name, err)
		}
		type row struct {
			key  string
			vals []string
		}
		var list []row
		for rows.Next() {
			r := row{vals: make([]string, len(t.Columns))}
			dest := []any{&r.key}
			for i := range r.vals {
				dest = append(dest, &r.vals[i])
			}
			if err := rows.Scan(dest...); err != nil {
				rows.Close()
				return fmt.Errorf("sealed: scan %s: %w", t.Name, err)
			}
			list = append(list, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, r := range list {
			last = r.key
			ok, err := rotateRow(ctx, tx, kr, t, r.key, r.vals)
			if err != nil {
				return err
			}
			if ok {
				changed++
			}
		}
		if len(list) < batch {
			last = ""
		}
		return nil
	})
	return changed, last, err
}

// rotateRow re-seals one row when one of its values uses an old key.
func rotateRow(ctx context.Context, tx *sql.Tx, kr *secret.Keyring, t Table, key string, vals []string) (bool, error) {
	stale := false
	for _, v := range vals {
		if !kr.Current(v) {
			stale = true
		}
	}
	if !stale {
		return false, nil
	}
	open := map[string]string{}
	set := map[string]string{}
	for i, c := range t.Columns {
		pt, err := kr.Open(vals[i])
		if err != nil {
			return false, fmt.Errorf("sealed: %s %s.%s: %w", t.Name, key, c, err)
		}
		open[c] = pt
		if set[c], err = kr.Seal(pt); err != nil {
			return false, err
		}
	}
	if t.Hashes != nil {
		for c, h := range t.Hashes(kr, open) {
			set[c] = h
		}
	}
	var assign []string
	var args []any
	for c, v := range set {
		args = append(args, v)
		assign = append(assign, fmt.Sprintf("%s = $%d", c, len(args)))
	}
	args = append(args, key)
	_, err := tx.ExecContext(ctx, fmt.Sprintf(`UPDATE %s SET %s WHERE CAST(%s AS TEXT) = $%d`,
		t.Name, strings.Join(assign, ", "), t.Key, len(args)), args...)
	if err != nil {
		return false, fmt.Errorf("sealed: update %s %s: %w", t.Name, key, err)
	}
	return true, nil
}
