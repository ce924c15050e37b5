package hsds

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/trama-welfare/trama/internal/platform/db"
)

// bulk writes many rows into one table with multi-row INSERT statements,
// prepared once and executed batch after batch in the import's
// transaction: a round trip per batch, not per row. With upsert, a row whose
// id exists is updated (every column but those in keep).
type bulk struct {
	ctx     context.Context
	dialect db.Dialect
	tx      *sql.Tx
	table   string
	cols    []string
	upsert  bool
	keep    []string
	reset   []string // "col = default" for the columns not written, on update
	batch   int
	args    []any
	rows    int
	stmt    *sql.Stmt
	done    func(n int) // told after every flush
}

// maxParams stays under both engines' limits on bound parameters (SQLite
// 32766, PostgreSQL 65535).
const maxParams = 30000

func newBulk(ctx context.Context, d db.Dialect, tx *sql.Tx, table string, cols []string, upsert bool, keep ...string) *bulk {
	batch := min(500, maxParams/len(cols))
	return &bulk{ctx: ctx, dialect: d, tx: tx, table: table, cols: cols, upsert: upsert, keep: keep, batch: batch,
		args: make([]any, 0, batch*len(cols))}
}

func (b *bulk) sql(n int) string {
	var sb strings.Builder
	sb.WriteString("INSERT INTO " + b.table + " (")
	for i, c := range b.cols {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(quote(c))
	}
	sb.WriteString(") VALUES ")
	for r := range n {
		if r > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString("(" + b.placeholders(r*len(b.cols)+1, len(b.cols)) + ")")
	}
	if b.upsert {
		var sets []string
		for _, c := range b.cols {
			if c != "id" && !slices.Contains(b.keep, c) {
				sets = append(sets, quote(c)+" = excluded."+quote(c))
			}
		}
		sets = append(sets, b.reset...)
		sb.WriteString(" ON CONFLICT (id) DO UPDATE SET " + strings.Join(sets, ", "))
	}
	return sb.String()
}

// placeholders are $N on PostgreSQL. On SQLite they are plain "?": the
// driver looks every named parameter up by name, which costs the square of
// their number in a statement of thousands of them.
func (b *bulk) placeholders(from, n int) string {
	if b.dialect == db.SQLite {
		return strings.Repeat("?, ", n-1) + "?"
	}
	return db.Placeholders(from, n)
}

// add buffers one row (its values in the order of cols).
func (b *bulk) add(vals ...any) error {
	if len(vals) != len(b.cols) {
		return fmt.Errorf("hsds: %s: %d values for %d columns", b.table, len(vals), len(b.cols))
	}
	b.args = append(b.args, vals...)
	b.rows++
	if b.rows == b.batch {
		return b.flush()
	}
	return nil
}

// flush writes the buffered rows.
func (b *bulk) flush() error {
	if b.rows == 0 {
		return nil
	}
	var err error
	if b.rows == b.batch {
		if b.stmt == nil {
			if b.stmt, err = b.tx.PrepareContext(b.ctx, b.sql(b.batch)); err != nil {
				return fmt.Errorf("hsds: prepare %s: %w", b.table, err)
			}
		}
		_, err = b.stmt.ExecContext(b.ctx, b.args...)
	} else {
		_, err = b.tx.ExecContext(b.ctx, b.sql(b.rows), b.args...)
	}
	if err != nil {
		return fmt.Errorf("hsds: write %s: %w", b.table, err)
	}
	if b.done != nil {
		b.done(b.rows)
	}
	b.args, b.rows = b.args[:0], 0
	return nil
}

// close flushes and releases the statement.
func (b *bulk) close() error {
	err := b.flush()
	if b.stmt != nil {
		b.stmt.Close()
	}
	return err
}

// quote protects column names that are SQL keywords (interval, count, option).
func quote(name string) string { return `"` + name + `"` }
