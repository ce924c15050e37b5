package search

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/geo"
	"github.com/trama-welfare/trama/internal/search/analysis"
)

// Ranking, in one place. Results are ordered by a key that both engines
// compute alike, because it is made only of yes/no matches of the index
// and of numbers stored with the documents:
//
//  1. text: 2 when every word is found as typed (not only through a
//     synonym, another inflection or a typo correction), +1 when every
//     word is in the name. Each combination is a tier, matched as its own
//     query of the index, best first.
//  2. distance, when the search has an origin: in bands (within 1, 2, 5,
//     10, 20, 50… km) when sorting by relevance, exact when by distance.
//  3. freshness: the rid, whose high bits are the day the service was last
//     verified (newest first; then the most recently indexed).
//
// A search ranks at most Window results: what is beyond tells the user to
// narrow the search.

// bands are the distance bands of the relevance order, in km.
var bands = []float64{1, 2, 5, 10, 20, 50, 100, 200, math.Inf(1)}

func bandOf(km float64) float64 {
	for _, b := range bands {
		if km <= b {
			return b
		}
	}
	return math.Inf(1)
}

// tier is one level of text relevance.
type tier struct {
	e           expr
	exact, name bool
}

// circle is a distance filter.
type circle struct {
	origin Point
	km     float64
}

// run is one search being answered.
type run struct {
	ix     *Index
	q      Query
	text   analysis.Query
	tiers  []tier
	all    expr // text and every filter but the category
	base   expr // every filter but text and category
	cat    expr
	origin *Point
	circle *circle
}

// normalize fills defaults and bounds a query.
func normalize(q Query) Query {
	q.Page = max(q.Page, 1)
	if q.PerPage <= 0 {
		q.PerPage = DefaultPerPage
	}
	q.PerPage = min(q.PerPage, MaxPerPage)
	q.RadiusKm = min(max(q.RadiusKm, 0), MaxRadiusKm)
	switch q.Sort {
	case ByRelevance, ByName:
	case ByDistance:
		if q.Origin == nil {
			q.Sort = ByRelevance
		}
	default:
		q.Sort = ByRelevance
	}
	return q
}

func (ix *Index) plan(ctx context.Context, q Query) *run {
	r := &run{ix: ix, q: q, origin: q.Origin}
	r.text = analysis.ParseQuery(q.Text, analysis.Options{Prefix: true, Synonyms: ix.syn, Vocabulary: ix.vocabulary(ctx)})
	if r.text.FTS5Match() == "" {
		r.text = analysis.Query{}
	}
	var filters []expr
	tag := func(t ...string) { filters = append(filters, anyTag(t...)) }
	if q.TerritoryID != "" {
		tag(tagTerritory(q.TerritoryID))
	}
	switch {
	case q.ChildAge != nil:
		tag(tagAge(*q.ChildAge), tagAllAges)
	case q.AgeGroup == Adults:
		tag(tagAdults, tagAllAges)
	case q.AgeGroup == Seniors:
		tag(tagSeniors, tagAllAges)
	}
	switch {
	case q.Day != nil && q.Part != "":
		tag(tagDayPart(*q.Day, q.Part))
	case q.Day != nil:
		tag(tagDay(*q.Day))
	case q.Part != "":
		tag(tagPart(q.Part))
	}
	if q.Free {
		tag(tagFree)
	}
	if q.Accessible {
		tag(tagAccessible)
	}
	if q.Language != "" {
		tag(tagLanguage(q.Language))
	}
	switch {
	case q.Origin != nil && q.RadiusKm > 0:
		r.circle = &circle{origin: *q.Origin, km: q.RadiusKm}
		if cells := coverCells(q.Origin.Lat, q.Origin.Lon, q.RadiusKm); cells != nil {
			tag(cells...)
		}
	case q.Comune != "":
		tag(tagComune(q.Comune))
	}
	if q.Category != "" {
		r.cat = anyTag(tagCategory(q.Category))
	}
	r.base = and(filters...)
	r.tiers = []tier{{e: r.base}}
	if !r.text.Empty() {
		all, exact := textExpr(r.text, false), textExpr(r.text.AtLeast(analysis.Exact.Weight()), false)
		name := textExpr(r.text, true)
		r.all = and(all, r.base)
		r.tiers = []tier{
			{e: and(exact, name, r.base), exact: true, name: true},
			{e: and(butNot(exact, name), r.base), exact: true},
		}
		if exact.fts5() != all.fts5() {
			r.tiers = append(r.tiers,
				tier{e: and(butNot(name, exact), r.base), name: true},
				tier{e: and(butNot(butNot(all, exact), name), r.base)})
		}
	} else {
		r.all = r.base
	}
	return r
}

// Search answers a query.
func (ix *Index) Search(ctx context.Context, q Query) (*Results, error) {
	q = normalize(q)
	r := ix.plan(ctx, q)
	res := &Results{Page: q.Page, PerPage: q.PerPage}
	if q.Explain {
		res.Explain = r.explain()
	}
	total, err := r.count(ctx, and(r.all, r.cat))
	if err != nil {
		return nil, err
	}
	res.Total, res.More = min(total, Window), total > Window
	res.Pages = (res.Total + q.PerPage - 1) / q.PerPage
	if !q.SkipFacets {
		if res.Facets, err = r.facets(ctx); err != nil {
			return nil, err
		}
	}
	from := (q.Page - 1) * q.PerPage
	if from >= res.Total {
		return res, nil
	}
	win, err := r.window(ctx, min(from+q.PerPage, res.Total))
	if err != nil {
		return nil, err
	}
	if from < len(win) {
		res.Items, err = r.results(ctx, win[from:min(len(win), from+q.PerPage)], from)
	}
	return res, err
}

// args numbers the values of a statement.
type args []any

func (a *args) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

// match returns a SELECT of the rid of the documents matching e.
func (r *run) match(e expr, a *args) string {
	if e.op == 0 {
		return "SELECT rid FROM search_docs"
	}
	sql, v := r.ix.eng.match(e, len(*a)+1)
	*a = append(*a, v)
	return sql
}

// within is the SQL condition that place p is in the circle: the bounding
// box, then the haversine formula of geo.DistanceKm compared without its
// square root and arcsine (d ≤ km ⇔ a ≤ sin²(km/2R)), so that both
// engines need only sin and cos.
func (c *circle) within(a *args) string {
	minLat, maxLat, minLon, maxLon := geo.BoundingBox(c.origin.Lat, c.origin.Lon, c.km)
	const rad = math.Pi / 180
	half := strconv.FormatFloat(rad/2, 'g', 17, 64)
	lat, lon := a.add(c.origin.Lat), a.add(c.origin.Lon)
	s := math.Sin(min(c.km/(2*earthRadiusKm), math.Pi/2))
	dLat := "sin((p.lat - " + lat + ") * " + half + ")"
	dLon := "sin((p.lon - " + lon + ") * " + half + ")"
	return "p.lat BETWEEN " + a.add(minLat) + " AND " + a.add(maxLat) +
		" AND p.lon BETWEEN " + a.add(minLon) + " AND " + a.add(maxLon) +
		" AND " + dLat + " * " + dLat + " + " + a.add(math.Cos(c.origin.Lat*rad)) +
		" * cos(p.lat * " + strconv.FormatFloat(rad, 'g', 17, 64) + ") * " + dLon + " * " + dLon +
		" <= " + a.add(s*s)
}

// earthRadiusKm is geo's.
const earthRadiusKm = 6371.0088

// countSQL counts the documents matching e, up to Window+1, in the circle.
func (r *run) countSQL(e expr, a *args) string {
	m := r.match(e, a)
	if r.circle == nil {
		return "SELECT count(*) FROM (SELECT rid FROM (" + m + ") m LIMIT " + strconv.Itoa(Window+1) + ") c"
	}
	return "SELECT count(*) FROM (SELECT DISTINCT m.rid FROM (" + m + ") m JOIN search_places p ON p.rid = m.rid WHERE " +
		r.circle.within(a) + " LIMIT " + strconv.Itoa(Window+1) + ") c"
}

func (r *run) count(ctx context.Context, e expr) (int, error) {
	var a args
	var n int
	if err := r.ix.db.R.QueryRowContext(ctx, r.countSQL(e, &a), a...).Scan(&n); err != nil {
		return 0, fmt.Errorf("search: count: %w", err)
	}
	return n, nil
}

// facets counts the results of each top-level category, and of the
// children of the selected one, in one statement.
func (r *run) facets(ctx context.Context) ([]Facet, error) {
	tree, err := r.ix.Env.Tax.Tree(ctx, directory.TaxServices)
	if err != nil {
		return nil, err
	}
	var facets []Facet
	var flat []*Facet
	for _, t := range tree {
		f := Facet{Code: t.Code, Selected: t.Code == r.q.Category}
		open := f.Selected
		for _, c := range t.Children {
			open = open || c.Code == r.q.Category
		}
		if open {
			for _, c := range t.Children {
				f.Children = append(f.Children, Facet{Code: c.Code, Selected: c.Code == r.q.Category})
			}
		}
		facets = append(facets, f)
	}
	for i := range facets {
		flat = append(flat, &facets[i])
		for j := range facets[i].Children {
			flat = append(flat, &facets[i].Children[j])
		}
	}
	if len(flat) == 0 {
		return nil, nil
	}
	var a args
	parts := make([]string, len(flat))
	for i, f := range flat {
		parts[i] = "SELECT " + strconv.Itoa(i) + ", (" + r.countSQL(and(r.all, anyTag(tagCategory(f.Code))), &a) + ")"
	}
	rows, err := r.ix.db.R.QueryContext(ctx, strings.Join(parts, " UNION ALL "), a...)
	if err != nil {
		return nil, fmt.Errorf("search: facets: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var i, n int
		if err := rows.Scan(&i, &n); err != nil {
			return nil, err
		}
		flat[i].Count, flat[i].More = min(n, Window), n > Window
	}
	return facets, rows.Err()
}

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
		e := and(t.e, r.cat)
		var got []cand
		var err error
		if r.origin != nil {
			got, err = r.nearest(ctx, e, i)
		} else {
			got, err = r.fresh(ctx, e, i, need)
		}
		if err != nil {
			return nil, err
		}
		win = append(win, got[:min(need, len(got))]...)
	}
	return win, nil
}

// fresh returns up to n documents matching e, newest rid first.
func (r *run) fresh(ctx context.Context, e expr, tierIdx, n int) ([]cand, error) {
	var a args
	sql := "SELECT rid FROM (" + r.match(e, &a) + ") m ORDER BY rid DESC LIMIT " + strconv.Itoa(n)
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

// nearest returns every document matching e that has a place (in the
// circle, if any), ordered by distance band (or exact distance, when
// sorting by distance) then newest rid.
func (r *run) nearest(ctx context.Context, e expr, tierIdx int) ([]cand, error) {
	var a args
	sql := "SELECT m.rid, p.lat, p.lon FROM (" + r.match(e, &a) + ") m JOIN search_places p ON p.rid = m.rid"
	if r.circle != nil {
		sql += " WHERE " + r.circle.within(&a)
	}
	rows, err := r.ix.db.R.QueryContext(ctx, sql, a...)
	if err != nil {
		return nil, fmt.Errorf("search: match near: %w", err)
	}
	defer rows.Close()
	best := map[int64]float64{}
	for rows.Next() {
		var rid int64
		var lat, lon float64
		if err := rows.Scan(&rid, &lat, &lon); err != nil {
			return nil, err
		}
		d := geo.DistanceKm(r.origin.Lat, r.origin.Lon, lat, lon)
		if old, ok := best[rid]; !ok || d < old {
			best[rid] = d
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]cand, 0, len(best))
	for rid, d := range best {
		if r.circle != nil && d > r.circle.km {
			continue // the SQL test and geo's may disagree in the last digit
		}
		out = append(out, cand{rid: rid, tier: tierIdx, km: d, hasPoint: true})
	}
	byDistance := r.q.Sort == ByDistance
	slices.SortFunc(out, func(x, y cand) int {
		if byDistance {
			return cmp.Or(cmp.Compare(x.km, y.km), cmp.Compare(y.rid, x.rid))
		}
		return cmp.Or(cmp.Compare(bandOf(x.km), bandOf(y.km)), cmp.Compare(y.rid, x.rid))
	})
	return out, nil
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
	rows, err := r.ix.db.R.QueryContext(ctx, sql, a...)
	if err != nil {
		return nil, fmt.Errorf("search: by name: %w", err)
	}
	defer rows.Close()
	var out []cand
	for rows.Next() {
		var c cand
		if err := rows.Scan(&c.rid); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// explain describes the analysed query and the query each engine runs.
func (r *run) explain() string {
	e := and(r.all, r.cat)
	return analysis.Explain(r.text) + "\nSQLite FTS5:  " + e.fts5() + "\nPostgreSQL:   " + e.tsquery() + "\n"
}
