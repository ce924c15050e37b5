package schedule

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/trama-welfare/trama/internal/platform/errs"
)

// RRULE returns the recurrence rule as an RFC 5545 property,
// "RRULE:FREQ=WEEKLY;BYDAY=SA". UNTIL is written as a date (20261220), as
// HSDS schedules start on a date; the ical package writes the UTC form an
// event with a TZID needs. An invalid schedule gives a best effort.
func (s Schedule) RRULE() string {
	var b strings.Builder
	b.WriteString("RRULE:FREQ=")
	b.WriteString(string(s.Freq))
	if s.Interval > 1 {
		b.WriteString(";INTERVAL=" + strconv.Itoa(s.Interval))
	}
	if s.Count > 0 {
		b.WriteString(";COUNT=" + strconv.Itoa(s.Count))
	}
	if !s.Until.IsZero() {
		b.WriteString(";UNTIL=" + strings.ReplaceAll(s.Until.String(), "-", ""))
	}
	if len(s.ByDay) > 0 {
		days := make([]string, len(s.ByDay))
		for i, v := range s.ByDay {
			days[i] = v
			if w, ok := parseWeekdayNum(v); ok {
				days[i] = w.String()
			}
		}
		b.WriteString(";BYDAY=" + strings.Join(days, ","))
	}
	writeInts(&b, "BYMONTHDAY", s.ByMonthDay)
	writeInts(&b, "BYYEARDAY", s.ByYearDay)
	writeInts(&b, "BYWEEKNO", s.ByWeekNo)
	if s.Wkst != "" {
		b.WriteString(";WKST=" + s.Wkst)
	}
	return b.String()
}

func writeInts(b *strings.Builder, name string, v []int) {
	if len(v) == 0 {
		return
	}
	b.WriteString(";" + name + "=")
	for i, n := range v {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(n))
	}
}

// Limits on ParseRRULE's input.
const (
	maxRRULELen   = 1024
	maxListLength = 400
)

// unsupported are RFC 5545 rule parts a Schedule cannot hold.
var unsupported = []string{"BYMONTH", "BYSETPOS", "BYHOUR", "BYMINUTE", "BYSECOND", "BYEASTER", "RSCALE", "SKIP"}

// ParseRRULE reads an RFC 5545 recurrence rule, with or without the
// "RRULE:" prefix, into a Schedule with no dates or hours. It accepts the
// parts a Schedule holds and rejects anything else with an errs Invalid
// error: bad syntax, unknown or repeated parts, values out of range, and
// the rule parts Trama does not support (BYMONTH, BYSETPOS, BYHOUR…).
// A date-time UNTIL is read as a date in DefaultTimezone.
func ParseRRULE(in string) (Schedule, error) {
	var s Schedule
	str := strings.TrimSpace(in)
	if len(str) > maxRRULELen {
		return s, errs.E("schedule.errors.rrule", shorten(str))
	}
	if len(str) >= 6 && strings.EqualFold(str[:6], "RRULE:") {
		str = str[6:]
	}
	if str == "" {
		return s, errs.E("schedule.errors.rrule", in)
	}
	seen := map[string]bool{}
	for part := range strings.SplitSeq(str, ";") {
		if part == "" {
			continue
		}
		name, value, ok := strings.Cut(part, "=")
		name, value = strings.ToUpper(name), strings.ToUpper(value)
		if !ok || value == "" || seen[name] {
			return Schedule{}, errs.E("schedule.errors.rrule", shorten(part))
		}
		seen[name] = true
		if err := s.setPart(name, value); err != nil {
			return Schedule{}, err
		}
	}
	if s.Freq == "" {
		return Schedule{}, errs.E("schedule.errors.rrule", shorten(in))
	}
	if s.Interval == 0 {
		s.Interval = 1
	}
	if _, f := s.withStartForCheck().check(); f != nil {
		return Schedule{}, f.Err()
	}
	return s, nil
}

// setPart stores one NAME=VALUE rule part.
func (s *Schedule) setPart(name, value string) error {
	bad := errs.E("schedule.errors.rrule", shorten(name+"="+value))
	var ok bool
	switch name {
	case "FREQ":
		s.Freq = Freq(value)
		ok = s.Freq == FreqDaily || s.Freq == FreqWeekly || s.Freq == FreqMonthly || s.Freq == FreqYearly
	case "INTERVAL":
		s.Interval, ok = atoi(value)
		ok = ok && s.Interval > 0
	case "COUNT":
		s.Count, ok = atoi(value)
		ok = ok && s.Count > 0
	case "UNTIL":
		s.Until, ok = parseUntil(value)
	case "WKST":
		_, ok = parseDayCode(value)
		s.Wkst = value
	case "BYDAY":
		ok = true
		for v := range strings.SplitSeq(value, ",") {
			w, good := parseWeekdayNum(v)
			ok = ok && good && len(s.ByDay) < maxListLength
			s.ByDay = append(s.ByDay, w.String())
		}
	case "BYMONTHDAY":
		s.ByMonthDay, ok = atoiList(value)
	case "BYYEARDAY":
		s.ByYearDay, ok = atoiList(value)
	case "BYWEEKNO":
		s.ByWeekNo, ok = atoiList(value)
	default:
		for _, u := range unsupported {
			if name == u {
				return errs.E("schedule.errors.rrule_unsupported", name)
			}
		}
	}
	if !ok {
		return bad
	}
	return nil
}

// withStartForCheck fills DTStart when the rule needs one, so ParseRRULE
// checks the rule itself: the start date comes with the schedule, not
// with its RRULE.
func (s Schedule) withStartForCheck() Schedule {
	if s.DTStart.IsZero() {
		s.DTStart = NewDate(2000, time.January, 1)
		if !s.Until.IsZero() && s.Until.Before(s.DTStart) {
			s.DTStart = s.Until
		}
	}
	return s
}

// parseUntil reads an RFC 5545 DATE (20261220) or DATE-TIME (floating
// 20261220T235959, or UTC 20261220T225959Z).
func parseUntil(v string) (Date, bool) {
	var t time.Time
	var err error
	switch len(v) {
	case 8:
		t, err = time.Parse("20060102", v)
	case 15:
		t, err = time.Parse("20060102T150405", v)
	case 16:
		t, err = time.Parse("20060102T150405Z", v)
		if err == nil {
			loc, _ := loadLocation(DefaultTimezone)
			t = t.In(loc)
		}
	default:
		return Date{}, false
	}
	if err != nil {
		return Date{}, false
	}
	d := DateOf(t)
	return d, d.Valid()
}

// atoi reads a small signed decimal number.
func atoi(v string) (int, bool) {
	digits := strings.TrimPrefix(strings.TrimPrefix(v, "-"), "+")
	if len(digits) > 4 || !isDigits(digits) || len(v)-len(digits) > 1 {
		return 0, false
	}
	n, _ := strconv.Atoi(v)
	return n, true
}

// atoiList reads a comma-separated list of small numbers.
func atoiList(v string) ([]int, bool) {
	var out []int
	for item := range strings.SplitSeq(v, ",") {
		n, ok := atoi(item)
		if !ok || len(out) >= maxListLength {
			return nil, false
		}
		out = append(out, n)
	}
	return out, true
}

// shorten keeps error arguments readable.
func shorten(s string) string {
	const max = 60
	if len(s) <= max {
		return s
	}
	i := max
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}
