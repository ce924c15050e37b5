package events

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/trama-welfare/trama/internal/participation/kit"
	"github.com/trama-welfare/trama/internal/platform/validate"
	"github.com/trama-welfare/trama/internal/platform/web"
	"github.com/trama-welfare/trama/internal/schedule"
)

// MaxQuestions is how many registration questions an event may ask.
const MaxQuestions = 6

// Repeats offered by the form: once, or every week, two weeks or month on
// the same weekday until a date.
var Repeats = []string{"", "weekly", "biweekly", "monthly"}

// maxSeries bounds a recurring event.
const maxSeries = 366 * 24 * time.Hour

// ReadForm builds an event from the submitted form and checks it. The
// caller sets the ids, the territory and the status.
func ReadForm(v url.Values) (*Event, error) {
	var c validate.Checker
	e := &Event{
		OrganizationID: strings.TrimSpace(v.Get("organization_id")),
		LabID:          strings.TrimSpace(v.Get("lab_id")),
		Category:       v.Get("category"),
		Title:          c.MaxLength("title", c.Required("title", v.Get("title")), 200),
		Description:    c.MaxLength("description", c.Required("description", v.Get("description")), 5000),
		Programme:      c.MaxLength("programme", v.Get("programme"), 5000),
		PlaceName:      c.MaxLength("place_name", v.Get("place_name"), 200),
		Address:        c.MaxLength("address", v.Get("address"), 200),
		ISTATCode:      strings.TrimSpace(v.Get("istat_code")),
		OnlineURL:      c.URL("online_url", v.Get("online_url")),
		Audience:       c.MaxLength("audience", v.Get("audience"), 300),
		Accessibility:  c.MaxLength("accessibility", v.Get("accessibility"), 1000),
		Registration:   v.Get("registration"),
		Partners:       v["partners"],
	}
	if !slices.Contains(Categories, e.Category) {
		c.Fail("category", "errors.required")
	}
	if !slices.Contains(RegModes, e.Registration) {
		c.Fail("registration", "errors.required")
	}
	if !e.InPerson() && !e.Online() {
		c.Fail("place_name", "participation.events.errors.where")
	}
	if s := strings.TrimSpace(v.Get("capacity")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 100000 {
			c.Fail("capacity", "participation.events.errors.capacity")
		} else {
			e.Capacity = &n
		}
	}
	readSchedule(&c, v, e)
	if d := c.Date("deadline", v.Get("deadline")); d != "" && c.OK() {
		day, _ := schedule.ParseDate(d)
		t := day.AddDays(1).In(web.Rome)
		if t.After(e.StartsAt.Add(24 * time.Hour)) {
			c.Fail("deadline", "participation.events.errors.deadline")
		}
		e.Deadline = &t
	}
	e.Questions = readQuestions(&c, v)
	return e, c.Err()
}

// readSchedule reads date, times and repetition into e.Schedule, StartsAt
// and EndsAt.
func readSchedule(c *validate.Checker, v url.Values, e *Event) {
	date := c.Date("date", c.Required("date", v.Get("date")))
	opens := c.TimeOfDay("opens", c.Required("opens", v.Get("opens")))
	closes := c.TimeOfDay("closes", v.Get("closes"))
	repeat := v.Get("repeat")
	until := c.Date("until", v.Get("until"))
	if !slices.Contains(Repeats, repeat) {
		c.Fail("repeat", "errors.required")
	}
	if repeat != "" && until == "" {
		c.Fail("until", "participation.events.errors.until")
	}
	if closes != "" && opens != "" && closes <= opens {
		c.Fail("closes", "participation.events.errors.closes")
	}
	if !c.OK() {
		return
	}
	day, _ := schedule.ParseDate(date)
	s := schedule.OneOff(day, opens, closes)
	if repeat != "" {
		last, _ := schedule.ParseDate(until)
		s = schedule.Schedule{Freq: schedule.FreqWeekly, Interval: 1, DTStart: day, Until: last, OpensAt: opens, ClosesAt: closes,
			ByDay: []string{weekdayCode(day.Weekday())}}
		switch repeat {
		case "biweekly":
			s.Interval = 2
		case "monthly":
			n := (day.Day-1)/7 + 1
			if n > 4 {
				n = -1
			}
			s.Freq, s.ByDay = schedule.FreqMonthly, []string{fmt.Sprintf("%d%s", n, weekdayCode(day.Weekday()))}
		}
		if !last.After(day) {
			c.Fail("until", "participation.events.errors.until")
			return
		}
	}
	if err := s.Validate(); err != nil {
		c.Fail("date", "participation.events.errors.schedule")
		return
	}
	occ := s.Occurrences(day.In(s.Location()), day.In(s.Location()).Add(maxSeries+48*time.Hour), 400)
	if len(occ) == 0 {
		c.Fail("date", "participation.events.errors.schedule")
		return
	}
	if occ[len(occ)-1].Start.Sub(occ[0].Start) > maxSeries {
		c.Fail("until", "participation.events.errors.series")
		return
	}
	e.Schedule = s
	e.StartsAt = occ[0].Start.UTC()
	e.EndsAt = end(occ[len(occ)-1]).UTC()
}

// end is when an occurrence ends: its closing time, else two hours later.
func end(o schedule.Occurrence) time.Time {
	if o.End.After(o.Start) {
		return o.End
	}
	return o.Start.Add(2 * time.Hour)
}

var weekdayCodes = []string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

func weekdayCode(d time.Weekday) string { return weekdayCodes[d] }

// readQuestions reads the question rows q_N_*; a row without a label is
// dropped.
func readQuestions(c *validate.Checker, v url.Values) []Question {
	var out []Question
	for i := range MaxQuestions {
		p := fmt.Sprintf("q_%d_", i)
		label := strings.TrimSpace(v.Get(p + "label"))
		if label == "" {
			continue
		}
		q := Question{ID: strings.TrimSpace(v.Get(p + "id")), Kind: v.Get(p + "kind"),
			Label: c.MaxLength(p+"label", label, 300), Required: v.Get(p+"required") == "on"}
		if q.ID == "" {
			q.ID = kit.NewID()
		}
		if !slices.Contains(QuestionKinds, q.Kind) {
			c.Fail(p+"kind", "errors.required")
		}
		for _, o := range strings.Split(v.Get(p+"options"), "\n") {
			if o = strings.TrimSpace(o); o != "" && !slices.Contains(q.Options, o) {
				q.Options = append(q.Options, o)
			}
		}
		if q.Kind == "choice" && len(q.Options) < 2 {
			c.Fail(p+"options", "participation.events.errors.options")
		}
		if q.Kind != "choice" {
			q.Options = nil
		}
		out = append(out, q)
	}
	return out
}

// FormValues fills the event form from a stored event.
func FormValues(e *Event) url.Values {
	v := url.Values{"organization_id": {e.OrganizationID}, "lab_id": {e.LabID}, "category": {e.Category},
		"title": {e.Title}, "description": {e.Description}, "programme": {e.Programme},
		"place_name": {e.PlaceName}, "address": {e.Address}, "istat_code": {e.ISTATCode}, "online_url": {e.OnlineURL},
		"audience": {e.Audience}, "accessibility": {e.Accessibility}, "registration": {e.Registration},
		"partners": e.Partners}
	s := e.Schedule
	v.Set("date", s.DTStart.String())
	v.Set("opens", s.OpensAt)
	v.Set("closes", s.ClosesAt)
	if !s.IsOneOff() {
		v.Set("until", s.Until.String())
		switch {
		case s.Freq == schedule.FreqMonthly:
			v.Set("repeat", "monthly")
		case s.Interval == 2:
			v.Set("repeat", "biweekly")
		default:
			v.Set("repeat", "weekly")
		}
	}
	if e.Capacity != nil {
		v.Set("capacity", strconv.Itoa(*e.Capacity))
	}
	if e.Deadline != nil {
		v.Set("deadline", e.Deadline.In(web.Rome).AddDate(0, 0, -1).Format(time.DateOnly))
	}
	for i, q := range e.Questions {
		p := fmt.Sprintf("q_%d_", i)
		v.Set(p+"id", q.ID)
		v.Set(p+"kind", q.Kind)
		v.Set(p+"label", q.Label)
		v.Set(p+"options", strings.Join(q.Options, "\n"))
		if q.Required {
			v.Set(p+"required", "on")
		}
	}
	return v
}
