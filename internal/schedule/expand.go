package schedule

import (
	"iter"
	"time"

	"github.com/teambition/rrule-go"
)

// MaxOccurrences caps what Occurrences returns when no limit is given.
const MaxOccurrences = 10000

// Occurrence is one concrete time the schedule happens, in the schedule's
// time zone.
type Occurrence struct {
	Start time.Time
	// End equals Start when the schedule has no closing time, and is the
	// next midnight when it lasts all day.
	End time.Time
	// AllDay is set when the schedule has no opening time.
	AllDay bool
}

// Occurrences returns the occurrences starting in [from, to), oldest
// first, at most limit of them (MaxOccurrences when limit <= 0). It
// honours the validity period, Until, Count and the exceptions, and keeps
// local wall-clock times across daylight saving changes. An invalid
// schedule has no occurrences.
func (s Schedule) Occurrences(from, to time.Time, limit int) []Occurrence {
	if limit <= 0 || limit > MaxOccurrences {
		limit = MaxOccurrences
	}
	r, f := s.check()
	if f != nil {
		return nil
	}
	var out []Occurrence
	for o := range r.occurrences(DateOf(from.In(r.loc))) {
		if !o.Start.Before(to) {
			break
		}
		if o.Start.Before(from) {
			continue
		}
		out = append(out, o)
		if len(out) == limit {
			break
		}
	}
	return out
}

// Next returns the first occurrence starting after the given time.
func (s Schedule) Next(after time.Time) (Occurrence, bool) {
	r, f := s.check()
	if f != nil {
		return Occurrence{}, false
	}
	for o := range r.occurrences(DateOf(after.In(r.loc))) {
		if o.Start.After(after) {
			return o, true
		}
	}
	return Occurrence{}, false
}

// occurrences yields the occurrences from day on (and possibly a few
// before it), with the validity period and the exceptions applied.
func (r *rule) occurrences(day Date) iter.Seq[Occurrence] {
	return func(yield func(Occurrence) bool) {
		for start := range r.raw(day) {
			d := DateOf(start)
			if r.pastValidity(d) {
				return
			}
			if !r.valid(d) || r.exceptions[d] {
				continue
			}
			if !yield(r.occurrence(d)) {
				return
			}
		}
	}
}

// occurrence builds the occurrence on day d from the wall-clock hours, so
// both ends keep their local time whatever the UTC offset.
func (r *rule) occurrence(d Date) Occurrence {
	if r.opens == clockNone {
		return Occurrence{Start: d.In(r.loc), End: d.AddDays(1).In(r.loc), AllDay: true}
	}
	o := Occurrence{Start: d.At(r.opens, r.loc)}
	o.End = o.Start
	if r.closes != clockNone {
		o.End = d.At(r.closes, r.loc)
	}
	if o.End.Before(o.Start) { // a wall clock skipped by a DST change
		o.End = o.Start
	}
	return o
}

// valid tells whether day d lies in the validity period.
func (r *rule) valid(d Date) bool {
	s := r.s
	if !s.Seasonal {
		return (s.ValidFrom.IsZero() || !d.Before(s.ValidFrom)) && (s.ValidTo.IsZero() || !d.After(s.ValidTo))
	}
	md := monthDay(d)
	from, to := monthDay(s.ValidFrom), monthDay(s.ValidTo)
	if from <= to {
		return from <= md && md <= to
	}
	return md >= from || md <= to
}

// pastValidity tells whether no occurrence can follow day d.
func (r *rule) pastValidity(d Date) bool {
	s := r.s
	return d.Year > maxYear || !s.Seasonal && !s.ValidTo.IsZero() && d.After(s.ValidTo)
}

func monthDay(d Date) int { return int(d.Month)*100 + d.Day }

// raw yields the start of every occurrence of the recurrence rule alone
// (Until and Count, but no validity or exceptions), from day on when the
// rule allows starting anywhere, else from DTStart.
func (r *rule) raw(day Date) iter.Seq[time.Time] {
	return func(yield func(time.Time) bool) {
		rr, err := rrule.NewRRule(r.options(r.anchor(day)))
		if err != nil {
			return
		}
		next := rr.Iterator()
		for t, ok := next(); ok; t, ok = next() {
			if !yield(t) {
				return
			}
		}
	}
}

// empty tells whether the rule alone (without Until or Count) never
// yields an occurrence. The Gregorian calendar repeats every 400 years
// (146097 days, whole weeks), so a rule silent for 400×INTERVAL years is
// silent for ever. rrule-go gives up only at the year 9999, so the check
// moves the start by whole cycles close to it: an impossible rule ("the
// fifth Monday, when it is the 1st") then costs one or two cycles of
// scanning, not eight millennia, and a possible one answers at once.
func (r *rule) empty() bool {
	const lastYear = 9999 // rrule-go's MAXYEAR
	cycle := 400 * r.interval
	a := r.anchor(Date{})
	for a.Year+2*cycle <= lastYear {
		a.Year += cycle
	}
	o := r.options(a)
	o.Until, o.Count = time.Time{}, 0
	rr, err := rrule.NewRRule(o)
	if err != nil {
		return true
	}
	_, ok := rr.Iterator()()
	return !ok
}

// first returns the first occurrence of the rule alone, if it has any.
func (r *rule) first() (time.Time, bool) {
	for t := range r.raw(Date{}) {
		return t, true
	}
	return time.Time{}, false
}

// anchor is the DTSTART given to rrule-go: DTStart when INTERVAL or COUNT
// count from it; otherwise the latest of DTStart, ValidFrom and the day
// before day, so that expanding next year's dates does not walk from 2010.
func (r *rule) anchor(day Date) Date {
	s := r.s
	a := s.DTStart
	if r.fixedStart {
		return a
	}
	if !s.Seasonal && s.ValidFrom.After(a) {
		a = s.ValidFrom
	}
	if !day.IsZero() && day.AddDays(-1).After(a) {
		a = day.AddDays(-1)
	}
	if a.Year < minYear {
		a = NewDate(minYear, time.January, 1)
	}
	return a
}

// options translates the rule for rrule-go, starting on day a.
func (r *rule) options(a Date) rrule.ROption {
	s := r.s
	o := rrule.ROption{
		Freq:       map[Freq]rrule.Frequency{FreqDaily: rrule.DAILY, FreqWeekly: rrule.WEEKLY, FreqMonthly: rrule.MONTHLY, FreqYearly: rrule.YEARLY}[s.Freq],
		Dtstart:    a.At(max(r.opens, 0), r.loc),
		Interval:   r.interval,
		Wkst:       rruleDays[r.wkst],
		Count:      s.Count,
		Bymonth:    r.months,
		Bymonthday: r.monthDays,
		Byweekno:   s.ByWeekNo,
		Byyearday:  s.ByYearDay,
		// Explicit hours keep the wall clock even when DTSTART falls in
		// the hour skipped by a DST change.
		Byhour:   []int{max(r.opens, 0) / 60},
		Byminute: []int{max(r.opens, 0) % 60},
		Bysecond: []int{0},
	}
	for _, w := range r.days {
		o.Byweekday = append(o.Byweekday, rruleDays[w.day].Nth(w.n))
	}
	if !s.Until.IsZero() {
		o.Until = time.Date(s.Until.Year, s.Until.Month, s.Until.Day, 23, 59, 59, 0, r.loc)
	}
	return o
}

// rruleDays maps time.Weekday to rrule-go's weekdays.
var rruleDays = [7]rrule.Weekday{rrule.SU, rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA}
