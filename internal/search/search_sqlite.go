package search

import (
	"context"

	"github.com/trama-welfare/trama/internal/platform/db"
)

// sqliteEngine keeps the analysed text in an FTS5 table whose rowid is the
// document's rid, with the columns name, body and tags.
type sqliteEngine struct{}

func (sqliteEngine) insertText(ctx context.Context, q db.Querier, rows []textRow) error {
	return insertBatches(ctx, q, db.SQLite, len(rows), 4, "INSERT INTO search_fts (rowid, name, body, tags) VALUES ", "",
		func(i int) ([]any, string) {
			r := rows[i]
			return []any{r.rid, r.name, r.body, r.tags}, ""
		})
}

func (sqliteEngine) deleteText(ctx context.Context, q db.Querier, selectRids string, args ...any) error {
	_, err := q.ExecContext(ctx, "DELETE FROM search_fts WHERE rowid IN ("+selectRids+")", args...)
	return err
}

func (sqliteEngine) match(e expr, a *args) string {
	return "SELECT rowid AS rid FROM search_fts WHERE search_fts MATCH " + a.add(e.fts5())
}

func (sqliteEngine) nameOrder(col string) string { return col }
