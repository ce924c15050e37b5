package search

import (
	"context"
	"strconv"

	"github.com/trama-welfare/trama/internal/platform/db"
)

// postgresEngine keeps the analysed text in a tsvector of the 'simple'
// configuration (our own analysis already folded, dropped and stemmed):
// the name with weight A, the rest of the text B, the filter tokens D.
type postgresEngine struct{}

func (postgresEngine) insertText(ctx context.Context, q db.Querier, rows []textRow) error {
	return insertBatches(ctx, q, db.Postgres, len(rows), 4, "INSERT INTO search_fts (rid, doc) VALUES ", "",
		func(i int) ([]any, string) {
			r := rows[i]
			return []any{r.rid, r.name, r.body, r.tags},
				"($%d, setweight(to_tsvector('simple', $%d), 'A') || setweight(to_tsvector('simple', $%d), 'B') || setweight(to_tsvector('simple', $%d), 'D'))"
		})
}

func (postgresEngine) deleteText(ctx context.Context, q db.Querier, selectRids string, args ...any) error {
	_, err := q.ExecContext(ctx, "DELETE FROM search_fts WHERE rid IN ("+selectRids+")", args...)
	return err
}

func (postgresEngine) match(e expr, arg int) (string, any) {
	return "SELECT rid FROM search_fts WHERE doc @@ to_tsquery('simple', $" + strconv.Itoa(arg) + ")", e.tsquery()
}

func (postgresEngine) nameOrder(col string) string { return col + ` COLLATE "C"` }
