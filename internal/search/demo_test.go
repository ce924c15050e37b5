package search_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/search"
)

// In the demo network, a parent finds something for an 8-year-old on
// Saturday afternoon near Buccinasco, by typing it or by filters, and every
// result does happen then, for that age, within 10 km.
func TestDemoParentFindsSaturdayAfternoon(t *testing.T) {
	e := apptest.SQLite(t, apptest.Demo())
	ix := e.App.Search
	typed, _ := ix.Env.ParseForm(e.Ctx, url.Values{"q": {"attività per un bambino di 8 anni il sabato pomeriggio vicino a Buccinasco"}})
	filters, _ := ix.Env.ParseForm(e.Ctx, url.Values{"age": {"8"}, "day": {"6"}, "time": {"pomeriggio"}, "comune": {"Buccinasco"}})
	for _, q := range []search.Query{typed.Query, filters.Query} {
		res, err := ix.Search(e.Ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if res.Total == 0 {
			t.Fatalf("nothing found for %+v", q)
		}
		var names []string
		for _, it := range res.Items {
			names = append(names, it.Name)
			if !it.HasDistance || it.DistanceKm > 10 {
				t.Errorf("%s: %.1f km", it.Name, it.DistanceKm)
			}
			if it.MinAge != nil && *it.MinAge > 8 || it.MaxAge != nil && *it.MaxAge < 8 {
				t.Errorf("%s: ages %v–%v", it.Name, it.MinAge, it.MaxAge)
			}
			saturday := false
			for _, s := range it.Schedules {
				r, err := directory.ToRule(s)
				if err == nil && r.Overlaps(time.Saturday, 12*60, 18*60) {
					saturday = true
				}
			}
			if !saturday {
				t.Errorf("%s does not happen on Saturday afternoon: %s", it.Name, directory.DescribeSchedules(it.Schedules, "it"))
			}
		}
		t.Logf("found: %s", strings.Join(names, "; "))
	}
}
