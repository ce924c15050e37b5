package analysis_test

import (
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/search/analysis"
)

func TestParseQueryIgnoresStopWordsAndPunctuation(t *testing.T) {
	q := analysis.ParseQuery("Il calcio, per i bambini!!! (e le bambine?)", analysis.Options{})
	if got := q.FTS5Match(); got != `"calc" AND "bambin"` {
		t.Errorf("FTS5Match = %s", got)
	}
	for _, empty := range []string{"", "   ", "il della per", `"" ** ((( ::: ''' «»`, "\xff\xfe"} {
		q := analysis.ParseQuery(empty, analysis.Options{Prefix: true})
		if !q.Empty() || q.FTS5Match() != "" || q.TSQuery() != "" {
			t.Errorf("ParseQuery(%q) = %s, want an empty query", empty, q.FTS5Match())
		}
	}
}

func TestPrefix(t *testing.T) {
	opts := analysis.Options{Prefix: true}
	cases := []struct {
		query string
		doc   string
		match bool
	}{
		{"ludot", "Ludoteca comunale", true},
		{"bambi", "Per bambini", true},
		{"ludoteca", "Ludoteche", true}, // a complete word without the space
		{"sportiv", "attività sportive", true},
		{"sportiv", "gruppi sportivi", true},   // sportivi → sport, not sportiv*
		{"educazi", "educazione fisica", true}, // educazione → educ
		{"milano", "Milano", true},
		{"milano", "servizio militare", false}, // not mil*
		{"calcio b", "calcio per bambini", true},
		{"calcio b", "calcio", true},   // one letter: ignored until more is typed
		{"calcio per", "calcio", true}, // a stop word being typed: ignored
		{"calcio ", "calcio balilla", true},
		{"lud ", "ludoteca", false}, // trailing space: the word is complete
		{"lud.", "ludoteca", false}, // so is punctuation
		{"ludot", "Ludoteca", true},
		{`"centro per le fam`, "centro per le famiglie", true},
		{`"centro per le fam"`, "centro per le famiglie", false},
	}
	for _, c := range cases {
		q := analysis.ParseQuery(c.query, opts)
		if got := q.Matches(analysis.IndexText(c.doc)); got != c.match {
			t.Errorf("query %q on %q = %v, want %v\n%s", c.query, c.doc, got, c.match, analysis.Explain(q))
		}
	}
	if q := analysis.ParseQuery("ludot", analysis.Options{}); q.Matches(analysis.IndexText("ludoteca")) {
		t.Error("without Options.Prefix the last word must be whole")
	}
}

func TestQuotedPhrase(t *testing.T) {
	opts := analysis.Options{Synonyms: analysis.DefaultSynonyms()}
	q := analysis.ParseQuery(`“centro per le famiglie” a «Lodi»`, opts)
	if got, want := q.FTS5Match(), `"centr famigl" AND "lod"`; got != want {
		t.Errorf("FTS5Match = %s, want %s", got, want)
	}
	if !q.Matches(analysis.IndexText("Il Centro per le Famiglie di Lodi")) {
		t.Error("phrase does not match")
	}
	if q.Matches(analysis.IndexText("Centro diurno per famiglie di Lodi")) {
		t.Error("phrase matches words that are not next to each other")
	}
	// Quoted text is literal: no synonyms.
	if analysis.ParseQuery(`"calcio"`, opts).Matches("football") {
		t.Error("quoted word expanded")
	}
}

func TestMaxTerms(t *testing.T) {
	long := strings.Repeat("nuoto calcio danza teatro musica ", 100)
	q := analysis.ParseQuery(long, analysis.Options{})
	if n := len(q.Clauses); n != 5 { // duplicates removed
		t.Errorf("%d clauses, want 5", n)
	}
	words := strings.Fields("uno due tre quattro cinque sei sette otto nove dieci undici dodici tredici quattordici")
	q = analysis.ParseQuery(strings.Join(words, " "), analysis.Options{})
	if n := len(q.Clauses); n != analysis.DefaultMaxTerms {
		t.Errorf("%d clauses, want %d", n, analysis.DefaultMaxTerms)
	}
	q = analysis.ParseQuery(strings.Join(words, " "), analysis.Options{MaxTerms: 3})
	if n := len(q.Clauses); n != 3 {
		t.Errorf("%d clauses, want 3", n)
	}
	for _, c := range analysis.ParseQuery(strings.Repeat("anziani ", 50)+"doposcuola", analysis.Options{Synonyms: analysis.DefaultSynonyms(), Prefix: true}).Clauses {
		if len(c.Alts) > 24 {
			t.Errorf("clause %q has %d alternatives", c.Text, len(c.Alts))
		}
	}
}

func TestAtLeast(t *testing.T) {
	vocab := &analysis.Vocabulary{}
	vocab.Add("calc", "football", "nuot")
	q := analysis.ParseQuery("calcoi nuoto", analysis.Options{Synonyms: analysis.DefaultSynonyms(), Vocabulary: vocab})
	exact := q.AtLeast(analysis.Exact.Weight())
	if got, want := exact.FTS5Match(), `"calco" AND "nuot"`; got != want {
		t.Errorf("AtLeast(exact) = %s, want %s", got, want)
	}
	if !q.Matches("calc nuot") || exact.Matches("calc nuot") {
		t.Error("the typo must match only in the full query")
	}
	if got := q.AtLeast(2).FTS5Match(); got != `"calco" AND "nuot"` {
		t.Errorf("AtLeast(2) = %s: every clause keeps its best alternatives", got)
	}
}

func TestKinds(t *testing.T) {
	if !(analysis.Exact.Weight() > analysis.Inflection.Weight() &&
		analysis.Inflection.Weight() > analysis.Synonym.Weight() &&
		analysis.Synonym.Weight() > analysis.Typo.Weight() && analysis.Typo.Weight() > 0) {
		t.Error("weights must rank exact > inflection > synonym > typo > 0")
	}
	if analysis.Typo.String() != "typo" || analysis.Kind(99).String() != "unknown" || analysis.Kind(99).Weight() != 0 {
		t.Error("Kind String/Weight")
	}
}

func TestExplain(t *testing.T) {
	q := analysis.ParseQuery("ludoteca sportiv", analysis.Options{Synonyms: analysis.DefaultSynonyms(), Prefix: true})
	want := `clause 1 "ludoteca"
  exact       1.00  ludotec
  synonym     0.70  spaz gioc
clause 2 "sportiv"
  exact       1.00  sportiv*
  inflection  0.90  sport
  synonym     0.70  attiv motor
`
	if got := analysis.Explain(q); got != want {
		t.Errorf("Explain =\n%s\nwant\n%s", got, want)
	}
	if got := analysis.Explain(analysis.Query{}); !strings.Contains(got, "empty") {
		t.Errorf("Explain(empty) = %q", got)
	}
}

// BenchmarkParseQuery parses a type-ahead query with synonyms and typo
// tolerance against a vocabulary of 200,000 stems.
func BenchmarkParseQuery(b *testing.B) {
	var vocab analysis.Vocabulary
	vocab.Add(syntheticVocabulary(200_000)...)
	opts := analysis.Options{Prefix: true, Synonyms: analysis.DefaultSynonyms(), Vocabulary: &vocab}
	b.ReportAllocs()
	for b.Loop() {
		q := analysis.ParseQuery("aiuto compiti per bambini calcoi ludot", opts)
		_ = q.FTS5Match()
	}
}
