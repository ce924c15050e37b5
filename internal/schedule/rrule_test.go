package schedule_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/schedule"
)

func TestRRULE(t *testing.T) {
	tests := []struct {
		s    schedule.Schedule
		want string
	}{
		{schedule.Weekly(weekdays(time.Saturday), "15:00", "18:00"), "RRULE:FREQ=WEEKLY;BYDAY=SA"},
		{schedule.Weekly(weekdays(time.Monday, time.Wednesday, time.Friday), "", ""), "RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR"},
		{schedule.MonthlyNth(1, time.Monday, "", ""), "RRULE:FREQ=MONTHLY;BYDAY=1MO"},
		{schedule.MonthlyNth(-1, time.Friday, "", ""), "RRULE:FREQ=MONTHLY;BYDAY=-1FR"},
		{schedule.OneOff(d(2024, 10, 25), "09:00", "13:00"), "RRULE:FREQ=DAILY;COUNT=1"},
		{schedule.Schedule{Freq: schedule.FreqWeekly, Interval: 2, ByDay: []string{"TU"}, Wkst: "SU"}, "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;WKST=SU"},
		{schedule.Schedule{Freq: schedule.FreqMonthly, ByMonthDay: []int{1, 15, -1}, Until: d(2026, 12, 20)}, "RRULE:FREQ=MONTHLY;UNTIL=20261220;BYMONTHDAY=1,15,-1"},
		{schedule.Schedule{Freq: schedule.FreqYearly, ByYearDay: []int{100}, ByWeekNo: []int{15}}, "RRULE:FREQ=YEARLY;BYYEARDAY=100;BYWEEKNO=15"},
		{schedule.Schedule{Freq: schedule.FreqMonthly, ByDay: []string{"+2TU"}}, "RRULE:FREQ=MONTHLY;BYDAY=2TU"},
	}
	for _, tt := range tests {
		if got := tt.s.RRULE(); got != tt.want {
			t.Errorf("RRULE() = %q, want %q", got, tt.want)
		}
	}
}

func TestParseRRULE(t *testing.T) {
	tests := []struct {
		in   string
		want schedule.Schedule
	}{
		{"RRULE:FREQ=WEEKLY;BYDAY=SA", schedule.Schedule{Freq: schedule.FreqWeekly, Interval: 1, ByDay: []string{"SA"}}},
		{"FREQ=WEEKLY;BYDAY=MO,WE,FR", schedule.Schedule{Freq: schedule.FreqWeekly, Interval: 1, ByDay: []string{"MO", "WE", "FR"}}},
		{"rrule:freq=monthly;byday=+1mo", schedule.Schedule{Freq: schedule.FreqMonthly, Interval: 1, ByDay: []string{"1MO"}}},
		{" RRULE:FREQ=MONTHLY;BYDAY=-1FR; ", schedule.Schedule{Freq: schedule.FreqMonthly, Interval: 1, ByDay: []string{"-1FR"}}},
		{"FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;WKST=SU", schedule.Schedule{Freq: schedule.FreqWeekly, Interval: 2, ByDay: []string{"TU"}, Wkst: "SU"}},
		{"FREQ=DAILY;COUNT=10", schedule.Schedule{Freq: schedule.FreqDaily, Interval: 1, Count: 10}},
		{"FREQ=MONTHLY;BYMONTHDAY=15", schedule.Schedule{Freq: schedule.FreqMonthly, Interval: 1, ByMonthDay: []int{15}}},
		{"FREQ=YEARLY;BYWEEKNO=1,-1;BYDAY=MO", schedule.Schedule{Freq: schedule.FreqYearly, Interval: 1, ByWeekNo: []int{1, -1}, ByDay: []string{"MO"}}},
		{"FREQ=YEARLY;BYYEARDAY=1,-1", schedule.Schedule{Freq: schedule.FreqYearly, Interval: 1, ByYearDay: []int{1, -1}}},
		{"FREQ=WEEKLY;UNTIL=20261220", schedule.Schedule{Freq: schedule.FreqWeekly, Interval: 1, Until: d(2026, 12, 20)}},
		{"FREQ=WEEKLY;UNTIL=20261220T235959", schedule.Schedule{Freq: schedule.FreqWeekly, Interval: 1, Until: d(2026, 12, 20)}},
		// 22:59:59 UTC is 23:59:59 in Rome in winter, 00:59:59 the next day in summer.
		{"FREQ=WEEKLY;UNTIL=20261220T225959Z", schedule.Schedule{Freq: schedule.FreqWeekly, Interval: 1, Until: d(2026, 12, 20)}},
		{"FREQ=WEEKLY;UNTIL=20260620T225959Z", schedule.Schedule{Freq: schedule.FreqWeekly, Interval: 1, Until: d(2026, 6, 21)}},
	}
	for _, tt := range tests {
		got, err := schedule.ParseRRULE(tt.in)
		if err != nil {
			t.Errorf("ParseRRULE(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseRRULE(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestParseRRULERejects(t *testing.T) {
	tests := []struct{ in, key string }{
		{"", "schedule.errors.rrule"},
		{"RRULE:", "schedule.errors.rrule"},
		{"garbage", "schedule.errors.rrule"},
		{"FREQ=", "schedule.errors.rrule"},
		{"BYDAY=MO", "schedule.errors.rrule"},
		{"FREQ=HOURLY", "schedule.errors.rrule"},
		{"FREQ=WEEKLY;FREQ=DAILY", "schedule.errors.rrule"},
		{"FREQ=WEEKLY;INTERVAL=0", "schedule.errors.rrule"},
		{"FREQ=WEEKLY;INTERVAL=x", "schedule.errors.rrule"},
		{"FREQ=WEEKLY;INTERVAL=99999999999999999999", "schedule.errors.rrule"},
		{"FREQ=WEEKLY;COUNT=-1", "schedule.errors.rrule"},
		{"FREQ=WEEKLY;BYDAY=XX", "schedule.errors.rrule"},
		{"FREQ=WEEKLY;BYDAY=MO,", "schedule.errors.rrule"},
		{"FREQ=MONTHLY;BYMONTHDAY=1,,2", "schedule.errors.rrule"},
		{"FREQ=WEEKLY;UNTIL=2026-12-20", "schedule.errors.rrule"},
		{"FREQ=WEEKLY;UNTIL=20261320", "schedule.errors.rrule"},
		{"FREQ=WEEKLY;WKST=XX", "schedule.errors.rrule"},
		{"FREQ=WEEKLY;FOO=BAR", "schedule.errors.rrule"},
		{"FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "schedule.errors.rrule_unsupported"},
		{"FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1", "schedule.errors.rrule_unsupported"},
		{"FREQ=DAILY;BYHOUR=9", "schedule.errors.rrule_unsupported"},
		{"FREQ=" + strings.Repeat("W", 2000), "schedule.errors.rrule"},
		// Well-formed, but not a valid schedule.
		{"FREQ=WEEKLY;BYDAY=1MO", "errors.invalid_form"},
		{"FREQ=MONTHLY;BYMONTHDAY=32", "errors.invalid_form"},
		{"FREQ=WEEKLY;INTERVAL=100", "errors.invalid_form"},
		{"FREQ=WEEKLY;COUNT=2;UNTIL=20261220", "errors.invalid_form"},
	}
	for _, tt := range tests {
		_, err := schedule.ParseRRULE(tt.in)
		e, ok := errs.As(err)
		if !ok || e.Code != errs.Invalid || e.Key != tt.key {
			t.Errorf("ParseRRULE(%.40q) = %v, want Invalid %s", tt.in, err, tt.key)
		}
	}
}

func TestRRULERoundTrip(t *testing.T) {
	for _, s := range []schedule.Schedule{
		schedule.Weekly(weekdays(time.Monday, time.Tuesday), "", ""),
		schedule.MonthlyNth(-1, time.Friday, "", ""),
		{Freq: schedule.FreqWeekly, Interval: 3, ByDay: []string{"SU"}, Wkst: "SU", Until: d(2027, 6, 30)},
		{Freq: schedule.FreqYearly, Interval: 1, ByYearDay: []int{-1}, Count: 4},
	} {
		got, err := schedule.ParseRRULE(s.RRULE())
		if err != nil {
			t.Fatalf("%s: %v", s.RRULE(), err)
		}
		if !reflect.DeepEqual(got, s) {
			t.Errorf("round trip of %s = %+v, want %+v", s.RRULE(), got, s)
		}
	}
}
