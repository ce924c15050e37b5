package events

import (
	"embed"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/trama-welfare/trama/internal/participation/kit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/web"
	"github.com/trama-welfare/trama/internal/schedule/ical"
)

//go:embed templates/*.html
var templates embed.FS

// Templates are the events' pages.
func Templates() fs.FS { sub, _ := fs.Sub(templates, "templates"); return sub }

// Routes registers the events' pages.
func (s *Events) Routes(r *web.Router) {
	r.Handle("GET /eventi", auth.Public, s.calendar)
	r.Handle("GET /eventi.ics", auth.Public, s.feed)
	r.Handle("GET /eventi/{id}", auth.Public, s.show)
	r.Handle("GET /eventi/{id}/evento.ics", auth.Public, s.eventFeed)
	r.Handle("POST /eventi/{id}/iscrizione", auth.Public, s.register)
	r.Handle("GET /iscrizioni/{token}", auth.Public, s.registrationPage)
	r.Handle("POST /iscrizioni/{token}/annulla", auth.Public, s.cancelOwn)

	r.Handle("GET /eventi/gestione", ActionManage, s.managed)
	r.Handle("GET /eventi/nuovo", ActionManage, s.newForm)
	r.Handle("POST /eventi/nuovo", ActionManage, s.create)
	r.Handle("GET /eventi/{id}/modifica", ActionManage, s.editForm)
	r.Handle("POST /eventi/{id}/modifica", ActionManage, s.update)
	r.Handle("POST /eventi/{id}/pubblica", ActionManage, s.publish)
	r.Handle("POST /eventi/{id}/annulla", ActionManage, s.cancelEvent)
	r.Handle("GET /eventi/{id}/iscritti", ActionManage, s.registrants)
	r.Handle("GET /eventi/{id}/iscritti.csv", ActionManage, s.exportCSV)
	r.Handle("POST /eventi/{id}/iscritti/{rid}/ingresso", ActionManage, s.checkIn)
	r.Handle("POST /eventi/{id}/iscritti/{rid}/annulla", ActionManage, s.cancelOther)
	r.Handle("GET /eventi/{id}/ingresso/{code}", ActionManage, s.checkinPage)
	r.Handle("POST /eventi/{id}/ingresso/{code}", ActionManage, s.checkinByCode)
}

// calendarPage is what events/calendar shows.
type calendarPage struct {
	Territory   kit.Territory
	Territories []kit.Territory
	Days        []day
	Categories  []string
	Comuni      [][2]string
	Orgs        []kit.Org
	From, To    string
	FeedURL     string
}

type day struct {
	Date  time.Time
	Items []Occurrence
}

// filter reads the calendar's filters; dates default to the next 90 days.
func (s *Events) filter(r *http.Request) (Filter, kit.Territory, []kit.Territory, error) {
	q := r.URL.Query()
	t, all, err := s.PageTerritory(r)
	f := Filter{TerritoryID: t.ID, Category: q.Get("categoria"), ISTATCode: q.Get("comune"), OrganizationID: q.Get("ente")}
	today := time.Now().In(web.Rome)
	f.From = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, web.Rome)
	f.To = f.From.AddDate(0, 0, 90)
	if d, e := time.ParseInLocation(time.DateOnly, q.Get("dal"), web.Rome); e == nil {
		f.From = d
	}
	if d, e := time.ParseInLocation(time.DateOnly, q.Get("al"), web.Rome); e == nil && !d.Before(f.From) {
		f.To = d.AddDate(0, 0, 1)
	}
	if f.To.Sub(f.From) > 400*24*time.Hour {
		f.To = f.From.AddDate(0, 0, 400)
	}
	return f, t, all, err
}

func (s *Events) calendar(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, t, all, err := s.filter(r)
	if err != nil {
		s.Site.Error(w, r, err)
		return
	}
	list, err := s.Store.List(ctx, f)
	if err != nil {
		s.Site.Error(w, r, err)
		return
	}
	p := calendarPage{Territory: t, Territories: all, Categories: Categories, From: f.From.Format(time.DateOnly),
		To: f.To.AddDate(0, 0, -1).Format(time.DateOnly), FeedURL: "/eventi.ics?" + r.URL.RawQuery}
	p.Days = groupByDay(occurrences(list, f.From, f.To, 300))
	if p.Comuni, err = s.Comuni(ctx, t.ID); err != nil {
		s.Site.Error(w, r, err)
		return
	}
	if p.Orgs, err = s.Store.Organizers(ctx, t.ID); err != nil {
		s.Site.Error(w, r, err)
		return
	}
	s.Site.Render(w, r, "events/calendar", p)
}

// occurrences expands the events into their occurrences in [from, to).
func occurrences(list []*Event, from, to time.Time, limit int) []Occurrence {
	var out []Occurrence
	for _, e := range list {
		for _, o := range e.Schedule.Occurrences(from, to, limit) {
			out = append(out, Occurrence{Event: e, Start: o.Start, End: end(o)})
		}
	}
	sortOccurrences(out)
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

func groupByDay(occ []Occurrence) []day {
	var out []day
	for _, o := range occ {
		d := o.Start.In(web.Rome)
		d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, web.Rome)
		if len(out) == 0 || !out[len(out)-1].Date.Equal(d) {
			out = append(out, day{Date: d})
		}
		out[len(out)-1].Items = append(out[len(out)-1].Items, o)
	}
	return out
}

func (s *Events) feed(w http.ResponseWriter, r *http.Request) {
	f, t, _, err := s.filter(r)
	if err != nil {
		s.Site.Error(w, r, err)
		return
	}
	f.To = time.Time{}
	list, err := s.Store.List(r.Context(), f)
	if err != nil {
		s.Site.Error(w, r, err)
		return
	}
	writeCalendar(w, s.Calendar(s.Site.T(r, "participation.events.feed_name", t.Name), list), "eventi.ics")
}

func (s *Events) eventFeed(w http.ResponseWriter, r *http.Request) {
	e, err := s.Store.Event(r.Context(), r.PathValue("id"))
	if err != nil || e.Status == StatusDraft {
		s.Site.NotFound(w, r)
		return
	}
	writeCalendar(w, s.Calendar(e.Title, []*Event{e}), "evento.ics")
}

func writeCalendar(w http.ResponseWriter, cal *ical.Calendar, name string) {
	w.Header().Set("Content-Type", ical.ContentType)
	w.Header().Set("Content-Disposition", `inline; filename="`+name+`"`)
	cal.WriteTo(w)
}

// back returns the "next" parameter when it is a local path.
func back(r *http.Request, fallback string) string {
	return web.LocalPath(r.PostForm.Get("next"), fallback)
}

// answersFrom reads the answers of the registration form.
func answersFrom(v url.Values, e *Event) map[string]string {
	out := map[string]string{}
	for _, q := range e.Questions {
		out[q.ID] = strings.TrimSpace(v.Get("answer_" + q.ID))
	}
	return out
}
