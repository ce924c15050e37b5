package search_test

import (
	"slices"
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/search"
	"github.com/trama-welfare/trama/internal/search/searchtest"
)

// Identical searches are answered from the cache until the index changes,
// whichever instance changes it: a second Index on the same database (a
// second `trama serve`) sees an archiving done through the first at its
// next search.
func TestCacheFollowsTheIndex(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		f := searchtest.Publish(t, e)
		other := search.New(e.App.DB, e.App.Search.Env, e.App.Directory.Store.PublishedIn)
		q := search.Query{Text: "minibasket"}
		both := []string{"minibasket", "minibasket-lodi"}
		for range 3 {
			res, err := other.Search(e.Ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if got := keysOf(f, res); !slices.Equal(got, both) {
				t.Fatalf("before: %v", got)
			}
		}
		if hits, misses := other.CacheStats(); hits != 2 || misses != 1 {
			t.Fatalf("3 identical searches: %d hits, %d misses; want 2 and 1", hits, misses)
		}
		if res, _ := other.Search(e.Ctx, search.Query{Text: "minibasket", Page: 2}); res == nil {
			t.Fatal("page 2")
		}
		if hits, _ := other.CacheStats(); hits != 2 {
			t.Fatal("another page was answered from the cache")
		}

		// Archiving removes documents without writing any: the cache of
		// the other instance must still drop them.
		if err := e.App.Directory.SetArchived(e.Ctx, f.Admin, f.Orgs["polisportiva"], true, "chiusa"); err != nil {
			t.Fatal(err)
		}
		res, err := other.Search(e.Ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if got := keysOf(f, res); !slices.Equal(got, []string{"minibasket-lodi"}) {
			t.Fatalf("after archiving, the other instance finds %v", got)
		}
	})
}
