// Package schedule models when a service or an activity happens, the way
// Open Referral HSDS 3.0 stores it: the parts of an RFC 5545 recurrence
// rule (FREQ, INTERVAL, BYDAY…) plus opening hours, a validity period and,
// as a Trama extension, exception dates and yearly seasons.
//
// From one Schedule the package gives the concrete occurrences (correct
// across daylight saving changes), the answers search filters need
// ("open on Saturday afternoon?"), a week grid for service pages, and a
// natural description in Italian or English. The subpackage ical writes
// schedules as iCalendar feeds.
//
// The recurrence expansion is done by github.com/teambition/rrule-go; none
// of its types appear in this package's API.
package schedule

import (
	"sync"
	"time"

	_ "time/tzdata" // Europe/Rome must load even where the system has no zoneinfo
)

// DefaultTimezone is the zone of a schedule whose Timezone is empty.
const DefaultTimezone = "Europe/Rome"

// Freq is how often a schedule repeats (RFC 5545 FREQ).
type Freq string

// The frequencies Trama supports. HSDS 3.0 lists WEEKLY and MONTHLY; DAILY
// and YEARLY come from RFC 5545 and serve one-off events and yearly dates.
const (
	FreqDaily   Freq = "DAILY"
	FreqWeekly  Freq = "WEEKLY"
	FreqMonthly Freq = "MONTHLY"
	FreqYearly  Freq = "YEARLY"
)

// Schedule is one recurring time slot of a service, location or activity:
// for example "every Saturday, 15:00–18:00, from September to June". A
// service open at different hours on different days has several.
//
// Fields follow the HSDS 3.0 schedule object; the RRULE parts keep their
// RFC 5545 meaning. The zero value is not valid: Freq is required.
type Schedule struct {
	// ValidFrom and ValidTo bound the period in which the schedule holds,
	// both days included; either may be zero (open-ended).
	ValidFrom Date
	ValidTo   Date
	// Seasonal (Trama extension) makes the validity period recur every
	// year: only the month and day of ValidFrom and ValidTo count, and
	// ValidFrom may fall after ValidTo (September to June).
	Seasonal bool

	// DTStart is the date of the first occurrence. It anchors INTERVAL and
	// COUNT, and gives the day when the rule names none (WEEKLY without
	// BYDAY repeats on DTStart's weekday).
	DTStart Date
	// Timezone is an IANA zone name; empty means DefaultTimezone.
	Timezone string

	// Until is the last day on which an occurrence may start (RRULE UNTIL).
	Until Date
	// Count is the number of occurrences, counted from DTStart (RRULE COUNT).
	// Zero means no limit. Until and Count exclude each other.
	Count int
	// Wkst is the first day of the week (MO…SU) for WEEKLY rules with an
	// interval; empty means Monday.
	Wkst string

	Freq Freq
	// Interval: 2 with WEEKLY means every other week. Zero means 1.
	Interval int
	// ByDay holds RFC 5545 weekdays: "SA"; "MO","WE","FR"; with MONTHLY
	// or YEARLY also an ordinal, "1MO" (first Monday), "-1FR" (last Friday).
	ByDay []string
	// ByMonthDay holds days of the month, 1 to 31 or -1 (last) to -31.
	ByMonthDay []int
	// ByWeekNo holds ISO week numbers, 1 to 53 or -1 to -53 (YEARLY only).
	ByWeekNo []int
	// ByYearDay holds days of the year, 1 to 366 or -1 to -366 (YEARLY only).
	ByYearDay []int

	// OpensAt and ClosesAt are local times of day, "HH:MM" ("HH:MM:00" is
	// accepted too). ClosesAt may be "24:00". Without OpensAt the schedule
	// lasts all day; without ClosesAt it is a moment (an event's start).
	OpensAt  string
	ClosesAt string

	// Description and Notes are free text from the operator.
	Description string
	Notes       string

	// Exceptions (Trama extension, iCalendar EXDATE) are days on which the
	// schedule does not happen: holidays, closures.
	Exceptions []Date
}

// Weekly returns a schedule repeating every week on days, from opens to
// closes ("HH:MM", both may be empty).
func Weekly(days []time.Weekday, opens, closes string) Schedule {
	s := Schedule{Freq: FreqWeekly, Interval: 1, OpensAt: opens, ClosesAt: closes}
	for _, d := range days {
		s.ByDay = append(s.ByDay, dayCode(d))
	}
	return s
}

// MonthlyNth returns a schedule on the nth given weekday of every month:
// n = 1 is the first, n = -1 the last.
func MonthlyNth(n int, day time.Weekday, opens, closes string) Schedule {
	return Schedule{
		Freq: FreqMonthly, Interval: 1, OpensAt: opens, ClosesAt: closes,
		ByDay: []string{weekdayNum{n: n, day: day}.String()},
	}
}

// OneOff returns a schedule that happens once, on date.
func OneOff(date Date, opens, closes string) Schedule {
	return Schedule{Freq: FreqDaily, Interval: 1, Count: 1, DTStart: date, OpensAt: opens, ClosesAt: closes}
}

// Location returns the schedule's time zone, DefaultTimezone when Timezone
// is empty or unknown (Validate reports the latter).
func (s Schedule) Location() *time.Location {
	if loc, err := loadLocation(s.Timezone); err == nil {
		return loc
	}
	loc, _ := loadLocation(DefaultTimezone)
	return loc
}

// IsOneOff tells whether the schedule happens at most once.
func (s Schedule) IsOneOff() bool { return s.Count == 1 }

var locations sync.Map // name → *time.Location

// loadLocation loads an IANA zone once. "Local" is refused: a schedule
// must not depend on the server's settings.
func loadLocation(name string) (*time.Location, error) {
	if name == "" {
		name = DefaultTimezone
	}
	if v, ok := locations.Load(name); ok {
		return v.(*time.Location), nil
	}
	if name == "Local" || len(name) > 64 {
		return nil, errUnknownZone
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	locations.Store(name, loc)
	return loc, nil
}

type zoneError struct{}

func (zoneError) Error() string { return "schedule: unknown time zone" }

var errUnknownZone error = zoneError{}
