package search

import (
	"context"

	"github.com/trama-welfare/trama/internal/platform/db"
)

// postgresEngine keeps the analysed text in tsvectors of the 'simple'
// configuration (our own analysis already folded, dropped and stemmed),
// each with its GIN index: the whole text (name, a separator no phrase
// can cross, the rest), the name alone, the filter tokens. Queries are
// conditions on them (expr.pgWhere), which the planner combines as
// bitmaps; no weights, so the index answers without rechecking rows.
type postgresEngine struct{}

// pgSeparator keeps phrases from crossing from the name into the rest,
// as FTS5 columns do: the parser makes it a lexeme of its own ('0.0'),
// which our analysis never writes (it splits on dots).
const pgSeparator = " 0.0 "

func (postgresEngine) insertText(ctx context.Context, q db.Querier, rows []textRow) error {
	return insertBatches(ctx, q, db.Postgres, len(rows), 4, "INSERT INTO search_fts (rid, doc, name, tags) VALUES ", "",
		func(i int) ([]any, string) {
			r := rows[i]
			return []any{r.rid, r.name + pgSeparator + r.body, r.name, r.tags},
				"($%d, to_tsvector('simple', $%d), to_tsvector('simple', $%d), to_tsvector('simple', $%d))"
		})
}

func (postgresEngine) deleteText(ctx context.Context, q db.Querier, selectRids string, args ...any) error {
	_, err := q.ExecContext(ctx, "DELETE FROM search_fts WHERE rid IN ("+selectRids+")", args...)
	return err
}

func (postgresEngine) match(e expr, a *args) string {
	return "SELECT rid FROM search_fts WHERE " + e.pgWhere(a)
}

func (postgresEngine) nameOrder(col string) string { return col + ` COLLATE "C"` }
