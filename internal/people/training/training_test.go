package training_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/people/peopletest"
	"github.com/trama-welfare/trama/internal/people/qualification"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/web"
)

// A coordinator runs "Sentinelle di comunità": two sessions, two places.
// Three citizens enrol (the third waits and moves up when one cancels);
// the trainer records attendance; at the end whoever attended at least
// 75% becomes a sentinel, the others do not.
func TestCourseEnrolmentAttendanceAndQualification(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		now := time.Date(2030, 3, 4, 10, 0, 0, 0, web.Rome)
		e.App.People.SetClock(func() time.Time { return now })
		w := peopletest.New(t, e)
		cc := e.As(w.Coordinator)
		cc.PostForm("/formazione/gestione/nuovo", url.Values{"title": {""}, "capacity": {"0"}}).Status(t, 422).
			Contains(t, "Campo obbligatorio", "Scegli almeno un pubblico")
		r := cc.PostForm("/formazione/gestione/nuovo", url.Values{"title": {"Sentinelle di comunità"}, "description": {"Riconoscere le fragilità del vicinato."},
			"audience": {"citizens"}, "capacity": {"2"}, "qualification": {"sentinella"}, "validity_months": {"24"}, "min_attendance": {"75"}}).
			RedirectsTo(t, "/formazione/gestione/")
		page := r.Header.Get("Location")
		id := strings.TrimPrefix(page, "/formazione/gestione/")
		cc.PostForm(page+"/apri", nil).Status(t, 422).Contains(t, "almeno un incontro")
		for _, day := range []string{"2030-03-12", "2030-03-19"} {
			cc.PostForm(page+"/sessioni", url.Values{"session_date": {day}, "session_start": {"18:00"}, "session_end": {"20:00"},
				"session_place": {"Sala consiliare, Buccinasco"}}).RedirectsTo(t, page)
		}
		cc.PostForm(page+"/sessioni", url.Values{"session_date": {"2030-03-26"}, "session_start": {"18:00"}, "session_end": {"17:00"}}).
			Status(t, 422).Contains(t, "dopo quello di inizio")
		e.Anonymous().Get("/formazione/corsi/"+id).Status(t, 404) // still a draft
		cc.PostForm(page+"/apri", nil).RedirectsTo(t, page)
		e.Anonymous().Get("/formazione").Status(t, 200).Contains(t, "Sentinelle di comunità", "Sentinella di comunità")
		e.Anonymous().Get("/formazione?q=sentinella+comunita").Contains(t, "Sentinelle di comunità")
		e.Anonymous().Get("/formazione?q=cucina").Lacks(t, "Sentinelle di comunità")

		anna, bruno, carlo := e.CreateUser(auth.Citizen, "anna@example.org"), e.CreateUser(auth.Citizen, "bruno@example.org"),
			e.CreateUser(auth.Citizen, "carlo@example.org")
		for _, u := range []*auth.User{anna, bruno, carlo} {
			e.As(u).PostForm("/formazione/corsi/"+id+"/iscriviti", nil).RedirectsTo(t, "/formazione/corsi/"+id)
		}
		e.As(anna).PostForm("/formazione/corsi/"+id+"/iscriviti", nil).Status(t, 422).Contains(t, "Sei già iscritto")
		e.As(carlo).Get("/formazione/corsi/"+id).Contains(t, "in lista d&#39;attesa", "(posizione 1)")
		e.As(bruno).PostForm("/formazione/corsi/"+id+"/annulla", nil).RedirectsTo(t, "/formazione/corsi/"+id)
		e.As(carlo).Get("/formazione/corsi/"+id).Contains(t, "iscritto").Lacks(t, "lista d&#39;attesa")
		if mails := strings.Join(e.Outbox(), "\n"); !strings.Contains(mails, "carlo@example.org | Si è liberato un posto nel corso") {
			t.Fatalf("no promotion e-mail:\n%s", mails)
		}

		// Attendance: not before the session; Anna comes twice, Carlo once.
		c, err := e.App.People.Training.Managed(e.Ctx, w.Coordinator, id)
		if err != nil {
			t.Fatal(err)
		}
		s1, s2 := c.Sessions[0].ID, c.Sessions[1].ID
		cc.PostForm(page+"/sessioni/"+s1, url.Values{"present": {anna.ID, carlo.ID}}).Status(t, 422).Contains(t, "non è ancora iniziato")
		now = time.Date(2030, 3, 12, 19, 0, 0, 0, web.Rome)
		cc.Get(page+"/sessioni/"+s1).Status(t, 200).Contains(t, "anna", "carlo").Lacks(t, "bruno")
		cc.PostForm(page+"/sessioni/"+s1, url.Values{"present": {anna.ID, carlo.ID}}).RedirectsTo(t, page)
		cc.PostForm(page+"/concludi", nil).Status(t, 422).Contains(t, "ancora incontri")
		now = time.Date(2030, 3, 19, 21, 0, 0, 0, web.Rome)
		cc.PostForm(page+"/sessioni/"+s2, url.Values{"present": {anna.ID}}).RedirectsTo(t, page)
		cc.PostForm(page+"/concludi", nil).RedirectsTo(t, page)

		q := e.App.People.Qualifications
		for u, want := range map[*auth.User]bool{anna: true, carlo: false, bruno: false} {
			if ok, err := q.HasQualification(e.Ctx, u.ID, qualification.Sentinel); err != nil || ok != want {
				t.Errorf("%s sentinel = %v (%v), want %v", u.Email, ok, err, want)
			}
		}
		e.As(anna).Get("/volontariato/impegni").Contains(t, "Sentinella di comunità", "valida fino al 2032-")
		if fresh, _ := e.App.Auth.Store.User(e.Ctx, anna.ID); fresh.TerritoryID != w.TerritoryID || fresh.Role != auth.Volunteer {
			t.Errorf("the new sentinel is %s of territory %q: want a volontario of the course's", fresh.Role, fresh.TerritoryID)
		}
		if fresh, _ := e.App.Auth.Store.User(e.Ctx, carlo.ID); fresh.Role != auth.Citizen {
			t.Errorf("carlo, who did not complete the course, became %s", fresh.Role)
		}
		mails := strings.Join(e.Outbox(), "\n")
		for _, want := range []string{"anna@example.org | Hai una nuova qualifica", "carlo@example.org | Il corso si è concluso"} {
			if !strings.Contains(mails, want) {
				t.Errorf("no e-mail %q", want)
			}
		}

		// An operator of an organization cannot manage the coordinators' course.
		_, op := w.Org(t, "Associazione", "op@associazione.example")
		e.As(op).Get(page).Status(t, 404)
		e.As(op).PostForm(page+"/concludi", nil).Status(t, 404)
	})
}

// With the trainer's confirmation the qualification waits for it; an
// organization's course belongs to its training plan.
func TestConfirmRequiredAndTrainingPlan(t *testing.T) {
	e := apptest.SQLite(t)
	now := time.Date(2030, 3, 4, 10, 0, 0, 0, web.Rome)
	e.App.People.SetClock(func() time.Time { return now })
	w := peopletest.New(t, e)
	org, op := w.Org(t, "Caritas", "op@caritas.example")
	if _, err := e.App.DB.W.Exec(`INSERT INTO organization_training_plans (id, organization_id, title, period, audience, description, position)
		VALUES ('plan-1', $1, 'Piano 2030', '2030', 'volontari', 'Formazione dei volontari', 0)`, org); err != nil {
		t.Fatal(err)
	}
	oc := e.As(op)
	r := oc.PostForm("/formazione/gestione/nuovo", url.Values{"organization_id": {org}, "title": {"Natural helper"}, "audience": {"citizens"},
		"capacity": {"10"}, "qualification": {"natural_helper"}, "confirm_required": {"on"}}).RedirectsTo(t, "/formazione/gestione/")
	page := r.Header.Get("Location")
	oc.Get(page).Contains(t, "Piano 2030")
	v := url.Values{"title": {"Natural helper"}, "audience": {"citizens"}, "capacity": {"10"}, "qualification": {"natural_helper"},
		"confirm_required": {"on"}, "training_plan_id": {"plan-1"}, "min_attendance": {"75"}}
	oc.PostForm(page, v).RedirectsTo(t, page)
	oc.Get("/ente/"+org+"/formazione").Status(t, 200).Contains(t, "Piano 2030", "Natural helper")
	oc.PostForm(page+"/sessioni", url.Values{"session_date": {"2030-03-05"}, "session_start": {"10:00"}, "session_end": {"12:00"},
		"session_url": {"https://meet.example/abc"}}).RedirectsTo(t, page)
	oc.PostForm(page+"/apri", nil).RedirectsTo(t, page)
	id := strings.TrimPrefix(page, "/formazione/gestione/")
	e.Anonymous().Get("/formazione?ente="+org).Contains(t, "Natural helper")
	h := e.CreateUser(auth.Citizen, "helper@example.org")
	e.As(h).PostForm("/formazione/corsi/"+id+"/iscriviti", nil).RedirectsTo(t, "/formazione/corsi/"+id)
	now = now.AddDate(0, 0, 2)
	c, _ := e.App.People.Training.Managed(e.Ctx, op, id)
	oc.PostForm(page+"/sessioni/"+c.Sessions[0].ID, url.Values{"present": {h.ID}}).RedirectsTo(t, page)
	oc.PostForm(page+"/concludi", nil).RedirectsTo(t, page)
	if ok, _ := e.App.People.Qualifications.HasQualification(e.Ctx, h.ID, qualification.NaturalHelper); ok {
		t.Fatal("qualification granted before the trainer's confirmation")
	}
	body := oc.Get(page).Contains(t, "Conferma la qualifica").Body
	eid := peopletest.Between(body, "/iscrizioni/", "/conferma")
	oc.PostForm(page+"/iscrizioni/"+eid+"/conferma", nil).RedirectsTo(t, page)
	oc.PostForm(page+"/iscrizioni/"+eid+"/conferma", nil).Status(t, 422)
	if ok, _ := e.App.People.Qualifications.HasQualification(e.Ctx, h.ID, qualification.NaturalHelper); !ok {
		t.Fatal("no qualification after the confirmation")
	}
}
