package search_test

import (
	"slices"
	"strconv"
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/search"
	"github.com/trama-welfare/trama/internal/search/searchtest"
)

// TextCondition finds, as a condition on another table's query, what the
// portal finds for the same words, in both of its shapes (rare and
// common text), ordered by the other query.
func TestTextCondition(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		f := searchtest.Publish(t, e)
		ids := func(text string) []string {
			var values []any
			cond, err := e.App.Search.TextCondition(e.Ctx, text, "s.id", &values)
			if err != nil {
				t.Fatal(err)
			}
			if cond == "" {
				return nil
			}
			values = append(values, "x") // the condition's numbering leaves room for more
			rows, err := e.App.DB.R.Query(`SELECT s.id FROM services s WHERE `+cond+` AND s.name <> $`+
				strconv.Itoa(len(values))+` ORDER BY s.name, s.id`, values...)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var out []string
			for rows.Next() {
				var id string
				rows.Scan(&id)
				out = append(out, f.Key(id))
			}
			return out
		}
		for _, text := range []string{"ginnastica", "doposcula", "aiuto compiti", "sport"} {
			res, err := e.App.Search.Search(e.Ctx, search.Query{Text: text, PerPage: 100})
			if err != nil {
				t.Fatal(err)
			}
			want := keysOf(f, res)
			if len(want) == 0 {
				t.Fatalf("%q finds nothing on the portal: the case proves nothing", text)
			}
			slices.Sort(want)
			rare := ids(text)
			restore := search.SetCommonMatches(1)
			common := ids(text)
			restore()
			for _, got := range [][]string{rare, common} {
				sorted := slices.Clone(got)
				slices.Sort(sorted)
				if !slices.Equal(sorted, want) {
					t.Errorf("%q: condition finds %v, the portal %v", text, got, want)
				}
			}
			if !slices.Equal(rare, common) {
				t.Errorf("%q: the two shapes differ: %v and %v", text, rare, common)
			}
		}
		if got := ids("il di"); got != nil {
			t.Errorf("stop words only: %v, want no condition", got)
		}
	})
}
