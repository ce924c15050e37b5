package schedule_test

import (
	"testing"
	"time"

	"github.com/trama-welfare/trama/internal/schedule"
)

func TestOnWeekday(t *testing.T) {
	all := []time.Weekday{time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}
	tests := []struct {
		name string
		s    schedule.Schedule
		want []time.Weekday
	}{
		{"weekly", schedule.Weekly(weekdays(time.Monday, time.Friday), "", ""), weekdays(time.Monday, time.Friday)},
		{"weekly without BYDAY", schedule.Schedule{Freq: schedule.FreqWeekly, DTStart: d(2026, 10, 3)}, weekdays(time.Saturday)},
		{"daily", schedule.Schedule{Freq: schedule.FreqDaily}, all},
		{"weekdays", schedule.Schedule{Freq: schedule.FreqDaily, ByDay: []string{"MO", "TU", "WE", "TH", "FR"}}, all[1:6]},
		{"every 14 days", schedule.Schedule{Freq: schedule.FreqDaily, Interval: 14, DTStart: d(2026, 10, 6)}, weekdays(time.Tuesday)},
		{"last Friday", schedule.MonthlyNth(-1, time.Friday, "", ""), weekdays(time.Friday)},
		{"15th of the month", schedule.Schedule{Freq: schedule.FreqMonthly, ByMonthDay: []int{15}}, all},
		{"one-off", schedule.OneOff(d(2024, 10, 25), "", ""), weekdays(time.Friday)},
		{"three Tuesdays", schedule.Schedule{Freq: schedule.FreqWeekly, ByDay: []string{"TU"}, Count: 3, DTStart: d(2026, 10, 1)}, weekdays(time.Tuesday)},
	}
	for _, tt := range tests {
		for _, day := range all {
			want := false
			for _, w := range tt.want {
				want = want || w == day
			}
			if got := tt.s.OnWeekday(day); got != want {
				t.Errorf("%s: OnWeekday(%v) = %v", tt.name, day, got)
			}
		}
	}
}

func TestCoversAndOverlaps(t *testing.T) {
	afternoon := schedule.Weekly(weekdays(time.Saturday), "15:00", "18:00")
	allDay := schedule.Weekly(weekdays(time.Saturday), "", "")
	moment := schedule.Weekly(weekdays(time.Saturday), "20:45", "")
	tests := []struct {
		name string
		got  bool
		want bool
	}{
		{"opening minute", afternoon.Covers(time.Saturday, 15*60), true},
		{"inside", afternoon.Covers(time.Saturday, 17*60+59), true},
		{"closing minute", afternoon.Covers(time.Saturday, 18*60), false},
		{"before", afternoon.Covers(time.Saturday, 14*60+59), false},
		{"other day", afternoon.Covers(time.Sunday, 16*60), false},
		{"minute out of range", allDay.Covers(time.Saturday, 24*60), false},
		{"negative minute", allDay.Covers(time.Saturday, -1), false},
		{"all day", allDay.Covers(time.Saturday, 3*60), true},
		{"moment", moment.Covers(time.Saturday, 20*60+45), true},
		{"after the moment", moment.Covers(time.Saturday, 20*60+46), false},
		{"Saturday afternoon", afternoon.Overlaps(time.Saturday, 12*60, 19*60), true},
		{"Saturday morning", afternoon.Overlaps(time.Saturday, 8*60, 13*60), false},
		{"touching the opening", afternoon.Overlaps(time.Saturday, 12*60, 15*60), false},
		{"evening holds the moment", moment.Overlaps(time.Saturday, 19*60, 23*60), true},
		{"empty range", allDay.Overlaps(time.Saturday, 600, 600), false},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %v", tt.name, tt.got)
		}
	}
}

func TestActiveOnAndOccursOn(t *testing.T) {
	season := schedule.Schedule{Freq: schedule.FreqWeekly, ByDay: []string{"SA"}, Seasonal: true,
		ValidFrom: d(2026, 9, 1), ValidTo: d(2027, 6, 30), Exceptions: []schedule.Date{d(2026, 12, 26)}}
	bounded := schedule.Schedule{Freq: schedule.FreqWeekly, ByDay: []string{"SA"}, DTStart: d(2026, 10, 3), Until: d(2026, 12, 19)}
	tests := []struct {
		name           string
		s              schedule.Schedule
		day            schedule.Date
		active, occurs bool
	}{
		{"in season, Saturday", season, d(2030, 10, 5), true, true},
		{"in season, Friday", season, d(2030, 10, 4), true, false},
		{"season end", season, d(2031, 6, 30), true, false},
		{"out of season", season, d(2030, 7, 6), false, false},
		{"exception", season, d(2026, 12, 26), true, false},
		{"before DTStart", bounded, d(2026, 9, 26), false, false},
		{"first", bounded, d(2026, 10, 3), true, true},
		{"until", bounded, d(2026, 12, 19), true, true},
		{"after until", bounded, d(2026, 12, 26), false, false},
	}
	for _, tt := range tests {
		if got := tt.s.ActiveOn(tt.day); got != tt.active {
			t.Errorf("%s: ActiveOn = %v", tt.name, got)
		}
		if got := tt.s.OccursOn(tt.day); got != tt.occurs {
			t.Errorf("%s: OccursOn = %v", tt.name, got)
		}
	}
}

func TestSeason(t *testing.T) {
	school := schedule.Schedule{Seasonal: true, ValidFrom: d(2000, 9, 1), ValidTo: d(2000, 6, 30)}
	summer := schedule.Schedule{Seasonal: true, ValidFrom: d(2000, 6, 15), ValidTo: d(2000, 9, 10)}
	leap := schedule.Schedule{Seasonal: true, ValidFrom: d(2000, 1, 1), ValidTo: d(2000, 2, 29)}
	fixed := schedule.Schedule{ValidFrom: d(2026, 10, 1), ValidTo: d(2027, 5, 31)}
	tests := []struct {
		name     string
		s        schedule.Schedule
		day      schedule.Date
		from, to schedule.Date
	}{
		{"during the school year", school, d(2026, 11, 15), d(2026, 9, 1), d(2027, 6, 30)},
		{"in spring", school, d(2027, 3, 1), d(2026, 9, 1), d(2027, 6, 30)},
		{"in the summer break", school, d(2027, 7, 15), d(2027, 9, 1), d(2028, 6, 30)},
		{"summer", summer, d(2026, 8, 1), d(2026, 6, 15), d(2026, 9, 10)},
		{"after summer", summer, d(2026, 10, 1), d(2027, 6, 15), d(2027, 9, 10)},
		{"29 February in a common year", leap, d(2027, 1, 10), d(2027, 1, 1), d(2027, 2, 28)},
		{"not seasonal", fixed, d(2030, 1, 1), d(2026, 10, 1), d(2027, 5, 31)},
	}
	for _, tt := range tests {
		from, to := tt.s.Season(tt.day)
		if from != tt.from || to != tt.to {
			t.Errorf("%s: Season(%v) = %v, %v; want %v, %v", tt.name, tt.day, from, to, tt.from, tt.to)
		}
	}
}
