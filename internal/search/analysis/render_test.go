package analysis_test

import (
	"testing"

	"github.com/trama-welfare/trama/internal/search/analysis"
)

func TestRenderGolden(t *testing.T) {
	syn := analysis.DefaultSynonyms()
	cases := []struct {
		query string
		opts  analysis.Options
		fts5  string
		ts    string
	}{
		{"", analysis.Options{}, "", ""},
		{"nuoto", analysis.Options{}, `"nuot"`, `nuot`},
		{"Ludoteche a Lodi", analysis.Options{},
			`"ludotec" AND "lod"`,
			`ludotec & lod`},
		{"sportive", analysis.Options{},
			`("sportiv" OR "sport")`,
			`(sportiv | sport)`},
		{"ludoteca", analysis.Options{Synonyms: syn},
			`("ludotec" OR "spaz gioc")`,
			`(ludotec | spaz <-> gioc)`},
		{"aiuto compiti sport", analysis.Options{Synonyms: syn, Prefix: true},
			`("aiut comp" OR "aiut compit" OR "doposcuol" OR "sostegn scolast" OR "stud assist" OR "support stud" OR "spaz comp" OR "spaz compit") AND ("sport"* OR "attiv motor")`,
			`(aiut <-> comp | aiut <-> compit | doposcuol | sostegn <-> scolast | stud <-> assist | support <-> stud | spaz <-> comp | spaz <-> compit) & (sport:* | attiv <-> motor)`},
		{"centro per le fam", analysis.Options{Prefix: true},
			`"centr" AND "fam"*`,
			`centr & fam:*`},
		{`"centro per le famiglie" over 65`, analysis.Options{},
			`"centr famigl" AND "over" AND "65"`,
			`centr <-> famigl & over & 65`},
		{`NEAR(a b) OR "x" AND y* -z col:w ^v`, analysis.Options{},
			`"near" AND "b" AND "or" AND "x" AND "and" AND "y" AND "z" AND "w" AND "v"`,
			`near & b & or & x & and & y & z & w & v`},
		{`'; DROP TABLE servizi; --`, analysis.Options{},
			`"drop" AND "tabl" AND "serviz"`,
			`drop & tabl & serviz`},
	}
	for _, c := range cases {
		q := analysis.ParseQuery(c.query, c.opts)
		if got := q.FTS5Match(); got != c.fts5 {
			t.Errorf("FTS5Match(%q)\n got %s\nwant %s", c.query, got, c.fts5)
		}
		if got := q.TSQuery(); got != c.ts {
			t.Errorf("TSQuery(%q)\n got %s\nwant %s", c.query, got, c.ts)
		}
	}
}

// A Query built by hand cannot inject syntax: only letters and digits of
// the terms are written.
func TestRenderSanitizesHandBuiltQueries(t *testing.T) {
	q := analysis.Query{Clauses: []analysis.Clause{
		{Alts: []analysis.Alt{{Terms: []string{`a" OR x:*`, `B'|c`}, Prefix: true}}},
		{Alts: []analysis.Alt{{Terms: []string{`"*():&|!<->`}}}}, // nothing left: dropped
		{Alts: []analysis.Alt{{Terms: []string{"sport"}}, {Terms: nil}}},
	}}
	if got, want := q.FTS5Match(), `"aorx bc"* AND "sport"`; got != want {
		t.Errorf("FTS5Match = %s, want %s", got, want)
	}
	if got, want := q.TSQuery(), `aorx <-> bc:* & sport`; got != want {
		t.Errorf("TSQuery = %s, want %s", got, want)
	}
}

func TestRenderRestricted(t *testing.T) {
	q := analysis.ParseQuery("aiuto compiti sport", analysis.Options{Synonyms: analysis.DefaultSynonyms(), Prefix: true})
	q.Clauses[0].Alts = q.Clauses[0].Alts[:2]
	if got, want := q.FTS5MatchIn("name", "body"), `{name body} : (("aiut comp" OR "aiut compit") AND ("sport"* OR "attiv motor"))`; got != want {
		t.Errorf("FTS5MatchIn\n got %s\nwant %s", got, want)
	}
	if got := q.FTS5MatchIn(); got != q.FTS5Match() {
		t.Errorf("FTS5MatchIn() = %s", got)
	}
	if got := (analysis.Query{}).FTS5MatchIn("name"); got != "" {
		t.Errorf("empty query restricted = %q", got)
	}
}
