package validate

import (
	"fmt"
	"strings"
	"time"
)

// The years a Date may fall in.
const (
	MinYear = 1800
	MaxYear = 2199
)

// TimeOfDay normalises and checks a time of day from 00:00 to 23:59,
// written with a colon or a dot and one or two digits for the hour
// ("9:30", "09.30"), and returns it as "HH:MM".
func TimeOfDay(s string) (string, error) {
	t := trim(s)
	if t == "" {
		return t, fail(KeyTime, ReasonEmpty)
	}
	i := strings.IndexAny(t, ":.")
	if i < 1 || i > 2 || len(t) != i+3 || !allDigits(t[:i]) || !allDigits(t[i+1:]) {
		return t, fail(KeyTime, ReasonFormat)
	}
	h, m := atoi(t[:i]), atoi(t[i+1:])
	if h > 23 || m > 59 {
		return t, fail(KeyTime, ReasonRange)
	}
	return fmt.Sprintf("%02d:%02d", h, m), nil
}

// Date normalises and checks a calendar date written as ISO 8601
// ("2026-11-22") or the Italian way, day first, with slashes, dots or
// dashes ("22/11/2026", "1.3.2026"), between MinYear and MaxYear. It
// returns the ISO form.
func Date(s string) (string, error) {
	t := trim(s)
	if t == "" {
		return t, fail(KeyDate, ReasonEmpty)
	}
	y, m, d, ok := splitDate(t)
	if !ok {
		return t, fail(KeyDate, ReasonFormat)
	}
	if y < MinYear || y > MaxYear {
		return t, fail(KeyDateRange, ReasonRange, MinYear, MaxYear)
	}
	date := time.Date(y, time.Month(m), d, 12, 0, 0, 0, time.UTC)
	if m < 1 || m > 12 || d < 1 || date.Day() != d {
		return t, fail(KeyDate, ReasonRange)
	}
	return date.Format(time.DateOnly), nil
}

// splitDate reads "YYYY-MM-DD" or "D/M/YYYY" with /, . or - as separator.
func splitDate(t string) (y, m, d int, ok bool) {
	if len(t) == 10 && t[4] == '-' && t[7] == '-' &&
		allDigits(t[:4]) && allDigits(t[5:7]) && allDigits(t[8:]) {
		return atoi(t[:4]), atoi(t[5:7]), atoi(t[8:]), true
	}
	i := strings.IndexAny(t, "/.-")
	if i < 0 {
		return 0, 0, 0, false
	}
	parts := strings.Split(t, t[i:i+1])
	if len(parts) != 3 {
		return 0, 0, 0, false
	}
	for k, p := range parts {
		if p == "" || !allDigits(p) || (k < 2 && len(p) > 2) || (k == 2 && len(p) != 4) {
			return 0, 0, 0, false
		}
	}
	return atoi(parts[2]), atoi(parts[1]), atoi(parts[0]), true
}

// atoi reads a short run of ASCII digits, already checked.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
