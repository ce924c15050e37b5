package volunteer_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/people/peopletest"
	"github.com/trama-welfare/trama/internal/people/volunteer"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/web"
)

// now is the tests' clock: Monday 4 March 2030, 10:00 in Rome.
var now = time.Date(2030, 3, 4, 10, 0, 0, 0, web.Rome)

func setup(t *testing.T, e *apptest.Env) *peopletest.World {
	e.App.People.SetClock(func() time.Time { return now })
	return peopletest.New(t, e)
}

// An organization posts a recurring opportunity; citizens find it with an
// Italian search, become volunteers, sign up; the single place of the first
// shift goes to the first, the second waits and is promoted when the first
// cancels; the organization answers; every step sends its e-mail.
func TestOpportunitySignUpWaitingListAndPromotion(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		w := setup(t, e)
		org, op := w.Org(t, "Emporio solidale Buccinasco", "operatrice@emporio.example")
		opc := e.As(op)

		// Bad input: 422 with the messages, nothing written, input kept.
		bad := peopletest.Weekly("", "0", "2030-03-09")
		bad.Set("closes", "08:00")
		opc.PostForm("/ente/"+org+"/volontariato/nuova", bad).Status(t, 422).
			Contains(t, "Campo obbligatorio", "Scrivi un numero da 1 a 500", "dopo quello di inizio", `value="Via Roma 1"`)
		if n := e.Count(`SELECT COUNT(*) FROM volunteer_opportunities`); n != 0 {
			t.Fatalf("a rejected form wrote %d opportunities", n)
		}
		r := opc.PostForm("/ente/"+org+"/volontariato/nuova", peopletest.Weekly("Magazzino del sabato", "1", "2030-03-09")).
			RedirectsTo(t, "/ente/"+org+"/volontariato/")
		manage := r.Header.Get("Location")
		oid := strings.TrimPrefix(manage, "/ente/"+org+"/volontariato/")
		e.Anonymous().Get("/volontariato/opportunita/"+oid).Status(t, 404) // a draft is not public
		opc.PostForm(manage+"/stato", url.Values{"status": {"published"}}).RedirectsTo(t, manage)

		// The public listing: Italian search (stems, accents), filters.
		guest := e.Anonymous()
		guest.Get("/volontariato").Status(t, 200).Contains(t, "Magazzino del sabato", "Emporio solidale Buccinasco")
		guest.Get("/volontariato?q=magazzini").Contains(t, "Magazzino del sabato")
		guest.Get("/volontariato?q=pacco+famiglia").Contains(t, "Magazzino del sabato")
		guest.Get("/volontariato?q=chitarra").Lacks(t, "Magazzino del sabato")
		guest.Get("/volontariato?giorno=SA&tipo=recurring&comune="+peopletest.Buccinasco).Contains(t, "Magazzino del sabato")
		guest.Get("/volontariato?giorno=MO").Lacks(t, "Magazzino del sabato")
		guest.Get("/volontariato?tipo=once").Lacks(t, "Magazzino del sabato")
		guest.Get("/volontariato?comune="+peopletest.Corsico).Lacks(t, "Magazzino del sabato")
		guest.Get("/volontariato?competenza=cucina").Lacks(t, "Magazzino del sabato")
		guest.Get("/volontariato/opportunita/"+oid).Status(t, 200).Contains(t, "ogni sabato", "9 marzo 2030", "Accedi")

		// A citizen is asked for a volunteer profile first.
		anna := e.CreateUser(auth.Citizen, "anna@example.org")
		ac := e.As(anna)
		page := ac.Get("/volontariato/opportunita/"+oid).Status(t, 200)
		first := peopletest.Between(page.Body, `name="start" value="`, `"`)
		if first != fmt.Sprint(time.Date(2030, 3, 9, 9, 0, 0, 0, web.Rome).Unix()) {
			t.Fatalf("first shift %q", first)
		}
		ac.PostForm("/volontariato/opportunita/"+oid+"/iscriviti", url.Values{"start": {first}}).
			RedirectsTo(t, "/volontariato/profilo?next=")
		ac.PostForm("/volontariato/profilo", url.Values{"skills": {"logistica"}, "comuni": {peopletest.Buccinasco}}).
			Status(t, 422).Contains(t, "serve il tuo consenso")
		ac.PostForm("/volontariato/profilo", url.Values{"skills": {"logistica"}, "comuni": {peopletest.Buccinasco}, "consent": {"on"},
			"next": {"/volontariato/opportunita/" + oid}}).RedirectsTo(t, "/volontariato/opportunita/"+oid)
		if fresh, _ := e.App.Auth.Store.User(e.Ctx, anna.ID); fresh.Role != auth.Volunteer || fresh.TerritoryID != w.TerritoryID {
			t.Fatalf("after becoming a volunteer: role %s, territory %q", fresh.Role, fresh.TerritoryID)
		}
		ac.PostForm("/volontariato/opportunita/"+oid+"/iscriviti", url.Values{"start": {first}}).
			RedirectsTo(t, "/volontariato/opportunita/"+oid)
		ac.Get("/volontariato/opportunita/"+oid).Contains(t, "in attesa di conferma")
		ac.PostForm("/volontariato/opportunita/"+oid+"/iscriviti", url.Values{"start": {first}}).Status(t, 422).Contains(t, "Sei già iscritto")
		ac.PostForm("/volontariato/opportunita/"+oid+"/iscriviti", url.Values{"start": {fmt.Sprint(time.Date(2030, 3, 11, 9, 0, 0, 0, web.Rome).Unix())}}).Status(t, 404)

		// The shift is full: the next one joins the waiting list.
		bruno := w.Volunteer(t, "bruno@example.org", volunteer.ProfileForm{})
		bc := e.As(bruno)
		bc.Get("/volontariato/opportunita/"+oid).Contains(t, "Completo", "Mettiti in lista d")
		bc.PostForm("/volontariato/opportunita/"+oid+"/iscriviti", url.Values{"start": {first}}).RedirectsTo(t, "/volontariato/opportunita/"+oid)
		bc.Get("/volontariato/impegni").Status(t, 200).Contains(t, "in lista d&#39;attesa", "(posizione 1)")

		// The organization accepts Anna; Anna cancels; Bruno moves up.
		orgPage := opc.Get("/ente/"+org+"/volontariato").Status(t, 200).Contains(t, "Iscrizioni da confermare", "anna")
		annaSignup := peopletest.Between(orgPage.Body, `action="/ente/`+org+`/iscrizioni/`, `/accetta"`)
		opc.PostForm("/ente/"+org+"/iscrizioni/"+annaSignup+"/accetta", nil).RedirectsTo(t, manage)
		ac.Get("/volontariato/impegni").Contains(t, "confermata")
		mine := ac.Get("/volontariato/impegni").Body
		ac.PostForm("/volontariato/iscrizioni/"+peopletest.Between(mine, `action="/volontariato/iscrizioni/`, `/annulla"`)+"/annulla", nil).
			RedirectsTo(t, "/volontariato/impegni")
		bc.Get("/volontariato/impegni").Contains(t, "in attesa di conferma").Lacks(t, "lista d&#39;attesa")
		if n := e.Count(`SELECT taken FROM volunteer_shifts`); n != 1 {
			t.Fatalf("places taken after the promotion: %d, want 1", n)
		}

		mails := strings.Join(e.Outbox(), "\n")
		for _, want := range []string{"operatrice@emporio.example | Nuova iscrizione da confermare",
			"anna@example.org | Iscrizione confermata", "bruno@example.org | Si è liberato un posto"} {
			if !strings.Contains(mails, want) {
				t.Errorf("no e-mail %q in:\n%s", want, mails)
			}
		}
		if n := e.Count(`SELECT COUNT(*) FROM volunteer_signup_history`); n < 5 {
			t.Errorf("%d history rows, want every change", n)
		}

		// Another organization's operator sees none of this.
		_, other := w.Org(t, "Altra associazione", "altro@altra.example")
		oc := e.As(other)
		oc.Get(manage).Status(t, 404)
		oc.PostForm("/ente/"+org+"/iscrizioni/"+annaSignup+"/rifiuta", nil).Status(t, 404)
		oc.Get("/ente/"+org+"/volontari.csv").Status(t, 404)
	})
}
