package ical

import (
	"fmt"
	"strconv"
	"time"
)

// transition is a change of UTC offset, seen on the wall clock before it.
type transition struct {
	local      time.Time // wall clock before the change, as a UTC time
	from, to   int       // offsets in seconds east of UTC
	name       string    // abbreviation after the change: CEST, CET
	month      time.Month
	weekday    time.Weekday
	nth        int // which weekday of the month: 1…4, or -1 for the last
	daylight   bool
	lastOfMany bool // the weekday is both the 4th (or 5th) and the last
}

// transitions returns the offset changes of loc during year.
func transitions(loc *time.Location, year int) []transition {
	var out []transition
	t := time.Date(year, time.January, 1, 0, 0, 0, 0, loc)
	end := time.Date(year+1, time.January, 1, 0, 0, 0, 0, loc)
	for {
		next, ok := nextChange(t, end)
		if !ok {
			return out
		}
		_, from := t.Zone()
		name, to := next.Zone()
		local := next.UTC().Add(time.Duration(from) * time.Second)
		tr := transition{local: local, from: from, to: to, name: name, month: local.Month(), weekday: local.Weekday(),
			nth: (local.Day()-1)/7 + 1, daylight: to > from}
		if local.Day()+7 > daysIn(local.Year(), local.Month()) {
			tr.nth, tr.lastOfMany = -1, tr.nth >= 4
		}
		out = append(out, tr)
		t = next
	}
}

// nextChange returns the first time after t, and before limit, at which
// the UTC offset changes. ZoneBounds alone is not enough: past the
// transitions listed in the tzdata file (2037), Go works zones out year by
// year and reports a bound at each new year, where nothing changes, and
// in some years one that does not move forward.
func nextChange(t, limit time.Time) (time.Time, bool) {
	_, off := t.Zone()
	for t.Before(limit) {
		_, end := t.ZoneBounds()
		switch {
		case end.IsZero():
			return time.Time{}, false
		case !end.After(t):
			end = t.Add(time.Hour)
		}
		if _, o := end.Zone(); o != off {
			return end, end.Before(limit)
		}
		t = end
	}
	return time.Time{}, false
}

// nthWeekday returns the day of the month of the nth weekday (n = -1:
// the last) of month m in year y.
func nthWeekday(y int, m time.Month, wd time.Weekday, n int) int {
	if n < 0 {
		last := daysIn(y, m)
		lastWd := time.Date(y, m, last, 0, 0, 0, 0, time.UTC).Weekday()
		return last - (int(lastWd)-int(wd)+7)%7
	}
	firstWd := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC).Weekday()
	return 1 + (int(wd)-int(firstWd)+7)%7 + 7*(n-1)
}

func daysIn(y int, m time.Month) int { return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day() }

// zoneRules derives yearly rules ("last Sunday of March at 02:00") from
// the transitions of year and checks them against the years around it.
// A zone whose changes follow no such rule is an error.
func zoneRules(loc *time.Location, year int) ([]transition, error) {
	rules := transitions(loc, year)
	for y := year - 2; y <= year+3; y++ {
		got := transitions(loc, y)
		if len(got) != len(rules) {
			return nil, fmt.Errorf("ical: time zone %s changes its rules in %d", loc, y)
		}
		for i, r := range rules {
			g := got[i]
			if r.nth == -1 && r.lastOfMany && g.nth != -1 {
				rules[i].nth = (r.local.Day()-1)/7 + 1 // it was the 4th, not the last
				r = rules[i]
			}
			day := nthWeekday(y, r.month, r.weekday, r.nth)
			if g.local.Month() != r.month || g.local.Day() != day || g.from != r.from || g.to != r.to ||
				g.local.Hour() != r.local.Hour() || g.local.Minute() != r.local.Minute() {
				return nil, fmt.Errorf("ical: time zone %s follows no yearly rule in %d", loc, y)
			}
		}
	}
	return rules, nil
}

// writeTimezone writes the VTIMEZONE of loc, given its rules around year
// (none: a fixed offset).
func writeTimezone(lw *lineWriter, loc *time.Location, rules []transition, year int) {
	lw.line("BEGIN", "VTIMEZONE")
	lw.line("TZID", loc.String())
	if len(rules) == 0 {
		name, off := time.Date(year, time.January, 1, 0, 0, 0, 0, loc).Zone()
		lw.line("BEGIN", "STANDARD")
		lw.line("TZOFFSETFROM", formatOffset(off))
		lw.line("TZOFFSETTO", formatOffset(off))
		lw.line("TZNAME", escapeText(name))
		lw.line("DTSTART", "19700101T000000")
		lw.line("END", "STANDARD")
	}
	for _, r := range rules {
		kind := "STANDARD"
		if r.daylight {
			kind = "DAYLIGHT"
		}
		start := time.Date(1970, r.month, nthWeekday(1970, r.month, r.weekday, r.nth),
			r.local.Hour(), r.local.Minute(), r.local.Second(), 0, time.UTC)
		lw.line("BEGIN", kind)
		lw.line("TZOFFSETFROM", formatOffset(r.from))
		lw.line("TZOFFSETTO", formatOffset(r.to))
		lw.line("TZNAME", escapeText(r.name))
		lw.line("DTSTART", start.Format(localFormat))
		lw.line("RRULE", fmt.Sprintf("FREQ=YEARLY;BYMONTH=%d;BYDAY=%d%s", int(r.month), r.nth, dayCodes[r.weekday]))
		lw.line("END", kind)
	}
	lw.line("END", "VTIMEZONE")
}

// formatOffset writes a UTC offset as RFC 5545 wants it: +0100, -0330.
func formatOffset(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	s := sign + two(sec/3600) + two(sec%3600/60)
	if sec%60 != 0 {
		s += two(sec % 60)
	}
	return s
}

func two(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// dayCodes are the RFC 5545 weekdays, indexed by time.Weekday.
var dayCodes = [7]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}
