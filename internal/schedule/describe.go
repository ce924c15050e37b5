package schedule

import (
	"slices"
	"strings"
	"time"
)

// Describe renders the schedule in words, in Italian ("it", the default)
// or English ("en", "en-GB"…), starting lower case so it can follow a
// label or be capitalised:
//
//	ogni sabato, 15:00–18:00, da settembre a giugno
//	il primo lunedì del mese, 20:45–22:30 (tranne 25 dicembre, 1° gennaio)
//	every Saturday, 15:00–18:00, September to June
//
// An invalid schedule is described by its Description field.
func (s Schedule) Describe(lang string) string {
	r, f := s.check()
	if f != nil {
		return s.Description
	}
	return r.describe(phrasebookFor(lang))
}

// unit is the period an interval counts.
type unit int

const (
	days unit = iota
	weeks
	months
	years
)

// phrasebook holds one language's words and grammar. The logic choosing
// what to say lives in this file; how to say it, in describe_<lang>.go.
type phrasebook interface {
	everyDay() string
	// everyN says "every n units", n > 1.
	everyN(n int, u unit) string
	// withInterval joins an interval and the days it applies to.
	withInterval(every, what string, u unit) string
	// weekdays lists days (Monday first), collapsing runs into ranges;
	// every asks for "every Saturday" rather than "Saturday" for one day.
	weekdays(days []time.Weekday, every bool) string
	// nthWeekdays says "the first Monday", of the month or of the year.
	nthWeekdays(items []weekdayNum, u unit) string
	// monthDays says "the 15th of every month" (every) or "… of the month".
	monthDays(days []int, every bool) string
	yearDays(days []int) string
	weekNumbers(nos []int) string
	// yearDate says "25 December of every year".
	yearDate(m time.Month, day int, every bool) string
	// ifWeekdays and ifMonthDays narrow a phrase: "if it is a Friday".
	ifWeekdays(days []time.Weekday) string
	ifMonthDays(days []int) string
	// date is a one-off date, with its year.
	date(d Date) string
	// hours says "9:00–12:00", or "at 20:45" without a closing time.
	hours(opens, closes int) string
	// season is a validity period recurring every year.
	season(from, to Date) string
	// span is a validity period; either end may be zero.
	span(from, to Date) string
	count(n int) string
	// except lists the exceptions, with years or not.
	except(dates []Date, withYear bool) string
	// list joins items: "a, b e c".
	list(items []string) string
}

// phrasebookFor picks the language: English for "en" and its variants,
// Italian otherwise.
func phrasebookFor(lang string) phrasebook {
	if l := strings.ToLower(lang); l == "en" || strings.HasPrefix(l, "en-") || strings.HasPrefix(l, "en_") {
		return english{}
	}
	return italian{}
}

// describe renders a checked schedule.
func (r *rule) describe(p phrasebook) string {
	var parts []string
	if r.s.IsOneOff() {
		parts = append(parts, p.date(r.oneOffDate()))
	} else {
		parts = append(parts, r.recurrence(p))
	}
	if h := p.hours(r.opens, r.closes); h != "" {
		parts = append(parts, h)
	}
	if !r.s.IsOneOff() {
		parts = append(parts, r.period(p)...)
	}
	out := strings.Join(parts, ", ")
	if ex := r.cancelled(); len(ex) > 0 && !r.s.IsOneOff() {
		out += " " + p.except(ex, spansYears(ex))
	}
	return out
}

// oneOffDate is the day of a one-off schedule's occurrence (DTStart if
// the rule skips it).
func (r *rule) oneOffDate() Date {
	for t := range r.raw(Date{}) {
		return DateOf(t)
	}
	return r.s.DTStart
}

// recurrence says how the rule repeats, without hours or validity.
func (r *rule) recurrence(p phrasebook) string {
	plain, nth := splitDays(r.days)
	switch r.s.Freq {
	case FreqDaily:
		return r.daily(p, plain)
	case FreqWeekly:
		return r.weekly(p, plain)
	case FreqMonthly:
		return r.monthly(p, plain, nth)
	default:
		return r.yearly(p, plain, nth)
	}
}

func (r *rule) daily(p phrasebook, plain []time.Weekday) string {
	switch {
	case len(r.monthDays) > 0:
		what := p.monthDays(r.monthDays, true)
		if len(plain) > 0 {
			what += ", " + p.ifWeekdays(plain)
		}
		return r.every(p, what, days)
	case len(plain) > 0:
		return r.weekly(p, plain)
	case r.interval > 1:
		return p.everyN(r.interval, days)
	}
	return p.everyDay()
}

func (r *rule) weekly(p phrasebook, plain []time.Weekday) string {
	if r.interval == 1 {
		if len(plain) == 7 {
			return p.everyDay()
		}
		return p.weekdays(plain, true)
	}
	return p.withInterval(p.everyN(r.interval, weeks), p.weekdays(plain, false), weeks)
}

func (r *rule) monthly(p phrasebook, plain []time.Weekday, nth []weekdayNum) string {
	var what string
	switch {
	case len(nth) > 0:
		what = p.nthWeekdays(nth, months)
		if len(r.monthDays) > 0 {
			what += ", " + p.ifMonthDays(r.monthDays)
		}
		if len(plain) > 0 {
			what += ", " + p.ifWeekdays(plain)
		}
	case len(r.monthDays) > 0:
		what = p.monthDays(r.monthDays, r.interval == 1)
		if len(plain) > 0 {
			what += ", " + p.ifWeekdays(plain)
		}
	default:
		what = p.weekdays(plain, r.interval == 1)
	}
	return r.every(p, what, months)
}

func (r *rule) yearly(p phrasebook, plain []time.Weekday, nth []weekdayNum) string {
	s := r.s
	var parts []string
	switch {
	case len(r.months) > 0: // the day of DTStart, every year
		return r.every(p, p.yearDate(time.Month(r.months[0]), r.monthDays[0], r.interval == 1), years)
	case len(s.ByYearDay) > 0:
		parts = append(parts, p.yearDays(s.ByYearDay))
	case len(r.monthDays) > 0:
		parts = append(parts, p.monthDays(r.monthDays, true))
	}
	if len(nth) > 0 {
		parts = append(parts, p.nthWeekdays(nth, years))
	}
	if len(plain) > 0 {
		if len(parts) > 0 {
			parts = append(parts, p.ifWeekdays(plain))
		} else {
			parts = append(parts, p.weekdays(plain, len(s.ByWeekNo) == 0))
		}
	}
	if len(s.ByWeekNo) > 0 {
		parts = append(parts, p.weekNumbers(s.ByWeekNo))
	}
	return r.every(p, strings.Join(parts, ", "), years)
}

// every prefixes an interval greater than one.
func (r *rule) every(p phrasebook, what string, u unit) string {
	if r.interval == 1 {
		return what
	}
	return p.withInterval(p.everyN(r.interval, u), what, u)
}

// period says when the schedule holds: season, start and end, count.
func (r *rule) period(p phrasebook) []string {
	s := r.s
	var out []string
	var from, to Date
	if s.Seasonal {
		out = append(out, p.season(s.ValidFrom, s.ValidTo))
	} else {
		from, to = s.ValidFrom, s.ValidTo
	}
	if from.IsZero() && (s.Count > 0 || r.interval > 1) {
		from = s.DTStart
	}
	if !s.Until.IsZero() && (to.IsZero() || s.Until.Before(to)) {
		to = s.Until
	}
	if !from.IsZero() || !to.IsZero() {
		out = append(out, p.span(from, to))
	}
	if s.Count > 1 {
		out = append(out, p.count(s.Count))
	}
	return out
}

// cancelled returns, in order, the exceptions that remove an occurrence:
// a holiday on a day the schedule does not run is not worth saying.
func (r *rule) cancelled() []Date {
	var out []Date
	for d := range r.exceptions {
		if !r.valid(d) {
			continue
		}
		for t := range r.raw(d) {
			if td := DateOf(t); td == d {
				out = append(out, d)
			} else if !td.Before(d) {
				break
			}
		}
	}
	slices.SortFunc(out, Date.Compare)
	return out
}

// spansYears tells whether sorted dates need their years to be clear:
// they do unless all fall within twelve months.
func spansYears(dates []Date) bool {
	return len(dates) > 0 && dates[0].AddDays(365).Before(dates[len(dates)-1])
}

// splitDays separates BYDAY items without an ordinal (Monday first) from
// those with one.
func splitDays(items []weekdayNum) (plain []time.Weekday, nth []weekdayNum) {
	for _, w := range items {
		if w.n == 0 {
			plain = append(plain, w.day)
		} else {
			nth = append(nth, w)
		}
	}
	slices.SortFunc(plain, func(a, b time.Weekday) int { return mondayIndex(a) - mondayIndex(b) })
	return plain, nth
}

// dayRuns groups days (Monday first, no repeats) into runs of consecutive
// days.
func dayRuns(days []time.Weekday) [][]time.Weekday {
	var runs [][]time.Weekday
	for _, d := range days {
		if n := len(runs); n > 0 {
			last := runs[n-1]
			if mondayIndex(last[len(last)-1])+1 == mondayIndex(d) {
				runs[n-1] = append(last, d)
				continue
			}
		}
		runs = append(runs, []time.Weekday{d})
	}
	return runs
}

// joinList joins items as "a, b and c" with the given conjunction.
func joinList(items []string, and string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + and + " " + items[len(items)-1]
}
