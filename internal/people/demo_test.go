package people_test

import (
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/people/qualification"
)

// The demo has the Cervia courses open, and the demo volunteer is a
// sentinel with a profile; the pages show them.
func TestDemoData(t *testing.T) {
	e := apptest.SQLite(t, apptest.Demo())
	e.Anonymous().Get("/formazione").Status(t, 200).Contains(t, "Sentinelle di comunità", "Natural helper", "Amministratori di sostegno")
	vol, err := e.App.Auth.Store.UserByEmail(e.Ctx, "volontario@trama.example")
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := e.App.People.Qualifications.HasQualification(e.Ctx, vol.ID, qualification.Sentinel); !ok {
		t.Fatal("the demo volunteer is not a sentinel")
	}
	e.As(vol).Get("/volontariato/impegni").Status(t, 200).Contains(t, "Sentinella di comunità", "Gli enti possono proporti")
	coord, _ := e.App.Auth.Store.UserByEmail(e.Ctx, "coordinatore@trama.example")
	e.As(coord).Get("/coordinamento/rete-attiva").Status(t, 200).Contains(t, "Buccinasco (MI)")
	e.Anonymous().Get("/volontariato").Status(t, 200).Contains(t, "Distribuzione all&#39;emporio solidale", "Festa di quartiere")
}

// The calendar feed of a person lists their shifts and course sessions;
// an unknown token gets 404.
func TestCalendarFeed(t *testing.T) {
	e := apptest.SQLite(t, apptest.Demo())
	vol, _ := e.App.Auth.Store.UserByEmail(e.Ctx, "volontario@trama.example")
	vc := e.As(vol)
	courses := e.Anonymous().Get("/formazione").Body
	id := courses[strings.Index(courses, `href="/formazione/corsi/`)+len(`href="/formazione/corsi/`):]
	id = id[:strings.IndexByte(id, '"')]
	vc.PostForm("/formazione/corsi/"+id+"/iscriviti", nil).RedirectsTo(t, "/formazione/corsi/"+id)
	page := vc.Get("/volontariato/calendario").Status(t, 200).Body
	feed := page[strings.Index(page, "/calendario/")+len("/calendario/"):]
	feed = feed[:strings.IndexByte(feed, '"')]
	ics := e.Anonymous().Get("/calendario/"+feed).Status(t, 200).Contains(t, "BEGIN:VCALENDAR", "BEGIN:VEVENT", "TZID=Europe/Rome")
	if n := strings.Count(ics.Body, "BEGIN:VEVENT"); n != 4 {
		t.Errorf("%d events, want the course's 4 sessions", n)
	}
	if ct := ics.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") {
		t.Errorf("Content-Type %q", ct)
	}
	vc.PostForm("/volontariato/calendario", nil).RedirectsTo(t, "/volontariato/calendario")
	e.Anonymous().Get("/calendario/"+feed).Status(t, 404)
}
