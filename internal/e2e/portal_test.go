package e2e_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	goical "github.com/emersion/go-ical"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/e2e"
)

// On the demo data, on a phone, with and without JavaScript: a parent
// starts from the home page, looks for something on Saturday for an
// 8-year-old near Buccinasco, opens it, adds it to the calendar and looks
// at the organization. axe-core checks every page.
func TestParentFindsAndAddsToCalendar(t *testing.T) {
	for _, js := range []bool{false, true} {
		name := "without JavaScript"
		if js {
			name = "with JavaScript"
		}
		t.Run(name, func(t *testing.T) {
			env := apptest.SQLite(t, apptest.Demo(), localTiles(t))
			b := e2e.NewBrowser(t, env)
			phone(b)
			if !js {
				b.WithoutJavaScript()
			}
			b.Visit("/")
			b.See("Cerca attività e aiuto", "Esplora per categoria", "Educazione e tempo libero", "Cosa c'è questa settimana vicino a")

			// The home page's comune form.
			b.Fill("#home-comune", "Buccinasco")
			b.Submit(".home-comune button[type=submit]")
			b.See("Cosa c'è questa settimana vicino a Buccinasco (MI)")

			// The home page's search box, then the filters.
			b.Fill("#home-q", "sabato")
			b.Submit(".home-search button[type=submit]")
			if p := b.Path(); !strings.HasPrefix(p, "/servizi?q=sabato") {
				t.Fatalf("the home search went to %s", p)
			}
			b.Fill("#f-comune", "Buccinasco")
			b.Click(".search-more summary")
			b.Do(chromedp.SendKeys("#f-age", "8"))
			b.Submit(`#search-form button[type=submit]`)
			b.See("servizi trovati", "Ricevi queste attività nel tuo calendario")
			first := b.Text(".search-item h3 a")

			// The calendar of the whole search.
			feed := e2e.Eval[string](b, `document.querySelector(".search-feed a").href`)
			checkCalendar(t, feed)

			// The service page.
			b.Submit(".search-item h3 a")
			if !strings.HasPrefix(b.Path(), "/servizi/") {
				t.Fatalf("opened %s", b.Path())
			}
			b.See(first, "Per chi", "Quando", "I prossimi 7 giorni", "Dove", "Costo", "Contatti", "Aggiungi al calendario", "sabato")
			if n := e2e.Eval[int](b, `JSON.parse(document.querySelector('script[type="application/ld+json"]').textContent)["@type"] === "Service" ? 1 : 0`); n != 1 {
				t.Error("no Service JSON-LD")
			}
			if js {
				if e2e.Eval[bool](b, `!!document.querySelector(".portal-place[data-lat]")`) {
					waitCount(b, "#portal-map .leaflet-marker-icon", 1)
					b.Check()
				}
			} else if e2e.Eval[bool](b, `!!document.getElementById("portal-map") && !document.getElementById("portal-map").hidden`) {
				t.Error("the map shows without JavaScript")
			}
			ics := e2e.Eval[string](b, `document.querySelector('a[href$=".ics"]').href`)
			checkCalendar(t, ics)

			// The organization's page lists the service.
			b.Submit(".portal-org a")
			if !strings.HasPrefix(b.Path(), "/enti/") {
				t.Fatalf("opened %s", b.Path())
			}
			b.See("servizi", "Contatti", first)
		})
	}
}

// checkCalendar fetches a feed as a calendar app would and parses it.
func checkCalendar(t *testing.T, u string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != 200 || !strings.HasPrefix(ct, "text/calendar") {
		t.Fatalf("%s: %d %s", u, resp.StatusCode, ct)
	}
	cal, err := goical.NewDecoder(resp.Body).Decode()
	if err != nil {
		t.Fatalf("%s: %v", u, err)
	}
	if len(cal.Events()) == 0 {
		t.Errorf("%s: no events", u)
	}
}

// A confidential place on the demo data: its comune, never its address;
// the page is accessible.
func TestConfidentialServicePage(t *testing.T) {
	env := apptest.SQLite(t, apptest.Demo())
	b := e2e.NewBrowser(t, env)
	phone(b)
	b.Visit("/servizi?q=antiviolenza")
	b.Submit(".search-item h3 a")
	b.See("L'indirizzo è riservato", "Corsico (MI)")
	if e2e.Eval[bool](b, `!!document.querySelector("[data-lat]")`) {
		t.Error("a confidential place has a position on the page")
	}
	b.Submit(".portal-org a")
	b.See("indirizzo riservato")
}
