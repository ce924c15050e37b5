package directory

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/schedule"
)

// Schedules are stored the HSDS way (text columns with the RRULE parts) and
// handled through the schedule package, which checks, expands and
// describes them. The service form edits them as simple rows: weekly on
// some days, monthly on the nth weekday, or once on a date.

// extraScheduleRows is how many blank rows the service form offers.
const extraScheduleRows = 2

// maxScheduleRows bounds what a form can send.
const maxScheduleRows = 30

// Weekdays in form order, Monday first, as RFC 5545 codes.
var Weekdays = []string{"MO", "TU", "WE", "TH", "FR", "SA", "SU"}

// ScheduleRow is one row of the service form.
type ScheduleRow struct {
	Index      int
	ID         string
	Kind       string   // "weekly", "monthly", "once"; "" is a blank row
	Days       []string // weekly: MO…SU
	Nth        string   // monthly: 1…4 or -1 (last)
	Weekday    string   // monthly: MO…SU
	Date       string   // once: YYYY-MM-DD
	Opens      string   // HH:MM
	Closes     string
	ValidFrom  string // YYYY-MM-DD
	ValidTo    string
	Seasonal   bool // the validity repeats every year
	Exceptions string
	LocationID string
}

// HasDay tells whether a weekly row includes a day (for the checkboxes).
func (r ScheduleRow) HasDay(code string) bool {
	for _, d := range r.Days {
		if d == code {
			return true
		}
	}
	return false
}

// ScheduleRows turns stored schedules into form rows, plus blank ones.
func ScheduleRows(list []Schedule, extra int) []ScheduleRow {
	var rows []ScheduleRow
	for _, s := range list {
		r := ScheduleRow{ID: s.ID, Opens: s.OpensAt, Closes: s.ClosesAt, ValidFrom: s.ValidFrom, ValidTo: s.ValidTo,
			Seasonal: s.Seasonal, Exceptions: s.Exceptions, LocationID: s.LocationID}
		days := splitList(s.ByDay)
		switch {
		case s.Count != nil && *s.Count == 1 && s.DTStart != "":
			r.Kind, r.Date = "once", s.DTStart
		case s.Freq == "MONTHLY" && len(days) == 1 && len(days[0]) > 2:
			r.Kind, r.Nth, r.Weekday = "monthly", days[0][:len(days[0])-2], days[0][len(days[0])-2:]
		default:
			r.Kind, r.Days = "weekly", days
		}
		r.Opens, r.Closes = hhmm(r.Opens), hhmm(r.Closes)
		rows = append(rows, r)
	}
	return padRows(rows, extra)
}

// padRows renumbers rows and adds blank ones.
func padRows(rows []ScheduleRow, extra int) []ScheduleRow {
	for range extra {
		rows = append(rows, ScheduleRow{})
	}
	for i := range rows {
		rows[i].Index = i
	}
	return rows
}

func hhmm(s string) string {
	if len(s) >= 5 && s[2] == ':' {
		return s[:5]
	}
	return s
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, strings.ToUpper(p))
		}
	}
	return out
}

// ReadScheduleRows reads the rows of a submitted service form, dropping the
// blank ones.
func ReadScheduleRows(v url.Values) []ScheduleRow {
	var rows []ScheduleRow
	for i := range maxScheduleRows {
		p := fmt.Sprintf("sched_%d_", i)
		r := ScheduleRow{ID: v.Get(p + "id"), Kind: v.Get(p + "kind"), Days: v[p+"days"], Nth: v.Get(p + "nth"),
			Weekday: v.Get(p + "weekday"), Date: strings.TrimSpace(v.Get(p + "date")),
			Opens: strings.TrimSpace(v.Get(p + "opens")), Closes: strings.TrimSpace(v.Get(p + "closes")),
			ValidFrom: strings.TrimSpace(v.Get(p + "from")), ValidTo: strings.TrimSpace(v.Get(p + "to")),
			Seasonal: checked(v, p+"seasonal"), Exceptions: strings.TrimSpace(v.Get(p + "except")),
			LocationID: v.Get(p + "location")}
		if r.Kind == "" {
			continue
		}
		rows = append(rows, r)
	}
	return padRows(rows, 0)
}

// SchedulesFromRows builds the HSDS schedules of a service from form rows;
// messages are keyed schedule_<row index>.
func SchedulesFromRows(rows []ScheduleRow, serviceID string) ([]Schedule, errs.Fields) {
	var out []Schedule
	var f errs.Fields
	for _, r := range rows {
		field := fmt.Sprintf("schedule_%d", r.Index)
		id := r.ID
		if id == "" {
			id = NewID()
		}
		s := Schedule{ID: id, ServiceID: serviceID, LocationID: r.LocationID, OpensAt: r.Opens, ClosesAt: r.Closes,
			ValidFrom: isoDate(r.ValidFrom), ValidTo: isoDate(r.ValidTo), Seasonal: r.Seasonal,
			Exceptions: normalizeDates(r.Exceptions)}
		switch r.Kind {
		case "weekly":
			if len(r.Days) == 0 {
				f.Add(field, "directory.errors.schedule_days")
				continue
			}
			s.Freq, s.ByDay = "WEEKLY", strings.Join(r.Days, ",")
		case "monthly":
			if _, err := strconv.Atoi(r.Nth); err != nil || r.Weekday == "" {
				f.Add(field, "directory.errors.schedule_nth")
				continue
			}
			s.Freq, s.ByDay = "MONTHLY", r.Nth+r.Weekday
		case "once":
			d := isoDate(r.Date)
			t, err := time.Parse("2006-01-02", d)
			if err != nil {
				f.Add(field, "directory.errors.schedule_date")
				continue
			}
			one := 1
			s.Freq, s.ByDay, s.DTStart, s.Count = "WEEKLY", Weekdays[(int(t.Weekday())+6)%7], d, &one
		default:
			f.Add(field, "directory.errors.schedule_kind")
			continue
		}
		if err := validateSchedule(&s); err != nil {
			f.Add(field, err.Key, err.Args...)
			continue
		}
		out = append(out, s)
	}
	return out, f
}

// isoDate accepts 2026-11-22 and 22/11/2026.
func isoDate(s string) string {
	s = strings.TrimSpace(s)
	if t, err := time.Parse("02/01/2006", s); err == nil {
		return t.Format("2006-01-02")
	}
	if t, err := time.Parse("2/1/2006", s); err == nil {
		return t.Format("2006-01-02")
	}
	return s
}

func normalizeDates(s string) string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
		out = append(out, isoDate(p))
	}
	return strings.Join(out, ",")
}

// ToRule converts a stored schedule into the schedule package's form.
func ToRule(s Schedule) (schedule.Schedule, error) {
	r := schedule.Schedule{Freq: schedule.Freq(strings.ToUpper(s.Freq)), ByDay: splitList(s.ByDay),
		OpensAt: s.OpensAt, ClosesAt: s.ClosesAt, Description: s.Description, Notes: s.Notes,
		Seasonal: s.Seasonal, Wkst: s.Wkst}
	var bad []string
	date := func(name, v string) schedule.Date {
		if v == "" {
			return schedule.Date{}
		}
		d, err := schedule.ParseDate(v)
		if err != nil {
			bad = append(bad, name)
		}
		return d
	}
	r.ValidFrom, r.ValidTo = date("valid_from", s.ValidFrom), date("valid_to", s.ValidTo)
	r.DTStart, r.Until = date("dtstart", s.DTStart), date("until", s.Until)
	if s.Count != nil {
		r.Count = *s.Count
	}
	if s.Interval != nil {
		r.Interval = *s.Interval
	}
	for _, p := range splitList(s.ByMonthDay) {
		n, err := strconv.Atoi(p)
		if err != nil {
			bad = append(bad, "bymonthday")
		}
		r.ByMonthDay = append(r.ByMonthDay, n)
	}
	for _, p := range strings.Split(s.Exceptions, ",") {
		if p = strings.TrimSpace(p); p != "" {
			r.Exceptions = append(r.Exceptions, date("exceptions", p))
		}
	}
	if len(bad) > 0 {
		return r, errs.E("directory.errors.schedule_dates")
	}
	return r, nil
}

// validateSchedule checks a stored schedule; nil when it is fine.
func validateSchedule(s *Schedule) *errs.Field {
	r, err := ToRule(*s)
	if err == nil {
		err = r.Validate()
	}
	if err == nil {
		return nil
	}
	e, ok := errs.As(err)
	if !ok {
		return &errs.Field{Key: "directory.errors.schedule_dates"}
	}
	if e.Key != "" && e.Key != "errors.invalid_form" {
		return &errs.Field{Key: e.Key, Args: e.Args}
	}
	for _, name := range []string{"freq", "byday", "opens_at", "closes_at", "valid_from", "valid_to", "dtstart", "until",
		"count", "interval", "bymonthday", "exceptions", "timezone", "wkst"} {
		if fe, ok := e.Fields[name]; ok {
			return &fe
		}
	}
	for _, fe := range e.Fields {
		return &fe
	}
	return &errs.Field{Key: "directory.errors.schedule_dates"}
}

// DescribeSchedule says a schedule in words ("ogni sabato, 15:00–18:00").
func DescribeSchedule(s Schedule, lang string) string {
	r, err := ToRule(s)
	if err != nil {
		return s.Description
	}
	return r.Describe(lang)
}

// DescribeSchedules says a service's schedules together, grouping days
// with the same hours.
func DescribeSchedules(list []Schedule, lang string) string {
	var rules []schedule.Schedule
	for _, s := range list {
		if r, err := ToRule(s); err == nil {
			rules = append(rules, r)
		}
	}
	return schedule.DescribeAll(rules, lang)
}
