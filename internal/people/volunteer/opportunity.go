package volunteer

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/trama-welfare/trama/internal/people/common"
	"github.com/trama-welfare/trama/internal/people/qualification"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/validate"
	"github.com/trama-welfare/trama/internal/schedule"
)

// Opportunity statuses.
const (
	StatusDraft     = "draft"
	StatusPublished = "published"
	StatusClosed    = "closed"
)

// Opportunity is a way to volunteer with an organization: a role, where,
// and its shifts (a one-off date or a recurring schedule), with a number
// of places per shift.
type Opportunity struct {
	ID               string
	OrganizationID   string
	OrganizationName string
	OrgStatus        string
	TerritoryID      string
	Title            string
	Role             string
	Description      string
	Skills           common.List
	ISTAT            string
	Place            string
	Online           bool
	Rule             schedule.Schedule
	Places           int
	MinimumAge       int
	Qualification    string
	TrainingNote     string
	Approval         bool
	Status           string
	CreatedBy        string
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// Kind is "once", "weekly" or "monthly".
func (o *Opportunity) Kind() string {
	switch {
	case o.Rule.IsOneOff():
		return "once"
	case o.Rule.Freq == schedule.FreqMonthly:
		return "monthly"
	}
	return "weekly"
}

// Public tells whether anyone may see it: published by an active
// organization.
func (o *Opportunity) Public() bool { return o.Status == StatusPublished && o.OrgStatus == "active" }

// Describe says when its shifts are, in words.
func (o *Opportunity) Describe(lang string) string { return o.Rule.Describe(lang) }

// OpportunityForm is what the organization's form sends.
type OpportunityForm struct {
	Title, Role, Description, Place, ISTAT                  string
	Skills, Days                                            []string
	Online, Approval                                        bool
	Kind, Date, Start, Until, Nth, Weekday, Opens, Closes   string
	Exceptions, Places, MinimumAge, Qualification, Training string
}

// ReadOpportunityForm reads a submitted form.
func ReadOpportunityForm(v url.Values) OpportunityForm {
	return OpportunityForm{Title: v.Get("title"), Role: v.Get("role"), Description: v.Get("description"), Place: v.Get("place"),
		ISTAT: v.Get("istat_code"), Skills: v["skills"], Days: v["days"], Online: v.Get("online") == "on",
		Approval: v.Get("approval") == "on", Kind: v.Get("kind"), Date: v.Get("date"), Start: v.Get("start"), Until: v.Get("until"),
		Nth: v.Get("nth"), Weekday: v.Get("weekday"), Opens: v.Get("opens"), Closes: v.Get("closes"),
		Exceptions: v.Get("exceptions"), Places: v.Get("places"), MinimumAge: v.Get("minimum_age"),
		Qualification: v.Get("qualification"), Training: v.Get("training_note")}
}

// Values is the form of an existing opportunity.
func (o *Opportunity) Values() url.Values {
	r := o.Rule
	v := url.Values{"title": {o.Title}, "role": {o.Role}, "description": {o.Description}, "place": {o.Place},
		"istat_code": {o.ISTAT}, "skills": o.Skills, "kind": {o.Kind()}, "opens": {r.OpensAt}, "closes": {r.ClosesAt},
		"places": {strconv.Itoa(o.Places)}, "qualification": {o.Qualification}, "training_note": {o.TrainingNote}}
	if o.MinimumAge > 0 {
		v.Set("minimum_age", strconv.Itoa(o.MinimumAge))
	}
	if o.Online {
		v.Set("online", "on")
	}
	if o.Approval {
		v.Set("approval", "on")
	}
	var ex []string
	for _, d := range r.Exceptions {
		ex = append(ex, d.String())
	}
	v.Set("exceptions", strings.Join(ex, ", "))
	switch o.Kind() {
	case "once":
		v.Set("date", r.DTStart.String())
	case "monthly":
		v.Set("start", r.DTStart.String())
		v.Set("until", r.Until.String())
		if len(r.ByDay) == 1 && len(r.ByDay[0]) > 2 {
			v.Set("nth", r.ByDay[0][:len(r.ByDay[0])-2])
			v.Set("weekday", r.ByDay[0][len(r.ByDay[0])-2:])
		}
	default:
		v.Set("start", r.DTStart.String())
		v.Set("until", r.Until.String())
		v["days"] = r.ByDay
	}
	return v
}

// MaxPlaces bounds the places of a shift.
const MaxPlaces = 500

// Build checks the form and fills o. knownComune tells whether a code is a
// comune; today is YYYY-MM-DD (new shifts cannot start in the past).
func (f OpportunityForm) Build(o *Opportunity, knownComune func(string) bool, today string) error {
	var v validate.Checker
	o.Title = v.Required("title", f.Title)
	o.Title = v.MaxLength("title", o.Title, 150)
	o.Role = v.MaxLength("role", f.Role, 150)
	o.Description = v.Required("description", f.Description)
	o.Description = v.MaxLength("description", o.Description, 4000)
	o.Skills = common.Clean(f.Skills, func(s string) bool { return slices.Contains(Skills, s) })
	o.Online = f.Online
	o.Place = v.MaxLength("place", f.Place, 300)
	o.ISTAT = strings.TrimSpace(f.ISTAT)
	switch {
	case o.Online:
		o.ISTAT = ""
	case o.ISTAT == "":
		v.Fail("istat_code", "errors.required")
	case !knownComune(o.ISTAT):
		v.Fail("istat_code", "people.errors.comune_unknown")
	}
	o.Places = number(&v, "places", f.Places, 1, MaxPlaces, true)
	o.MinimumAge = number(&v, "minimum_age", f.MinimumAge, 0, 99, false)
	o.Qualification = strings.TrimSpace(f.Qualification)
	if o.Qualification != "" && !qualification.Valid(o.Qualification) {
		v.Fail("qualification", "people.errors.qualification_unknown")
	}
	o.TrainingNote = v.MaxLength("training_note", f.Training, 500)
	o.Approval = f.Approval
	o.Rule = f.rule(&v, today)
	return v.Err()
}

// number reads a whole number between lo and hi; empty is lo unless required.
func number(v *validate.Checker, field, s string, lo, hi int, required bool) int {
	s = strings.TrimSpace(s)
	if s == "" {
		if required {
			v.Fail(field, "errors.required")
		}
		return lo
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		v.Fail(field, "people.errors.number_range", lo, hi)
		return lo
	}
	return n
}

// rule builds the schedule of the shifts from the form.
func (f OpportunityForm) rule(v *validate.Checker, today string) schedule.Schedule {
	opens, closes := v.TimeOfDay("opens", f.Opens), v.TimeOfDay("closes", f.Closes)
	if strings.TrimSpace(f.Opens) == "" {
		v.Fail("opens", "errors.required")
	}
	if strings.TrimSpace(f.Closes) == "" {
		v.Fail("closes", "errors.required")
	}
	if opens != "" && closes != "" && !v.Fields.Has("opens") && !v.Fields.Has("closes") && closes <= opens {
		v.Fail("closes", "people.errors.closes_before_opens")
	}
	date := func(field, s string, required bool) schedule.Date {
		iso := v.Date(field, s)
		if iso == "" && required && !v.Fields.Has(field) {
			v.Fail(field, "errors.required")
		}
		d, _ := schedule.ParseDate(iso)
		if !d.IsZero() && d.String() < today && field != "until" {
			v.Fail(field, "people.errors.past_date")
		}
		return d
	}
	var s schedule.Schedule
	switch f.Kind {
	case "once":
		s = schedule.OneOff(date("date", f.Date, true), opens, closes)
	case "weekly":
		days := common.Clean(f.Days, func(d string) bool { return slices.Contains(Days, d) })
		if len(days) == 0 {
			v.Fail("days", "people.errors.days_required")
		}
		s = schedule.Schedule{Freq: schedule.FreqWeekly, ByDay: days, DTStart: date("start", f.Start, true),
			Until: date("until", f.Until, false), OpensAt: opens, ClosesAt: closes}
	case "monthly":
		n, err := strconv.Atoi(f.Nth)
		if err != nil || !(n >= 1 && n <= 4 || n == -1) || !slices.Contains(Days, f.Weekday) {
			v.Fail("nth", "people.errors.nth_required")
		}
		s = schedule.Schedule{Freq: schedule.FreqMonthly, ByDay: []string{f.Nth + f.Weekday}, DTStart: date("start", f.Start, true),
			Until: date("until", f.Until, false), OpensAt: opens, ClosesAt: closes}
	default:
		v.Fail("kind", "people.errors.kind_required")
		return s
	}
	for _, p := range strings.FieldsFunc(f.Exceptions, func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
		iso, err := validate.Date(p)
		if err != nil {
			v.Fail("exceptions", "people.errors.exceptions")
			break
		}
		d, _ := schedule.ParseDate(iso)
		s.Exceptions = append(s.Exceptions, d)
	}
	if !s.Until.IsZero() && s.Until.Before(s.DTStart) {
		v.Fail("until", "people.errors.until_before_start")
	}
	if v.OK() {
		if err := s.Validate(); err != nil {
			v.Fail("kind", scheduleKey(err))
		}
	}
	return s
}

// scheduleKey is the message of a schedule validation error.
func scheduleKey(err error) string {
	if e, ok := errs.As(err); ok {
		for _, f := range e.Fields {
			return f.Key
		}
	}
	return "people.errors.schedule"
}
