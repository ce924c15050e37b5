package search

import (
	"context"
	"fmt"

	"github.com/trama-welfare/trama/internal/platform/db"
)

// commonMatches is how many matching documents make a text common.
var commonMatches = 2000

// TextCondition is the SQL condition "column holds the id of a service
// that text finds" for other readers of the directory (the HSDS API's
// search parameter): the same Italian analysis, synonyms, prefixes and
// typo tolerance as the portal, through the index instead of a scan ("",
// no condition, when the text has no word to look for). values are the
// statement's values so far, numbered $1…; the condition's own are
// appended to them. The index holds the services the public may see, so
// only those are found.
//
// The database reads the matches once. For a rare text it then reads the
// rows of those ids and sorts them. For a common one (commonMatches or
// more), sorting them costs more than walking the list in its own order
// and stopping at the page; PostgreSQL's planner sees that from its
// statistics, SQLite's cannot see into the full-text index, so on SQLite
// the column is written "+column", which keeps it from driving the query.
func (ix *Index) TextCondition(ctx context.Context, text, column string, values *[]any) (string, error) {
	r := ix.plan(ctx, Query{Text: text})
	if r.text.Empty() {
		return "", nil
	}
	e := r.textExprs().all
	col := column
	if ix.db.Dialect == db.SQLite {
		var probe args
		var n int
		if err := ix.db.R.QueryRowContext(ctx, fmt.Sprintf("SELECT COUNT(*) FROM (%s LIMIT %d) m",
			r.match(e, &probe), commonMatches), probe...).Scan(&n); err != nil {
			return "", fmt.Errorf("search: text condition: %w", err)
		}
		if n >= commonMatches {
			col = "+" + column
		}
	}
	a := args(*values)
	m := r.match(e, &a)
	*values = a
	return col + " IN (SELECT d.service_id FROM search_docs d WHERE d.rid IN (" + m + "))", nil
}
