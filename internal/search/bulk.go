package search

import (
	"context"
	"fmt"
	"strings"

	"github.com/trama-welfare/trama/internal/platform/db"
)

// InsertRows writes n rows into the columns of table with multi-row
// INSERTs (bulk loads: the index, synthetic data).
func InsertRows(ctx context.Context, q db.Querier, dialect db.Dialect, table string, cols []string, n int, row func(i int) []any) error {
	return insertBatches(ctx, q, dialect, n, len(cols), "INSERT INTO "+table+" ("+strings.Join(cols, ", ")+") VALUES ", "",
		func(i int) ([]any, string) { return row(i), "" })
}

// insertBatches writes n rows of width values each with multi-row INSERTs
// (head, the tuples, tail) of at most batchParams values. row returns the values of row i and, when
// not empty, the SQL of its VALUES tuple with %d where each placeholder
// number goes (for tuples that wrap values in functions).
//
// Bulk statements are the one place where SQLite gets ? placeholders:
// it looks every $N up by name, which makes a statement of thousands of
// values cost quadratic time to prepare.
func insertBatches(ctx context.Context, q db.Querier, dialect db.Dialect, n, width int, head, tail string, row func(i int) ([]any, string)) error {
	per := max(1, batchParams/width)
	for start := 0; start < n; start += per {
		end := min(n, start+per)
		var sb strings.Builder
		sb.WriteString(head)
		args := make([]any, 0, (end-start)*width)
		for i := start; i < end; i++ {
			vals, tuple := row(i)
			if i > start {
				sb.WriteString(", ")
			}
			switch {
			case tuple == "" && dialect == db.SQLite:
				sb.WriteString("(" + strings.Repeat("?, ", len(vals)-1) + "?)")
			case tuple == "":
				sb.WriteString("(" + db.Placeholders(len(args)+1, len(vals)) + ")")
			default:
				nums := make([]any, len(vals))
				for j := range vals {
					nums[j] = len(args) + 1 + j
				}
				fmt.Fprintf(&sb, tuple, nums...)
			}
			args = append(args, vals...)
		}
		sb.WriteString(tail)
		if _, err := q.ExecContext(ctx, sb.String(), args...); err != nil {
			return fmt.Errorf("search: %s…: %w", head[:min(len(head), 40)], err)
		}
	}
	return nil
}

// batchParams bounds the values of one statement (SQLite allows 32766,
// PostgreSQL 65535; a few thousand keep statements quick to prepare).
const batchParams = 4000
