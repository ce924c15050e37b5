package schedule_test

import (
	"testing"
	"time"

	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/schedule"
)

func TestValidateAccepts(t *testing.T) {
	tests := map[string]schedule.Schedule{
		"weekly":        schedule.Weekly(weekdays(time.Saturday), "15:00", "18:00"),
		"first monday":  schedule.MonthlyNth(1, time.Monday, "20:45", "22:30"),
		"last friday":   schedule.MonthlyNth(-1, time.Friday, "", ""),
		"one-off":       schedule.OneOff(d(2024, time.October, 25), "09:00", "13:00"),
		"seconds":       schedule.Weekly(weekdays(time.Monday), "09:00:00", "12:00:00"),
		"until 24:00":   schedule.Weekly(weekdays(time.Monday), "20:00", "24:00"),
		"only opens":    schedule.Weekly(weekdays(time.Monday), "20:45", ""),
		"every day":     {Freq: schedule.FreqDaily},
		"15th":          {Freq: schedule.FreqMonthly, ByMonthDay: []int{15}},
		"fortnightly":   {Freq: schedule.FreqWeekly, Interval: 2, ByDay: []string{"TU"}, DTStart: d(2026, 9, 8)},
		"yearly date":   {Freq: schedule.FreqYearly, DTStart: d(2026, 12, 25)},
		"week numbers":  {Freq: schedule.FreqYearly, ByWeekNo: []int{1, -1}, ByDay: []string{"MO"}},
		"year days":     {Freq: schedule.FreqYearly, ByYearDay: []int{1, -1}},
		"count":         {Freq: schedule.FreqWeekly, ByDay: []string{"TU"}, Count: 10, DTStart: d(2026, 10, 6)},
		"until":         {Freq: schedule.FreqWeekly, ByDay: []string{"TU"}, Until: d(2026, 12, 20)},
		"season":        {Freq: schedule.FreqWeekly, ByDay: []string{"SA"}, Seasonal: true, ValidFrom: d(2026, 9, 1), ValidTo: d(2027, 6, 30)},
		"validity":      {Freq: schedule.FreqWeekly, ByDay: []string{"SA"}, ValidFrom: d(2026, 10, 1), ValidTo: d(2027, 5, 31)},
		"zone":          {Freq: schedule.FreqDaily, Timezone: "America/New_York"},
		"wkst":          {Freq: schedule.FreqWeekly, Interval: 2, ByDay: []string{"SU"}, Wkst: "SU", DTStart: d(2026, 1, 4)},
		"weekly no day": {Freq: schedule.FreqWeekly, DTStart: d(2026, 1, 7)},
	}
	for name, s := range tests {
		if err := s.Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestValidateRejects(t *testing.T) {
	weekly := func(change func(*schedule.Schedule)) schedule.Schedule {
		s := schedule.Weekly(weekdays(time.Saturday), "15:00", "18:00")
		change(&s)
		return s
	}
	tests := []struct {
		name         string
		s            schedule.Schedule
		field, key   string
		wantArgument any
	}{
		{"no freq", schedule.Schedule{}, "freq", "schedule.errors.freq", nil},
		{"hourly", weekly(func(s *schedule.Schedule) { s.Freq = "HOURLY" }), "freq", "schedule.errors.freq", nil},
		{"interval", weekly(func(s *schedule.Schedule) { s.Interval = -1 }), "interval", "schedule.errors.interval", schedule.MaxInterval},
		{"huge interval", weekly(func(s *schedule.Schedule) { s.Interval = 1000 }), "interval", "schedule.errors.interval", schedule.MaxInterval},
		{"count", weekly(func(s *schedule.Schedule) { s.Count = -2 }), "count", "schedule.errors.count", schedule.MaxCount},
		{"count and until", weekly(func(s *schedule.Schedule) {
			s.Count, s.Until, s.DTStart = 3, d(2026, 12, 1), d(2026, 1, 1)
		}), "count", "schedule.errors.count_until", nil},
		{"wkst", weekly(func(s *schedule.Schedule) { s.Wkst = "XX" }), "wkst", "schedule.errors.wkst", "XX"},
		{"byday", weekly(func(s *schedule.Schedule) { s.ByDay = []string{"SAT"} }), "byday", "schedule.errors.byday", "SAT"},
		{"byday lower case", weekly(func(s *schedule.Schedule) { s.ByDay = []string{"sa"} }), "byday", "schedule.errors.byday", "sa"},
		{"weekly nth", weekly(func(s *schedule.Schedule) { s.ByDay = []string{"1MO"} }), "byday", "schedule.errors.byday_nth", "1MO"},
		{"sixth monday", schedule.MonthlyNth(6, time.Monday, "", ""), "byday", "schedule.errors.byday", "6MO"},
		{"no weekday", schedule.Weekly(weekdays(time.Weekday(9)), "", ""), "byday", "schedule.errors.byday", "?"},
		{"no weekday, monthly", schedule.MonthlyNth(1, time.Weekday(-1), "", ""), "byday", "schedule.errors.byday", "1?"},
		{"zero monday", schedule.Schedule{Freq: schedule.FreqMonthly, ByDay: []string{"0MO"}}, "byday", "schedule.errors.byday", "0MO"},
		{"bymonthday", schedule.Schedule{Freq: schedule.FreqMonthly, ByMonthDay: []int{32}}, "bymonthday", "schedule.errors.bymonthday", 32},
		{"bymonthday zero", schedule.Schedule{Freq: schedule.FreqMonthly, ByMonthDay: []int{0}}, "bymonthday", "schedule.errors.bymonthday", 0},
		{"bymonthday weekly", weekly(func(s *schedule.Schedule) { s.ByMonthDay = []int{1} }), "bymonthday", "schedule.errors.bymonthday_freq", nil},
		{"byweekno", schedule.Schedule{Freq: schedule.FreqYearly, ByWeekNo: []int{54}}, "byweekno", "schedule.errors.byweekno", 54},
		{"byweekno monthly", schedule.Schedule{Freq: schedule.FreqMonthly, ByWeekNo: []int{5}}, "byweekno", "schedule.errors.byweekno_freq", nil},
		{"byyearday", schedule.Schedule{Freq: schedule.FreqYearly, ByYearDay: []int{-367}}, "byyearday", "schedule.errors.byyearday", -367},
		{"byyearday daily", schedule.Schedule{Freq: schedule.FreqDaily, ByYearDay: []int{5}}, "byyearday", "schedule.errors.byyearday_freq", nil},
		{"zone", weekly(func(s *schedule.Schedule) { s.Timezone = "Europe/Atlantis" }), "timezone", "schedule.errors.timezone", "Europe/Atlantis"},
		{"local zone", weekly(func(s *schedule.Schedule) { s.Timezone = "Local" }), "timezone", "schedule.errors.timezone", "Local"},
		{"opens format", weekly(func(s *schedule.Schedule) { s.OpensAt = "9:00" }), "opens_at", "schedule.errors.time_format", nil},
		{"opens 24:00", weekly(func(s *schedule.Schedule) { s.OpensAt = "24:00" }), "opens_at", "schedule.errors.time_format", nil},
		{"closes format", weekly(func(s *schedule.Schedule) { s.ClosesAt = "18.00" }), "closes_at", "schedule.errors.time_format", nil},
		{"closes 24:30", weekly(func(s *schedule.Schedule) { s.ClosesAt = "24:30" }), "closes_at", "schedule.errors.time_format", nil},
		{"seconds", weekly(func(s *schedule.Schedule) { s.ClosesAt = "18:00:30" }), "closes_at", "schedule.errors.time_format", nil},
		{"offset", weekly(func(s *schedule.Schedule) { s.ClosesAt = "18:00Z" }), "closes_at", "schedule.errors.time_format", nil},
		{"closes before opens", weekly(func(s *schedule.Schedule) { s.ClosesAt = "14:00" }), "closes_at", "schedule.errors.times", nil},
		{"closes at opens", weekly(func(s *schedule.Schedule) { s.ClosesAt = "15:00" }), "closes_at", "schedule.errors.times", nil},
		{"closes alone", weekly(func(s *schedule.Schedule) { s.OpensAt = "" }), "opens_at", "schedule.errors.opens_missing", nil},
		{"valid range", weekly(func(s *schedule.Schedule) {
			s.ValidFrom, s.ValidTo = d(2027, 6, 30), d(2026, 9, 1)
		}), "valid_to", "schedule.errors.valid_range", nil},
		{"season without end", weekly(func(s *schedule.Schedule) { s.Seasonal, s.ValidFrom = true, d(2026, 9, 1) }), "valid_from", "schedule.errors.seasonal", nil},
		{"bad date", weekly(func(s *schedule.Schedule) { s.ValidFrom = schedule.Date{Year: 2026, Month: 2, Day: 30} }), "valid_from", "schedule.errors.date", nil},
		{"old date", weekly(func(s *schedule.Schedule) { s.DTStart = d(1066, 10, 14) }), "dtstart", "schedule.errors.date", nil},
		{"bad exception", weekly(func(s *schedule.Schedule) { s.Exceptions = []schedule.Date{{Year: 2026}} }), "exceptions", "schedule.errors.date", nil},
		{"until before start", weekly(func(s *schedule.Schedule) { s.DTStart, s.Until = d(2026, 9, 1), d(2026, 8, 1) }), "until", "schedule.errors.until", nil},
		{"interval needs start", weekly(func(s *schedule.Schedule) { s.Interval = 2 }), "dtstart", "schedule.errors.dtstart", nil},
		{"count needs start", weekly(func(s *schedule.Schedule) { s.Count = 5 }), "dtstart", "schedule.errors.dtstart", nil},
		{"no day needs start", schedule.Schedule{Freq: schedule.FreqMonthly}, "dtstart", "schedule.errors.dtstart", nil},
		{"fifth monday on the 1st", schedule.Schedule{Freq: schedule.FreqMonthly, ByDay: []string{"5MO"}, ByMonthDay: []int{1}}, "freq", "schedule.errors.never", nil},
		{"until before the first", schedule.Schedule{Freq: schedule.FreqMonthly, ByDay: []string{"5MO"}, DTStart: d(2026, 1, 1), Until: d(2026, 1, 31)},
			"until", "schedule.errors.never", nil},
		{"every 7 days on the wrong day", schedule.Schedule{Freq: schedule.FreqDaily, Interval: 7, ByDay: []string{"TU"}, DTStart: d(2026, 1, 5)}, "freq", "schedule.errors.never", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.s.Validate()
			e, ok := errs.As(err)
			if !ok || e.Code != errs.Invalid {
				t.Fatalf("Validate() = %v, want an Invalid error", err)
			}
			f, ok := e.Fields[tt.field]
			if !ok || f.Key != tt.key {
				t.Fatalf("Validate() = %v, want %s on %s", err, tt.key, tt.field)
			}
			if tt.wantArgument != nil && (len(f.Args) == 0 || f.Args[0] != tt.wantArgument) {
				t.Errorf("arguments %v, want %v first", f.Args, tt.wantArgument)
			}
		})
	}
}

// An invalid schedule yields nothing and matches nothing, without panicking.
func TestInvalidScheduleIsInert(t *testing.T) {
	s := schedule.Schedule{Freq: "HOURLY", Description: "su appuntamento"}
	if occ := s.Occurrences(at(2026, 1, 1, 0, 0), at(2027, 1, 1, 0, 0), 0); occ != nil {
		t.Errorf("Occurrences = %v", occ)
	}
	if _, ok := s.Next(at(2026, 1, 1, 0, 0)); ok {
		t.Error("Next found an occurrence")
	}
	if s.OnWeekday(time.Monday) || s.Covers(time.Monday, 600) || s.ActiveOn(d(2026, 1, 1)) || s.OccursOn(d(2026, 1, 1)) {
		t.Error("an invalid schedule matches")
	}
	if got := s.Describe("it"); got != "su appuntamento" {
		t.Errorf("Describe = %q", got)
	}
}
