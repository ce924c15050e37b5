package portal_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/search/searchtest"
)

// The home page gives everybody a search box, the categories with their
// counts, and what's on in the next seven days near a comune.
func TestHomeForCitizens(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		f := searchtest.Publish(t, e)
		guest := e.Anonymous()
		r := guest.Get("/").Status(t, 200)
		r.Contains(t, `action="/servizi" role="search"`, `name="q"`,
			`href="/servizi?category=EDU"><span>Educazione e tempo libero</span> <span class="home-count">8 servizi</span>`,
			"Scegli un comune per vedere")
		r.Lacks(t, "category=CASA\"") // no published service: no entry point

		// Near Buccinasco: what happens in the next seven days, soonest first.
		r = guest.Get("/?comune=Buccinasco").Status(t, 200)
		r.Contains(t, "Cosa c&#39;è questa settimana vicino a Buccinasco (MI)", `value="Buccinasco (MI)"`,
			`15:00–18:00</span> — <a href="/servizi/`+f.Services["minibasket"]+`">Minibasket</a>, Polisportiva Buccinasco APS · Palestra comunale, Buccinasco (MI) · 0,1 km`,
			"<time datetime=", "sabato ", `href="/servizi/`+f.Services["ludoteca"]+`"`, `href="/servizi?comune=Buccinasco&#43;%28MI%29"`)
		r.Lacks(t, "Scuola calcio", "Polisportiva Lodigiana") // far away
		// A comune not found: the message next to the field.
		guest.Get("/?comune=Atlantide").Status(t, 422).Contains(t, "Non troviamo questo comune", `aria-invalid="true"`, `value="Atlantide"`)

		// The territory's first comune is the default.
		if err := e.App.Territories.AddComuni(e.Ctx, f.TerritoryID, []string{"015036", "015011"}); err != nil {
			t.Fatal(err)
		}
		guest.Get("/").Status(t, 200).Contains(t, "vicino a Assago (MI)", `<option value="Buccinasco (MI)">`, "Ludoteca Arcobaleno")

		// Logged-in roles keep their cards.
		admin, _ := e.AsRole("admin")
		admin.Get("/").Status(t, 200).Contains(t, `href="/admin/utenti"`, "Esplora per categoria")

		req, _ := http.NewRequest("GET", e.URL+"/?comune=Buccinasco", nil)
		req.Header.Set("Accept-Language", "en")
		if body := guest.Do(req).Status(t, 200).Body; !strings.Contains(body, "What&#39;s on this week near Buccinasco (MI)") {
			t.Error("no English week heading")
		}
	})
}

// On the demo data the home page shows the categories with their counts.
func TestHomeOnDemo(t *testing.T) {
	e := apptest.SQLite(t, apptest.Demo())
	r := e.Anonymous().Get("/").Status(t, 200)
	r.Contains(t, `class="home-categories"`, `href="/servizi?category=EDU"`, "Cosa c&#39;è questa settimana vicino a",
		"e altre", "&amp;day=")
	// The counts are of every published service, not of a page of results.
	var edu int
	if err := e.App.DB.R.QueryRow(`SELECT COUNT(*) FROM search_docs WHERE ' ' || categories || ' ' LIKE '% EDU %'`).Scan(&edu); err != nil || edu < 20 {
		t.Fatalf("EDU has %d services (%v)", edu, err)
	}
	r.Contains(t, fmt.Sprintf(`<span>Educazione e tempo libero</span> <span class="home-count">%d servizi</span>`, edu))
	if strings.Count(r.Body, `home-week"`) < 5 {
		t.Error("nothing this week in the demo")
	}
}
