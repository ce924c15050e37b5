package analysis_test

import (
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/trama-welfare/trama/internal/search/analysis"
)

func TestFuzzy(t *testing.T) {
	var v analysis.Vocabulary
	if v.Fuzzy("calc") != nil || v.Contains("calc") || v.Len() != 0 {
		t.Error("the zero Vocabulary must be empty")
	}
	v.Add("calc", "calc", "ludotec", "piscin", "bambin", "cas", "cant", "canto", "acta", "città", "", strings.Repeat("x", 41))
	if v.Len() != 9 {
		t.Errorf("Len = %d, want 9 (no duplicates, empty or over-long stems)", v.Len())
	}
	cases := []struct {
		term string
		want []string
	}{
		{"calco", []string{"calc"}},      // insertion
		{"cal", []string{"calc", "cas"}}, // insertion, substitution
		{"ludotc", []string{"ludotec"}},  // deletion
		{"ludotex", []string{"ludotec"}}, // substitution
		{"lduotec", []string{"ludotec"}}, // transposition
		{"pisicn", []string{"piscin"}},   // transposition
		{"bambni", []string{"bambin"}},   // transposition at the end
		{"ludotec", nil},                 // itself is not a typo
		{"ludoetcx", nil},                // two edits
		{"cant", []string{"canto"}},      // cant itself excluded
		{"cat", []string{"cant", "cas"}}, // not acta: two edits
		{"citt", []string{"città"}},      // runes, not bytes
		{"cittá", []string{"città"}},
		{"", nil},
	}
	for _, c := range cases {
		if got := v.Fuzzy(c.term); !slices.Equal(got, c.want) {
			t.Errorf("Fuzzy(%q) = %q, want %q", c.term, got, c.want)
		}
	}
}

func TestTypoTolerance(t *testing.T) {
	var vocab analysis.Vocabulary
	vocab.Add(analysis.Tokens("calcio ludoteca piscina corso coro musica nuoto bambini")...)
	opts := analysis.Options{Vocabulary: &vocab, Synonyms: analysis.DefaultSynonyms()}
	cases := []struct {
		query, doc string
		match      bool
	}{
		{"calcoi", "calcio", true},
		{"ludotca", "ludoteca", true},
		{"pisicna", "piscina", true},
		{"bambnii", "bambini", true},
		{"corso", "coro", false},   // known word: no typos
		{"cors", "corso", true},    // same stem
		{"muscia", "musica", true}, // musc → music
		{"nuto", "nuoto", false},   // four letters: no typos
		{"ludotecaa piscna", "piscina alla ludoteca", true},
	}
	for _, c := range cases {
		q := analysis.ParseQuery(c.query, opts)
		if got := q.Matches(analysis.IndexText(c.doc)); got != c.match {
			t.Errorf("query %q on %q = %v, want %v\n%s", c.query, c.doc, got, c.match, analysis.Explain(q))
		}
	}
	q := analysis.ParseQuery("calcoi", opts)
	if got, want := q.FTS5Match(), `("calco" OR "calc")`; got != want {
		t.Errorf("FTS5Match = %s, want %s", got, want)
	}
	if k := q.Clauses[0].Alts[1].Kind; k != analysis.Typo {
		t.Errorf("kind of the typo alternative = %v", k)
	}
}

func TestVocabularyConcurrent(t *testing.T) {
	var v analysis.Vocabulary
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for j := range 500 {
				v.Add(syntheticStem(rand.New(rand.NewPCG(uint64(i), uint64(j)))))
				v.Fuzzy("ludotec")
			}
		})
	}
	wg.Wait()
}

var syllables = strings.Fields("ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo ga ge gi go la le li lo lu " +
	"ma me mi mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo za zo " +
	"bra cre dri fro glu pla sce sta str tr gn sc ch gh ll ss tt rr nn mm")

func syntheticStem(r *rand.Rand) string {
	var b strings.Builder
	for range 2 + r.IntN(3) {
		b.WriteString(syllables[r.IntN(len(syllables))])
	}
	if r.IntN(2) == 0 {
		b.WriteString([]string{"n", "r", "l", "t", "s", "c"}[r.IntN(6)])
	}
	return b.String()
}

// syntheticVocabulary returns n distinct made-up stems.
func syntheticVocabulary(n int) []string {
	r := rand.New(rand.NewPCG(1, 2))
	seen := make(map[string]bool, n)
	out := make([]string, 0, n)
	for len(out) < n {
		if s := syntheticStem(r); !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// BenchmarkFuzzy looks up typos (one random edit of a known stem) in a
// vocabulary of 200,000 stems.
func BenchmarkFuzzy(b *testing.B) {
	stems := syntheticVocabulary(200_000)
	var v analysis.Vocabulary
	v.Add(stems...)
	r := rand.New(rand.NewPCG(3, 4))
	queries := make([]string, 1024)
	for i := range queries {
		s := []byte(stems[r.IntN(len(stems))])
		j := r.IntN(len(s))
		s[j] = "aeiourstl"[r.IntN(9)]
		queries[i] = string(s)
	}
	found := 0
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		found += len(v.Fuzzy(queries[i%len(queries)]))
	}
	b.ReportMetric(float64(found)/float64(b.N), "stems/op")
}

func BenchmarkVocabularyAdd(b *testing.B) {
	stems := syntheticVocabulary(200_000)
	b.ReportAllocs()
	for b.Loop() {
		var v analysis.Vocabulary
		v.Add(stems...)
	}
}

func TestWithPrefix(t *testing.T) {
	var v analysis.Vocabulary
	v.Add("ludotec", "ludo", "lud", "luce", "sport", "sportiv", "sportell", "spaz")
	cases := []struct {
		prefix string
		max    int
		want   []string
	}{
		{"ludo", 5, []string{"ludo", "ludotec"}},
		{"lu", 5, []string{"lud", "luce", "ludo", "ludotec"}},
		{"lu", 2, []string{"lud", "luce"}},
		{"sport", 5, []string{"sport", "sportiv", "sportell"}},
		{"x", 5, nil},
		{"", 5, nil},
	}
	for _, c := range cases {
		if got := v.WithPrefix(c.prefix, c.max); !slices.Equal(got, c.want) {
			t.Errorf("WithPrefix(%q, %d) = %v, want %v", c.prefix, c.max, got, c.want)
		}
	}
	v.Add("ludoteca")
	if got := v.WithPrefix("ludotec", 5); !slices.Equal(got, []string{"ludotec", "ludoteca"}) {
		t.Errorf("after Add: %v", got)
	}
}
