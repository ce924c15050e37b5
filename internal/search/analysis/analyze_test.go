package analysis_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/search/analysis"
)

func TestTokens(t *testing.T) {
	cases := []struct {
		in   string
		want string
	}{
		{"Attività sportive", "attiv sportiv"},
		{"ATTIVITA SPORTIVE", "attiv sportiv"},
		{"bambini e bambine", "bambin bambin"},
		{"dell'acqua", "acqua"},
		{"l'oratorio", "orator"},
		{"un'attività", "attiv"},
		{"un’attività nell’oratorio", "attiv orator"},
		{"quest'anno all'aperto", "anno apert"},
		{"dellʼacqua", "acqua"},       // U+02BC, which Unicode calls a letter
		{"sant'angelo", "sant angel"}, // not an elided article: kept
		{"perche' e' cosi'", "cos"},   // apostrophes used as accents
		{"il centro per le famiglie", "centr famigl"},
		{"over 65, età 3-6 anni", "over 65 eta 3 6 anni"},
		{"L2 e B1", "l2 b1"},
		{"Casa Sara, Il Faro", "cas sar far"}, // folded future forms are not stop words
		{"e-mail: info@trama.it", "mail info tram it"},
		{"", ""},
		{"   ...!!! ", ""},
		{"\xff\xfecalcio\x80", "calc"},
		{strings.Repeat("a", 41) + " nuoto", "nuot"},
	}
	for _, c := range cases {
		if got := strings.Join(analysis.Tokens(c.in), " "); got != c.want {
			t.Errorf("Tokens(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestIndexText(t *testing.T) {
	got := analysis.IndexText("Doposcuola “Il Girasole”", "", "Aiuto compiti per i bambini delle elementari.")
	if want := "doposcuol girasol aiut comp bambin elementar"; got != want {
		t.Errorf("IndexText = %q, want %q", got, want)
	}
}

// Accented and unaccented spellings must give the same tokens: words are
// folded before they are stemmed.
func TestAccentsDoNotMatter(t *testing.T) {
	words := []string{
		"attività", "città", "università", "responsabilità", "qualità", "novità",
		"specificità", "affettività", "età", "più", "perché", "perchè", "caffè",
		"lunedì", "giocherà", "finirà", "partirò", "virtù", "solidarietà", "papà",
	}
	for _, w := range words {
		plain := strings.NewReplacer("à", "a", "è", "e", "é", "e", "ì", "i", "ò", "o", "ù", "u").Replace(w)
		for _, variant := range []string{plain, strings.ToUpper(w), plain + "'"} {
			if a, b := analysis.Tokens(w), analysis.Tokens(variant); !slices.Equal(a, b) {
				t.Errorf("Tokens(%q) = %q but Tokens(%q) = %q", w, a, variant, b)
			}
		}
	}
}

func TestStopWords(t *testing.T) {
	for _, w := range []string{"il", "della", "per", "che", "non", "è", "perché", "sono", "hanno", "questo"} {
		if toks := analysis.Tokens(w); len(toks) != 0 {
			t.Errorf("Tokens(%q) = %q, want a stop word", w, toks)
		}
	}
	for _, w := range []string{"faro", "sara", "calcio", "musica"} {
		if analysis.IsStopWord(w) {
			t.Errorf("IsStopWord(%q) = true", w)
		}
	}
}

// Every form of a word family finds every other: a query for one form
// matches a document with another, whatever Snowball makes of each.
func TestWordFamiliesMatch(t *testing.T) {
	families := [][]string{
		{"sportivo", "sportiva", "sportivi", "sportive"},
		{"attività", "attivita", "attivitá"},
		{"bambino", "bambini", "bambina", "bambine"},
		{"educativo", "educativa", "educativi", "educative"},
		{"educazione", "educazioni"},
		{"educatore", "educatori"},
		{"musica", "musiche"},
		{"musicale", "musicali"},
		{"famiglia", "famiglie"},
		{"familiare", "familiari"},
		{"alimentare", "alimentari"},
		{"anziano", "anziani", "anziana", "anziane"},
		{"italiano", "italiana", "italiani", "italiane"},
		{"straniero", "stranieri", "straniera", "straniere"},
		{"laboratorio", "laboratori"},
		{"oratorio", "oratori"},
		{"volontario", "volontari", "volontaria", "volontarie"},
		{"disabile", "disabili"},
		{"psicologo", "psicologi", "psicologico", "psicologica", "psicologiche"},
		{"ludoteca", "ludoteche"},
		{"gioco", "giochi"},
		{"giovane", "giovani"},
		{"scolastico", "scolastica", "scolastici", "scolastiche"},
		{"gratuito", "gratuita", "gratuiti", "gratuite"},
		{"estivo", "estiva", "estivi", "estive"},
	}
	for _, fam := range families {
		for _, q := range fam {
			query := analysis.ParseQuery(q, analysis.Options{})
			for _, doc := range fam {
				if !query.Matches(analysis.IndexText(doc)) {
					t.Errorf("query %q does not match document %q\n%s", q, doc, analysis.Explain(query))
				}
			}
		}
	}
}

// Words that only share a beginning must not match.
func TestUnrelatedWordsDoNotMatch(t *testing.T) {
	pairs := [][2]string{
		{"sport", "sportello"},
		{"anno", "Anna"},
		{"acqua", "Acqui Terme"},
		{"calcio", "calcolo"},
		{"milano", "militare"},
		{"musica", "musei"},
	}
	for _, p := range pairs {
		for _, dir := range [][2]string{p, {p[1], p[0]}} {
			if analysis.ParseQuery(dir[0], analysis.Options{}).Matches(analysis.IndexText(dir[1])) {
				t.Errorf("query %q matches document %q", dir[0], dir[1])
			}
		}
	}
}

// BenchmarkIndexText analyses a typical service description (about 60
// words).
func BenchmarkIndexText(b *testing.B) {
	desc := strings.Repeat("Il doposcuola dell'associazione offre aiuto compiti ai bambini e alle bambine delle "+
		"scuole elementari, con attività sportive, laboratori musicali e un'ora di gioco in ludoteca. ", 2)
	b.ReportAllocs()
	for b.Loop() {
		analysis.IndexText("Doposcuola Il Girasole", desc)
	}
}
