package ical

import (
	"slices"
	"strings"
	"time"

	"github.com/trama-welfare/trama/internal/schedule"
)

// SeasonsAhead is how many seasons EventsFor writes for a seasonal
// schedule: the current (or next) one and the one after.
const SeasonsAhead = 2

// EventsFor turns schedule s into the VEVENTs of its occurrences from the
// day of from on (today, when from is zero), copying the other properties
// (UID, SUMMARY, LOCATION…) from tmpl.
//
// A schedule becomes one VEVENT: DTSTART and DTEND are its first
// occurrence, the RRULE ends (UNTIL, in UTC as RFC 5545 wants with a
// TZID) where Until, Count or ValidTo end it, and the exceptions that
// cancel an occurrence become EXDATEs. A one-off has no RRULE. A seasonal
// schedule becomes one VEVENT per season, SeasonsAhead of them, whose
// UIDs get the season's first year ("uid-2026@host"). An invalid schedule
// gives its validation error; one with no occurrence left, no event.
func EventsFor(s schedule.Schedule, tmpl Event, from time.Time) ([]Event, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	loc := s.Location()
	if from.IsZero() {
		from = time.Now()
	}
	day := schedule.DateOf(from.In(loc))
	if !s.Seasonal {
		if e, ok := eventFor(s, tmpl, day); ok {
			return []Event{e}, nil
		}
		return nil, nil
	}
	var out []Event
	for range SeasonsAhead {
		season := s
		season.Seasonal = false
		season.ValidFrom, season.ValidTo = s.Season(day)
		t := tmpl
		t.UID = withSuffix(tmpl.UID, "-"+season.ValidFrom.String()[:4])
		if e, ok := eventFor(season, t, day); ok {
			out = append(out, e)
		}
		day = season.ValidTo.AddDays(1)
	}
	return out, nil
}

// eventFor builds the VEVENT of a valid, non-seasonal schedule from day on.
func eventFor(s schedule.Schedule, e Event, day schedule.Date) (Event, bool) {
	loc := s.Location()
	begin := latest(day, s.DTStart, s.ValidFrom)
	rule := s
	rule.Exceptions = nil // the rule alone: exceptions become EXDATEs
	first, ok := rule.Next(begin.In(loc).Add(-time.Nanosecond))
	if !ok {
		return Event{}, false
	}
	e.Start, e.End, e.AllDay, e.RRule, e.ExDates = first.Start, time.Time{}, first.AllDay, "", nil
	if first.AllDay || s.ClosesAt != "" {
		e.End = first.End
	}
	last, bounded := lastStart(rule, first)
	if s.IsOneOff() || bounded && last.Equal(first.Start) {
		if slices.Contains(s.Exceptions, schedule.DateOf(first.Start)) {
			return Event{}, false
		}
		return e, true
	}
	e.RRule = recurrence(s, last, bounded, first.AllDay)
	e.ExDates = exDatesOf(s, rule, schedule.DateOf(first.Start), last, bounded)
	return e, true
}

// lastStart returns the start of the rule's last occurrence, when Count,
// Until or ValidTo bound it, else false. With Until or ValidTo it is
// the end of that day: any occurrence starting by then belongs.
func lastStart(rule schedule.Schedule, first schedule.Occurrence) (time.Time, bool) {
	loc := rule.Location()
	if rule.Count > 0 {
		occ := rule.Occurrences(first.Start, first.Start.AddDate(300, 0, 0), schedule.MaxCount)
		return occ[len(occ)-1].Start, true
	}
	end := rule.ValidTo
	if !rule.Until.IsZero() && (end.IsZero() || rule.Until.Before(end)) {
		end = rule.Until
	}
	if end.IsZero() {
		return time.Time{}, false
	}
	if first.AllDay {
		return end.In(loc), true
	}
	return end.AddDays(1).In(loc).Add(-time.Second), true
}

// recurrence writes the RRULE: the schedule's own parts, bounded by an
// UNTIL in UTC (a DATE for all-day events) instead of COUNT or a date.
func recurrence(s schedule.Schedule, last time.Time, bounded, allDay bool) string {
	s.Until, s.Count = schedule.Date{}, 0
	r := strings.TrimPrefix(s.RRULE(), "RRULE:")
	switch {
	case !bounded:
		return r
	case allDay:
		return r + ";UNTIL=" + last.Format(dateFormat)
	}
	return r + ";UNTIL=" + last.UTC().Format(utcFormat)
}

// exDatesOf returns the starts of the occurrences that the exceptions
// cancel, between the first day and the last start.
func exDatesOf(s, rule schedule.Schedule, firstDay schedule.Date, last time.Time, bounded bool) []time.Time {
	loc := s.Location()
	var out []time.Time
	for _, d := range s.Exceptions {
		if d.Before(firstDay) {
			continue
		}
		occ := rule.Occurrences(d.In(loc), d.AddDays(1).In(loc), 1)
		if len(occ) == 1 && (!bounded || !occ[0].Start.After(last)) {
			out = append(out, occ[0].Start)
		}
	}
	slices.SortFunc(out, time.Time.Compare)
	return slices.CompactFunc(out, time.Time.Equal)
}

// latest returns the latest of the dates that are set.
func latest(dates ...schedule.Date) schedule.Date {
	var out schedule.Date
	for _, d := range dates {
		if d.After(out) {
			out = d
		}
	}
	return out
}

// withSuffix adds suffix to a UID, before its "@host" if it has one.
func withSuffix(uid, suffix string) string {
	if i := strings.LastIndexByte(uid, '@'); i >= 0 {
		return uid[:i] + suffix + uid[i:]
	}
	return uid + suffix
}
