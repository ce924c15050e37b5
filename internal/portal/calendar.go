package portal

import (
	"net/http"
	"strings"
	"time"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/web"
	"github.com/trama-welfare/trama/internal/schedule/ical"
	"github.com/trama-welfare/trama/internal/search"
)

// FeedLimit bounds the services of a search's calendar: the search ranks
// at most search.Window of them.
const FeedLimit = search.Window

// calItem is a service as a calendar needs it.
type calItem struct {
	ID, Name, Org, When string
	Categories          []string
	Schedules           []directory.Schedule
	// where places a schedule: a line for LOCATION and, for a public
	// position only, a GEO.
	where func(directory.Schedule) (string, *ical.Geo)
}

// events turns a service's schedules into VEVENTs from now on.
func (p *Portal) events(it calItem, now time.Time) []ical.Event {
	var out []ical.Event
	for i, sc := range it.Schedules {
		rule, err := directory.ToRule(sc)
		if err != nil {
			continue
		}
		uid := sc.ID
		if uid == "" {
			uid = it.ID + "-" + string(rune('a'+i))
		}
		loc, geo := it.where(sc)
		tmpl := ical.Event{UID: "servizio-" + it.ID + "-" + uid + "@" + p.host(), Summary: it.Name,
			Description: strings.Join(nonEmpty(it.Org, it.When, strings.TrimSpace(sc.Notes), p.link("/servizi/"+it.ID)), "\n"),
			Location:    loc, Geo: geo, URL: p.link("/servizi/" + it.ID), Categories: it.Categories, Status: ical.Confirmed}
		evs, err := ical.EventsFor(rule, tmpl, now)
		if err == nil {
			out = append(out, evs...)
		}
	}
	return out
}

func (p *Portal) serviceFeed(w http.ResponseWriter, r *http.Request, id string) {
	rec, s, err := p.published(r.Context(), id)
	if err != nil {
		p.notFound(w, r, err, "portal.errors.service_not_found")
		return
	}
	places := p.places(rec, s)
	byLocation := map[string]place{}
	for _, sal := range s.ServiceAtLocations {
		if l := rec.Location(sal.LocationID); l != nil {
			byLocation[l.ID], byLocation[sal.ID] = p.place(l), p.place(l)
		}
	}
	it := calItem{ID: s.ID, Name: s.Name, Org: rec.Organization.Name, Categories: p.labels(r, s.Categories),
		When: directory.DescribeSchedules(s.Schedules, web.LangFrom(r)), Schedules: s.Schedules,
		where: func(sc directory.Schedule) (string, *ical.Geo) {
			pl, ok := byLocation[sc.LocationID]
			if !ok {
				pl, ok = byLocation[sc.ServiceAtLocationID]
			}
			if !ok && len(places) > 0 {
				pl, ok = places[0], true
			}
			if !ok {
				return "", nil
			}
			return calPlace(pl.Line(), pl.HasPoint, pl.Lat, pl.Lon)
		}}
	cal := &ical.Calendar{Name: s.Name, Events: p.events(it, time.Now())}
	writeCalendar(w, cal, "servizio.ics")
}

// calPlace is LOCATION and GEO of a place; the position only when public.
func calPlace(line string, public bool, lat, lon float64) (string, *ical.Geo) {
	if !public {
		return line, nil
	}
	return line, &ical.Geo{Lat: lat, Lon: lon}
}

// searchFeed is the calendar of a search: the same parameters as the
// search page, its first FeedLimit results.
func (p *Portal) searchFeed(w http.ResponseWriter, r *http.Request) {
	ctx, lang := r.Context(), web.LangFrom(r)
	parsed, fields := p.ix.Env.ParseForm(ctx, r.URL.Query())
	if len(fields) > 0 {
		p.site.ErrorStatus(w, r, http.StatusBadRequest, "portal.errors.feed_filters")
		return
	}
	q := parsed.Query
	q.PerPage, q.SkipFacets, q.Explain = search.MaxPerPage, true, false
	cal := &ical.Calendar{Name: p.site.T(r, "portal.feed_name", p.site.Config.SiteName)}
	now := time.Now()
	for page, seen := 1, 0; seen < FeedLimit; page++ {
		q.Page = page
		res, err := p.ix.Search(ctx, q)
		if err != nil {
			p.site.Error(w, r, err)
			return
		}
		for _, it := range res.Items {
			if seen == FeedLimit {
				break
			}
			seen++
			cal.Events = append(cal.Events, p.events(resultItem(it, lang), now)...)
		}
		if page >= res.Pages {
			break
		}
	}
	writeCalendar(w, cal, "servizi.ics")
}

// resultItem is a search result for a calendar. Its places are already
// as the public may see them; a place without an address (confidential,
// or never given) gets no GEO, as its point is only its comune's centre.
func resultItem(res search.Result, lang string) calItem {
	return calItem{ID: res.ServiceID, Name: res.Name, Org: res.OrganizationName, Schedules: res.Schedules,
		When: directory.DescribeSchedules(res.Schedules, lang),
		where: func(directory.Schedule) (string, *ical.Geo) {
			if len(res.Places) == 0 {
				return "", nil
			}
			pl := res.Places[0]
			line := strings.Join(nonEmpty(pl.Name, pl.Address, pl.Comune), ", ")
			return calPlace(line, pl.HasPoint && pl.Address != "" && !pl.Online, pl.Lat, pl.Lon)
		}}
}

func writeCalendar(w http.ResponseWriter, cal *ical.Calendar, name string) {
	w.Header().Set("Content-Type", ical.ContentType)
	w.Header().Set("Content-Disposition", `inline; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "public, max-age=300")
	cal.WriteTo(w)
}
