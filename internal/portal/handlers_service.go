package portal

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/web"
	"github.com/trama-welfare/trama/internal/schedule"
)

// servicePage is what portal/service shows.
type servicePage struct {
	Service    *directory.Service
	Org        *directory.Organization
	Categories []string
	Targets    []string
	Ages       string
	When       string
	Notes      []string // notes of the schedules
	Week       []weekDay
	WeekFrom   time.Time
	WeekTo     time.Time
	Places     []place
	MapPlaces  []place // with a public position
	Cost       []string
	Languages  []string
	Documents  []directory.RequiredDocument
	Accessible []string
	Phones     []directory.Phone
	Contacts   []directory.Contact
	Assured    time.Time
	Closed     bool
	// Unverified: not confirmed for more than UnverifiedMonths.
	Unverified       bool
	UnverifiedMonths int
	URL              string // absolute, to share
	ShareMail        string // mailto: link
	Calendar         string
	CalendarFeed     template.URL // webcal:// form of Calendar
	JSONLD           map[string]any
}

// weekDay is a row of the week table.
type weekDay struct {
	Name  string
	Date  time.Time
	Today bool
	Slots []string
}

func (p *Portal) service(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if strings.HasSuffix(id, ".ics") {
		p.serviceFeed(w, r, strings.TrimSuffix(id, ".ics"))
		return
	}
	rec, s, err := p.published(r.Context(), id)
	if err != nil {
		p.notFound(w, r, err, "portal.errors.service_not_found")
		return
	}
	p.site.Render(w, r, "portal/service", p.servicePage(r, rec, s))
}

func (p *Portal) servicePage(r *http.Request, rec *directory.Record, s *directory.Service) servicePage {
	lang := web.LangFrom(r)
	d := servicePage{Service: s, Org: &rec.Organization, Categories: p.labels(r, s.Categories),
		Targets: p.labels(r, s.TargetGroups), Ages: p.ages(r, s.MinimumAge, s.MaximumAge),
		When: directory.DescribeSchedules(s.Schedules, lang), Places: p.places(rec, s),
		Cost: p.cost(r, s), Languages: p.languages(r, s.Languages), Documents: s.RequiredDocuments,
		Phones: s.Phones, Contacts: s.Contacts, Closed: s.Status == directory.StatusTemporarilyClosed,
		URL: p.link("/servizi/" + s.ID), Calendar: "/servizi/" + s.ID + ".ics"}
	// webcal:// is a scheme html/template does not trust by itself; the
	// address is ours.
	d.CalendarFeed = template.URL("webcal://" + strings.TrimPrefix(strings.TrimPrefix(p.link(d.Calendar), "https://"), "http://"))
	d.ShareMail = "mailto:?" + strings.ReplaceAll(url.Values{"subject": {s.Name}, "body": {d.URL}}.Encode(), "+", "%20")
	for _, sc := range s.Schedules {
		if n := strings.TrimSpace(sc.Notes); n != "" {
			d.Notes = append(d.Notes, n)
		}
	}
	if t, err := time.ParseInLocation("2006-01-02", firstN(s.AssuredDate, 10), web.Rome); err == nil {
		d.Assured = t
	}
	fr := p.dir.Freshness
	d.Unverified, d.UnverifiedMonths = fr.Unverified(s.AssuredDate), fr.Months+fr.Grace
	if n := strings.TrimSpace(s.AccessibilityNotes); n != "" {
		d.Accessible = append(d.Accessible, n)
	}
	for _, pl := range d.Places {
		d.Accessible = append(d.Accessible, pl.Accessibility...)
		if pl.HasPoint {
			d.MapPlaces = append(d.MapPlaces, pl)
		}
	}
	d.Week, d.WeekFrom, d.WeekTo = p.week(r, s.Schedules, time.Now().In(web.Rome))
	d.JSONLD = p.serviceLD(r, rec, s, d.Places)
	return d
}

// dayKeys are the RFC 5545 weekdays from Monday, for their names.
var dayKeys = [7]string{"MO", "TU", "WE", "TH", "FR", "SA", "SU"}

// week is the table of the next seven days from today: the week grids of
// this week and the next, from today on.
func (p *Portal) week(r *http.Request, list []directory.Schedule, now time.Time) ([]weekDay, time.Time, time.Time) {
	var rules []schedule.Schedule
	for _, s := range list {
		if rule, err := directory.ToRule(s); err == nil {
			rules = append(rules, rule)
		}
	}
	grids := [2][7][]schedule.Slot{schedule.WeekGrid(rules, now), schedule.WeekGrid(rules, now.AddDate(0, 0, 7))}
	today := time.Date(now.Year(), now.Month(), now.Day(), 12, 0, 0, 0, now.Location())
	first := (int(now.Weekday()) + 6) % 7 // Monday is 0
	out := make([]weekDay, 7)
	for i := range out {
		n := first + i
		out[i] = weekDay{Name: p.site.T(r, "directory.weekday."+dayKeys[n%7]), Date: today.AddDate(0, 0, i), Today: i == 0}
		for _, sl := range grids[n/7][n%7] {
			switch {
			case sl.AllDay:
				out[i].Slots = append(out[i].Slots, p.site.T(r, "portal.all_day"))
			case sl.Closes == "":
				out[i].Slots = append(out[i].Slots, p.site.T(r, "portal.from_hour", sl.Opens))
			default:
				out[i].Slots = append(out[i].Slots, sl.Opens+"–"+sl.Closes)
			}
		}
	}
	return out, today, today.AddDate(0, 0, 6)
}

// cost says what the service costs, every option the organization wrote.
func (p *Portal) cost(r *http.Request, s *directory.Service) []string {
	if s.Free {
		return []string{p.site.T(r, "search.free")}
	}
	out := nonEmpty(s.FeesDescription, s.Fees)
	for _, c := range s.CostOptions {
		line := strings.TrimSpace(c.Option)
		if c.Amount != nil {
			amount := strconv.FormatFloat(*c.Amount, 'f', 2, 64)
			if web.LangFrom(r) == "it" {
				amount = strings.Replace(amount, ".", ",", 1)
			}
			line = strings.Join(nonEmpty(line, amount+" "+strings.ToUpper(c.Currency)), ": ")
		}
		if line = strings.Join(nonEmpty(line, c.AmountDescription), " — "); line != "" {
			out = append(out, line)
		}
	}
	return out
}

func firstN(s string, n int) string { return s[:min(n, len(s))] }
