package schedule_test

import (
	"slices"
	"testing"
	"time"

	"github.com/trama-welfare/trama/internal/schedule"
)

func TestOccurrences(t *testing.T) {
	saturday := schedule.Weekly(weekdays(time.Saturday), "15:00", "18:00")
	tests := []struct {
		name     string
		s        schedule.Schedule
		from, to time.Time
		limit    int
		want     []string
	}{
		{"weekly", saturday, at(2026, 10, 1, 0, 0), at(2026, 10, 20, 0, 0), 0,
			[]string{"2026-10-03 15:00 CEST", "2026-10-10 15:00 CEST", "2026-10-17 15:00 CEST"}},
		{"limit", saturday, at(2026, 10, 1, 0, 0), at(2026, 12, 1, 0, 0), 2,
			[]string{"2026-10-03 15:00 CEST", "2026-10-10 15:00 CEST"}},
		{"from is inclusive, to exclusive", saturday, at(2026, 10, 3, 15, 0), at(2026, 10, 10, 15, 0), 0,
			[]string{"2026-10-03 15:00 CEST"}},
		{"started before from", saturday, at(2026, 10, 3, 16, 0), at(2026, 10, 11, 0, 0), 0,
			[]string{"2026-10-10 15:00 CEST"}},
		// 15:00 stays 15:00 on both sides of the changes of March and October.
		{"DST March", saturday, at(2026, 3, 20, 0, 0), at(2026, 4, 5, 0, 0), 0,
			[]string{"2026-03-21 15:00 CET", "2026-03-28 15:00 CET", "2026-04-04 15:00 CEST"}},
		{"DST October", schedule.Weekly(weekdays(time.Sunday), "15:00", "18:00"), at(2026, 10, 18, 0, 0), at(2026, 11, 2, 0, 0), 0,
			[]string{"2026-10-18 15:00 CEST", "2026-10-25 15:00 CET", "2026-11-01 15:00 CET"}},
		{"wall clock skipped by DST", schedule.Weekly(weekdays(time.Sunday), "02:30", "04:00"), at(2026, 3, 22, 0, 0), at(2026, 4, 6, 0, 0), 0,
			[]string{"2026-03-22 02:30 CET", "2026-03-29 03:30 CEST", "2026-04-05 02:30 CEST"}},
		{"first Monday", schedule.MonthlyNth(1, time.Monday, "20:45", "22:30"), at(2026, 1, 1, 0, 0), at(2026, 5, 1, 0, 0), 0,
			[]string{"2026-01-05 20:45 CET", "2026-02-02 20:45 CET", "2026-03-02 20:45 CET", "2026-04-06 20:45 CEST"}},
		{"last Friday", schedule.MonthlyNth(-1, time.Friday, "18:00", ""), at(2026, 1, 1, 0, 0), at(2026, 4, 1, 0, 0), 0,
			[]string{"2026-01-30 18:00 CET", "2026-02-27 18:00 CET", "2026-03-27 18:00 CET"}},
		{"every other Tuesday", schedule.Schedule{Freq: schedule.FreqWeekly, Interval: 2, ByDay: []string{"TU"}, DTStart: d(2026, 9, 8), OpensAt: "17:00", ClosesAt: "19:00"},
			at(2026, 9, 1, 0, 0), at(2026, 10, 15, 0, 0), 0,
			[]string{"2026-09-08 17:00 CEST", "2026-09-22 17:00 CEST", "2026-10-06 17:00 CEST"}},
		{"every other Tuesday, far from DTStart", schedule.Schedule{Freq: schedule.FreqWeekly, Interval: 2, ByDay: []string{"TU"}, DTStart: d(2026, 9, 8), OpensAt: "17:00"},
			at(2030, 1, 1, 0, 0), at(2030, 1, 25, 0, 0), 0,
			[]string{"2030-01-08 17:00 CET", "2030-01-22 17:00 CET"}},
		{"15th of the month", schedule.Schedule{Freq: schedule.FreqMonthly, ByMonthDay: []int{15}, OpensAt: "10:00"}, at(2026, 1, 1, 0, 0), at(2026, 3, 31, 0, 0), 0,
			[]string{"2026-01-15 10:00 CET", "2026-02-15 10:00 CET", "2026-03-15 10:00 CET"}},
		{"last day of the month", schedule.Schedule{Freq: schedule.FreqMonthly, ByMonthDay: []int{-1}, OpensAt: "10:00"}, at(2028, 1, 1, 0, 0), at(2028, 3, 1, 0, 0), 0,
			[]string{"2028-01-31 10:00 CET", "2028-02-29 10:00 CET"}},
		{"monthly on DTStart's day", schedule.Schedule{Freq: schedule.FreqMonthly, DTStart: d(2026, 1, 31), OpensAt: "10:00"}, at(2026, 1, 1, 0, 0), at(2026, 6, 1, 0, 0), 0,
			[]string{"2026-01-31 10:00 CET", "2026-03-31 10:00 CEST", "2026-05-31 10:00 CEST"}},
		{"one-off", schedule.OneOff(d(2024, 10, 25), "09:00", "13:00"), at(2024, 1, 1, 0, 0), at(2030, 1, 1, 0, 0), 0,
			[]string{"2024-10-25 09:00 CEST"}},
		{"count", schedule.Schedule{Freq: schedule.FreqWeekly, ByDay: []string{"TU"}, DTStart: d(2026, 10, 6), Count: 3, OpensAt: "17:00"}, at(2026, 1, 1, 0, 0), at(2028, 1, 1, 0, 0), 0,
			[]string{"2026-10-06 17:00 CEST", "2026-10-13 17:00 CEST", "2026-10-20 17:00 CEST"}},
		{"count includes exceptions", schedule.Schedule{Freq: schedule.FreqWeekly, ByDay: []string{"TU"}, DTStart: d(2026, 10, 6), Count: 3, OpensAt: "17:00",
			Exceptions: []schedule.Date{d(2026, 10, 13)}}, at(2026, 1, 1, 0, 0), at(2028, 1, 1, 0, 0), 0,
			[]string{"2026-10-06 17:00 CEST", "2026-10-20 17:00 CEST"}},
		{"until is inclusive", schedule.Schedule{Freq: schedule.FreqWeekly, ByDay: []string{"SU"}, Until: d(2026, 12, 20), OpensAt: "23:30"}, at(2026, 12, 1, 0, 0), at(2027, 2, 1, 0, 0), 0,
			[]string{"2026-12-06 23:30 CET", "2026-12-13 23:30 CET", "2026-12-20 23:30 CET"}},
		{"validity", schedule.Schedule{Freq: schedule.FreqWeekly, ByDay: []string{"SA"}, ValidFrom: d(2026, 10, 10), ValidTo: d(2026, 10, 24), OpensAt: "15:00"},
			at(2026, 9, 1, 0, 0), at(2027, 1, 1, 0, 0), 0,
			[]string{"2026-10-10 15:00 CEST", "2026-10-17 15:00 CEST", "2026-10-24 15:00 CEST"}},
		{"exceptions", schedule.Schedule{Freq: schedule.FreqDaily, OpensAt: "09:00", Exceptions: []schedule.Date{d(2026, 12, 25), d(2026, 12, 26), d(2030, 1, 1)}},
			at(2026, 12, 24, 0, 0), at(2026, 12, 28, 0, 0), 0,
			[]string{"2026-12-24 09:00 CET", "2026-12-27 09:00 CET"}},
		{"season September to June", schedule.Schedule{Freq: schedule.FreqMonthly, ByMonthDay: []int{1}, OpensAt: "09:00",
			Seasonal: true, ValidFrom: d(2000, 9, 1), ValidTo: d(2000, 6, 30)},
			at(2026, 5, 1, 0, 0), at(2026, 11, 1, 0, 0), 0,
			[]string{"2026-05-01 09:00 CEST", "2026-06-01 09:00 CEST", "2026-09-01 09:00 CEST", "2026-10-01 09:00 CEST"}},
		{"season in summer", schedule.Schedule{Freq: schedule.FreqWeekly, ByDay: []string{"WE"}, OpensAt: "09:00",
			Seasonal: true, ValidFrom: d(2000, 7, 15), ValidTo: d(2000, 7, 31)},
			at(2026, 1, 1, 0, 0), at(2027, 12, 31, 0, 0), 0,
			[]string{"2026-07-15 09:00 CEST", "2026-07-22 09:00 CEST", "2026-07-29 09:00 CEST",
				"2027-07-21 09:00 CEST", "2027-07-28 09:00 CEST"}},
		{"another zone", schedule.Schedule{Freq: schedule.FreqWeekly, ByDay: []string{"MO"}, OpensAt: "09:00", Timezone: "America/New_York"},
			time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 17, 0, 0, 0, 0, time.UTC), 0,
			[]string{"2026-03-02 09:00 EST", "2026-03-09 09:00 EDT", "2026-03-16 09:00 EDT"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := starts(tt.s.Occurrences(tt.from, tt.to, tt.limit))
			if !slices.Equal(got, tt.want) {
				t.Errorf("Occurrences =\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestOccurrenceEnds(t *testing.T) {
	tests := []struct {
		name       string
		s          schedule.Schedule
		start, end time.Time
		allDay     bool
	}{
		{"hours", schedule.Weekly(weekdays(time.Sunday), "15:00", "18:00"), at(2026, 10, 25, 15, 0), at(2026, 10, 25, 18, 0), false},
		// 01:00–04:00 on the day clocks go back lasts four hours, and still reads 01:00–04:00.
		{"across the October change", schedule.Weekly(weekdays(time.Sunday), "01:00", "04:00"), at(2026, 10, 25, 1, 0), at(2026, 10, 25, 4, 0), false},
		{"until midnight", schedule.Weekly(weekdays(time.Sunday), "20:00", "24:00"), at(2026, 10, 25, 20, 0), at(2026, 10, 26, 0, 0), false},
		{"a moment", schedule.Weekly(weekdays(time.Sunday), "20:45", ""), at(2026, 10, 25, 20, 45), at(2026, 10, 25, 20, 45), false},
		{"all day", schedule.Weekly(weekdays(time.Sunday), "", ""), at(2026, 10, 25, 0, 0), at(2026, 10, 26, 0, 0), true},
	}
	for _, tt := range tests {
		occ := tt.s.Occurrences(at(2026, 10, 25, 0, 0), at(2026, 10, 26, 0, 0), 0)
		if len(occ) != 1 {
			t.Fatalf("%s: %d occurrences", tt.name, len(occ))
		}
		o := occ[0]
		if !o.Start.Equal(tt.start) || !o.End.Equal(tt.end) || o.AllDay != tt.allDay {
			t.Errorf("%s: %v – %v (all day %v), want %v – %v", tt.name, o.Start, o.End, o.AllDay, tt.start, tt.end)
		}
		if o.Start.Location().String() != "Europe/Rome" {
			t.Errorf("%s: start in %v", tt.name, o.Start.Location())
		}
	}
}

func TestNext(t *testing.T) {
	s := schedule.Weekly(weekdays(time.Saturday), "15:00", "18:00")
	s.Exceptions = []schedule.Date{d(2026, 10, 10)}
	tests := []struct {
		after time.Time
		want  string
		ok    bool
	}{
		{at(2026, 10, 1, 12, 0), "2026-10-03 15:00 CEST", true},
		{at(2026, 10, 3, 15, 0), "2026-10-17 15:00 CEST", true}, // strictly after; the 10th is an exception
		{time.Date(2026, 10, 3, 12, 59, 0, 0, time.UTC), "2026-10-03 15:00 CEST", true},
	}
	for _, tt := range tests {
		o, ok := s.Next(tt.after)
		if ok != tt.ok || ok && o.Start.Format("2006-01-02 15:04 MST") != tt.want {
			t.Errorf("Next(%v) = %v, %v; want %s", tt.after, o.Start, ok, tt.want)
		}
	}
	if o, ok := s.Next(time.Time{}); !ok || o.Start.Year() != 1900 {
		t.Errorf("Next(zero) = %v, %v; want the first Saturday the package knows, in 1900", o.Start, ok)
	}
	ended := schedule.Schedule{Freq: schedule.FreqWeekly, ByDay: []string{"SA"}, ValidTo: d(2026, 6, 30)}
	if o, ok := ended.Next(at(2026, 7, 1, 0, 0)); ok {
		t.Errorf("Next after the end = %v", o.Start)
	}
	excepted := schedule.OneOff(d(2026, 10, 3), "09:00", "")
	excepted.Exceptions = []schedule.Date{d(2026, 10, 3)}
	if o, ok := excepted.Next(at(2026, 1, 1, 0, 0)); ok {
		t.Errorf("Next of a cancelled one-off = %v", o.Start)
	}
}
