package analysis_test

import (
	"strings"
	"testing"
	"unicode"

	"github.com/trama-welfare/trama/internal/search/analysis"
)

// FuzzParseQuery checks that no input makes ParseQuery or the renderers
// panic or emit anything but quoted letters and digits, that the limits
// hold, and that a query matches the text it was typed from. Seeds are in
// testdata/fuzz/FuzzParseQuery.
func FuzzParseQuery(f *testing.F) {
	f.Add("doposcuola per bambini", true)
	f.Add(`"centro per le famiglie" a Lodi`, false)
	syn := analysis.DefaultSynonyms()
	var vocab analysis.Vocabulary
	vocab.Add(analysis.Tokens("calcio ludoteca piscina doposcuola oratorio anziani")...)
	f.Fuzz(func(t *testing.T, q string, prefix bool) {
		query := analysis.ParseQuery(q, analysis.Options{Prefix: prefix, Synonyms: syn, Vocabulary: &vocab})
		if len(query.Clauses) > analysis.DefaultMaxTerms {
			t.Fatalf("%d clauses", len(query.Clauses))
		}
		for _, c := range query.Clauses {
			if len(c.Alts) == 0 || len(c.Alts) > 24 {
				t.Fatalf("clause %q has %d alternatives", c.Text, len(c.Alts))
			}
			for _, a := range c.Alts {
				for _, term := range a.Terms {
					if term == "" || strings.ContainsFunc(term, notTokenRune) {
						t.Fatalf("bad term %q", term)
					}
				}
			}
		}
		checkFTS5(t, query.FTS5Match())
		if ts := query.TSQuery(); strings.ContainsAny(ts, `'"\;`) {
			t.Fatalf("TSQuery = %s", ts)
		}
		_ = analysis.Explain(query)
		if len(strings.ToValidUTF8(q, " ")) <= analysis.MaxQueryBytes && !query.Matches(analysis.IndexText(q)) {
			t.Fatalf("query does not match its own text %q\n%s", q, analysis.Explain(query))
		}
	})
}

func notTokenRune(r rune) bool {
	return !(unicode.IsLetter(r) || unicode.IsDigit(r)) || unicode.IsUpper(r)
}

// checkFTS5 checks that s is made of quoted strings, optional *, OR, AND
// and parentheses only, balanced.
func checkFTS5(t *testing.T, s string) {
	t.Helper()
	depth := 0
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '"':
			end := strings.IndexByte(s[i+1:], '"')
			if end < 0 {
				t.Fatalf("unbalanced quote in %s", s)
			}
			i += end + 1
		case s[i] == '(':
			depth++
		case s[i] == ')':
			if depth--; depth < 0 {
				t.Fatalf("unbalanced parenthesis in %s", s)
			}
		case strings.HasPrefix(s[i:], " OR "), strings.HasPrefix(s[i:], " AND "):
			i += strings.IndexByte(s[i+1:], ' ') + 1
		case s[i] == '*' && i > 0 && s[i-1] == '"':
		default:
			t.Fatalf("unexpected %q at %d in %s", s[i], i, s)
		}
	}
	if depth != 0 {
		t.Fatalf("unbalanced parenthesis in %s", s)
	}
}
