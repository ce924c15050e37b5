package validate_test

import (
	"testing"

	"github.com/trama-welfare/trama/internal/platform/validate"
)

func TestCAP(t *testing.T) {
	valid := []struct{ in, want string }{
		{"00184", "00184"},
		{" 20121 ", "20121"},
		{"00 184", "00184"},
		{"00010", "00010"},
		{"98168", "98168"},
	}
	for _, c := range valid {
		if got, err := validate.CAP(c.in); err != nil || got != c.want {
			t.Errorf("CAP(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	invalid := []struct {
		in     string
		reason validate.Reason
	}{
		{"", validate.ReasonEmpty},
		{"0018", validate.ReasonLength},
		{"001844", validate.ReasonLength},
		{"184", validate.ReasonLength},
		{"OO184", validate.ReasonChars},
		{"I-00184", validate.ReasonChars},
		{"00184 Roma", validate.ReasonChars},
		{"００１８４", validate.ReasonChars}, // full-width digits
		{"00000", validate.ReasonRange},
		{"00009", validate.ReasonRange},
		{"98169", validate.ReasonRange},
		{"99999", validate.ReasonRange},
	}
	for _, c := range invalid {
		_, err := validate.CAP(c.in)
		refused(t, c.in, err, validate.KeyCAP, c.reason)
	}
}

func TestAgeRange(t *testing.T) {
	valid := []struct {
		min, max string
		lo, hi   int
	}{
		{"", "", 0, validate.MaxAge},
		{"18", "", 18, validate.MaxAge},
		{"", "17", 0, 17},
		{" 6 ", "14", 6, 14},
		{"0", "120", 0, 120},
		{"65", "65", 65, 65},
	}
	for _, c := range valid {
		lo, hi, err := validate.AgeRange(c.min, c.max)
		if err != nil || lo != c.lo || hi != c.hi {
			t.Errorf("AgeRange(%q, %q) = %d, %d, %v; want %d, %d", c.min, c.max, lo, hi, err, c.lo, c.hi)
		}
	}
	invalid := []struct {
		min, max string
		key      string
		reason   validate.Reason
	}{
		{"18", "14", validate.KeyAgeRange, validate.ReasonOrder},
		{"121", "", validate.KeyAge, validate.ReasonRange},
		{"", "200", validate.KeyAge, validate.ReasonRange},
		{"-1", "", validate.KeyAge, validate.ReasonFormat},
		{"6.5", "", validate.KeyAge, validate.ReasonFormat},
		{"", "dieci", validate.KeyAge, validate.ReasonFormat},
		{"1 8", "", validate.KeyAge, validate.ReasonFormat},
		{"0018", "", validate.KeyAge, validate.ReasonFormat},
		{"abc", "xyz", validate.KeyAge, validate.ReasonFormat},
	}
	for _, c := range invalid {
		_, _, err := validate.AgeRange(c.min, c.max)
		refused(t, c.min+"–"+c.max, err, c.key, c.reason)
	}
	if _, err := validate.Age(""); err == nil {
		t.Error("Age(\"\") accepted")
	}
}
