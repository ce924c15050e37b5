package search_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/search"
	"github.com/trama-welfare/trama/internal/search/searchtest"
)

func intp(n int) *int { return &n }

func day(d time.Weekday) *time.Weekday { return &d }

// Buccinasco's centre, as the comune filter of the page uses it.
var buccinasco = &search.Point{Lat: 45.416667, Lon: 9.116667}

// qualityCases are the search-quality suite: queries and the results they
// must give, in order, on every engine. Together they cover accents,
// plurals, synonyms, a typo, prefixes, filters, distance and what must
// never be found (archived, unpublished, inactive).
var qualityCases = []struct {
	name string
	q    search.Query
	want []string // fixture keys, in order, exactly
}{
	{"exact name, fresher first", search.Query{Text: "minibasket"}, []string{"minibasket", "minibasket-lodi"}},
	{"accents folded", search.Query{Text: "terza eta"}, []string{"ginnastica"}},
	{"accents typed", search.Query{Text: "terza età"}, []string{"ginnastica"}},
	{"plural finds singular", search.Query{Text: "ludoteche"}, []string{"ludoteca"}},
	{"plural of a phrase", search.Query{Text: "corsi di italiano"}, []string{"italiano"}},
	{"synonym: aiuto compiti ~ doposcuola", search.Query{Text: "aiuto compiti"}, []string{"doposcuola", "dsa"}},
	{"synonym: doposcuola ~ sostegno scolastico", search.Query{Text: "doposcuola"}, []string{"doposcuola", "dsa"}},
	{"synonym: spazio gioco ~ ludoteca", search.Query{Text: "spazio gioco"}, []string{"ludoteca"}},
	{"typo corrected", search.Query{Text: "calcoi"}, []string{"calcio", "calcio-roma"}},
	{"typo in a longer word", search.Query{Text: "ginnastca dolce"}, []string{"ginnastica"}},
	{"prefix while typing", search.Query{Text: "ludot"}, []string{"ludoteca"}},
	{"prefix of a name", search.Query{Text: "minibas"}, []string{"minibasket", "minibasket-lodi"}},
	{"name above the rest, then fresher", search.Query{Text: "ragazzi"}, []string{"dsa", "calcio", "grest", "doposcuola", "letture", "italiano", "calcio-roma"}},
	{"organization name", search.Query{Text: "oratorio san luigi"}, []string{"grest", "doposcuola"}},
	{"inactive, archived and unpublished are never found", search.Query{Text: "nuoto"}, nil},
	{"comune and distance exclude far away", search.Query{Text: "minibasket", Origin: buccinasco, RadiusKm: 10}, []string{"minibasket"}},
	{"wider distance ranks by distance band", search.Query{Text: "minibasket", Origin: buccinasco, RadiusKm: 50}, []string{"minibasket", "minibasket-lodi"}},
	{"parent's search: 8 years, Saturday, near Buccinasco",
		search.Query{ChildAge: intp(8), Day: day(time.Saturday), Origin: buccinasco, RadiusKm: 10},
		[]string{"minibasket", "ludoteca", "letture"}},
	{"made for that age before open to all ages", search.Query{ChildAge: intp(8), Origin: buccinasco, RadiusKm: 5},
		[]string{"minibasket", "calcio", "grest", "doposcuola", "ludoteca", "sportello", "antiviolenza"}},
	{"Saturday afternoon", search.Query{ChildAge: intp(8), Day: day(time.Saturday), Part: search.Afternoon, Origin: buccinasco, RadiusKm: 10},
		[]string{"minibasket", "ludoteca"}},
	{"words and filters together", search.Query{Text: "sabato basket", ChildAge: intp(8), Origin: buccinasco, RadiusKm: 10}, []string{"minibasket"}},
	{"days are words too", search.Query{Text: "sabato", ChildAge: intp(8), Origin: buccinasco, RadiusKm: 10}, []string{"minibasket", "ludoteca", "letture"}},
	{"only in the comune", search.Query{Comune: "015036", Origin: buccinasco, Sort: search.ByName},
		[]string{"calcio", "antiviolenza", "ginnastica", "minibasket", "sportello"}},
	{"sorted by distance", search.Query{Text: "bambini", Origin: buccinasco, RadiusKm: 10, Sort: search.ByDistance},
		[]string{"minibasket", "calcio", "grest", "doposcuola", "ludoteca", "letture"}},
	{"older people", search.Query{AgeGroup: search.Seniors, Origin: buccinasco, RadiusKm: 10, Sort: search.ByName},
		[]string{"antiviolenza", "italiano", "ginnastica", "sportello"}},
	{"free only", search.Query{Free: true, ChildAge: intp(8), Origin: buccinasco, RadiusKm: 5, Sort: search.ByName},
		[]string{"antiviolenza", "doposcuola", "ludoteca", "minibasket", "sportello"}},
	{"language", search.Query{Language: "ar", Sort: search.ByName}, []string{"italiano", "sportello"}},
	{"accessible places", search.Query{Accessible: true, Sort: search.ByName},
		[]string{"calcio", "italiano", "ginnastica", "letture", "minibasket"}},
	{"category with its subcategories", search.Query{Category: "EDU", Origin: buccinasco, RadiusKm: 5, Sort: search.ByName},
		[]string{"calcio", "doposcuola", "grest", "ludoteca", "minibasket"}},
	{"subcategory", search.Query{Category: "EDU-SPORT", Sort: search.ByName},
		[]string{"calcio", "minibasket", "minibasket-lodi", "calcio-roma"}},
}

// TestSearchQuality runs the suite on every engine: one analysis, the
// same tokens, the same ranking key, so the same results.
func TestSearchQuality(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		f := searchtest.Publish(t, e)
		for _, c := range qualityCases {
			res, err := e.App.Search.Search(e.Ctx, c.q)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			got := keysOf(f, res)
			if !slices.Equal(got, c.want) && !(len(got) == 0 && len(c.want) == 0) {
				t.Errorf("%s: got %v, want %v", c.name, got, c.want)
			}
			if res.Total != len(got) || res.More {
				t.Errorf("%s: total %d (more %v) for %d results", c.name, res.Total, res.More, len(got))
			}
		}
	})
}

func keysOf(f *searchtest.Fixture, res *search.Results) []string {
	var out []string
	for _, it := range res.Items {
		k := f.Key(it.ServiceID)
		if k == "" {
			k = "?" + it.Name
		}
		out = append(out, k)
	}
	return out
}

// The score says why: words as typed or through a synonym, in the name or
// not, the distance band, the verification day.
func TestExplainableScore(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		f := searchtest.Publish(t, e)
		res, err := e.App.Search.Search(e.Ctx, search.Query{Text: "aiuto compiti", Origin: buccinasco, RadiusKm: 20, Explain: true})
		if err != nil {
			t.Fatal(err)
		}
		if got := keysOf(f, res); !slices.Equal(got, []string{"doposcuola", "dsa"}) {
			t.Fatalf("got %v", got)
		}
		d, s := res.Items[0].Score, res.Items[1].Score
		if !d.Exact || d.InName || d.Text() != 2 || d.Rank != 1 || d.Band != 2 || d.Fresh == "" {
			t.Errorf("doposcuola score %+v", d)
		}
		if s.Exact || !s.InName || s.Text() != 1 || s.Rank != 2 || s.Band != 2 {
			t.Errorf("sostegno scolastico score %+v", s)
		}
		if !res.Items[0].HasDistance || res.Items[0].DistanceKm < 1.5 || res.Items[0].DistanceKm > 2.5 {
			t.Errorf("doposcuola distance %v", res.Items[0].DistanceKm)
		}
		// The same flags when sorting otherwise (asked to the index).
		res, err = e.App.Search.Search(e.Ctx, search.Query{Text: "aiuto compiti", Sort: search.ByName, Explain: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range res.Items {
			want := f.Key(it.ServiceID) == "doposcuola"
			if it.Score.Exact != want || it.Score.InName == want {
				t.Errorf("%s by name: %+v", it.Name, it.Score)
			}
		}
		if !strings.Contains(res.Explain, "doposcuol") {
			t.Errorf("explain: %q", res.Explain)
		}
	})
}
