package search

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/geo"
)

const docCols = `rid, service_id, organization_id, name, organization_name, status, free, cost, min_age, max_age,
	categories, places, schedules, assured_date`

// results reads the documents of a page of candidates, in order, with the
// parts of their score; from is the rank of the first, minus one.
func (r *run) results(ctx context.Context, page []cand, from int) ([]Result, error) {
	rows, err := r.ix.db.R.QueryContext(ctx, "SELECT "+docCols+" FROM search_docs WHERE rid IN ("+ridList(page)+")")
	if err != nil {
		return nil, fmt.Errorf("search: read results: %w", err)
	}
	defer rows.Close()
	byRID := map[int64]Result{}
	for rows.Next() {
		res, err := scanResult(rows)
		if err != nil {
			return nil, err
		}
		byRID[res.Score.RID] = res
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	flags, err := r.textFlags(ctx, page)
	if err != nil {
		return nil, err
	}
	out := make([]Result, 0, len(page))
	for i, c := range page {
		res, ok := byRID[c.rid]
		if !ok {
			continue // reindexed meanwhile
		}
		res.Score.Rank = from + i + 1
		res.Score.Exact, res.Score.InName = flags(c)
		if r.q.Sort == ByRelevance {
			res.Score.AgeFit = r.tiers[c.tier].ageFit
		}
		if r.origin != nil {
			res.DistanceKm, res.HasDistance = nearestPlace(*r.origin, res.Places)
			if r.q.Sort == ByRelevance && res.HasDistance {
				res.Score.Band = bandOf(res.DistanceKm)
			}
		}
		out = append(out, res)
	}
	return out, nil
}

func scanResult(s interface{ Scan(...any) error }) (Result, error) {
	var res Result
	var minAge, maxAge sql.NullInt64
	var cats, places, scheds string
	err := s.Scan(&res.Score.RID, &res.ServiceID, &res.OrganizationID, &res.Name, &res.OrganizationName, &res.Status,
		&res.Free, &res.Cost, &minAge, &maxAge, &cats, &places, &scheds, &res.AssuredDate)
	if err != nil {
		return res, fmt.Errorf("search: scan result: %w", err)
	}
	if minAge.Valid {
		n := int(minAge.Int64)
		res.MinAge = &n
	}
	if maxAge.Valid {
		n := int(maxAge.Int64)
		res.MaxAge = &n
	}
	res.Categories = strings.Fields(cats)
	if err := json.Unmarshal([]byte(places), &res.Places); err != nil && places != "" {
		return res, fmt.Errorf("search: places of %s: %w", res.ServiceID, err)
	}
	if err := json.Unmarshal([]byte(scheds), &res.Schedules); err != nil && scheds != "" {
		return res, fmt.Errorf("search: schedules of %s: %w", res.ServiceID, err)
	}
	res.Score.Fresh = ridDay(res.Score.RID)
	return res, nil
}

// nearestPlace is the distance of the nearest place with a point.
func nearestPlace(o Point, places []Place) (float64, bool) {
	best, ok := 0.0, false
	for _, p := range places {
		if !p.HasPoint {
			continue
		}
		if d := geo.DistanceKm(o.Lat, o.Lon, p.Lat, p.Lon); !ok || d < best {
			best, ok = d, true
		}
	}
	return best, ok
}

// textFlags tells, for each candidate of a page, whether its words were
// found as typed and in the name: known from the tier when sorting by
// relevance, asked to the index otherwise.
func (r *run) textFlags(ctx context.Context, page []cand) (func(cand) (bool, bool), error) {
	if r.text.Empty() {
		return func(cand) (bool, bool) { return false, false }, nil
	}
	if r.q.Sort == ByRelevance {
		return func(c cand) (bool, bool) { t := r.tiers[c.tier]; return t.exact, t.name }, nil
	}
	t := r.textExprs()
	var sets [3]map[int64]bool
	for i, e := range []expr{t.exact, t.exactName, t.name} {
		var err error
		if sets[i], err = r.among(ctx, e, page); err != nil {
			return nil, err
		}
	}
	// The tier each would be in, as the relevance order has them.
	return func(c cand) (bool, bool) {
		exact, exactName, name := sets[0][c.rid], sets[1][c.rid], sets[2][c.rid]
		return exact, exactName || name && !exact
	}, nil
}

// among returns which of the page's documents match e.
func (r *run) among(ctx context.Context, e expr, page []cand) (map[int64]bool, error) {
	var a args
	sql := "SELECT rid FROM (" + r.match(e, &a) + ") m WHERE rid IN (" + ridList(page) + ")"
	rows, err := r.ix.db.R.QueryContext(ctx, sql, a...)
	if err != nil {
		return nil, fmt.Errorf("search: text flags: %w", err)
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var rid int64
		if err := rows.Scan(&rid); err != nil {
			return nil, err
		}
		out[rid] = true
	}
	return out, rows.Err()
}

// Lookup returns one indexed service by id: what a card or a list of
// services needs, in one read. It is NotFound for a service the public
// may not see.
func (ix *Index) Lookup(ctx context.Context, serviceID string) (*Result, error) {
	res, err := scanResult(ix.db.R.QueryRowContext(ctx, "SELECT "+docCols+" FROM search_docs WHERE service_id = $1", serviceID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundErr()
	}
	if err != nil {
		return nil, err
	}
	return &res, nil
}
