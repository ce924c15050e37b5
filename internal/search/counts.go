package search

import (
	"context"
	"fmt"
	"strings"
)

// CategoryCounts counts the indexed (public) services of every category,
// parents included: a service of "EDU-SPORT" counts for "EDU" too. It
// reads every document, so callers showing it on busy pages cache it.
func (ix *Index) CategoryCounts(ctx context.Context) (map[string]int, error) {
	rows, err := ix.db.R.QueryContext(ctx, `SELECT categories FROM search_docs`)
	if err != nil {
		return nil, fmt.Errorf("search: category counts: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var cats string
		if err := rows.Scan(&cats); err != nil {
			return nil, fmt.Errorf("search: category counts: %w", err)
		}
		for _, c := range strings.Fields(cats) {
			out[c]++
		}
	}
	return out, rows.Err()
}
