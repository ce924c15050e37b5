package search_test

import (
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/search"
	"github.com/trama-welfare/trama/internal/search/searchtest"
)

// Filters said in words: a weekday, a part of the day, an age, a comune
// after a place word; everything else stays text.
func TestFiltersInWords(t *testing.T) {
	e := apptest.SQLite(t)
	env := e.App.Search.Env
	cases := []struct {
		q, text, comune string
		age             int // -1: none
		group           search.AgeGroup
		day             int // -1: none
		part            search.Part
	}{
		{"attività per un bambino di 8 anni il sabato pomeriggio vicino a Buccinasco", "per un di il", "015036", 8, "", 6, search.Afternoon},
		{"doposcuola a Buccinasco", "doposcuola", "015036", -1, "", -1, ""},
		{"centro estivo vicino a cesano boscone", "centro estivo", "015074", -1, "", -1, ""},
		{"giocare a calcio", "giocare a calcio", "", -1, "", -1, ""},
		{"ginnastica per 70 anni, martedì mattina", "ginnastica per", "", -1, search.Seniors, 2, search.Morning},
		{"corso di italiano la sera", "corso di italiano la", "", -1, "", -1, search.Evening},
		{"calcio", "calcio", "", -1, "", -1, ""},
	}
	for _, c := range cases {
		p, f := env.ParseForm(e.Ctx, url.Values{"q": {c.q}})
		if len(f) > 0 {
			t.Errorf("%q: %v", c.q, f)
			continue
		}
		q := p.Query
		comune := ""
		if p.Comune != nil {
			comune = p.Comune.ISTAT
		}
		age, day := -1, -1
		if q.ChildAge != nil {
			age = *q.ChildAge
		}
		if q.Day != nil {
			day = int(*q.Day)
		}
		if q.Text != c.text || comune != c.comune || age != c.age || q.AgeGroup != c.group || day != c.day || q.Part != c.part {
			t.Errorf("%q → text %q comune %q age %d %q day %d part %q", c.q, q.Text, comune, age, q.AgeGroup, day, q.Part)
		}
	}
	// A field beats the words.
	p, _ := env.ParseForm(e.Ctx, url.Values{"q": {"sabato a Buccinasco"}, "day": {"0"}, "comune": {"Corsico"}})
	if *p.Day != time.Sunday || p.Comune.Name != "Corsico" {
		t.Errorf("fields did not win: %v %v", *p.Day, p.Comune.Name)
	}
}

// The sentence of the issue finds what the filters find.
func TestTheParentsSentence(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		f := searchtest.Publish(t, e)
		p, _ := e.App.Search.Env.ParseForm(e.Ctx, url.Values{"q": {"attività per un bambino di 8 anni il sabato pomeriggio vicino a Buccinasco"}})
		res, err := e.App.Search.Search(e.Ctx, p.Query)
		if err != nil {
			t.Fatal(err)
		}
		if got := keysOf(f, res); !slices.Equal(got, []string{"minibasket", "ludoteca"}) {
			t.Errorf("got %v", got)
		}
		e.Anonymous().Get("/servizi?q=attivit%C3%A0+per+un+bambino+di+8+anni+il+sabato+pomeriggio+vicino+a+Buccinasco").
			Status(t, 200).Contains(t, "Abbiamo capito: sabato, pomeriggio, 8 anni, vicino a Buccinasco (MI).", "2 servizi trovati", "Minibasket")
	})
}
