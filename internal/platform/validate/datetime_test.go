package validate_test

import (
	"testing"

	"github.com/trama-welfare/trama/internal/platform/validate"
)

func TestTimeOfDay(t *testing.T) {
	valid := []struct{ in, want string }{
		{"9:30", "09:30"},
		{"09:30", "09:30"},
		{"09.30", "09:30"},
		{"9.30", "09:30"},
		{" 00:00 ", "00:00"},
		{"23:59", "23:59"},
		{"12.05", "12:05"},
	}
	for _, c := range valid {
		if got, err := validate.TimeOfDay(c.in); err != nil || got != c.want {
			t.Errorf("TimeOfDay(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	invalid := []struct {
		in     string
		reason validate.Reason
	}{
		{"", validate.ReasonEmpty},
		{"24:00", validate.ReasonRange},
		{"12:60", validate.ReasonRange},
		{"99.99", validate.ReasonRange},
		{"9", validate.ReasonFormat},
		{"930", validate.ReasonFormat},
		{"9:5", validate.ReasonFormat},
		{"9:300", validate.ReasonFormat},
		{"123:00", validate.ReasonFormat},
		{":30", validate.ReasonFormat},
		{"9,30", validate.ReasonFormat},
		{"9:3a", validate.ReasonFormat},
		{"-1:30", validate.ReasonFormat},
		{"9 : 30", validate.ReasonFormat},
		{"09:30:00", validate.ReasonFormat},
		{"le 9", validate.ReasonFormat},
		{"٩:٣٠", validate.ReasonFormat}, // Arabic-Indic digits
	}
	for _, c := range invalid {
		_, err := validate.TimeOfDay(c.in)
		refused(t, c.in, err, validate.KeyTime, c.reason)
	}
}

func TestDate(t *testing.T) {
	valid := []struct{ in, want string }{
		{"2026-11-22", "2026-11-22"},
		{"22/11/2026", "2026-11-22"},
		{" 1/3/2026 ", "2026-03-01"},
		{"01.03.2026", "2026-03-01"},
		{"1-3-2026", "2026-03-01"},
		{"29/02/2024", "2024-02-29"},
		{"31/12/2199", "2199-12-31"},
		{"1800-01-01", "1800-01-01"},
	}
	for _, c := range valid {
		if got, err := validate.Date(c.in); err != nil || got != c.want {
			t.Errorf("Date(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	invalid := []struct {
		in     string
		key    string
		reason validate.Reason
	}{
		{"", validate.KeyDate, validate.ReasonEmpty},
		{"29/02/2026", validate.KeyDate, validate.ReasonRange},
		{"31/04/2026", validate.KeyDate, validate.ReasonRange},
		{"2026-13-01", validate.KeyDate, validate.ReasonRange},
		{"2026-00-10", validate.KeyDate, validate.ReasonRange},
		{"00/01/2026", validate.KeyDate, validate.ReasonRange},
		{"22/11/26", validate.KeyDate, validate.ReasonFormat},
		{"22/11-2026", validate.KeyDate, validate.ReasonFormat},
		{"2026/11/22", validate.KeyDate, validate.ReasonFormat},
		{"2026-1-2", validate.KeyDate, validate.ReasonFormat},
		{"22 novembre 2026", validate.KeyDate, validate.ReasonFormat},
		{"22112026", validate.KeyDate, validate.ReasonFormat},
		{"22//2026", validate.KeyDate, validate.ReasonFormat},
		{"022/11/2026", validate.KeyDate, validate.ReasonFormat},
		{"+2026-11-22", validate.KeyDate, validate.ReasonFormat},
		{"2026-11-22T10:00:00Z", validate.KeyDate, validate.ReasonFormat},
		{"31/12/1799", validate.KeyDateRange, validate.ReasonRange},
		{"2200-01-01", validate.KeyDateRange, validate.ReasonRange},
		{"0000-01-01", validate.KeyDateRange, validate.ReasonRange},
	}
	for _, c := range invalid {
		_, err := validate.Date(c.in)
		refused(t, c.in, err, c.key, c.reason)
	}
	_, err := validate.Date("1/1/1700")
	if e, ok := err.(*validate.Error); !ok || len(e.Args) != 2 || e.Args[0] != validate.MinYear || e.Args[1] != validate.MaxYear {
		t.Errorf("date range error %#v: want the years as arguments", err)
	}
}
