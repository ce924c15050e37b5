package schedule_test

import (
	"testing"
	"time"

	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/schedule"
)

// FuzzParseRRULE checks that no input makes ParseRRULE panic, that what it
// rejects is an Invalid error, and that what it accepts writes back to a
// rule that reads the same, and can be expanded and described. The seed
// corpus is in testdata/fuzz/FuzzParseRRULE.
//
//	go test ./internal/schedule -run '^$' -fuzz FuzzParseRRULE -fuzztime 1m
func FuzzParseRRULE(f *testing.F) {
	for _, seed := range []string{
		"RRULE:FREQ=WEEKLY;BYDAY=SA",
		"FREQ=MONTHLY;BYDAY=-1FR",
		"FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO;WKST=SU",
	} {
		f.Add(seed)
	}
	from, to := at(2026, 1, 1, 0, 0), at(2027, 1, 1, 0, 0)
	f.Fuzz(func(t *testing.T, in string) {
		s, err := schedule.ParseRRULE(in)
		if err != nil {
			if !errs.Is(err, errs.Invalid) {
				t.Fatalf("ParseRRULE(%q) = %v, not an Invalid error", in, err)
			}
			return
		}
		out := s.RRULE()
		again, err := schedule.ParseRRULE(out)
		if err != nil {
			t.Fatalf("ParseRRULE(%q) accepted, but its RRULE %q is rejected: %v", in, out, err)
		}
		if again.RRULE() != out {
			t.Fatalf("RRULE not stable: %q then %q", out, again.RRULE())
		}
		// The parsed rule, given a start, must expand and read without
		// panicking (it may still be a rule that never happens).
		s.DTStart = schedule.NewDate(2025, time.December, 1)
		if !s.Until.IsZero() && s.Until.Before(s.DTStart) {
			s.DTStart = s.Until
		}
		s.OpensAt, s.ClosesAt = "15:00", "18:00"
		if s.Validate() != nil {
			return
		}
		_ = s.Occurrences(from, to, 50)
		_ = s.Describe("it") + s.Describe("en")
		_ = s.OnWeekday(time.Saturday)
		_ = schedule.WeekGrid([]schedule.Schedule{s}, from)
	})
}
