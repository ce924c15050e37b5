package volunteer_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/people/peopletest"
	"github.com/trama-welfare/trama/internal/people/volunteer"
	"github.com/trama-welfare/trama/internal/platform/web"
)

// Hidden profile fields never leak: suggestions show only what each
// volunteer opted to show (and use nothing else to match), the roster and
// the CSV export likewise; people who did not opt in are not suggested.
func TestSuggestionsRosterAndExportRespectVisibility(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		w := setup(t, e)
		org, op := w.Org(t, "Emporio solidale", "op@emporio.example")
		opc := e.As(op)
		r := opc.PostForm("/ente/"+org+"/volontariato/nuova", peopletest.Weekly("Magazzino", "3", "2030-03-09"))
		manage := r.Header.Get("Location")
		opc.PostForm(manage+"/stato", url.Values{"status": {"published"}}).RedirectsTo(t, manage)

		// Carla shows her skills and availability, hides her languages, her
		// comuni and what she wrote about herself.
		carla := w.Volunteer(t, "carla@example.org", volunteer.ProfileForm{Skills: []string{"logistica", "cucina"},
			Languages: []string{"wo"}, Availability: []string{"SA-am"}, About: "Segreto di Carla", Comuni: []string{peopletest.Corsico},
			Visible: []string{"skills", "availability"}, Discoverable: true})
		// Dario would fit, but did not opt in to suggestions.
		w.Volunteer(t, "dario@example.org", volunteer.ProfileForm{Skills: []string{"logistica"}, Visible: []string{"skills"}})
		// Elena shows only her languages: nothing that fits.
		w.Volunteer(t, "elena@example.org", volunteer.ProfileForm{Skills: []string{"logistica"}, Languages: []string{"ar"},
			Visible: []string{"languages"}, Discoverable: true})

		page := opc.Get(manage+"/suggerimenti").Status(t, 200).
			Contains(t, "carla", "Magazzino e distribuzione", "sabato mattina").
			Lacks(t, "dario", "elena", "Segreto di Carla", "wolof", "Corsico (MI)")
		uid := peopletest.Between(page.Body, `suggerimenti/`, `"`)
		if uid != carla.ID {
			t.Fatalf("invite form for %q, want Carla", uid)
		}
		opc.PostForm(manage+"/suggerimenti/"+carla.ID, nil).RedirectsTo(t, manage+"/suggerimenti")
		opc.PostForm(manage+"/suggerimenti/"+carla.ID, nil).Status(t, 409)
		if mails := strings.Join(e.Outbox(), "\n"); !strings.Contains(mails, "carla@example.org | Un'attività di volontariato adatta a te") {
			t.Fatalf("no invitation: %s", mails)
		}

		// Carla signs up: the roster and the export show her name and e-mail
		// (she consented) and only her visible fields.
		start := time.Date(2030, 3, 9, 9, 0, 0, 0, web.Rome).Unix()
		if _, err := e.App.People.Volunteers.SignUp(e.Ctx, carla, strings.TrimPrefix(manage, "/ente/"+org+"/volontariato/"), start, ""); err != nil {
			t.Fatal(err)
		}
		opc.Get(manage).Status(t, 200).Contains(t, "carla@example.org", "Cucina e preparazione pasti").
			Lacks(t, "Segreto di Carla", "wolof", "Corsico (MI)")
		csv := opc.Get("/ente/"+org+"/volontari.csv").Status(t, 200).Contains(t, "carla@example.org", "Cucina e preparazione pasti", "sabato mattina")
		csv.Lacks(t, "Segreto", "wolof", "Corsico")
		// A name that a spreadsheet would run comes out as text.
		if _, err := e.App.DB.W.Exec(`UPDATE users SET name = $1 WHERE id = $2`, "=cmd|' /C calc'!A0", carla.ID); err != nil {
			t.Fatal(err)
		}
		opc.Get("/ente/"+org+"/volontari.csv").Status(t, 200).Contains(t, "'=cmd|' /C calc'!A0,carla@example.org").Lacks(t, "\n=cmd")
		if n := e.Count(`SELECT COUNT(*) FROM audit_log WHERE action = 'export' AND entity = 'volunteers'`); n != 2 {
			t.Errorf("export audited %d times", n)
		}
	})
}

// The day before a shift, every accepted volunteer gets one reminder.
func TestRemindersTheDayBefore(t *testing.T) {
	e := apptest.SQLite(t)
	w := setup(t, e)
	org, op := w.Org(t, "Emporio solidale", "op@emporio.example")
	form := volunteer.ReadOpportunityForm(peopletest.Weekly("Magazzino", "3", "2030-03-09"))
	form.Approval = false
	svc := e.App.People.Volunteers
	o, err := svc.SaveOpportunity(e.Ctx, op, org, "", form)
	if err != nil {
		t.Fatal(err)
	}
	svc.SetStatus(e.Ctx, op, org, o.ID, volunteer.StatusPublished)
	v := w.Volunteer(t, "vera@example.org", volunteer.ProfileForm{})
	if _, err := svc.SignUp(e.Ctx, v, o.ID, time.Date(2030, 3, 9, 9, 0, 0, 0, web.Rome).Unix(), ""); err != nil {
		t.Fatal(err)
	}
	e.Outbox()
	for _, c := range []struct {
		at   time.Time
		want int
	}{
		{time.Date(2030, 3, 7, 18, 0, 0, 0, web.Rome), 0}, // two days before
		{time.Date(2030, 3, 8, 6, 0, 0, 0, web.Rome), 0},  // the day before, at night
		{time.Date(2030, 3, 8, 9, 0, 0, 0, web.Rome), 1},  // the day before, in the morning
		{time.Date(2030, 3, 8, 10, 0, 0, 0, web.Rome), 0}, // already sent
	} {
		n, err := svc.SendReminders(e.Ctx, c.at)
		if err != nil || n != c.want {
			t.Fatalf("at %v: %d reminders (%v), want %d", c.at, n, err, c.want)
		}
	}
	if mails := strings.Join(e.Outbox(), "\n"); !strings.Contains(mails, "vera@example.org | Promemoria: domani hai un turno") {
		t.Fatalf("no reminder: %s", mails)
	}
}
