package e2e_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/e2e"
	"github.com/trama-welfare/trama/internal/porta/portatest"
)

// reduceMotion asks for no animations, as people who set it do: Bootstrap
// then scrolls instantly, and clicks land where the button is.
func reduceMotion(b *e2e.Browser) {
	b.T.Helper()
	b.Do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}}})
		return err
	}))
}

// write types into an empty textarea (Fill clears first, which fails on a
// textarea without text).
func write(b *e2e.Browser, sel, text string) {
	b.T.Helper()
	b.Do(chromedp.WaitVisible(chromedp.CSS(sel)), chromedp.SendKeys(chromedp.CSS(sel), text))
}

// signal is what a sentinel writes about an elderly person (category ANZ)
// who has not been asked yet.
type signal struct{ recognize, istat, description, urgency, knows string }

// sendSignal fills in the porta's signal form, open in b, and sends it.
func sendSignal(b *e2e.Browser, s signal) {
	b.T.Helper()
	b.Fill("#f-recognize", s.recognize)
	set(b, "#f-istat_code", s.istat)
	check(b, "f-categories-ANZ")
	write(b, "#f-description", s.description)
	check(b, "f-urgency-"+s.urgency)
	check(b, "f-person_knows-"+s.knows)
	check(b, "f-person_agrees-not_asked")
	b.Submit(`form[action="/segnalazioni/nuova"] button[type=submit]`)
}

// openFirst logs in and opens the first link of a list.
func openFirst(b *e2e.Browser, email, list, link string) {
	b.T.Helper()
	login(b, email)
	b.Visit(list)
	b.Click(link)
	b.Check()
}

// check ticks a checkbox or radio through its label (Bootstrap Italia
// draws the box on the label).
func check(b *e2e.Browser, id string) { b.T.Helper(); b.Click(`label[for="` + id + `"]`) }

// TestPortaJourney: a citizen asks for help (and corrects a mistake), the
// coordinator triages, looks at the suggestions and refers to two
// services, one organization accepts and the other declines, the case
// closes with an outcome; the citizen follows it with the receipt code.
func TestPortaJourney(t *testing.T) {
	env := apptest.SQLite(t)
	w := portatest.Setup(t, env)
	b := e2e.NewBrowser(t, env)
	reduceMotion(b)

	b.Visit("/")
	b.Follow(`a[href="/chiedi-aiuto"].nav-link, main a[href="/chiedi-aiuto"]`)
	b.See("Chiedi aiuto", "112")
	check(b, "f-categories-EDU")
	write(b, "#f-description", "Cerco un doposcuola per mia figlia di 9 anni, lavoro fino alle 18.")
	check(b, "f-urgency-2")
	set(b, "#f-istat_code", "015036")
	check(b, "f-involved-children")
	b.Fill("#f-children_ages", "9")
	b.Fill("#f-first_name", "Chiara")
	check(b, "f-contact_pref-email")
	b.Submit(`form[action="/chiedi-aiuto"] button[type=submit]`)
	b.See("Scrivi l'indirizzo e-mail a cui scriverti")
	if v := e2e.Eval[string](b, `document.querySelector("#f-description").value`); !strings.Contains(v, "Cerco un doposcuola") {
		t.Fatalf("the description typed was lost: %q", v)
	}
	b.Fill("#f-email", "chiara@posta.example")
	b.Submit(`form[action="/chiedi-aiuto"] button[type=submit]`)
	b.See("Chi vedrà i tuoi dati", "Per quanto tempo", "24 mesi", "Chiara")
	b.Submit(`form[action="/chiedi-aiuto/invia"] button[type=submit]:not([name])`)
	b.See("Per inviare la richiesta serve il tuo consenso")
	check(b, "f-consent")
	check(b, "f-consent_referrals")
	b.Submit(`form[action="/chiedi-aiuto/invia"] button[type=submit]:not([name])`)
	b.See("Richiesta ricevuta")
	code := strings.TrimSpace(b.Text("#receipt-code"))
	if len(code) != 14 {
		t.Fatalf("receipt code %q", code)
	}

	login(b, w.Coordinator.Email)
	b.Visit("/coordinamento/porta")
	b.See("1 richiesta in attesa", "Entro pochi giorni")
	b.Follow(`a[href^="/coordinamento/porta/richieste/"]`)
	b.See("Chiara", "lavoro fino alle 18", "Prendi in carico")
	b.Submit(`form[action$="/assegna"] button[type=submit]`)
	b.See("Richiesta presa in carico", "Servizi da proporre", "Doposcuola Il Melograno", "Adatto all'età (9 anni)")
	b.Fill("#q", "emporio")
	b.Submit(`form[role=search] button[type=submit]`)
	b.See("Risultati della ricerca", "Spesa all'emporio")
	check(b, "f-service-s-"+w.ServiceA)
	check(b, "f-service-r-"+w.ServiceB)
	write(b, "#f-message", "Mamma di una bambina di 9 anni: cerca il doposcuola e un aiuto per la spesa.")
	b.Submit(`form[action$="/invii"] button[type=submit]`)
	b.See("Invio fatto", "Doposcuola Il Melograno", "Spesa all'emporio", "inviato")
	logout(b)

	openFirst(b, w.OperatorA.Email, "/invii", `a[href^="/invii/"]`)
	b.See("Chiara", "chiara@posta.example", "cerca il doposcuola")
	b.Click(`label[for$="-accepted"]`)
	write(b, `textarea[name=note]`, "La aspettiamo lunedì.")
	b.Submit(`form[action$="/stato"] button[type=submit]`)
	b.See("Stato dell'invio aggiornato", "accettato", "La aspettiamo lunedì.")
	logout(b)

	openFirst(b, w.OperatorB.Email, "/invii", `a[href^="/invii/"]`)
	b.Click(`label[for$="-declined"]`)
	b.Submit(`form[action$="/stato"] button[type=submit]`)
	b.See("Scegli il motivo per cui non potete accogliere la persona")
	set(b, `select[name=reason]`, "out_of_area")
	b.Submit(`form[action$="/stato"] button[type=submit]`)
	b.See("rifiutato", "fuori zona")
	logout(b)

	openFirst(b, w.Coordinator.Email, "/coordinamento/porta/casi?miei=1", `a[href^="/coordinamento/porta/casi/"]`)
	b.See("accettato", "rifiutato", "La aspettiamo lunedì.")
	set(b, "#f-outcome", "helped")
	write(b, "#f-note", "Frequenta il doposcuola dal lunedì.")
	b.Submit(`form[action$="/chiudi"] button[type=submit]`)
	b.See("Caso chiuso", "aiutato")
	logout(b)

	b.Visit("/chiedi-aiuto/segui")
	b.Fill("#f-code", strings.ToLower(code))
	b.Submit(`form[action="/chiedi-aiuto/segui"] button[type=submit]`)
	b.See("Conclusa", "Doposcuola Il Melograno", "l'ente ti accoglie", "non può aiutarti")
}

// TestSentinelJourney: a coordinator grants the sentinel qualification
// (persone attive's page, linked from the porta), the sentinel sends a signal, it becomes a case, the sentinel sees only that.
func TestSentinelJourney(t *testing.T) {
	env := apptest.SQLite(t)
	w := portatest.Setup(t, env)
	vol := env.CreateUser("volontario", "nuova.sentinella@quartiere.example")
	b := e2e.NewBrowser(t, env)
	reduceMotion(b)

	login(b, vol.Email)
	b.Visit("/segnalazioni")
	b.See("serve la qualifica di sentinella")
	logout(b)

	login(b, w.Coordinator.Email)
	b.Visit("/coordinamento/porta")
	b.Follow(`a[href^="/coordinamento/qualifiche"]`)
	b.Fill("#f-email", vol.Email)
	set(b, "#f-code", "sentinella")
	b.Submit(`form[action="/coordinamento/qualifiche"] button[type=submit]`)
	b.See(vol.Email)
	logout(b)

	login(b, vol.Email)
	b.Visit("/segnalazioni/nuova")
	sendSignal(b, signal{recognize: "La signora anziana del terzo piano, via Verdi 3", istat: "015093",
		description: "Non la vedo uscire da giorni, prima andava ogni mattina al mercato.", urgency: "3", knows: "no"})
	b.See("Segnalazione inviata", "Corsico (MI)", "ricevuta")
	logout(b)

	login(b, w.Coordinator.Email)
	b.Visit("/coordinamento/porta")
	b.See("Segnalazione di una sentinella", "È urgente")
	b.Follow(`a[href^="/coordinamento/porta/richieste/"]`)
	b.See("via Verdi 3", "Non gliel'ho chiesto")
	b.Submit(`form[action$="/assegna"] button[type=submit]`)
	b.See("Richiesta presa in carico", "Non c'è ancora un consenso della persona")
	logout(b)

	login(b, vol.Email)
	b.Visit("/segnalazioni")
	b.See("presa in carico")
	if strings.Contains(b.Text("main"), "via Verdi") {
		t.Fatal("the sentinel sees the case")
	}
}
