package analysis_test

import (
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/search/analysis"
)

func TestDefaultSynonyms(t *testing.T) {
	n := analysis.DefaultSynonyms().Len()
	if n < 40 || n > 80 {
		t.Errorf("data/sinonimi.txt has %d groups, want 40–80", n)
	}
}

// A query for one entry of a group matches a document with any other entry
// of it, in both directions, multi-word entries included.
func TestSynonymsMatch(t *testing.T) {
	opts := analysis.Options{Synonyms: analysis.DefaultSynonyms()}
	cases := []struct{ query, doc string }{
		{"aiuto compiti", "Doposcuola per le medie"},
		{"doposcuola", "Aiuto compiti il martedì"},
		{"aiuto per i compiti", "Sostegno scolastico"},
		{"studio assistito", "Aiuto nei compiti"},
		{"ludoteca", "Spazio gioco per bambini"},
		{"spazio giochi", "Ludoteca comunale"},
		{"centri estivi", "Grest 2025 in oratorio"},
		{"grest", "Campo estivo in montagna"},
		{"calcio", "Scuola di football"},
		{"piscina", "Corsi di nuoto"},
		{"anziano", "Ginnastica per la terza età"},
		{"terza età", "Circolo anziani"},
		{"over 65", "Attività per persone anziane"},
		{"disabilità", "Sport per disabili"},
		{"handicap", "Laboratori per persone con disabilità"},
		{"baby sitter", "Tata a domicilio"},
		{"asilo nido", "Nido d'infanzia comunale"},
		{"nido", "Asilo nido Girotondo"},
		{"psicologo", "Supporto psicologico per adolescenti"},
		{"banco alimentare", "Pacchi alimentari"},
		{"spesa solidale", "Banco alimentare"},
		{"emporio della solidarietà", "Emporio solidale"},
		{"migranti", "Corsi per stranieri"},
		{"L2", "Italiano per stranieri"},
		{"italiano per stranieri", "Corsi L2"},
		{"oratorio", "Parrocchia San Marco"},
		{"volontari", "Impegno civico per tutti"},
		{"coro", "Scuola di musica"},
		{"musica", "Banda musicale"},
		{"consultorio", "Consultorio familiare"},
		{"centro per le famiglie", "Sportello famiglie"},
	}
	for _, c := range cases {
		q := analysis.ParseQuery(c.query, opts)
		if !q.Matches(analysis.IndexText(c.doc)) {
			t.Errorf("query %q does not match %q\n%s", c.query, c.doc, analysis.Explain(q))
		}
		// Without synonyms most of these do not match: the test is not
		// passing by accident.
	}
	if analysis.ParseQuery("calcio", analysis.Options{}).Matches(analysis.IndexText("football")) {
		t.Error("calcio matches football without synonyms")
	}
}

// A synonym phrase is matched as a whole; its words alone do not expand.
func TestSynonymsNeedTheWholePhrase(t *testing.T) {
	opts := analysis.Options{Synonyms: analysis.DefaultSynonyms()}
	q := analysis.ParseQuery("aiuto anziani", opts)
	if q.Matches(analysis.IndexText("doposcuola per anziani")) {
		t.Errorf("aiuto alone expanded to doposcuola\n%s", analysis.Explain(q))
	}
	if !q.Matches(analysis.IndexText("aiuto domestico per la terza età")) {
		t.Errorf("aiuto anziani misses terza età\n%s", analysis.Explain(q))
	}
}

func TestParseSynonyms(t *testing.T) {
	s, err := analysis.ParseSynonyms(strings.NewReader(`
# comment
tata, baby sitter  # trailing comment

  , calcio, , football,
`))
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() != 2 {
		t.Errorf("Len = %d, want 2", s.Len())
	}
	for _, bad := range []string{
		"calcio\n",               // one entry
		"famiglia, famiglie\n",   // two entries, one once analysed
		"calcio, il della per\n", // only stop words
		"ok, bene\nsolo, solo\n", // line 2
	} {
		if _, err := analysis.ParseSynonyms(strings.NewReader(bad)); err == nil {
			t.Errorf("ParseSynonyms(%q) succeeded", bad)
		}
	}
	var none *analysis.Synonyms
	if none.Len() != 0 || !analysis.ParseQuery("calcio", analysis.Options{Synonyms: none}).Matches("calc") {
		t.Error("a nil *Synonyms must be usable")
	}
}
