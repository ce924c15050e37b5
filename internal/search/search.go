package search

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/trama-welfare/trama/internal/platform/geo"
	"github.com/trama-welfare/trama/internal/search/analysis"
)

// Ranking, in one place. Results are ordered by a key that both engines
// compute alike, because it is made only of yes/no matches of the index
// and of numbers stored with the documents:
//
//  1. text: 2 when every word is found as typed (not only through a
//     synonym, another inflection or a typo correction), +1 when the
//     words are in the name (as typed for 3; in any form for 1). Each is a
//     tier, matched as its own query of the index, best first.
//  2. age, when the search has one: services whose stated (or implied)
//     age range fits come before those open to every age.
//  3. distance, when the search has an origin: in bands (within 1, 2, 5,
//     10, 20, 50… km) when sorting by relevance, exact when by distance.
//  4. freshness: the rid, whose high bits are the day the service was last
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

// tier is one level of relevance: of the text, then of the age.
type tier struct {
	e           expr
	exact, name bool
	ageFit      bool // the service states an age range that fits
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
	vocab := ix.vocabulary(ctx)
	r.text = expandPrefixes(analysis.ParseQuery(q.Text, analysis.Options{Prefix: true, Synonyms: ix.syn, Vocabulary: vocab}), vocab)
	if r.text.FTS5Match() == "" {
		r.text = analysis.Query{}
	}
	var filters []expr
	tag := func(t ...string) { filters = append(filters, anyTag(t...)) }
	if q.TerritoryID != "" {
		tag(tagTerritory(q.TerritoryID))
	}
	var fit string // the age tag of services made for that age
	switch {
	case q.ChildAge != nil:
		fit = tagAge(*q.ChildAge)
	case q.AgeGroup == Adults:
		fit = tagAdults
	case q.AgeGroup == Seniors:
		fit = tagSeniors
	}
	if fit != "" {
		tag(fit, tagAllAges)
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
		t := r.textExprs()
		r.all = and(t.all, r.base)
		// Four tiers that split the matches: the words as typed in the
		// name; as typed elsewhere; in the name through synonyms,
		// inflections or corrections; the rest. Each is one condition or
		// a condition minus others, which both engines plan well.
		r.tiers = []tier{
			{e: and(t.exactName, r.base), exact: true, name: true},
			{e: and(butNot(t.exact, t.exactName), r.base), exact: true},
		}
		if t.exact.fts5() != t.all.fts5() {
			r.tiers = append(r.tiers,
				tier{e: and(butNot(t.name, t.exact), r.base), name: true},
				tier{e: and(butNot(butNot(t.all, t.exact), t.name), r.base)})
		}
	} else {
		r.all = r.base
	}
	if fit != "" {
		// Within each tier, services made for that age come before those
		// open to every age.
		var split []tier
		for _, t := range r.tiers {
			made, open := t, t
			made.e, made.ageFit = and(t.e, anyTag(fit)), true
			open.e = butNot(t.e, anyTag(fit))
			split = append(split, made, open)
		}
		r.tiers = split
	}
	return r
}

// textExprs are the text conditions tiers are made of.
type textExprs struct{ all, exact, name, exactName expr }

func (r *run) textExprs() textExprs {
	exact := r.text.AtLeast(analysis.Exact.Weight())
	return textExprs{all: textExpr(r.text, false), exact: textExpr(exact, false),
		name: textExpr(r.text, true), exactName: textExpr(exact, true)}
}

// maxPrefixStems bounds the stems a word being typed stands for.
const maxPrefixStems = 16

// expandPrefixes replaces the word being typed (a prefix) by the few stems
// of the index that start with it, the shortest first: both engines then
// read ordinary terms, in order and stopping early, instead of merging
// every term of the prefix. Both get the same expansion.
func expandPrefixes(q analysis.Query, v *analysis.Vocabulary) analysis.Query {
	out := analysis.Query{Clauses: make([]analysis.Clause, 0, len(q.Clauses))}
	for _, c := range q.Clauses {
		nc := analysis.Clause{Text: c.Text}
		seen := map[string]bool{}
		add := func(a analysis.Alt) {
			k := strings.Join(a.Terms, " ")
			if !seen[k] {
				seen[k] = true
				nc.Alts = append(nc.Alts, a)
			}
		}
		for _, a := range c.Alts {
			if !a.Prefix || len(a.Terms) == 0 {
				add(a)
				continue
			}
			head := a.Terms[:len(a.Terms)-1]
			for _, stem := range v.WithPrefix(a.Terms[len(a.Terms)-1], maxPrefixStems) {
				add(analysis.Alt{Terms: append(slices.Clone(head), stem), Kind: a.Kind})
			}
		}
		if len(nc.Alts) > 0 {
			out.Clauses = append(out.Clauses, nc)
		}
	}
	return out
}

// Search answers a query.
//
// Results are shared with later identical searches until the index
// changes (see cache): callers must not modify them.
func (ix *Index) Search(ctx context.Context, q Query) (*Results, error) {
	q = normalize(q)
	if q.Explain || ix.NoCache {
		return ix.search(ctx, q)
	}
	seq, err := ix.sequence(ctx)
	if err != nil {
		return nil, fmt.Errorf("search: sequence: %w", err)
	}
	key := cacheKey(q)
	if res := ix.cache.get(key, seq); res != nil {
		return res, nil
	}
	res, err := ix.search(ctx, q)
	if err == nil {
		ix.cache.put(key, seq, res)
	}
	return res, err
}

// search answers a normalized query from the database.
func (ix *Index) search(ctx context.Context, q Query) (*Results, error) {
	r := ix.plan(ctx, q)
	res := &Results{Page: q.Page, PerPage: q.PerPage}
	if q.Explain {
		res.Explain = r.explain()
	}
	// The whole window is ranked when categories are counted (they are
	// counted on it) or when the page may be anywhere in it; the first
	// page alone needs only its results and one more to know the total.
	n := Window + 1
	if q.SkipFacets && q.Page == 1 {
		n = q.PerPage + 1
	}
	win, err := r.window(ctx, n)
	if err != nil {
		return nil, err
	}
	res.Total, res.More = min(len(win), Window), len(win) > Window
	if q.SkipFacets && q.Page == 1 && len(win) > q.PerPage {
		res.Total, res.More = q.PerPage, true // only the first page was ranked
	}
	res.Pages = (res.Total + q.PerPage - 1) / q.PerPage
	if !q.SkipFacets {
		// Counted on the results: with a category chosen, the counts are
		// those of its subcategories (the other categories are a link away).
		if res.Facets, err = r.facets(ctx, win[:min(len(win), Window)]); err != nil {
			return nil, err
		}
	}
	if from := (q.Page - 1) * q.PerPage; from < res.Total {
		res.Items, err = r.results(ctx, win[from:min(res.Total, from+q.PerPage)], from)
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
	return r.ix.eng.match(e, a)
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

// explain describes the analysed query and the query each engine runs.
func (r *run) explain() string {
	e := and(r.all, r.cat)
	var a args
	pg := e.pgWhere(&a)
	for i, v := range a {
		pg = strings.Replace(pg, "$"+strconv.Itoa(i+1)+")", "'"+fmt.Sprint(v)+"')", 1)
	}
	return analysis.Explain(r.text) + "\nSQLite FTS5:  " + e.fts5() + "\nPostgreSQL:   " + pg + "\n"
}
