package search

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/trama-welfare/trama/internal/platform/db"
)

// sqliteEngine keeps the analysed text in an FTS5 table whose rowid is the
// document's rid, with the columns name, body and tags.
type sqliteEngine struct{}

func (sqliteEngine) insertText(ctx context.Context, q db.Querier, rows []textRow) error {
	return insertBatches(ctx, q, len(rows), 4, "INSERT INTO search_fts (rowid, name, body, tags) VALUES ", "",
		func(i int) ([]any, string) {
			r := rows[i]
			return []any{r.rid, r.name, r.body, r.tags}, ""
		})
}

func (sqliteEngine) deleteText(ctx context.Context, q db.Querier, selectRids string, args ...any) error {
	_, err := q.ExecContext(ctx, "DELETE FROM search_fts WHERE rowid IN ("+selectRids+")", args...)
	return err
}

func (sqliteEngine) match(e expr, arg int) (string, any) {
	return "SELECT rowid AS rid FROM search_fts WHERE search_fts MATCH $" + strconv.Itoa(arg), e.fts5()
}

func (sqliteEngine) nameOrder(col string) string { return col }

// insertBatches writes n rows of width values each with multi-row INSERTs
// (head, the tuples, tail) of at most batchParams values. row returns the values of row i and, when
// not empty, the SQL of its VALUES tuple with %d where each placeholder
// number goes (for tuples that wrap values in functions).
func insertBatches(ctx context.Context, q db.Querier, n, width int, head, tail string, row func(i int) ([]any, string)) error {
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
			if tuple == "" {
				sb.WriteString("(" + db.Placeholders(len(args)+1, len(vals)) + ")")
			} else {
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
// PostgreSQL 65535).
const batchParams = 30000
