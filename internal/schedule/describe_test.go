package schedule_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trama-welfare/trama/internal/schedule"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// describeCases are described in both languages; the descriptions live in
// testdata/describe.golden (go test -run Describe -update rewrites it).
var describeCases = []struct {
	name string
	s    schedule.Schedule
	it   string // checked here too when set
	en   string
}{
	{"seasonal Saturday", schedule.Schedule{Freq: schedule.FreqWeekly, ByDay: []string{"SA"}, OpensAt: "15:00", ClosesAt: "18:00",
		Seasonal: true, ValidFrom: d(2026, 9, 1), ValidTo: d(2027, 6, 30)},
		"ogni sabato, 15:00–18:00, da settembre a giugno", "every Saturday, 15:00–18:00, September to June"},
	{"three days", schedule.Weekly(weekdays(time.Monday, time.Wednesday, time.Friday), "09:00", "12:00"),
		"il lunedì, il mercoledì e il venerdì, 9:00–12:00", "Monday, Wednesday and Friday, 9:00–12:00"},
	{"working week", schedule.Weekly(weekdays(time.Friday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday), "08:30", "12:30"),
		"dal lunedì al venerdì, 8:30–12:30", "Monday to Friday, 8:30–12:30"},
	{"first Monday", schedule.MonthlyNth(1, time.Monday, "20:45", "22:30"),
		"il primo lunedì del mese, 20:45–22:30", "first Monday of the month, 20:45–22:30"},
	{"last Friday", schedule.MonthlyNth(-1, time.Friday, "", ""), "l'ultimo venerdì del mese", "last Friday of the month"},
	{"fortnightly", schedule.Schedule{Freq: schedule.FreqWeekly, Interval: 2, ByDay: []string{"TU"}, DTStart: d(2026, 9, 8),
		ValidFrom: d(2026, 9, 1), OpensAt: "17:00", ClosesAt: "19:00"},
		"ogni due settimane, il martedì, 17:00–19:00, a partire dal 1° settembre 2026",
		"every two weeks on Tuesday, 17:00–19:00, from 1 September 2026"},
	{"15th", schedule.Schedule{Freq: schedule.FreqMonthly, ByMonthDay: []int{15}}, "il 15 di ogni mese", "15th of every month"},
	{"one-off", schedule.OneOff(d(2024, 10, 25), "09:00", "13:00"), "il 25 ottobre 2024, 9:00–13:00", "25 October 2024, 9:00–13:00"},
	{"every day", schedule.Schedule{Freq: schedule.FreqDaily}, "tutti i giorni", "every day"},
	{"validity", schedule.Schedule{Freq: schedule.FreqWeekly, ByDay: []string{"SA"}, ValidFrom: d(2026, 10, 1), ValidTo: d(2027, 5, 31)},
		"ogni sabato, dal 1° ottobre 2026 al 31 maggio 2027", "every Saturday, from 1 October 2026 to 31 May 2027"},
	{"valid until", schedule.Schedule{Freq: schedule.FreqWeekly, ByDay: []string{"SA"}, ValidTo: d(2026, 12, 20)},
		"ogni sabato, fino al 20 dicembre 2026", "every Saturday, until 20 December 2026"},
	{"holidays", schedule.Schedule{Freq: schedule.FreqDaily, OpensAt: "09:00", ClosesAt: "12:00",
		Exceptions: []schedule.Date{d(2027, 1, 1), d(2026, 12, 25)}},
		"tutti i giorni, 9:00–12:00 (tranne 25 dicembre, 1° gennaio)", "every day, 9:00–12:00 (except 25 December, 1 January)"},
	// Only the golden file holds the rest.
	{"Sunday", schedule.Weekly(weekdays(time.Sunday), "10:00", "12:00"), "ogni domenica, 10:00–12:00", ""},
	{"weekend", schedule.Weekly(weekdays(time.Saturday, time.Sunday), "", ""), "il sabato e la domenica", ""},
	{"Tuesday to Sunday", schedule.Weekly(weekdays(time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday), "", ""),
		"dal martedì alla domenica", "Tuesday to Sunday"},
	{"runs and gaps", schedule.Weekly(weekdays(time.Monday, time.Tuesday, time.Wednesday, time.Friday, time.Saturday), "", ""), "", ""},
	{"seven days a week", schedule.Weekly(weekdays(time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday), "", ""), "tutti i giorni", ""},
	{"weekdays by DAILY", schedule.Schedule{Freq: schedule.FreqDaily, ByDay: []string{"MO", "TU", "WE", "TH", "FR"}}, "dal lunedì al venerdì", ""},
	{"every three days", schedule.Schedule{Freq: schedule.FreqDaily, Interval: 3, DTStart: d(2026, 3, 8)}, "", ""},
	{"weekly without BYDAY", schedule.Schedule{Freq: schedule.FreqWeekly, DTStart: d(2026, 10, 8), OpensAt: "18:00", ClosesAt: "20:00"}, "ogni giovedì, 18:00–20:00", ""},
	{"first Sunday", schedule.MonthlyNth(1, time.Sunday, "", ""), "la prima domenica del mese", ""},
	{"last Sunday", schedule.MonthlyNth(-1, time.Sunday, "", ""), "l'ultima domenica del mese", ""},
	{"second and fourth Tuesday", schedule.Schedule{Freq: schedule.FreqMonthly, ByDay: []string{"2TU", "4TU"}, OpensAt: "17:00", ClosesAt: "19:00"},
		"il secondo e il quarto martedì del mese, 17:00–19:00", "second and fourth Tuesday of the month, 17:00–19:00"},
	{"second-to-last Saturday", schedule.MonthlyNth(-2, time.Saturday, "", ""), "il penultimo sabato del mese", "second-to-last Saturday of the month"},
	{"mixed ordinals", schedule.Schedule{Freq: schedule.FreqMonthly, ByDay: []string{"1SU", "3SU", "2MO"}}, "", ""},
	{"every two months", schedule.Schedule{Freq: schedule.FreqMonthly, Interval: 2, ByDay: []string{"1WE"}, DTStart: d(2026, 1, 7)}, "", ""},
	{"1st, 8th and 11th", schedule.Schedule{Freq: schedule.FreqMonthly, ByMonthDay: []int{1, 8, 11}}, "il 1°, l'8 e l'11 di ogni mese", "1st, 8th and 11th of every month"},
	{"last day of the month", schedule.Schedule{Freq: schedule.FreqMonthly, ByMonthDay: []int{-1}}, "l'ultimo giorno del mese", "last day of the month"},
	{"Friday the 13th", schedule.Schedule{Freq: schedule.FreqMonthly, ByMonthDay: []int{13}, ByDay: []string{"FR"}}, "il 13 di ogni mese, se è venerdì", "13th of every month, if it is a Friday"},
	{"monthly on DTStart's day", schedule.Schedule{Freq: schedule.FreqMonthly, Interval: 3, DTStart: d(2026, 1, 10)}, "ogni tre mesi, il 10 del mese, a partire dal 10 gennaio 2026", ""},
	{"Christmas", schedule.Schedule{Freq: schedule.FreqYearly, DTStart: d(2026, 12, 25), OpensAt: "12:00", ClosesAt: "15:00"},
		"il 25 dicembre di ogni anno, 12:00–15:00", "every year on 25 December, 12:00–15:00"},
	{"8 March every other year", schedule.Schedule{Freq: schedule.FreqYearly, Interval: 2, DTStart: d(2026, 3, 8)}, "", ""},
	{"days of the year", schedule.Schedule{Freq: schedule.FreqYearly, ByYearDay: []int{1, 100, -1}}, "", ""},
	{"weeks of the year", schedule.Schedule{Freq: schedule.FreqYearly, ByWeekNo: []int{41, 42}, ByDay: []string{"MO"}}, "", ""},
	{"last week of the year", schedule.Schedule{Freq: schedule.FreqYearly, ByWeekNo: []int{-1}, ByDay: []string{"FR"}}, "", ""},
	{"20th Monday of the year", schedule.Schedule{Freq: schedule.FreqYearly, ByDay: []string{"20MO"}}, "", ""},
	{"one-off on the 8th", schedule.OneOff(d(2026, 3, 8), "", ""), "l'8 marzo 2026", "8 March 2026"},
	{"one-off at a time", schedule.OneOff(d(2026, 11, 1), "01:00", ""), "il 1° novembre 2026, all'1:00", "1 November 2026, at 1:00"},
	{"moment", schedule.Weekly(weekdays(time.Thursday), "20:45", ""), "ogni giovedì, alle 20:45", "every Thursday, at 20:45"},
	{"course", schedule.Schedule{Freq: schedule.FreqWeekly, ByDay: []string{"TU"}, DTStart: d(2026, 10, 6), Count: 10, OpensAt: "17:00", ClosesAt: "19:00"},
		"ogni martedì, 17:00–19:00, a partire dal 6 ottobre 2026, per 10 volte", "every Tuesday, 17:00–19:00, from 6 October 2026, 10 times"},
	{"until", schedule.Schedule{Freq: schedule.FreqWeekly, ByDay: []string{"WE"}, DTStart: d(2026, 10, 7), Until: d(2026, 12, 16)}, "", ""},
	{"same-year range", schedule.Schedule{Freq: schedule.FreqWeekly, ByDay: []string{"WE"}, ValidFrom: d(2026, 10, 8), ValidTo: d(2026, 12, 11)},
		"ogni mercoledì, dall'8 ottobre all'11 dicembre 2026", "every Wednesday, from 8 October to 11 December 2026"},
	{"from a date", schedule.Schedule{Freq: schedule.FreqWeekly, ByDay: []string{"WE"}, ValidFrom: d(2026, 10, 1)}, "ogni mercoledì, a partire dal 1° ottobre 2026", ""},
	{"summer", schedule.Schedule{Freq: schedule.FreqWeekly, ByDay: []string{"MO", "TU", "WE", "TH", "FR"}, OpensAt: "08:00", ClosesAt: "16:00",
		Seasonal: true, ValidFrom: d(2026, 7, 1), ValidTo: d(2026, 8, 31)}, "dal lunedì al venerdì, 8:00–16:00, da luglio ad agosto", "Monday to Friday, 8:00–16:00, July to August"},
	{"one month", schedule.Schedule{Freq: schedule.FreqDaily, Seasonal: true, ValidFrom: d(2026, 8, 1), ValidTo: d(2026, 8, 31)}, "tutti i giorni, ad agosto", "every day, in August"},
	{"partial season", schedule.Schedule{Freq: schedule.FreqWeekly, ByDay: []string{"SA"}, Seasonal: true, ValidFrom: d(2026, 9, 15), ValidTo: d(2027, 6, 8)},
		"ogni sabato, dal 15 settembre all'8 giugno", "every Saturday, from 15 September to 8 June"},
	{"February season", schedule.Schedule{Freq: schedule.FreqDaily, Seasonal: true, ValidFrom: d(2026, 1, 1), ValidTo: d(2026, 2, 28)}, "tutti i giorni, da gennaio a febbraio", ""},
	{"irrelevant exception", schedule.Schedule{Freq: schedule.FreqWeekly, ByDay: []string{"SA"}, Exceptions: []schedule.Date{d(2026, 12, 25)}}, "ogni sabato", "every Saturday"},
	{"exceptions over years", schedule.Schedule{Freq: schedule.FreqDaily, Exceptions: []schedule.Date{d(2028, 1, 1), d(2026, 12, 25)}},
		"tutti i giorni (tranne 25 dicembre 2026, 1° gennaio 2028)", "every day (except 25 December 2026, 1 January 2028)"},
}

func TestDescribe(t *testing.T) {
	var golden strings.Builder
	for _, c := range describeCases {
		it, en := c.s.Describe("it"), c.s.Describe("en")
		if c.it != "" && it != c.it {
			t.Errorf("%s: Describe(it) =\n%q, want\n%q", c.name, it, c.it)
		}
		if c.en != "" && en != c.en {
			t.Errorf("%s: Describe(en) =\n%q, want\n%q", c.name, en, c.en)
		}
		if err := c.s.Validate(); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
		fmt.Fprintf(&golden, "# %s\n%s\nit: %s\nen: %s\n\n", c.name, c.s.RRULE(), it, en)
	}
	checkGolden(t, "describe.golden", golden.String())
}

func TestDescribeLanguages(t *testing.T) {
	s := schedule.Weekly(weekdays(time.Saturday), "", "")
	for lang, want := range map[string]string{"it": "ogni sabato", "en": "every Saturday", "en-GB": "every Saturday",
		"EN": "every Saturday", "de": "ogni sabato", "": "ogni sabato"} {
		if got := s.Describe(lang); got != want {
			t.Errorf("Describe(%q) = %q, want %q", lang, got, want)
		}
	}
}

func TestDescribeAll(t *testing.T) {
	weekdays5 := weekdays(time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday)
	season := func(s schedule.Schedule) schedule.Schedule {
		s.Seasonal, s.ValidFrom, s.ValidTo = true, d(2026, 9, 1), d(2027, 6, 30)
		return s
	}
	tests := []struct {
		name   string
		s      []schedule.Schedule
		it, en string
	}{
		{"office hours", []schedule.Schedule{
			schedule.Weekly(weekdays5, "08:30", "12:30"),
			schedule.Weekly(weekdays5, "14:00", "17:00"),
			schedule.Weekly(weekdays(time.Saturday), "09:00", "12:00"),
		}, "dal lunedì al venerdì, 8:30–12:30 e 14:00–17:00; il sabato, 9:00–12:00",
			"Monday to Friday, 8:30–12:30 and 14:00–17:00; Saturday, 9:00–12:00"},
		{"slots out of order", []schedule.Schedule{
			schedule.Weekly(weekdays(time.Saturday), "15:00", "18:00"),
			schedule.Weekly(weekdays(time.Saturday), "09:00", "12:00"),
		}, "ogni sabato, 9:00–12:00 e 15:00–18:00", "every Saturday, 9:00–12:00 and 15:00–18:00"},
		{"days split by their hours", []schedule.Schedule{
			schedule.Weekly(weekdays(time.Monday, time.Wednesday), "09:00", "12:00"),
			schedule.Weekly(weekdays(time.Tuesday), "14:00", "17:00"),
			schedule.Weekly(weekdays(time.Wednesday), "09:00", "12:00"), // a duplicate
		}, "il lunedì e il mercoledì, 9:00–12:00; il martedì, 14:00–17:00",
			"Monday and Wednesday, 9:00–12:00; Tuesday, 14:00–17:00"},
		{"season and holidays", []schedule.Schedule{
			season(schedule.Weekly(weekdays5, "14:30", "18:30")),
			season(schedule.Weekly(weekdays(time.Saturday), "09:00", "12:00")),
		}, "da settembre a giugno: dal lunedì al venerdì, 14:30–18:30; il sabato, 9:00–12:00",
			"September to June: Monday to Friday, 14:30–18:30; Saturday, 9:00–12:00"},
		{"different validity is kept apart", []schedule.Schedule{
			season(schedule.Weekly(weekdays(time.Saturday), "09:00", "12:00")),
			schedule.Weekly(weekdays(time.Sunday), "10:00", "12:00"),
		}, "ogni sabato, 9:00–12:00, da settembre a giugno; ogni domenica, 10:00–12:00",
			"every Saturday, 9:00–12:00, September to June; every Sunday, 10:00–12:00"},
		{"monthly among weekly", []schedule.Schedule{
			schedule.Weekly(weekdays(time.Monday), "09:00", "12:00"),
			schedule.MonthlyNth(1, time.Saturday, "09:00", "12:00"),
			schedule.Weekly(weekdays(time.Tuesday), "09:00", "12:00"),
		}, "il lunedì e il martedì, 9:00–12:00; il primo sabato del mese, 9:00–12:00",
			"Monday and Tuesday, 9:00–12:00; first Saturday of the month, 9:00–12:00"},
		{"exceptions shared", []schedule.Schedule{
			{Freq: schedule.FreqWeekly, ByDay: []string{"FR"}, OpensAt: "09:00", ClosesAt: "12:00", Exceptions: []schedule.Date{d(2026, 12, 25)}},
			{Freq: schedule.FreqWeekly, ByDay: []string{"SA"}, OpensAt: "09:00", ClosesAt: "12:00", Exceptions: []schedule.Date{d(2026, 12, 25)}},
		}, "il venerdì e il sabato, 9:00–12:00 (tranne 25 dicembre)", "Friday and Saturday, 9:00–12:00 (except 25 December)"},
		{"invalid with a description", []schedule.Schedule{
			schedule.Weekly(weekdays(time.Monday), "09:00", "12:00"),
			{Description: "su appuntamento"},
			{},
		}, "ogni lunedì, 9:00–12:00; su appuntamento", "every Monday, 9:00–12:00; su appuntamento"},
		{"nothing", nil, "", ""},
	}
	for _, tt := range tests {
		if got := schedule.DescribeAll(tt.s, "it"); got != tt.it {
			t.Errorf("%s: DescribeAll(it) =\n%q, want\n%q", tt.name, got, tt.it)
		}
		if got := schedule.DescribeAll(tt.s, "en"); got != tt.en {
			t.Errorf("%s: DescribeAll(en) =\n%q, want\n%q", tt.name, got, tt.en)
		}
	}
}

// checkGolden compares got with testdata/name, or rewrites it with -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the output; diff it after go test -update:\n%s", path, got)
	}
}
