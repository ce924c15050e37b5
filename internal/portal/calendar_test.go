package portal_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/search/searchtest"
)

var rome, _ = time.LoadLocation("Europe/Rome")

// parseCalendar reads a feed with go-ical, an independent parser, and
// checks what every feed has: the Europe/Rome VTIMEZONE.
func parseCalendar(t *testing.T, r *apptest.Response) *goical.Calendar {
	t.Helper()
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") {
		t.Fatalf("Content-Type %q", ct)
	}
	cal, err := goical.NewDecoder(strings.NewReader(r.Body)).Decode()
	if err != nil {
		t.Fatalf("go-ical cannot parse the feed: %v\n%s", err, r.Body)
	}
	if len(cal.Events()) > 0 {
		tz := slices.IndexFunc(cal.Children, func(c *goical.Component) bool {
			return c.Name == goical.CompTimezone && c.Props.Get(goical.PropTimezoneID).Value == "Europe/Rome"
		})
		if tz < 0 {
			t.Errorf("no Europe/Rome VTIMEZONE in\n%s", r.Body)
		}
	}
	return cal
}

// change edits an organization's published record and publishes it again.
func change(t *testing.T, e *apptest.Env, f *searchtest.Fixture, orgID string, edit func(r *directory.Record)) {
	t.Helper()
	v, err := e.App.Directory.Draft(e.Ctx, f.Admin, orgID)
	if err != nil {
		t.Fatal(err)
	}
	if v, err = e.App.Directory.Change(e.Ctx, f.Admin, orgID, v.Revision, func(r *directory.Record) error { edit(r); return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := e.App.Directory.Approve(e.Ctx, f.Admin, v.ID, ""); err != nil {
		t.Fatal(err)
	}
}

// nextSaturday is the first Saturday after today, in Rome.
func nextSaturday() time.Time {
	d := time.Now().In(rome).AddDate(0, 0, 1)
	for d.Weekday() != time.Saturday {
		d = d.AddDate(0, 0, 1)
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 15, 0, 0, 0, rome)
}

// A service's calendar: one VEVENT per schedule, weekly RRULE, the
// exceptions as EXDATE, times in Europe/Rome; a confidential place gives
// its comune only.
func TestServiceCalendar(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		f := searchtest.Publish(t, e)
		skip := nextSaturday()
		change(t, e, f, f.Orgs["polisportiva"], func(r *directory.Record) {
			s := r.Service(f.Services["minibasket"])
			s.Schedules[0].Exceptions = skip.Format("2006-01-02")
		})
		change(t, e, f, f.Orgs["famiglie"], func(r *directory.Record) {
			s := r.Service(f.Services["antiviolenza"])
			s.Schedules = []directory.Schedule{{ID: directory.NewID(), ServiceID: s.ID, Freq: "WEEKLY", ByDay: "MO",
				OpensAt: "09:00", ClosesAt: "13:00"}}
		})
		guest := e.Anonymous()
		r := guest.Get("/servizi/"+f.Services["minibasket"]+".ics").Status(t, 200)
		cal := parseCalendar(t, r)
		evs := cal.Events()
		if len(evs) != 1 {
			t.Fatalf("%d events:\n%s", len(evs), r.Body)
		}
		ev := evs[0]
		if s, _ := ev.Props.Text(goical.PropSummary); s != "Minibasket" {
			t.Errorf("SUMMARY %q", s)
		}
		if loc, _ := ev.Props.Text(goical.PropLocation); loc != "Palestra comunale, Via Roma 10, Buccinasco (MI)" {
			t.Errorf("LOCATION %q", loc)
		}
		if ev.Props.Get(goical.PropGeo) == nil {
			t.Error("no GEO for a public place")
		}
		start, err := ev.Props.DateTime(goical.PropDateTimeStart, rome)
		if err != nil || start.Location().String() != "Europe/Rome" || start.Weekday() != time.Saturday || start.Hour() != 15 {
			t.Errorf("DTSTART %v (%v)", start, err)
		}
		opt, err := ev.Props.RecurrenceRule()
		if err != nil || opt == nil || opt.Freq != rrule.WEEKLY || len(opt.Byweekday) != 1 || opt.Byweekday[0] != rrule.SA {
			t.Fatalf("RRULE %+v (%v)", opt, err)
		}
		ex := ev.Props.Get(goical.PropExceptionDates)
		if ex == nil {
			t.Fatalf("no EXDATE:\n%s", r.Body)
		}
		if when, err := ex.DateTime(rome); err != nil || !when.Equal(skip) {
			t.Errorf("EXDATE %v, want %v (%v)", when, skip, err)
		}
		// The occurrences it implies skip that Saturday.
		opt.Dtstart = start
		rule, _ := rrule.NewRRule(*opt)
		got := rule.Between(start, start.AddDate(0, 0, 35), true)
		if !slices.ContainsFunc(got, skip.Equal) {
			t.Errorf("the rule itself should include %v", skip)
		}

		r = guest.Get("/servizi/"+f.Services["antiviolenza"]+".ics").Status(t, 200)
		cal = parseCalendar(t, r)
		if len(cal.Events()) != 1 {
			t.Fatalf("confidential service: %d events", len(cal.Events()))
		}
		r.Lacks(t, "Via Segreta", "GEO:", "20090", "45.425")
		if loc, _ := cal.Events()[0].Props.Text(goical.PropLocation); loc != "Casa rifugio, Buccinasco (MI)" {
			t.Errorf("LOCATION %q", loc)
		}
	})
}

// The calendar of a search honours the search page's filters.
func TestSearchCalendar(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		f := searchtest.Publish(t, e)
		guest := e.Anonymous()
		q := url.Values{"q": {"sabato"}, "age": {"8"}, "comune": {"Buccinasco"}}
		r := guest.Get("/servizi.ics?"+q.Encode()).Status(t, 200)
		cal := parseCalendar(t, r)
		services := map[string]int{}
		for _, ev := range cal.Events() {
			u := ev.Props.Get(goical.PropURL).Value
			services[u[strings.LastIndexByte(u, '/')+1:]]++
			if opt, err := ev.Props.RecurrenceRule(); err != nil || opt == nil {
				t.Errorf("event without RRULE: %v", err)
			}
		}
		want := map[string]int{f.Services["minibasket"]: 1, f.Services["ludoteca"]: 2, f.Services["letture"]: 1}
		if len(services) != len(want) {
			t.Errorf("services in the feed %v, want %v", services, want)
		}
		for id, n := range want {
			if services[id] != n {
				t.Errorf("%s: %d events, want %d", f.Key(id), services[id], n)
			}
		}
		r.Lacks(t, "Polisportiva Lodigiana", "Scuola calcio")

		// A category only.
		r = guest.Get("/servizi.ics?category=ANZ").Status(t, 200)
		if evs := parseCalendar(t, r).Events(); len(evs) != 1 || !strings.Contains(r.Body, "Ginnastica dolce") {
			t.Errorf("category feed: %d events\n%s", len(evs), r.Body)
		}
		// Bad filters are refused.
		guest.Get("/servizi.ics?age=99").Status(t, 400)

		// The search page offers the feed of the same search.
		guest.Get("/servizi?"+q.Encode()).Status(t, 200).Contains(t, `href="/servizi.ics?`, "age=8")
	})
}
