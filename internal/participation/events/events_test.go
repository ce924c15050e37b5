package events_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trama-welfare/trama/internal/app"
	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/participation/events"
	"github.com/trama-welfare/trama/internal/participation/ptest"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/errs"
)

// eventForm is a conference like difFUSIONE's: one morning, two places, a
// consent to photos.
func eventForm(orgID string, capacity int) url.Values {
	day := time.Now().AddDate(0, 1, 0).Format(time.DateOnly)
	return url.Values{"organization_id": {orgID}, "category": {"conference"}, "title": {"Convegno difFUSIONE"},
		"description": {"Primo convegno del progetto: un modello partecipato di lavoro nel sociale."},
		"programme":   {"9:00 accoglienza\n9:30 interventi"}, "date": {day}, "opens": {"09:00"}, "closes": {"13:00"},
		"place_name": {"Sala consiliare"}, "address": {"Via Roma 1"}, "istat_code": {"015093"},
		"registration": {"required"}, "capacity": {fmt.Sprint(capacity)}, "publish": {"on"},
		"q_0_kind": {"consent"}, "q_0_label": {"Acconsento alle foto durante il convegno"}, "q_0_required": {"on"},
		"q_1_kind": {"choice"}, "q_1_label": {"Ruolo"}, "q_1_options": {"Genitore\nOperatore"}}
}

func createEvent(t *testing.T, e *apptest.Env, w *ptest.World, capacity int) (*apptest.Client, string, *events.Event) {
	t.Helper()
	op := e.As(w.Operators[0])
	r := op.PostForm("/eventi/nuovo", eventForm(w.Orgs[0], capacity)).RedirectsTo(t, "/eventi/")
	id := strings.TrimPrefix(r.Header.Get("Location"), "/eventi/")
	ev, err := e.App.Participation.Events.Store.Event(e.Ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return op, id, ev
}

func registration(name, email string) url.Values {
	return url.Values{"name": {name}, "email": {email}, "answer_consent": {"on"}}
}

// answers fills the answers of ev's questions.
func answers(ev *events.Event, v url.Values) url.Values {
	for _, q := range ev.Questions {
		if q.Kind == "consent" {
			v.Set("answer_"+q.ID, "on")
		}
	}
	return v
}

// TestRegistrationJourney: three people register for two places, the
// third waits; a cancellation promotes them; the organizer checks them in
// with the QR code; others never see the registrants; after the retention
// period the personal data is gone and the counts remain.
func TestRegistrationJourney(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		w := ptest.Setup(t, e)
		op := e.As(w.Operators[0])

		bad := eventForm(w.Orgs[0], 2)
		bad.Set("title", "")
		bad.Set("closes", "08:00")
		bad.Set("q_1_options", "Solo una")
		op.PostForm("/eventi/nuovo", bad).Status(t, 422).
			Contains(t, "Campo obbligatorio", "L&#39;ora di fine deve venire dopo", "almeno due opzioni", "Sala consiliare")
		if n := e.Count(`SELECT COUNT(*) FROM events`); n != 0 {
			t.Fatalf("a refused form wrote %d events", n)
		}
		other := eventForm(w.Orgs[1], 2)
		op.PostForm("/eventi/nuovo", other).Status(t, 422).Contains(t, "Scegli un ente per cui puoi pubblicare")

		_, id, ev := createEvent(t, e, w, 2)
		page := e.Anonymous().Get("/eventi/"+id).Status(t, 200)
		page.Contains(t, "Convegno difFUSIONE", "Restano 2 posti", `"@type":"Event"`, "Acconsento alle foto", "Iscrivimi")
		e.Anonymous().Get("/eventi").Status(t, 200).Contains(t, "Convegno difFUSIONE")
		ics := e.Anonymous().Get("/eventi.ics").Status(t, 200)
		ics.Contains(t, "BEGIN:VCALENDAR", "SUMMARY:Convegno difFUSIONE", "TZID=Europe/Rome")

		guest := e.Anonymous()
		noConsent := url.Values{"name": {"Anna Rossi"}, "email": {"anna@example.org"}}
		guest.PostForm("/eventi/"+id+"/iscrizione", noConsent).Status(t, 422).Contains(t, "serve questo consenso", `value="Anna Rossi"`)
		spam := answers(ev, url.Values{"name": {"Bot"}, "email": {"bot@example.org"}, "sito_web": {"http://spam.example"}})
		guest.PostForm("/eventi/"+id+"/iscrizione", spam).Status(t, 422).Contains(t, "sembra automatico")

		tokens := map[string]string{}
		for _, p := range [][2]string{{"Anna Rossi", "anna@example.org"}, {"Bruno Bianchi", "bruno@example.org"}, {"Carla Verdi", "carla@example.org"}} {
			r := e.Anonymous().PostForm("/eventi/"+id+"/iscrizione", answers(ev, url.Values{"name": {p[0]}, "email": {p[1]}}))
			r.RedirectsTo(t, "/iscrizioni/")
			tokens[p[0]] = strings.TrimPrefix(r.Header.Get("Location"), "/iscrizioni/")
		}
		e.Anonymous().PostForm("/eventi/"+id+"/iscrizione", answers(ev, url.Values{"name": {"Anna"}, "email": {"ANNA@example.org"}})).
			Status(t, 422).Contains(t, "già iscritto")
		e.Anonymous().Get("/iscrizioni/"+tokens["Carla Verdi"]).Status(t, 200).Contains(t, "lista d&#39;attesa", "posto 1")
		e.Anonymous().Get("/iscrizioni/"+tokens["Anna Rossi"]).Status(t, 200).Contains(t, "iscrizione confermata", "<svg", "qr-code")
		mails := strings.Join(e.Outbox(), "\n")
		for _, want := range []string{"anna@example.org | Iscrizione confermata: Convegno difFUSIONE", "carla@example.org | Sei in lista d'attesa",
			"/iscrizioni/" + tokens["Anna Rossi"]} {
			if !strings.Contains(mails, want) {
				t.Fatalf("mail %q missing:\n%s", want, mails)
			}
		}
		if n := e.Count(`SELECT COUNT(*) FROM jobs WHERE kind = 'mail.send' AND payload LIKE '%evento.ics%' AND payload LIKE '%ingresso-qr.png%'`); n != 2 {
			t.Fatalf("%d confirmations carry the .ics and the QR code, want 2", n)
		}

		// Personal data: only the organizer (not another organization, not the
		// territory's coordinator, who may still edit the event).
		e.As(w.Coord).Get("/eventi/"+id+"/modifica").Status(t, 200)
		for _, c := range []*apptest.Client{e.Anonymous(), e.As(w.Operators[1]), e.As(w.Coord)} {
			r := c.Get("/eventi/" + id + "/iscritti")
			if r.StatusCode != 404 && r.StatusCode != 303 {
				t.Fatalf("registrants shown to a stranger: %d", r.StatusCode)
			}
			if r := c.Get("/eventi/" + id + "/iscritti.csv"); r.StatusCode != 404 && r.StatusCode != 303 || strings.Contains(r.Body, "anna@") {
				t.Fatalf("CSV shown to a stranger: %d", r.StatusCode)
			}
		}
		if strings.Contains(e.Anonymous().Get("/eventi/"+id).Body, "Anna Rossi") {
			t.Fatal("the public page shows a registrant")
		}
		if n := e.Count(`SELECT COUNT(*) FROM event_registrations WHERE name LIKE '%Anna%' OR email LIKE '%anna%'`); n != 0 {
			t.Fatal("registrants' data stored in clear")
		}
		csv := op.Get("/eventi/"+id+"/iscritti.csv").Status(t, 200)
		csv.Contains(t, "Nome,E-mail,Stato", "Anna Rossi,anna@example.org,iscrizione confermata", "Acconsento alle foto", "Carla Verdi")
		op.Get("/eventi/"+id+"/iscritti").Status(t, 200).Contains(t, "Anna Rossi", "Bruno Bianchi", "Iscritti: 2 · in lista d&#39;attesa: 1")

		// Anna cancels: Carla moves up.
		e.Anonymous().PostForm("/iscrizioni/"+tokens["Anna Rossi"]+"/annulla", nil).RedirectsTo(t, "/iscrizioni/")
		e.Anonymous().Get("/iscrizioni/"+tokens["Carla Verdi"]).Status(t, 200).Contains(t, "iscrizione confermata")
		if !strings.Contains(strings.Join(e.Outbox(), "\n"), "carla@example.org | Si è liberato un posto") {
			t.Fatal("Carla not told she moved up")
		}
		e.Anonymous().PostForm("/iscrizioni/"+tokens["Anna Rossi"]+"/annulla", nil).Status(t, 409)

		// Check-in with the QR code's address.
		ev, _ = e.App.Participation.Events.Store.Event(e.Ctx, id)
		var carla string
		e.App.DB.R.QueryRow(`SELECT id FROM event_registrations WHERE event_id = $1 AND seq = (SELECT MAX(seq) FROM event_registrations WHERE event_id = $1)`, id).Scan(&carla)
		qr := "/eventi/" + id + "/ingresso/" + e.App.Participation.Events.CheckinCode(carla)
		e.As(w.Operators[1]).Get(qr).Status(t, 404)
		op.Get(qr).Status(t, 200).Contains(t, "Carla Verdi", "Segna l&#39;ingresso")
		op.PostForm(qr, nil).RedirectsTo(t, qr)
		op.Get(qr).Status(t, 200).Contains(t, "Ingresso già registrato")
		if n := e.Count(`SELECT COUNT(*) FROM audit_log WHERE action = 'read' AND entity = 'event_registrations' AND entity_id = $1`, id); n < 3 {
			t.Fatalf("reads of registrants not audited (%d)", n)
		}
		if n := e.Count(`SELECT COUNT(*) FROM event_registration_history h JOIN event_registrations r ON r.id = h.registration_id WHERE r.event_id = $1`, id); n != 6 {
			t.Fatalf("registration history has %d rows, want 6 (3 created, 1 cancelled, 1 promoted, 1 check-in)", n)
		}

		// Purge after the retention period: counts stay, names go.
		n, err := e.App.Participation.Events.Purge(e.Ctx, ev.EndsAt.Add(e.App.Participation.Deps.Config.RegistrantRetention+time.Hour))
		if err != nil || n != 3 {
			t.Fatalf("purged %d, %v", n, err)
		}
		ev, _ = e.App.Participation.Events.Store.Event(e.Ctx, id)
		if ev.Counts != (events.Counts{Confirmed: 2, Waiting: 0, Cancelled: 1, Attended: 1}) {
			t.Fatalf("counts after the purge: %+v", ev.Counts)
		}
		r := op.Get("/eventi/"+id+"/iscritti").Status(t, 200).Lacks(t, "Carla", "Bruno", "example.org")
		r.Contains(t, "dati cancellati")
		e.Anonymous().Get("/iscrizioni/"+tokens["Carla Verdi"]).Status(t, 404)
	})
}

// TestRegistrationConcurrency: many people register at once for five
// places, and one person several times at once: nobody is over-booked and
// an address registers once.
func TestRegistrationConcurrency(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		w := ptest.Setup(t, e)
		_, id, ev := createEvent(t, e, w, 5)
		var wg sync.WaitGroup
		for i := range 24 {
			email := fmt.Sprintf("persona%d@example.org", i)
			if i >= 18 {
				email = "stessa@example.org" // six tries of the same person
			}
			wg.Go(func() {
				e.Anonymous().PostForm("/eventi/"+id+"/iscrizione", answers(ev, url.Values{"name": {"Persona"}, "email": {email}}))
			})
		}
		wg.Wait()
		confirmed := e.Count(`SELECT COUNT(*) FROM event_registrations WHERE event_id = $1 AND status = 'confirmed'`, id)
		waiting := e.Count(`SELECT COUNT(*) FROM event_registrations WHERE event_id = $1 AND status = 'waiting'`, id)
		if confirmed != 5 || waiting != 14 {
			t.Fatalf("confirmed %d, waiting %d: want 5 and 14 (19 people)", confirmed, waiting)
		}
		if n := e.Count(`SELECT COUNT(DISTINCT seq) FROM event_registrations WHERE event_id = $1`, id); n != 19 {
			t.Fatalf("%d distinct places in line, want 19", n)
		}
	}, apptest.Option(func(c *app.Config) { c.Participation.FormLimit = 100 }))
}

// TestRateLimit: an address sending too many registrations is told to wait.
func TestRateLimit(t *testing.T) {
	e := apptest.SQLite(t, func(c *app.Config) { c.Participation.FormLimit = 3 })
	w := ptest.Setup(t, e)
	_, id, ev := createEvent(t, e, w, 50)
	for i := range 3 {
		e.Anonymous().PostForm("/eventi/"+id+"/iscrizione", answers(ev, url.Values{"name": {"P"}, "email": {fmt.Sprintf("p%d@example.org", i)}})).
			RedirectsTo(t, "/iscrizioni/")
	}
	e.Anonymous().PostForm("/eventi/"+id+"/iscrizione", answers(ev, url.Values{"name": {"P"}, "email": {"p9@example.org"}})).
		Status(t, 429).Contains(t, "troppi moduli")
}

// TestRemindersAndFilters: the day before, confirmed registrants (not the
// waiting list) get one reminder; the calendar's filters narrow the list.
func TestRemindersAndFilters(t *testing.T) {
	e := apptest.SQLite(t)
	w := ptest.Setup(t, e)
	form := eventForm(w.Orgs[0], 1)
	form.Set("date", time.Now().In(time.UTC).Add(30*time.Hour).In(mustRome()).Format(time.DateOnly))
	form.Set("opens", time.Now().Add(30*time.Hour).In(mustRome()).Format("15:04"))
	form.Del("closes")
	r := e.As(w.Operators[0]).PostForm("/eventi/nuovo", form).RedirectsTo(t, "/eventi/")
	id := strings.TrimPrefix(r.Header.Get("Location"), "/eventi/")
	ev, _ := e.App.Participation.Events.Store.Event(e.Ctx, id)
	for _, p := range []string{"primo@example.org", "secondo@example.org"} {
		e.Anonymous().PostForm("/eventi/"+id+"/iscrizione", answers(ev, url.Values{"name": {"P"}, "email": {p}})).RedirectsTo(t, "/iscrizioni/")
	}
	e.Outbox()
	for i, want := range []int{1, 0} {
		n, err := e.App.Participation.Events.Remind(e.Ctx, time.Now())
		if err != nil || n != want {
			t.Fatalf("reminder run %d sent %d (%v), want %d", i, n, err, want)
		}
	}
	mails := strings.Join(e.Outbox(), "\n")
	if !strings.Contains(mails, "primo@example.org | Promemoria: Convegno difFUSIONE") || strings.Contains(mails, "secondo@example.org | Promemoria") {
		t.Fatalf("reminders:\n%s", mails)
	}
	guest := e.Anonymous()
	guest.Get("/eventi?categoria=conference&comune=015093&ente="+w.Orgs[0]).Status(t, 200).Contains(t, "Convegno difFUSIONE")
	guest.Get("/eventi?categoria=meeting").Status(t, 200).Lacks(t, "Convegno difFUSIONE")
	guest.Get("/eventi?comune=015036").Status(t, 200).Lacks(t, "Convegno difFUSIONE")
	guest.Get("/eventi?ente="+w.Orgs[1]).Status(t, 200).Lacks(t, "Convegno difFUSIONE")
	far := time.Now().AddDate(0, 3, 0).Format(time.DateOnly)
	guest.Get("/eventi?dal="+far).Status(t, 200).Lacks(t, "Convegno difFUSIONE")
	guest.Get("/eventi.ics?categoria=meeting").Status(t, 200).Lacks(t, "Convegno difFUSIONE")
}

func mustRome() *time.Location {
	l, err := time.LoadLocation("Europe/Rome")
	if err != nil {
		panic(err)
	}
	return l
}

// TestCapacityAndCancellation: more places move the waiting list up, fewer
// than those taken are refused; calling the event off tells everyone.
func TestCapacityAndCancellation(t *testing.T) {
	e := apptest.SQLite(t)
	w := ptest.Setup(t, e)
	op, id, ev := createEvent(t, e, w, 1)
	for _, p := range []string{"uno@example.org", "due@example.org"} {
		e.Anonymous().PostForm("/eventi/"+id+"/iscrizione", answers(ev, url.Values{"name": {"P"}, "email": {p}})).RedirectsTo(t, "/iscrizioni/")
	}
	e.Outbox()
	form := events.FormValues(ev)
	form.Set("capacity", "2")
	op.PostForm("/eventi/"+id+"/modifica", form).RedirectsTo(t, "/eventi/"+id)
	if !strings.Contains(strings.Join(e.Outbox(), "\n"), "due@example.org | Si è liberato un posto") {
		t.Fatal("a new place did not promote the waiting list")
	}
	form.Set("capacity", "1")
	op.PostForm("/eventi/"+id+"/modifica", form).Status(t, 422).Contains(t, "Ci sono già 2 iscritti")
	op.PostForm("/eventi/"+id+"/annulla", url.Values{"reason": {"Maltempo: allerta meteo rossa."}}).RedirectsTo(t, "/eventi/"+id)
	mails := strings.Join(e.Outbox(), "\n")
	for _, p := range []string{"uno@example.org", "due@example.org"} {
		if !strings.Contains(mails, p+" | Evento annullato: Convegno difFUSIONE") || !strings.Contains(mails, "allerta meteo rossa") {
			t.Fatalf("%s not told of the cancellation:\n%s", p, mails)
		}
	}
	e.Anonymous().Get("/eventi/"+id).Status(t, 200).Contains(t, "è stato annullato").Lacks(t, "Iscrivimi")
	e.Anonymous().PostForm("/eventi/"+id+"/iscrizione", answers(ev, url.Values{"name": {"P"}, "email": {"tre@example.org"}})).Status(t, 404)
	e.Anonymous().Get("/eventi/"+id+"/evento.ics").Status(t, 200).Contains(t, "STATUS:CANCELLED")
}

// TestConcurrentRegistrationsCancellationsAndPlaces: people with and
// without an account register at once for ten places, then some cancel
// while others register, then the organizer changes the places while more
// people come: every request is answered with a place or a place in line
// (never an error), nobody is lost or counted twice, the event is never
// over-booked and a freed place always goes to the first in line. On both
// engines.
func TestConcurrentRegistrationsCancellationsAndPlaces(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		w := ptest.Setup(t, e)
		_, id, ev := createEvent(t, e, w, 10)
		svc := e.App.Participation.Events
		count := func(status string) int {
			return e.Count(`SELECT COUNT(*) FROM event_registrations WHERE event_id = $1 AND status = $2`, id, status)
		}
		// invariant: never more confirmed than places, never a free place
		// while someone waits.
		invariant := func(stage string) {
			t.Helper()
			now, err := svc.Store.Event(e.Ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			confirmed, waiting := count("confirmed"), count("waiting")
			if confirmed > *now.Capacity || waiting > 0 && confirmed < *now.Capacity {
				t.Fatalf("%s: %d confirmed, %d waiting for %d places", stage, confirmed, waiting, *now.Capacity)
			}
		}
		people := 0
		register := func(wg *sync.WaitGroup, n int) {
			for range n {
				i := people
				people++
				c := e.Anonymous()
				if i%3 == 0 {
					c = e.As(e.CreateUser(auth.Citizen, fmt.Sprintf("socio%d@example.org", i)))
				}
				wg.Go(func() {
					r := c.PostForm("/eventi/"+id+"/iscrizione", answers(ev, url.Values{"name": {"Persona"},
						"email": {fmt.Sprintf("persona%d@example.org", i)}}))
					if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/iscrizioni/") {
						t.Errorf("registration %d answered %d", i, r.StatusCode)
					}
				})
			}
		}

		// 30 people at once for 10 places.
		var wg sync.WaitGroup
		register(&wg, 30)
		wg.Wait()
		if c, q := count("confirmed"), count("waiting"); c != 10 || q != 20 {
			t.Fatalf("%d confirmed, %d waiting: want 10 and 20", c, q)
		}
		invariant("registrations")
		mails := e.Outbox()
		sent := map[string]int{}
		for _, m := range mails {
			for _, subject := range []string{"| Iscrizione confermata:", "| Sei in lista d'attesa:"} {
				if strings.Contains(m, subject) {
					sent[subject]++
				}
			}
		}
		if sent["| Iscrizione confermata:"] != 10 || sent["| Sei in lista d'attesa:"] != 20 {
			t.Fatalf("e-mails: %v, want 10 confirmations and 20 places in line", sent)
		}

		// Six cancel by their link while ten more register: the first six
		// in line take the places, the newcomers wait.
		ids := func(status string, limit int) []string {
			return e.Strings(`SELECT id FROM event_registrations WHERE event_id = $1 AND status = $2 ORDER BY seq LIMIT $3`,
				id, status, limit)
		}
		leaving, next := ids("confirmed", 6), ids("waiting", 6)
		for _, rid := range leaving {
			wg.Go(func() {
				if _, _, err := svc.CancelByToken(e.Ctx, svc.Token(rid)); err != nil {
					t.Errorf("cancel %s: %v", rid, err)
				}
			})
		}
		register(&wg, 10)
		wg.Wait()
		if c, q, x := count("confirmed"), count("waiting"), count("cancelled"); c != 10 || q != 24 || x != 6 {
			t.Fatalf("%d confirmed, %d waiting, %d cancelled: want 10, 24, 6", c, q, x)
		}
		for _, rid := range next {
			if n := e.Count(`SELECT COUNT(*) FROM event_registrations WHERE id = $1 AND status = 'confirmed'`, rid); n != 1 {
				t.Errorf("%s, among the first in line, was not promoted", rid)
			}
		}
		invariant("cancellations")

		// The organizer changes the places (more, then fewer than taken, then
		// fewer than before) while ten more register.
		for _, places := range []int{14, 9, 12} {
			wg.Go(func() {
				now, err := svc.Store.Event(e.Ctx, id)
				if err != nil {
					t.Error(err)
					return
				}
				now.Capacity = &places
				if err := svc.Update(e.Ctx, w.Operators[0], id, now); err != nil && !errs.Is(err, errs.Invalid) { // fewer than taken
					t.Errorf("capacity %d: %v", places, err)
				}
			})
		}
		register(&wg, 10)
		wg.Wait()
		invariant("changes of places")
		if n := e.Count(`SELECT COUNT(DISTINCT email_hash) FROM event_registrations WHERE event_id = $1`, id); n != people {
			t.Fatalf("%d people registered, %d wanted to", n, people)
		}
		if n := e.Count(`SELECT COUNT(DISTINCT seq) FROM event_registrations WHERE event_id = $1`, id); n != people {
			t.Fatalf("%d places in line for %d people", n, people)
		}
	}, apptest.Option(func(c *app.Config) { c.Participation.FormLimit = 1000 }))
}

// TestRegistrantsCSVNeutralisesFormulas: what people type when they
// register (name, free answers) reaches the organizer's spreadsheet as
// text, never as a formula.
func TestRegistrantsCSVNeutralisesFormulas(t *testing.T) {
	e := apptest.SQLite(t)
	w := ptest.Setup(t, e)
	op, id, ev := createEvent(t, e, w, 5)
	e.Anonymous().PostForm("/eventi/"+id+"/iscrizione", answers(ev, url.Values{"name": {`=HYPERLINK("http://evil.example","premi")`},
		"email": {"mallory@example.org"}, "answer_" + ev.Questions[1].ID: {"Genitore"}})).RedirectsTo(t, "/iscrizioni/")
	e.Anonymous().PostForm("/eventi/"+id+"/iscrizione", answers(ev, url.Values{"name": {"@SUM(1+1)"},
		"email": {"eve@example.org"}})).RedirectsTo(t, "/iscrizioni/")
	csv := op.Get("/eventi/"+id+"/iscritti.csv").Status(t, 200)
	csv.Contains(t, `"'=HYPERLINK(""http://evil.example"",""premi"")",mallory@example.org`, "'@SUM(1+1),eve@example.org")
	csv.Lacks(t, `"=HYPERLINK`, "\n@SUM")
}
