package training

import (
	"cmp"
	"context"
	"slices"

	"github.com/trama-welfare/trama/internal/search/analysis"
)

// PageSize is the number of courses per page of GET /formazione.
const PageSize = 20

// Filter narrows the public listing.
type Filter struct {
	Q              string
	OrganizationID string
	Qualification  string
	Page           int
}

// Public lists the open courses with sessions to come (soonest first) and
// their total, filtered by text (Italian analysis), organization and
// qualification.
func (s *Service) Public(ctx context.Context, f Filter) ([]*Course, int, error) {
	list, err := s.courses(ctx, s.db.R, `c.status = 'open' AND ($1 = '' OR c.organization_id = $1) AND ($2 = '' OR c.qualification = $2)
		AND (c.organization_id = '' OR o.status = 'active') ORDER BY c.created_at DESC LIMIT 2000`, f.OrganizationID, f.Qualification)
	if err != nil {
		return nil, 0, err
	}
	q := analysis.ParseQuery(f.Q, analysis.Options{Synonyms: analysis.DefaultSynonyms()})
	index := map[string]string{}
	if !q.Empty() {
		rows, err := s.db.R.QueryContext(ctx, `SELECT id, index_text FROM courses WHERE status = 'open'`)
		if err != nil {
			return nil, 0, err
		}
		for rows.Next() {
			var id, text string
			rows.Scan(&id, &text)
			index[id] = text
		}
		rows.Close()
	}
	now := s.Now()
	var out []*Course
	for _, c := range list {
		if len(c.Sessions) == 0 || c.Sessions[len(c.Sessions)-1].End.Before(now) {
			continue
		}
		if !q.Empty() && !q.Matches(index[c.ID]) {
			continue
		}
		out = append(out, c)
	}
	slices.SortStableFunc(out, func(a, b *Course) int { return cmp.Compare(a.First().Unix(), b.First().Unix()) })
	total := len(out)
	from := min((max(f.Page, 1)-1)*PageSize, total)
	return out[from:min(from+PageSize, total)], total, nil
}
