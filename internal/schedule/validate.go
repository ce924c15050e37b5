package schedule

import (
	"slices"
	"time"

	"github.com/trama-welfare/trama/internal/platform/errs"
)

// Limits that keep every expansion small.
const (
	// MaxInterval is the largest INTERVAL accepted.
	MaxInterval = 99
	// MaxCount is the largest COUNT accepted.
	MaxCount = 1000
)

// rule is a checked Schedule, ready to expand: lists parsed, clocks in
// minutes, and the parts RFC 5545 takes from DTSTART made explicit.
type rule struct {
	s          Schedule
	loc        *time.Location
	interval   int
	days       []weekdayNum // BYDAY
	monthDays  []int        // BYMONTHDAY
	months     []int        // BYMONTH, only implied by a YEARLY rule's DTSTART
	opens      int          // minutes since midnight, or clockNone (all day)
	closes     int          // minutes since midnight, or clockNone
	wkst       time.Weekday // first day of the week
	fixedStart bool         // INTERVAL or COUNT count from DTStart: never move the anchor
	exceptions map[Date]bool
}

// Validate checks the schedule. It returns nil or an errs Invalid error
// whose Fields, named after the HSDS columns (freq, byday, opens_at…),
// carry i18n keys under schedule.errors.
func (s Schedule) Validate() error {
	r, f := s.check()
	if f == nil && !s.Until.IsZero() {
		if _, ok := r.first(); !ok {
			f.Add("until", "schedule.errors.never")
		}
	}
	return f.Err()
}

// check validates s and, when it is valid, compiles it.
func (s Schedule) check() (*rule, errs.Fields) {
	var f errs.Fields
	r := &rule{s: s, interval: max(s.Interval, 1), wkst: time.Monday}
	switch s.Freq {
	case FreqDaily, FreqWeekly, FreqMonthly, FreqYearly:
	default:
		f.Add("freq", "schedule.errors.freq")
	}
	if s.Interval < 0 || s.Interval > MaxInterval {
		f.Add("interval", "schedule.errors.interval", MaxInterval)
	}
	if s.Count < 0 || s.Count > MaxCount {
		f.Add("count", "schedule.errors.count", MaxCount)
	} else if s.Count > 0 && !s.Until.IsZero() {
		f.Add("count", "schedule.errors.count_until")
	}
	if s.Wkst != "" {
		if d, ok := parseDayCode(s.Wkst); ok {
			r.wkst = d
		} else {
			f.Add("wkst", "schedule.errors.wkst", s.Wkst)
		}
	}
	r.checkParts(&f)
	if loc, err := loadLocation(s.Timezone); err == nil {
		r.loc = loc
	} else {
		f.Add("timezone", "schedule.errors.timezone", s.Timezone)
	}
	r.checkClocks(&f)
	r.checkDates(&f)
	if len(f) > 0 {
		return nil, f
	}
	r.fixedStart = r.interval > 1 || s.Count > 0
	if r.fixedStart || r.needsStartDay() {
		if s.DTStart.IsZero() {
			f.Add("dtstart", "schedule.errors.dtstart")
			return nil, f
		}
	}
	r.implyFromStart()
	if r.empty() {
		f.Add("freq", "schedule.errors.never")
		return nil, f
	}
	return r, nil
}

// checkParts validates the BYxxx lists against each other and FREQ.
func (r *rule) checkParts(f *errs.Fields) {
	s := r.s
	for _, v := range s.ByDay {
		w, ok := parseWeekdayNum(v)
		switch {
		case !ok || s.Freq == FreqMonthly && (w.n > 5 || w.n < -5):
			f.Add("byday", "schedule.errors.byday", v)
		case w.n != 0 && s.Freq != FreqMonthly && s.Freq != FreqYearly:
			f.Add("byday", "schedule.errors.byday_nth", v)
		case !slices.Contains(r.days, w):
			r.days = append(r.days, w)
		}
	}
	for _, v := range s.ByMonthDay {
		if v == 0 || v < -31 || v > 31 {
			f.Add("bymonthday", "schedule.errors.bymonthday", v)
		} else if s.Freq == FreqWeekly {
			f.Add("bymonthday", "schedule.errors.bymonthday_freq")
		} else if !slices.Contains(r.monthDays, v) {
			r.monthDays = append(r.monthDays, v)
		}
	}
	for _, v := range s.ByWeekNo {
		if v == 0 || v < -53 || v > 53 {
			f.Add("byweekno", "schedule.errors.byweekno", v)
		} else if s.Freq != FreqYearly {
			f.Add("byweekno", "schedule.errors.byweekno_freq")
		}
	}
	for _, v := range s.ByYearDay {
		if v == 0 || v < -366 || v > 366 {
			f.Add("byyearday", "schedule.errors.byyearday", v)
		} else if s.Freq != FreqYearly {
			f.Add("byyearday", "schedule.errors.byyearday_freq")
		}
	}
}

// checkClocks validates the opening hours.
func (r *rule) checkClocks(f *errs.Fields) {
	opens, okOpens := parseClock(r.s.OpensAt)
	closes, okCloses := parseClock(r.s.ClosesAt)
	if !okOpens || opens >= 24*60 {
		f.Add("opens_at", "schedule.errors.time_format")
	}
	if !okCloses {
		f.Add("closes_at", "schedule.errors.time_format")
	}
	if f.Has("opens_at") || f.Has("closes_at") {
		return
	}
	switch {
	case opens == clockNone && closes != clockNone:
		f.Add("opens_at", "schedule.errors.opens_missing")
	case closes != clockNone && closes <= opens:
		f.Add("closes_at", "schedule.errors.times")
	}
	r.opens, r.closes = opens, closes
}

// checkDates validates the dates and how they relate.
func (r *rule) checkDates(f *errs.Fields) {
	s := r.s
	for field, d := range map[string]Date{"valid_from": s.ValidFrom, "valid_to": s.ValidTo, "dtstart": s.DTStart, "until": s.Until} {
		if !d.IsZero() && !d.Valid() {
			f.Add(field, "schedule.errors.date", minYear, maxYear)
		}
	}
	r.exceptions = make(map[Date]bool, len(s.Exceptions))
	for _, d := range s.Exceptions {
		if !d.Valid() {
			f.Add("exceptions", "schedule.errors.date", minYear, maxYear)
		}
		r.exceptions[d] = true
	}
	switch {
	case s.Seasonal && (s.ValidFrom.IsZero() || s.ValidTo.IsZero()):
		f.Add("valid_from", "schedule.errors.seasonal")
	case !s.Seasonal && !s.ValidFrom.IsZero() && !s.ValidTo.IsZero() && s.ValidTo.Before(s.ValidFrom):
		f.Add("valid_to", "schedule.errors.valid_range")
	}
	if !s.Until.IsZero() && !s.DTStart.IsZero() && s.Until.Before(s.DTStart) {
		f.Add("until", "schedule.errors.until")
	}
}

// needsStartDay tells whether the rule names no day, so that RFC 5545
// takes it from DTSTART (WEEKLY: its weekday; MONTHLY: its day of the
// month; YEARLY: its month and day).
func (r *rule) needsStartDay() bool {
	s := r.s
	return s.Freq != FreqDaily && len(r.days) == 0 && len(r.monthDays) == 0 &&
		len(s.ByWeekNo) == 0 && len(s.ByYearDay) == 0
}

// implyFromStart writes down the parts a rule takes from DTSTART, so the
// expansion may start from any date.
func (r *rule) implyFromStart() {
	if !r.needsStartDay() {
		return
	}
	d := r.s.DTStart
	switch r.s.Freq {
	case FreqWeekly:
		r.days = []weekdayNum{{day: d.Weekday()}}
	case FreqMonthly:
		r.monthDays = []int{d.Day}
	case FreqYearly:
		r.months = []int{int(d.Month)}
		r.monthDays = []int{d.Day}
	}
}
