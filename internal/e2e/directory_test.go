package e2e_test

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/e2e"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/territory"
)

// An association asks to join the network, confirms from the e-mailed
// link, describes a place and an activity with
// its times, sends it for validation; the coordinator reviews the diff and
// publishes it. axe-core checks every page on the way.
func TestJoinSubmitApproveJourney(t *testing.T) {
	// The place form shows a map: its tiles come from here, not the internet.
	env := apptest.SQLite(t, localTiles(t))
	tr := &territory.Territory{Name: "Ambito di Corsico"}
	if err := env.App.Territories.Create(env.Ctx, tr); err != nil {
		t.Fatal(err)
	}
	env.App.Territories.AddComuni(env.Ctx, tr.ID, []string{"015036", "015093"})
	coord := env.CreateUser(auth.Coordinator, "assistente@comune.example")
	coord.TerritoryID = tr.ID
	env.App.Auth.AdminUpdate(env.Ctx, coord)

	b := e2e.NewBrowser(t, env)
	b.Visit("/aderisci")
	b.Fill("#f-name", "Teatro dei Ragazzi APS")
	b.Do(e2e.Select("#f-kind", "aps"))
	b.Fill("#f-description", "Laboratori di teatro per bambini e ragazzi.")
	b.Fill("#f-person_name", "Marta Galli")
	b.Fill("#f-person_email", "marta@teatro.example")
	b.Fill("#f-person_password", "una password sicura")
	b.Click("#f-privacy")
	b.Submit(`form[action="/aderisci"] button[type=submit]`)
	b.See("apri il link nell'e-mail")
	b.Check()

	// The e-mail's link opens the data as typed, to confirm.
	link, err := url.Parse(apptest.LinkIn(t, strings.Join(env.Outbox(), "\n"), "/aderisci/conferma"))
	if err != nil {
		t.Fatal(err)
	}
	b.Visit(link.RequestURI())
	b.Check()
	b.See("Conferma l'adesione")
	if v := e2e.Eval[string](b, `document.querySelector("#f-description").value`); v != "Laboratori di teatro per bambini e ragazzi." {
		t.Fatalf("the confirmation page lost what was typed: %q", v)
	}
	b.Submit(`form[action="/aderisci/conferma"] button[type=submit]`)
	b.See("Benvenuti nella rete", "Teatro dei Ragazzi APS", "bozza")

	// The legal status and a logo, uploaded with the organization's data.
	logo := filepath.Join(t.TempDir(), "logo.png")
	if err := os.WriteFile(logo, tilePNG, 0o600); err != nil {
		t.Fatal(err)
	}
	b.Follow(`a[href$="/dati"]`)
	b.Fill("#f-legal_status", "Associazione riconosciuta")
	b.Do(chromedp.SetUploadFiles("#f-logo", []string{logo}))
	b.Submit(`form[action$="/dati"] button[type=submit]`)
	b.See("Modifica salvata", "Associazione riconosciuta")
	org := strings.TrimPrefix(b.Path(), "/ente/")

	b.Follow(`a[href$="/sedi/nuova"]`)
	b.Fill("#f-name", "Sala della Cultura")
	b.Fill("#f-address_1", "Via Roma 12")
	b.Fill("#f-postal_code", "20090")
	b.Do(e2e.Select("#f-istat_code", "015036"))
	b.Submit(`form[action*="/sedi/"] button[type=submit]`)
	b.See("Modifica salvata", "Sala della Cultura")

	b.Follow(`a[href$="/servizi/nuovo"]`)
	b.Screenshot("service_form")
	b.Fill("#f-name", "Laboratorio teatrale")
	b.Fill("#f-description", "Giochi di teatro il sabato pomeriggio.")
	b.Click("summary")
	b.Click(`input[value="EDU-ARTE"]`)
	b.Fill("#f-minimum_age", "7")
	b.Fill("#f-maximum_age", "12")
	b.Do(e2e.Select("#sched_0_kind", "weekly"))
	b.Click(`#sched_0_days-SA`)
	b.SetValue("#sched_0_opens", "15:00")
	b.SetValue("#sched_0_closes", "17:00")
	b.Submit(`form[action*="/servizi/"] button[type=submit]`)
	b.See("Modifica salvata", "Laboratorio teatrale")
	b.Screenshot("dashboard")
	b.Submit(`form[action$="/invia"] button`)
	b.See("inviata ai coordinatori")
	b.Submit(`form[action="/esci"] button`)

	b.Visit("/accedi")
	b.Fill("#f-email", "assistente@comune.example")
	b.Fill("#f-password", "password-di-prova")
	b.Submit(`form[action="/accedi"] button[type=submit]`)
	b.Visit("/coordinamento/validazioni")
	b.Click(`main a[href^="/coordinamento/validazioni/"]`)
	b.Check()
	b.See("Teatro dei Ragazzi APS", "Laboratorio teatrale", "ogni sabato", "15:00", "Sala della Cultura")
	b.Screenshot("review")
	b.Submit(`form[action$="/approva"] button`)
	b.See("Versione pubblicata")

	// The public page shows the logo, from this site (the CSP allows no other).
	b.Visit("/enti/" + org)
	b.See("Forma giuridica", "Associazione riconosciuta")
	waitCount(b, "img.org-logo", 1)
	for i := 0; e2e.Eval[int](b, `(i => i.complete ? i.naturalWidth : 0)(document.querySelector("img.org-logo"))`) != 1; i++ {
		if i == 200 { // 5 s
			t.Fatal("the logo did not load")
		}
		time.Sleep(25 * time.Millisecond)
	}

	// The back office's organizations, filtered by a category of their
	// services and the comune of their places, without JavaScript; a sort
	// link keeps the filters; a category that does not exist says so.
	b.WithoutJavaScript()
	b.Visit("/coordinamento/enti")
	b.Do(e2e.Select("#category", "EDU"), e2e.Select("#comune", "015036"))
	b.Submit(`form[action="/coordinamento/enti"] button[type=submit]`)
	b.See("1 ente", "Teatro dei Ragazzi APS")
	b.Check()
	b.Follow(`th a[href*="sort=services"]`)
	if u := b.URL(); !strings.Contains(u, "category=EDU") || !strings.Contains(u, "comune=015036") {
		t.Fatalf("the sort link lost the filters: %s", u)
	}
	b.See("1 ente", "Teatro dei Ragazzi APS")
	b.Do(e2e.Select("#comune", "015093"))
	b.Submit(`form[action="/coordinamento/enti"] button[type=submit]`)
	b.See("0 enti")
	b.Visit("/coordinamento/enti?category=NESSUNA")
	b.See("La categoria «NESSUNA» non esiste", "Teatro dei Ragazzi APS")
	b.Check()
	b.Screenshot("office_filters")
}
