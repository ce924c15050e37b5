package schedule

import (
	"slices"
	"time"
)

// OnWeekday tells whether the schedule can happen on weekday d: its rule
// names that day, or names days of the month or year that may fall on
// any weekday. A schedule with a COUNT is answered from its actual
// occurrences. An invalid schedule happens on no day.
func (s Schedule) OnWeekday(d time.Weekday) bool {
	r, f := s.check()
	if f != nil {
		return false
	}
	return r.weekdays()[d]
}

// Covers tells whether the schedule runs on weekday d at minuteOfDay
// (0 = midnight, 900 = 15:00): opening time included, closing time
// excluded. A schedule without hours covers the whole day; one with only
// an opening time covers that minute.
func (s Schedule) Covers(d time.Weekday, minuteOfDay int) bool {
	if minuteOfDay < 0 || minuteOfDay >= 24*60 {
		return false
	}
	return s.Overlaps(d, minuteOfDay, minuteOfDay+1)
}

// Overlaps tells whether the schedule runs on weekday d at some time
// between the minutes from (included) and to (excluded): for example
// Overlaps(time.Saturday, 12*60, 19*60) answers "Saturday afternoon".
func (s Schedule) Overlaps(d time.Weekday, from, to int) bool {
	r, f := s.check()
	if f != nil || from >= to || !r.weekdays()[d] {
		return false
	}
	switch {
	case r.opens == clockNone:
		return true
	case r.closes == clockNone:
		return from <= r.opens && r.opens < to
	default:
		return r.opens < to && from < r.closes
	}
}

// ActiveOn tells whether the schedule is in force on date: inside its
// validity period (every year, when Seasonal), not before DTStart and not
// after Until. It does not say whether an occurrence falls on that date:
// see OccursOn.
func (s Schedule) ActiveOn(date Date) bool {
	r, f := s.check()
	if f != nil {
		return false
	}
	return r.valid(date) && !date.Before(s.DTStart) && (s.Until.IsZero() || !date.After(s.Until))
}

// OccursOn tells whether an occurrence starts on date (in the schedule's
// time zone), exceptions and validity included.
func (s Schedule) OccursOn(date Date) bool {
	r, f := s.check()
	if f != nil {
		return false
	}
	for o := range r.occurrences(date) {
		od := DateOf(o.Start)
		if od.After(date) {
			break
		}
		if od == date {
			return true
		}
	}
	return false
}

// weekdays returns the weekdays on which the rule may happen.
func (r *rule) weekdays() [7]bool {
	var w [7]bool
	if r.s.Count > 0 {
		for o := range r.occurrences(Date{}) {
			w[o.Start.Weekday()] = true
		}
		return w
	}
	switch {
	case len(r.days) > 0:
		for _, d := range r.days {
			w[d.day] = true
		}
	case r.s.Freq == FreqDaily && r.interval%7 == 0:
		w[r.s.DTStart.Weekday()] = true
	default:
		for i := range w {
			w[i] = true
		}
	}
	return w
}

// plainDays returns the weekdays of a rule that repeats on the same
// weekdays every week (WEEKLY or DAILY, interval 1, no COUNT, no days of
// the month or year), Monday first, or nil for any other rule.
func (r *rule) plainDays() []time.Weekday {
	s := r.s
	if s.Freq != FreqWeekly && s.Freq != FreqDaily || r.interval != 1 || s.Count > 0 || len(r.monthDays) > 0 {
		return nil
	}
	var days []time.Weekday
	for i := range 7 {
		d := fromMondayIndex(i)
		if len(r.days) == 0 || slices.Contains(r.days, weekdayNum{day: d}) {
			days = append(days, d)
		}
	}
	return days
}

// Season returns the concrete validity period that contains day d or,
// if none does, the next one to begin after it. For a Seasonal schedule
// that is this year's (or next year's) September to June; for any other
// it is ValidFrom and ValidTo as they are. Exports to HSDS, whose
// valid_from and valid_to are plain dates, need it.
func (s Schedule) Season(d Date) (from, to Date) {
	if !s.Seasonal || s.ValidFrom.IsZero() || s.ValidTo.IsZero() {
		return s.ValidFrom, s.ValidTo
	}
	wraps := monthDay(s.ValidFrom) > monthDay(s.ValidTo)
	for y := d.Year - 1; ; y++ {
		from = clampDate(y, s.ValidFrom.Month, s.ValidFrom.Day)
		to = clampDate(y, s.ValidTo.Month, s.ValidTo.Day)
		if wraps {
			to = clampDate(y+1, s.ValidTo.Month, s.ValidTo.Day)
		}
		if !to.Before(d) {
			return from, to
		}
	}
}

// clampDate returns y-m-d, or the last day of the month if it has fewer
// days (29 February in a common year).
func clampDate(y int, m time.Month, d int) Date {
	return Date{y, m, min(d, daysIn(y, m))}
}
