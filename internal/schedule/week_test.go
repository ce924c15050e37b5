package schedule_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trama-welfare/trama/internal/schedule"
)

// grid renders a WeekGrid as one line per day: "Mon 09:00-12:00#0 …".
func grid(g [7][]schedule.Slot) []string {
	out := make([]string, 7)
	for i, slots := range g {
		var items []string
		for _, s := range slots {
			switch {
			case s.AllDay:
				items = append(items, fmt.Sprintf("all-day#%d", s.Schedule))
			default:
				items = append(items, fmt.Sprintf("%s-%s#%d", s.Opens, s.Closes, s.Schedule))
			}
		}
		out[i] = strings.Join(items, " ")
	}
	return out
}

func TestWeekGrid(t *testing.T) {
	weekdays5 := weekdays(time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday)
	office := []schedule.Schedule{
		schedule.Weekly(weekdays5, "14:00", "17:00"),
		schedule.Weekly(weekdays5, "08:30", "12:30"),
		schedule.Weekly(weekdays(time.Saturday), "09:00", "12:00"),
	}
	withHoliday := slices.Clone(office)
	for i := range withHoliday {
		withHoliday[i].Exceptions = []schedule.Date{d(2026, 12, 8)} // Immacolata, a Tuesday
	}
	tests := []struct {
		name      string
		schedules []schedule.Schedule
		weekOf    time.Time
		want      []string
	}{
		{"office hours, asked on a Wednesday", office, at(2026, 12, 2, 10, 0), []string{
			"08:30-12:30#1 14:00-17:00#0", "08:30-12:30#1 14:00-17:00#0", "08:30-12:30#1 14:00-17:00#0",
			"08:30-12:30#1 14:00-17:00#0", "08:30-12:30#1 14:00-17:00#0", "09:00-12:00#2", ""}},
		{"asked on a Sunday", office[2:], at(2026, 12, 6, 23, 0), []string{"", "", "", "", "", "09:00-12:00#0", ""}},
		{"a holiday", withHoliday, at(2026, 12, 7, 0, 0), []string{
			"08:30-12:30#1 14:00-17:00#0", "", "08:30-12:30#1 14:00-17:00#0",
			"08:30-12:30#1 14:00-17:00#0", "08:30-12:30#1 14:00-17:00#0", "09:00-12:00#2", ""}},
		{"validity ends mid-week", []schedule.Schedule{{Freq: schedule.FreqDaily, OpensAt: "09:00", ClosesAt: "10:00", ValidTo: d(2026, 12, 9)}},
			at(2026, 12, 7, 0, 0), []string{"09:00-10:00#0", "09:00-10:00#0", "09:00-10:00#0", "", "", "", ""}},
		{"out of season", []schedule.Schedule{{Freq: schedule.FreqDaily, OpensAt: "09:00", Seasonal: true, ValidFrom: d(2026, 9, 1), ValidTo: d(2026, 6, 30)}},
			at(2026, 7, 15, 0, 0), []string{"", "", "", "", "", "", ""}},
		{"first Monday, all day and a moment", []schedule.Schedule{
			schedule.MonthlyNth(1, time.Monday, "20:45", ""),
			schedule.MonthlyNth(1, time.Monday, "", ""),
			schedule.MonthlyNth(1, time.Monday, "20:45", ""),
		}, at(2026, 12, 9, 0, 0), []string{"all-day#1 20:45-#0", "", "", "", "", "", ""}},
		{"not that week", []schedule.Schedule{schedule.MonthlyNth(1, time.Monday, "20:45", "")},
			at(2026, 12, 14, 0, 0), []string{"", "", "", "", "", "", ""}},
		{"week of the October change", []schedule.Schedule{schedule.Weekly(weekdays(time.Saturday, time.Sunday), "15:00", "18:00")},
			at(2026, 10, 21, 0, 0), []string{"", "", "", "", "", "15:00-18:00#0", "15:00-18:00#0"}},
		{"invalid schedules are skipped", []schedule.Schedule{{Freq: "HOURLY"}, schedule.Weekly(weekdays(time.Friday), "", "")},
			at(2026, 12, 9, 0, 0), []string{"", "", "", "", "all-day#1", "", ""}},
	}
	for _, tt := range tests {
		got := grid(schedule.WeekGrid(tt.schedules, tt.weekOf))
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
}

func TestWeekGridTimes(t *testing.T) {
	g := schedule.WeekGrid([]schedule.Schedule{schedule.Weekly(weekdays(time.Sunday), "15:00", "18:00")}, at(2026, 10, 21, 0, 0))
	sl := g[6][0]
	if !sl.Start.Equal(at(2026, 10, 25, 15, 0)) || !sl.End.Equal(at(2026, 10, 25, 18, 0)) {
		t.Errorf("slot %v – %v", sl.Start, sl.End)
	}
	if _, off := sl.Start.Zone(); off != 3600 {
		t.Errorf("offset %d after the change to CET", off)
	}
}
