package search

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/geo"
)

// The window is the first results in order, at most Window (+1, to know
// whether there are more). Every order is reached by queries that stop
// early: tiers of text relevance from best to worst; within each, the
// newest rid first (the index reads in rid order) or, with an origin,
// distance bands from the nearest, each read in rid order.

// cand is a ranked candidate.
type cand struct {
	rid      int64
	tier     int
	km       float64
	hasPoint bool
}

// window returns the first n results in order.
func (r *run) window(ctx context.Context, n int) ([]cand, error) {
	if r.q.Sort == ByName {
		return r.byName(ctx, n)
	}
	tiers := r.tiers
	if r.q.Sort == ByDistance {
		tiers = []tier{{e: r.all}}
	}
	var win []cand
	for i, t := range tiers {
		need := n - len(win)
		if need <= 0 {
			break
		}
		var got []cand
		var err error
		if r.origin != nil {
			got, err = r.near(ctx, and(t.e, r.cat), i, need)
		} else {
			got, err = r.fresh(ctx, and(t.e, r.cat), i, need)
		}
		if err != nil {
			return nil, err
		}
		win = append(win, got...)
	}
	return win, nil
}

// fresh returns up to n documents matching e, newest rid first.
func (r *run) fresh(ctx context.Context, e expr, tierIdx, n int) ([]cand, error) {
	var a args
	sql := "SELECT rid FROM (" + r.match(e, &a) + ") m ORDER BY rid DESC LIMIT " + strconv.Itoa(n)
	return r.cands(ctx, sql, a, tierIdx)
}

// cands runs a SELECT of rids and returns them as candidates of a tier.
func (r *run) cands(ctx context.Context, sql string, a args, tierIdx int) ([]cand, error) {
	rows, err := r.ix.db.R.QueryContext(ctx, sql, a...)
	if err != nil {
		return nil, fmt.Errorf("search: match: %w", err)
	}
	defer rows.Close()
	var out []cand
	for rows.Next() {
		c := cand{tier: tierIdx}
		if err := rows.Scan(&c.rid); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// reach is how far from the origin a search goes: its distance filter, or
// (for "in the comune only") as far as any comune reaches.
func (r *run) reach() float64 {
	if r.circle != nil {
		return r.circle.km
	}
	return MaxRadiusKm
}

// near returns up to n documents matching e that have a place within
// reach, band after band from the origin: within a band newest rid first
// (relevance) or nearest first (distance).
func (r *run) near(ctx context.Context, e expr, tierIdx, n int) ([]cand, error) {
	var out []cand
	lo, reach := 0.0, r.reach()
	for _, hi := range bands {
		hi = min(hi, reach)
		got, err := r.band(ctx, e, tierIdx, lo, hi, n-len(out))
		if err != nil {
			return nil, err
		}
		out = append(out, got...)
		if len(out) >= n || hi >= reach {
			break
		}
		lo = hi
	}
	return out, nil
}

// band returns the documents matching e whose nearest place is at a
// distance in (lo, hi] (from 0 for the first band): by relevance the first
// n in rid order, read as the index goes; by distance all of them, nearest
// first, up to n.
func (r *run) band(ctx context.Context, e expr, tierIdx int, lo, hi float64, n int) ([]cand, error) {
	c := &circle{origin: *r.origin, km: hi}
	if cells := coverCells(c.origin.Lat, c.origin.Lon, hi); cells != nil {
		e = and(e, anyTag(cells...))
	}
	var a args
	m := r.match(e, &a)
	// The box only: the exact distance is computed here, for the band.
	minLat, maxLat, minLon, maxLon := geo.BoundingBox(c.origin.Lat, c.origin.Lon, hi)
	sql := "SELECT m.rid, p.lat, p.lon FROM (" + m + ") m JOIN search_places p ON p.rid = m.rid WHERE p.lat BETWEEN " +
		a.add(minLat) + " AND " + a.add(maxLat) + " AND p.lon BETWEEN " + a.add(minLon) + " AND " + a.add(maxLon) +
		" ORDER BY m.rid DESC"
	rows, err := r.ix.db.R.QueryContext(ctx, sql, a...)
	if err != nil {
		return nil, fmt.Errorf("search: match near: %w", err)
	}
	defer rows.Close()
	byDistance := r.q.Sort == ByDistance
	var out []cand
	cur := cand{rid: -1, tier: tierIdx, hasPoint: true}
	flush := func() {
		if cur.rid >= 0 && (cur.km > lo || lo == 0) && cur.km <= hi {
			out = append(out, cur)
		}
	}
	for rows.Next() {
		var rid int64
		var lat, lon float64
		if err := rows.Scan(&rid, &lat, &lon); err != nil {
			return nil, err
		}
		d := geo.DistanceKm(c.origin.Lat, c.origin.Lon, lat, lon)
		if rid == cur.rid {
			cur.km = min(cur.km, d)
			continue
		}
		flush()
		if !byDistance && len(out) >= n {
			cur.rid = -1
			break
		}
		cur.rid, cur.km = rid, d
	}
	flush()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if byDistance {
		slices.SortFunc(out, func(x, y cand) int { return cmp.Or(cmp.Compare(x.km, y.km), cmp.Compare(y.rid, x.rid)) })
	}
	return out[:min(n, len(out))], nil
}

// byName returns the first n documents in name order.
func (r *run) byName(ctx context.Context, n int) ([]cand, error) {
	var a args
	e := and(r.all, r.cat)
	var conds []string
	if e.op != 0 {
		conds = append(conds, "d.rid IN ("+r.match(e, &a)+")")
	}
	if r.circle != nil {
		conds = append(conds, "EXISTS (SELECT 1 FROM search_places p WHERE p.rid = d.rid AND "+r.circle.within(&a)+")")
	}
	sql := "SELECT d.rid FROM search_docs d"
	if len(conds) > 0 {
		sql += " WHERE " + strings.Join(conds, " AND ")
	}
	sql += " ORDER BY " + r.ix.eng.nameOrder("d.name_key") + ", d.rid DESC LIMIT " + strconv.Itoa(n)
	return r.cands(ctx, sql, a, 0)
}

// facets counts the categories of the window's documents: the top-level
// categories, and the children of the selected one.
func (r *run) facets(ctx context.Context, win []cand) ([]Facet, error) {
	tree, err := r.ix.Env.Tax.Tree(ctx, directory.TaxServices)
	if err != nil {
		return nil, err
	}
	counts := map[string]int{}
	for start := 0; start < len(win); start += 500 {
		part := win[start:min(len(win), start+500)]
		rows, err := r.ix.db.R.QueryContext(ctx, "SELECT categories FROM search_docs WHERE rid IN ("+ridList(part)+")")
		if err != nil {
			return nil, fmt.Errorf("search: facets: %w", err)
		}
		for rows.Next() {
			var cats string
			if err := rows.Scan(&cats); err != nil {
				rows.Close()
				return nil, err
			}
			for _, c := range strings.Fields(cats) {
				counts[c]++
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	more := len(win) >= Window
	var facets []Facet
	for _, t := range tree {
		f := Facet{Code: t.Code, Count: counts[t.Code], More: more, Selected: t.Code == r.q.Category}
		open := f.Selected
		for _, c := range t.Children {
			open = open || c.Code == r.q.Category
		}
		if open {
			for _, c := range t.Children {
				f.Children = append(f.Children, Facet{Code: c.Code, Count: counts[c.Code], More: more, Selected: c.Code == r.q.Category})
			}
		}
		facets = append(facets, f)
	}
	return facets, nil
}

// ridList writes the rids of candidates as SQL integer literals: numbers
// only, and far quicker for the engines than hundreds of placeholders.
func ridList(cands []cand) string {
	b := make([]byte, 0, 20*len(cands))
	for i, c := range cands {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, c.rid, 10)
	}
	return string(b)
}
