package search_test

import (
	"slices"
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/search"
	"github.com/trama-welfare/trama/internal/search/searchtest"
)

func find(t *testing.T, e *apptest.Env, f *searchtest.Fixture, q search.Query) []string {
	t.Helper()
	res, err := e.App.Search.Search(e.Ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	return keysOf(f, res)
}

// The index follows publication in the same transaction: a new version,
// an archived or restored organization, a confirmation of the data.
func TestIndexFollowsTheDirectory(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		f := searchtest.Publish(t, e)
		dir, org := e.App.Directory, f.Orgs["polisportiva"]
		if got := find(t, e, f, search.Query{Text: "ginnastica"}); !slices.Equal(got, []string{"ginnastica"}) {
			t.Fatalf("before: %v", got)
		}
		// A new version without Ginnastica dolce, and Minibasket renamed.
		v, err := dir.Draft(e.Ctx, f.Admin, org)
		if err != nil {
			t.Fatal(err)
		}
		v, err = dir.Change(e.Ctx, f.Admin, org, v.Revision, func(r *directory.Record) error {
			var keep []directory.Service
			for _, s := range r.Services {
				switch s.Name {
				case "Ginnastica dolce":
					continue
				case "Minibasket":
					s.Name = "Minibasket e minivolley"
				}
				keep = append(keep, s)
			}
			r.Services = keep
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := find(t, e, f, search.Query{Text: "minivolley"}); len(got) != 0 {
			t.Fatalf("a draft reached the index: %v", got)
		}
		if _, err := dir.Approve(e.Ctx, f.Admin, v.ID, ""); err != nil {
			t.Fatal(err)
		}
		if got := find(t, e, f, search.Query{Text: "ginnastica"}); len(got) != 0 {
			t.Errorf("removed service still found: %v", got)
		}
		if got := find(t, e, f, search.Query{Text: "minivolley"}); !slices.Equal(got, []string{"minibasket"}) {
			t.Errorf("renamed service: %v", got)
		}

		// Archived: gone; restored: back.
		if err := dir.SetArchived(e.Ctx, f.Admin, org, true, "chiusa"); err != nil {
			t.Fatal(err)
		}
		if got := find(t, e, f, search.Query{Text: "minibasket"}); !slices.Equal(got, []string{"minibasket-lodi"}) {
			t.Errorf("archived organization still found: %v", got)
		}
		if err := dir.SetArchived(e.Ctx, f.Admin, org, false, ""); err != nil {
			t.Fatal(err)
		}
		if got := find(t, e, f, search.Query{Text: "minibasket"}); !slices.Equal(got, []string{"minibasket", "minibasket-lodi"}) {
			t.Errorf("restored organization: %v", got)
		}

		// Confirming the data makes the services the freshest.
		if got := find(t, e, f, search.Query{Text: "bambini", Sort: search.ByRelevance}); got[0] == "minibasket-lodi" {
			t.Fatalf("unexpected order %v", got)
		}
		if _, err := dir.Confirm(e.Ctx, f.Orgs["lodi"], "lodi@prova.example"); err != nil {
			t.Fatal(err)
		}
		if got := find(t, e, f, search.Query{Text: "minibasket"}); !slices.Equal(got, []string{"minibasket-lodi", "minibasket"}) {
			t.Errorf("after confirmation: %v", got)
		}
		if n := e.Count(`SELECT count(*) FROM search_docs`); n != 12 {
			t.Errorf("%d documents, want 12", n)
		}
	})
}

// Each category's count is the number of results the page shows when the
// category is chosen; pages follow each other without gaps or repeats.
func TestFacetsAndPagesAgree(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		f := searchtest.Publish(t, e)
		queries := []search.Query{{}, {Text: "bambini"}, {Origin: buccinasco, RadiusKm: 5}, {Text: "sabato", Origin: buccinasco, RadiusKm: 50}}
		for _, q := range queries {
			res, err := e.App.Search.Search(e.Ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			for _, fc := range res.Facets {
				for _, c := range append([]search.Facet{fc}, fc.Children...) {
					q2 := q
					q2.Category = c.Code
					r2, err := e.App.Search.Search(e.Ctx, q2)
					if err != nil {
						t.Fatal(err)
					}
					if r2.Total != c.Count {
						t.Errorf("%+v: facet %s says %d, search says %d", q, c.Code, c.Count, r2.Total)
					}
				}
			}
			all := keysOf(f, res)
			var paged []string
			for p := 1; ; p++ {
				q2 := q
				q2.PerPage, q2.Page = 2, p
				r2, err := e.App.Search.Search(e.Ctx, q2)
				if err != nil {
					t.Fatal(err)
				}
				if r2.Pages != (len(all)+1)/2 {
					t.Errorf("%+v: %d pages for %d results", q, r2.Pages, len(all))
				}
				if len(r2.Items) == 0 {
					break
				}
				paged = append(paged, keysOf(f, r2)...)
			}
			if !slices.Equal(all, paged) {
				t.Errorf("%+v: pages %v, all %v", q, paged, all)
			}
		}
	})
}

// Lookup reads one public service; a confidential place keeps its comune
// only; what the public may not see is not found.
func TestLookup(t *testing.T) {
	e := apptest.SQLite(t)
	f := searchtest.Publish(t, e)
	res, err := e.App.Search.Lookup(e.Ctx, f.Services["antiviolenza"])
	if err != nil {
		t.Fatal(err)
	}
	p := res.Places[0]
	if res.Name != "Centro antiviolenza" || p.Address != "" || p.Comune != "Buccinasco (MI)" || p.Lat != 45.416667 || p.Lon != 9.116667 {
		t.Errorf("confidential place: %+v", p)
	}
	for _, key := range []string{"nuoto-chiuso", "calcio-archiviato", "calcio-bozza"} {
		if _, err := e.App.Search.Lookup(e.Ctx, f.Services[key]); !errs.Is(err, errs.NotFound) {
			t.Errorf("%s: %v", key, err)
		}
	}
}
