package e2e_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/e2e"
	"github.com/trama-welfare/trama/internal/people/peopletest"
	"github.com/trama-welfare/trama/internal/people/qualification"
	"github.com/trama-welfare/trama/internal/people/volunteer"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/web"
)

// login logs in through the form (every test account has the same password).
func login(b *e2e.Browser, email string) {
	b.T.Helper()
	b.Visit("/accedi")
	b.Fill("#f-email", email)
	b.Fill("#f-password", "password-di-prova")
	b.Submit(`form[action="/accedi"] button[type=submit]`)
	b.See("Accesso effettuato")
}

func logout(b *e2e.Browser) {
	b.T.Helper()
	b.Submit(`form[action="/esci"] button`)
}

// set gives an input (dates, times, selects) its value.
func set(b *e2e.Browser, sel, value string) {
	b.T.Helper()
	b.Do(chromedp.SetValue(chromedp.CSS(sel), value))
}

// An organization posts a recurring opportunity → a citizen becomes a
// volunteer and signs up to a shift → the shift is full and the next one
// joins the waiting list → a cancellation promotes them → hours are logged
// and confirmed → the attestation prints.
func TestVolunteeringJourney(t *testing.T) {
	env := apptest.SQLite(t)
	now := time.Date(2030, 3, 4, 10, 0, 0, 0, web.Rome)
	env.App.People.SetClock(func() time.Time { return now })
	w := peopletest.New(t, env)
	org, _ := w.Org(t, "Emporio solidale Buccinasco", "operatrice@emporio.example")
	env.CreateUser(auth.Citizen, "anna@example.org")
	w.Volunteer(t, "bruno@example.org", volunteer.ProfileForm{Skills: []string{"logistica"}})
	b := e2e.NewBrowser(t, env)

	// The organization posts a weekly opportunity with one place per shift.
	login(b, "operatrice@emporio.example")
	b.Visit("/ente/" + org + "/volontariato")
	b.Follow(`a[href$="/volontariato/nuova"]`)
	b.Fill("#f-title", "Magazzino del sabato")
	set(b, "#f-description", "Sistemare gli scaffali e preparare i pacchi per le famiglie.")
	b.Click("#f-skills-logistica")
	set(b, "#f-istat_code", peopletest.Buccinasco)
	b.Fill("#f-place", "Via Roma 1")
	b.Click("#f-kind-weekly")
	set(b, "#f-start", "2030-03-09")
	b.Click("#f-days-SA")
	set(b, "#f-opens", "09:00")
	set(b, "#f-closes", "12:00")
	b.Fill("#f-places", "1")
	b.Click("#f-approval") // sign-ups are confirmed at once
	b.Submit(`main form button[type=submit]`)
	b.See("Opportunità salvata", "ogni sabato")
	b.Submit(`form[action$="/stato"] button`)
	b.See("Opportunità pubblicata")
	logout(b)

	// Anna finds it, becomes a volunteer and takes the only place.
	login(b, "anna@example.org")
	b.Visit("/volontariato?q=magazzino")
	b.See("Magazzino del sabato", "Emporio solidale Buccinasco")
	b.Click(`main a[href^="/volontariato/opportunita/"]`)
	b.Check()
	b.Submit(`form[action$="/iscriviti"] button`)
	b.See("Prima di iscriverti", "Diventa volontario")
	b.Click("#f-skills-logistica")
	b.Click("#f-av-SA-am")
	b.Click("#f-comuni-" + peopletest.Buccinasco)
	b.Click("#f-consent")
	b.Submit(`form[action="/volontariato/profilo"] button[type=submit]`)
	b.See("Profilo salvato", "Magazzino del sabato")
	b.Submit(`form[action$="/iscriviti"] button`)
	b.See("Iscrizione confermata", "confermata")
	logout(b)

	// Bruno finds the shift full and joins the waiting list.
	login(b, "bruno@example.org")
	b.Visit("/volontariato")
	b.Click(`main a[href^="/volontariato/opportunita/"]`)
	b.Check()
	b.See("Completo")
	b.Submit(`form[action$="/iscriviti"] button`)
	b.See("sei in lista d'attesa", "(posizione 1)")
	logout(b)

	// Anna cancels: Bruno moves up.
	login(b, "anna@example.org")
	b.Visit("/volontariato/impegni")
	b.Submit(`form[action$="/annulla"] button`)
	b.See("Iscrizione annullata")
	logout(b)
	login(b, "bruno@example.org")
	b.Visit("/volontariato/impegni")
	b.See("Magazzino del sabato", "confermata")
	if !strings.Contains(strings.Join(env.Outbox(), "\n"), "bruno@example.org | Si è liberato un posto: sei iscritto") {
		t.Fatal("Bruno was not told")
	}

	// After the shift Bruno logs his hours; the organization confirms them.
	now = time.Date(2030, 3, 9, 13, 0, 0, 0, web.Rome)
	b.Visit("/volontariato/ore")
	b.Click(`input[name="signup_id"]`)
	b.Fill("#f-hours", "3")
	set(b, "#f-description", "Scaffali e pacchi")
	b.Submit(`form[action="/volontariato/ore"] button[type=submit]`)
	b.See("Ore registrate", "In attesa di conferma: 3 h")
	logout(b)
	login(b, "operatrice@emporio.example")
	b.Visit("/ente/" + org + "/ore")
	b.See("bruno", "Scaffali e pacchi")
	b.Submit(`button[name="action"][value="confirm"]`)
	b.See("Ore aggiornate", "Ore confermate: 3 h")
	logout(b)

	// The attestation, reached from the account page, of a period chosen
	// with both ends, prints (the browser's own print to PDF).
	login(b, "bruno@example.org")
	b.Visit("/profilo")
	b.Follow(`main a[href="/volontariato/attestato"]`)
	b.See("Attestato delle ore di volontariato", "Emporio solidale Buccinasco", "marzo 2030", "3 h")
	set(b, "#dal", "2030-03-01")
	set(b, "#al", "2030-03-31")
	b.Submit(`form[action="/volontariato/attestato"] button[type=submit]`)
	b.See("Periodo: dal 01/03/2030 al 31/03/2030.", "marzo 2030", "3 h")
	if !e2e.Eval[bool](b, `!document.querySelector(".js-print").hidden`) {
		t.Fatal("the print button is not shown")
	}
	var pdf []byte
	b.Do(func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		var res page.PrintToPDFResult
		err := tg.Call(ctx, page.CommandPrintToPDF, page.PrintToPDFParams{}, &res)
		pdf = res.Data
		return chromedp.Void{}, err
	})
	if !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Fatalf("printing gave %d bytes", len(pdf))
	}
}

// TestSentinelCourseJourney: a coordinator publishes the sentinel course, a
// cittadino enrols, the trainer registers attendance and concludes; the
// citizen is now a sentinel (and a volontario) and sends a signal to the
// porta di comunità, which the coordinator receives. Every step waits for
// the page it expects (Follow, Submit, See), never for a time.
func TestSentinelCourseJourney(t *testing.T) {
	env := apptest.SQLite(t)
	var now atomic.Pointer[time.Time]
	setNow := func(t time.Time) { now.Store(&t) }
	setNow(time.Date(2030, 3, 4, 10, 0, 0, 0, web.Rome))
	env.App.People.SetClock(func() time.Time { return *now.Load() })
	w := peopletest.New(t, env)
	chiara := env.CreateUser(auth.Citizen, "chiara@example.org")
	b := e2e.NewBrowser(t, env)
	reduceMotion(b)

	login(b, w.Coordinator.Email)
	b.Visit("/formazione/gestione/nuovo")
	b.Fill("#f-title", "Sentinelle di comunità")
	set(b, "#f-description", "Accorgersi delle fragilità del vicinato e sapere a chi segnalarle.")
	b.Fill("#f-capacity", "20")
	set(b, "#f-qualification", qualification.Sentinel)
	b.Fill("#f-validity_months", "24")
	b.Submit(`form[action="/formazione/gestione/nuovo"] button[type=submit]`)
	b.See("Corso salvato")
	course := b.Path()
	for _, day := range []string{"2030-03-12", "2030-03-19"} {
		set(b, "#f-session_date", day)
		set(b, "#f-session_start", "18:00")
		set(b, "#f-session_end", "20:00")
		b.Fill("#f-session_place", "Sala consiliare, Buccinasco")
		b.Submit(`form[action$="/sessioni"] button[type=submit]`)
		b.See("Incontro aggiunto")
	}
	b.Submit(`form[action$="/apri"] button`)
	b.See("Iscrizioni aperte")
	logout(b)

	// A plain citizen cannot send signals yet.
	login(b, chiara.Email)
	b.Visit("/segnalazioni/nuova")
	b.See("Non hai il permesso")
	b.Visit("/formazione")
	b.See("Sentinelle di comunità", "Dà la qualifica: Sentinella di comunità")
	b.Follow(`main a[href^="/formazione/corsi/"]`)
	b.See("Sentinelle di comunità")
	b.Submit(`form[action$="/iscriviti"] button`)
	b.See("Sei iscritto al corso")
	logout(b)

	// The trainer records attendance after each session, then concludes.
	login(b, w.Coordinator.Email)
	for i, at := range []time.Time{time.Date(2030, 3, 12, 19, 0, 0, 0, web.Rome), time.Date(2030, 3, 19, 19, 0, 0, 0, web.Rome)} {
		setNow(at)
		b.Visit(course)
		b.See("Sentinelle di comunità")
		links := e2e.Eval[[]string](b, `Array.from(document.querySelectorAll('main a[href*="/sessioni/"]')).map(a => a.getAttribute("href"))`)
		if len(links) != i+1 { // the registers of the sessions begun
			t.Fatalf("course page %s links %d registers, want %d: %v", course, len(links), i+1, links)
		}
		b.Visit(links[i]) // the session that has just ended
		b.See("Registro presenze", "chiara")
		b.Submit(`main form button[type=submit]`)
		b.See("Registro salvato")
	}
	b.Submit(`form[action$="/concludi"] button`)
	b.See("Corso concluso", "qualifica data")
	logout(b)

	// Chiara is a sentinel now, and a volontario: her page leads to the
	// porta's form and the signal reaches the coordinator.
	login(b, chiara.Email)
	b.Visit("/volontariato/impegni")
	b.See("Sentinella di comunità", "valida fino al 2032-03-19", "Sei una sentinella di comunità")
	b.Follow(`main a[href="/segnalazioni/nuova"]`)
	sendSignal(b, signal{recognize: "Il signore solo del civico 12, via Manzoni", istat: peopletest.Buccinasco,
		description: "Da quando è rimasto vedovo non esce più e le persiane restano chiuse.", urgency: "2", knows: "yes"})
	b.See("Segnalazione inviata", "Buccinasco (MI)", "ricevuta")
	if u, err := env.App.Auth.Store.User(env.Ctx, chiara.ID); err != nil || u.Role != auth.Volunteer {
		t.Fatalf("chiara after the course: %v %v, want a volontario", u, err)
	}
	logout(b)

	login(b, w.Coordinator.Email)
	b.Visit("/coordinamento/porta")
	b.See("Segnalazione di una sentinella")
}
