package ical_test

import (
	"slices"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"

	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/schedule"
	"github.com/trama-welfare/trama/internal/schedule/ical"
)

// TestEventsFor writes schedules as feeds, reads them back with go-ical
// and checks the occurrences the feed implies: written by hand, and equal
// to what the schedule package expands.
func TestEventsFor(t *testing.T) {
	tests := []struct {
		name     string
		s        schedule.Schedule
		from     time.Time // passed to EventsFor
		window   [2]time.Time
		want     []string // the first occurrences implied, in order
		wantLast string   // the last one in the window
		count    int      // how many in the window
		rrule    []string // RRULE of each event ("" for none)
		golden   string
	}{
		{
			name: "Saturdays from September to June, with holidays",
			s: schedule.Schedule{Freq: schedule.FreqWeekly, ByDay: []string{"SA"}, OpensAt: "15:00", ClosesAt: "18:00",
				Seasonal: true, ValidFrom: d(2026, 9, 1), ValidTo: d(2027, 6, 30),
				Exceptions: []schedule.Date{d(2026, 12, 26), d(2027, 1, 1), d(2027, 4, 24)}},
			from:   time.Date(2026, 10, 1, 0, 0, 0, 0, rome),
			window: [2]time.Time{time.Date(2026, 9, 1, 0, 0, 0, 0, rome), time.Date(2028, 9, 1, 0, 0, 0, 0, rome)},
			want: []string{"2026-10-03 15:00 CEST", "2026-10-10 15:00 CEST", "2026-10-17 15:00 CEST", "2026-10-24 15:00 CEST",
				"2026-10-31 15:00 CET", "2026-11-07 15:00 CET"},
			wantLast: "2028-06-24 15:00 CEST",
			count:    39 - 2 + 43, // Saturdays from 3 October to 26 June, minus two holidays (1 January is a Friday); then a full season
			rrule:    []string{"FREQ=WEEKLY;BYDAY=SA;UNTIL=20270630T215959Z", "FREQ=WEEKLY;BYDAY=SA;UNTIL=20280630T215959Z"},
			golden:   "season.ics",
		},
		{
			name: "first Monday of the month, October to May",
			s: schedule.Schedule{Freq: schedule.FreqMonthly, ByDay: []string{"1MO"}, OpensAt: "20:45", ClosesAt: "22:30",
				ValidFrom: d(2026, 10, 1), ValidTo: d(2027, 5, 31), Exceptions: []schedule.Date{d(2027, 1, 4), d(2027, 1, 5)}},
			from:   time.Date(2026, 1, 1, 0, 0, 0, 0, rome),
			window: [2]time.Time{time.Date(2026, 1, 1, 0, 0, 0, 0, rome), time.Date(2028, 1, 1, 0, 0, 0, 0, rome)},
			want: []string{"2026-10-05 20:45 CEST", "2026-11-02 20:45 CET", "2026-12-07 20:45 CET", "2027-02-01 20:45 CET",
				"2027-03-01 20:45 CET", "2027-04-05 20:45 CEST", "2027-05-03 20:45 CEST"},
			wantLast: "2027-05-03 20:45 CEST",
			count:    7,
			rrule:    []string{"FREQ=MONTHLY;BYDAY=1MO;UNTIL=20270531T215959Z"},
			golden:   "monthly.ics",
		},
		{
			name: "ten Tuesdays, one cancelled",
			s: schedule.Schedule{Freq: schedule.FreqWeekly, ByDay: []string{"TU"}, DTStart: d(2026, 10, 6), Count: 10,
				OpensAt: "17:00", ClosesAt: "19:00", Exceptions: []schedule.Date{d(2026, 11, 3)}},
			from:   time.Date(2026, 9, 1, 0, 0, 0, 0, rome),
			window: [2]time.Time{time.Date(2026, 1, 1, 0, 0, 0, 0, rome), time.Date(2028, 1, 1, 0, 0, 0, 0, rome)},
			want: []string{"2026-10-06 17:00 CEST", "2026-10-13 17:00 CEST", "2026-10-20 17:00 CEST", "2026-10-27 17:00 CET",
				"2026-11-10 17:00 CET", "2026-11-17 17:00 CET", "2026-11-24 17:00 CET", "2026-12-01 17:00 CET", "2026-12-08 17:00 CET"},
			wantLast: "2026-12-08 17:00 CET",
			count:    9,
			rrule:    []string{"FREQ=WEEKLY;BYDAY=TU;UNTIL=20261208T160000Z"},
			golden:   "course.ics",
		},
		{
			name:     "every other Wednesday, open-ended, asked later",
			s:        schedule.Schedule{Freq: schedule.FreqWeekly, Interval: 2, ByDay: []string{"WE"}, DTStart: d(2026, 1, 7), OpensAt: "10:00", ClosesAt: "11:00"},
			from:     time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC),
			window:   [2]time.Time{time.Date(2026, 1, 1, 0, 0, 0, 0, rome), time.Date(2026, 5, 1, 0, 0, 0, 0, rome)},
			want:     []string{"2026-04-01 10:00 CEST", "2026-04-15 10:00 CEST", "2026-04-29 10:00 CEST"}, // in step with 7 January
			wantLast: "2026-04-29 10:00 CEST",
			count:    3,
			rrule:    []string{"FREQ=WEEKLY;INTERVAL=2;BYDAY=WE"},
		},
		{
			name:     "one-off",
			s:        schedule.OneOff(d(2026, 10, 25), "09:00", "13:00"),
			from:     time.Date(2026, 1, 1, 0, 0, 0, 0, rome),
			window:   [2]time.Time{time.Date(2026, 1, 1, 0, 0, 0, 0, rome), time.Date(2027, 1, 1, 0, 0, 0, 0, rome)},
			want:     []string{"2026-10-25 09:00 CET"},
			wantLast: "2026-10-25 09:00 CET",
			count:    1,
			rrule:    []string{""},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs := events(t, tt.s, ical.Event{UID: "s1@trama.example", Summary: tt.name, Status: ical.Confirmed}, tt.from)
			out := write(t, ical.Calendar{Name: "Prova", Events: evs})
			if tt.golden != "" {
				checkGolden(t, tt.golden, out)
			}
			cal := parse(t, out)
			parsed := cal.Events()
			if len(parsed) != len(tt.rrule) {
				t.Fatalf("%d events, want %d", len(parsed), len(tt.rrule))
			}
			var got []string
			for i, ev := range parsed {
				if r := value(ev, goical.PropRecurrenceRule); r != tt.rrule[i] {
					t.Errorf("event %d: RRULE %q, want %q", i, r, tt.rrule[i])
				}
				got = append(got, implied(t, ev, tt.window[0], tt.window[1])...)
			}
			if len(got) != tt.count || !slices.Equal(got[:min(len(tt.want), len(got))], tt.want) || got[len(got)-1] != tt.wantLast {
				t.Errorf("implied %d occurrences:\n%q\nwant %d starting\n%q\nending %q", len(got), got, tt.count, tt.want, tt.wantLast)
			}
			// The feed and the schedule agree.
			lo := latest(tt.window[0], tt.from)
			var own []string
			for _, o := range tt.s.Occurrences(lo, tt.window[1], 0) {
				own = append(own, o.Start.Format("2006-01-02 15:04 MST"))
			}
			if !slices.Equal(got, own) {
				t.Errorf("feed implies\n%q\nschedule expands\n%q", got, own)
			}
		})
	}
}

func latest(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func TestEventsForTimes(t *testing.T) {
	tests := []struct {
		name                   string
		s                      schedule.Schedule
		start, end, rrule, exd string
	}{
		{"hours", schedule.Weekly([]time.Weekday{time.Saturday}, "15:00", "18:00"),
			"DTSTART;TZID=Europe/Rome:20261003T150000", "DTEND;TZID=Europe/Rome:20261003T180000", "FREQ=WEEKLY;BYDAY=SA", ""},
		{"a moment has no end", schedule.Weekly([]time.Weekday{time.Saturday}, "20:45", ""),
			"DTSTART;TZID=Europe/Rome:20261003T204500", "", "FREQ=WEEKLY;BYDAY=SA", ""},
		{"all day", schedule.Schedule{Freq: schedule.FreqWeekly, ByDay: []string{"SA"}, Until: d(2026, 10, 31), Exceptions: []schedule.Date{d(2026, 10, 17)}},
			"DTSTART;VALUE=DATE:20261003", "DTEND;VALUE=DATE:20261004", "FREQ=WEEKLY;BYDAY=SA;UNTIL=20261031", "EXDATE;VALUE=DATE:20261017"},
		{"one-off, all day", schedule.OneOff(d(2026, 12, 8), "", ""),
			"DTSTART;VALUE=DATE:20261208", "DTEND;VALUE=DATE:20261209", "", ""},
		{"until midnight", schedule.Weekly([]time.Weekday{time.Saturday}, "20:00", "24:00"),
			"DTSTART;TZID=Europe/Rome:20261003T200000", "DTEND;TZID=Europe/Rome:20261004T000000", "FREQ=WEEKLY;BYDAY=SA", ""},
		{"another zone", schedule.Schedule{Freq: schedule.FreqWeekly, ByDay: []string{"MO"}, OpensAt: "09:00", ClosesAt: "10:00",
			Timezone: "America/New_York", ValidTo: d(2026, 10, 26), Exceptions: []schedule.Date{d(2026, 10, 12)}},
			"DTSTART;TZID=America/New_York:20261005T090000", "DTEND;TZID=America/New_York:20261005T100000",
			"FREQ=WEEKLY;BYDAY=MO;UNTIL=20261027T035959Z", "EXDATE;TZID=America/New_York:20261012T090000"},
	}
	from := time.Date(2026, 10, 1, 0, 0, 0, 0, rome)
	for _, tt := range tests {
		evs := events(t, tt.s, ical.Event{UID: "x"}, from)
		out := string(write(t, ical.Calendar{Events: evs}))
		for _, want := range []string{tt.start, tt.end, "RRULE:" + tt.rrule, tt.exd} {
			if want != "" && want != "RRULE:" && !contains(out, want) {
				t.Errorf("%s: no line %q in\n%s", tt.name, want, out)
			}
		}
		if tt.end == "" && contains(out, "DTEND") || tt.rrule == "" && contains(out, "RRULE:FREQ") {
			t.Errorf("%s: unexpected DTEND or RRULE in\n%s", tt.name, out)
		}
	}
}

func TestEventsForNothing(t *testing.T) {
	from := time.Date(2026, 10, 1, 0, 0, 0, 0, rome)
	cancelled := schedule.OneOff(d(2026, 10, 25), "09:00", "")
	cancelled.Exceptions = []schedule.Date{d(2026, 10, 25)}
	over := schedule.Schedule{Freq: schedule.FreqWeekly, ByDay: []string{"SA"}, ValidTo: d(2026, 6, 30)}
	for name, s := range map[string]schedule.Schedule{"cancelled one-off": cancelled, "over": over} {
		if evs := events(t, s, ical.Event{UID: "x"}, from); len(evs) != 0 {
			t.Errorf("%s: %d events", name, len(evs))
		}
	}
	if _, err := ical.EventsFor(schedule.Schedule{Freq: "HOURLY"}, ical.Event{UID: "x"}, from); !errs.Is(err, errs.Invalid) {
		t.Errorf("invalid schedule: %v", err)
	}
}

func TestEventsForSeasonUIDs(t *testing.T) {
	s := schedule.Schedule{Freq: schedule.FreqDaily, Seasonal: true, ValidFrom: d(2026, 7, 1), ValidTo: d(2026, 8, 31)}
	for uid, want := range map[string][]string{
		"summer@trama.example": {"summer-2026@trama.example", "summer-2027@trama.example"},
		"summer":               {"summer-2026", "summer-2027"},
	} {
		evs := events(t, s, ical.Event{UID: uid}, time.Date(2026, 8, 15, 12, 0, 0, 0, rome))
		var got []string
		for _, e := range evs {
			got = append(got, e.UID)
		}
		if !slices.Equal(got, want) {
			t.Errorf("UIDs %q, want %q", got, want)
		}
		if len(evs) > 0 && !evs[0].Start.Equal(time.Date(2026, 8, 15, 0, 0, 0, 0, rome)) {
			t.Errorf("first season starts %v, want the day asked", evs[0].Start)
		}
	}
}
