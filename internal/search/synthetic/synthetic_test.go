package synthetic_test

import (
	"slices"
	"testing"
	"time"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/search"
	"github.com/trama-welfare/trama/internal/search/synthetic"
)

// The synthetic directory is a real one: the directory reads it back as
// published records, the index finds it, and rebuilding the index from
// the published tables finds the same services.
func TestGenerate(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		a := e.App
		var progress []int
		st, err := synthetic.Generate(e.Ctx, a.DB, a.Search, a.Territories, synthetic.Options{Services: 400, Seed: 7,
			Progress: func(done, total int) { progress = append(progress, done) }})
		if err != nil {
			t.Fatal(err)
		}
		if st.Services != 400 || st.Organizations < 60 || st.Locations < st.Organizations || len(progress) == 0 || progress[len(progress)-1] != 400 {
			t.Fatalf("stats %+v, progress %v", st, progress)
		}
		if n := e.Count(`SELECT count(*) FROM services`); n != 400 {
			t.Fatalf("%d services written", n)
		}
		if _, err := synthetic.Generate(e.Ctx, a.DB, a.Search, a.Territories, synthetic.Options{Services: 1}); err != synthetic.ErrNotEmpty {
			t.Fatalf("second run: %v", err)
		}
		var orgID string
		a.DB.R.QueryRow(`SELECT organization_id FROM services ORDER BY id LIMIT 1`).Scan(&orgID)
		rec, status, err := a.Directory.Store.Published(e.Ctx, orgID)
		if err != nil || status != directory.OrgActive || len(rec.Services) == 0 || len(rec.Services[0].Categories) == 0 ||
			len(rec.Locations) == 0 || len(rec.Services[0].ServiceAtLocations) == 0 {
			t.Fatalf("published record: %v %v %+v", status, err, rec)
		}

		sat := time.Saturday
		queries := []search.Query{
			{}, {Text: "calcio"}, {Text: "doposcuola", Sort: search.ByName},
			{Category: "EDU", Day: &sat, SkipFacets: true},
			{Origin: &search.Point{Lat: 45.4642, Lon: 9.19}, RadiusKm: 50, Sort: search.ByDistance},
		}
		before := results(t, e, queries)
		if before[0].total == 0 || before[1].total == 0 || len(before[4].ids) == 0 {
			t.Fatalf("nothing found: %+v", before)
		}
		n, err := a.Search.ReindexAll(e.Ctx, nil)
		if err != nil || n != st.Organizations {
			t.Fatalf("reindex: %d, %v", n, err)
		}
		after := results(t, e, queries)
		for i := range queries {
			b, a := before[i], after[i]
			slices.Sort(b.ids)
			slices.Sort(a.ids)
			if b.total != a.total || !slices.Equal(b.facets, a.facets) || (queries[i].Sort != "" && !slices.Equal(b.ids, a.ids)) {
				t.Errorf("query %d differs after reindex:\n%+v\n%+v", i, b, a)
			}
		}
	})
}

type outcome struct {
	total  int
	ids    []string
	facets []int
}

func results(t *testing.T, e *apptest.Env, queries []search.Query) []outcome {
	t.Helper()
	var out []outcome
	for _, q := range queries {
		res, err := e.App.Search.Search(e.Ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		o := outcome{total: res.Total}
		for _, it := range res.Items {
			o.ids = append(o.ids, it.ServiceID)
		}
		for _, f := range res.Facets {
			o.facets = append(o.facets, f.Count)
		}
		out = append(out, o)
	}
	return out
}
