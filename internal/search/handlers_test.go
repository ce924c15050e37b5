package search_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/search/searchtest"
)

// The public page: no login, plain GET forms, every search a link.
func TestSearchPage(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		searchtest.Publish(t, e)
		guest := e.Anonymous()
		guest.Get("/").Status(t, 200).Contains(t, `href="/servizi"`, "Cerca servizi")
		guest.Get("/servizi").Status(t, 200).Contains(t, `role="search"`, `name="q"`, "13 servizi trovati", "Minibasket")

		p := url.Values{"q": {"sabato"}, "age": {"8"}, "comune": {"buccinasco"}}
		r := guest.Get("/servizi?"+p.Encode()).Status(t, 200)
		r.Contains(t, "3 servizi trovati", "Minibasket", "Ludoteca Arcobaleno", "Letture animate", "Polisportiva Buccinasco APS",
			"Palestra comunale, Via Roma 10, Buccinasco (MI)", "da 6 a 10 anni", "Gratuito", "0,1 km", "sabato",
			`value="Buccinasco (MI)"`, `href="/servizi/`)
		r.Lacks(t, "Polisportiva Lodigiana", "Doposcuola")
		if strings.Index(r.Body, "Minibasket") > strings.Index(r.Body, "Letture animate") {
			t.Error("nearest first")
		}

		// Categories with counts link to the narrower search.
		r = guest.Get("/servizi?q=bambini").Status(t, 200)
		r.Contains(t, "Educazione e tempo libero <span class=\"search-chip-count\">8</span>", "category=EDU")
		guest.Get("/servizi?q=bambini&category=EDU").Status(t, 200).
			Contains(t, "8 servizi trovati", `name="category" value="EDU"`, "Sport <span class=\"search-chip-count\">4</span>")

		// A confidential place is never shown, only its comune.
		r = guest.Get("/servizi?q=antiviolenza").Status(t, 200).Contains(t, "Centro antiviolenza", "Casa rifugio, Buccinasco (MI)")
		r.Lacks(t, "Via Segreta", "45.425")

		// Bad input: messages next to the fields, input kept, status 422.
		r = guest.Get("/servizi?" + url.Values{"q": {"calcio"}, "age": {"99"}, "comune": {"Atlantide"}, "sort": {"caso"}}.Encode())
		r.Status(t, 422).Contains(t, "Scegli un&#39;età dall&#39;elenco", "Non troviamo questo comune", `value="Atlantide"`,
			`value="calcio"`, "Correggi i campi")
		guest.Get("/servizi?sort=distance").Status(t, 422).Contains(t, "Per ordinare per distanza indica un comune")

		// In English.
		req, _ := http.NewRequest("GET", e.URL+"/servizi?q=ludoteca", nil)
		req.Header.Set("Accept-Language", "en")
		guest.Do(req).Status(t, 200).Contains(t, "Find services", "1 service found", "from 3 to 10 years", "Free")
	})
}

// JavaScript asks for the results part only, at the same address.
func TestResultsFragment(t *testing.T) {
	e := apptest.SQLite(t)
	searchtest.Publish(t, e)
	req, _ := http.NewRequest("GET", e.URL+"/servizi?q=ludot", nil)
	req.Header.Set("X-Trama-Fragment", "results")
	r := e.Anonymous().Do(req).Status(t, 200).Contains(t, `id="search-count"`, "Ludoteca Arcobaleno").Lacks(t, "<html", `role="search"`)
	if r.Header.Get("Vary") != "X-Trama-Fragment" {
		t.Errorf("Vary = %q", r.Header.Get("Vary"))
	}
	req, _ = http.NewRequest("GET", e.URL+"/servizi?age=x", nil)
	req.Header.Set("X-Trama-Fragment", "results")
	e.Anonymous().Do(req).Status(t, 200).Contains(t, "Correggi i campi").Lacks(t, "<html")
}

func TestSuggestions(t *testing.T) {
	e := apptest.SQLite(t)
	searchtest.Publish(t, e)
	r := e.Anonymous().Get("/servizi/suggerimenti?q=ludo").Status(t, 200)
	var got []struct{ Label, Kind, URL string }
	if err := json.Unmarshal([]byte(r.Body), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Kind != "category" || got[0].Label != "Ludoteche e spazi gioco" || got[0].URL != "/servizi?category=EDU-LUDO" ||
		got[1].Kind != "service" || got[1].Label != "Ludoteca Arcobaleno" || !strings.HasPrefix(got[1].URL, "/servizi/") {
		t.Fatalf("suggestions %+v", got)
	}
	e.Anonymous().Get("/servizi/suggerimenti?q=").Status(t, 200).Contains(t, "[]")
}

// Why a result ranks where it does is shown to the network, not to the
// public.
func TestExplainOnlyForTheNetwork(t *testing.T) {
	e := apptest.SQLite(t)
	searchtest.Publish(t, e)
	path := "/servizi?q=aiuto+compiti&comune=Buccinasco&debug=1"
	e.Anonymous().Get(path).Status(t, 200).Contains(t, "Doposcuola").Lacks(t, "parole esatte", "SQLite FTS5")
	citizen, _ := e.AsRole(auth.Citizen)
	citizen.Get(path).Status(t, 200).Lacks(t, "parole esatte")
	coord, _ := e.AsRole(auth.Coordinator)
	coord.Get(path).Status(t, 200).Contains(t, "n. 1 · testo 2 (parole esatte: sì; nel nome: no) · per quell&#39;età: no · fascia di distanza: 2,0 km",
		"SQLite FTS5:", "PostgreSQL:", "synonym")
}
