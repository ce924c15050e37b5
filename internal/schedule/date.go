package schedule

import (
	"fmt"
	"time"
)

// Date is a calendar date without a time of day or a time zone, as HSDS
// writes valid_from, valid_to, dtstart and until (YYYY-MM-DD). The zero
// Date means "not set".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// Supported years: dates outside are rejected by Validate, so that no
// expansion ever has to walk centuries.
const (
	minYear = 1900
	maxYear = 2200
)

// NewDate returns the date y-m-d.
func NewDate(y int, m time.Month, d int) Date { return Date{Year: y, Month: m, Day: d} }

// DateOf returns the date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate reads an ISO 8601 date (YYYY-MM-DD). The empty string gives
// the zero Date.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("schedule: bad date %q", s)
	}
	return DateOf(t), nil
}

// IsZero tells whether d is unset.
func (d Date) IsZero() bool { return d == Date{} }

// Valid tells whether d is a real day (not 31 April) within the years
// Trama accepts.
func (d Date) Valid() bool {
	if d.Year < minYear || d.Year > maxYear || d.Month < 1 || d.Month > 12 || d.Day < 1 {
		return false
	}
	return DateOf(d.midnight(time.UTC)) == d
}

// String returns the ISO 8601 form, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// MarshalText writes the ISO 8601 form, so a Date goes to JSON and SQL as text.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads the ISO 8601 form.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return sign(d.Year - e.Year)
	case d.Month != e.Month:
		return sign(int(d.Month) - int(e.Month))
	default:
		return sign(d.Day - e.Day)
	}
}

// Before tells whether d comes before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After tells whether d comes after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// AddDays returns the date n days after d (before, when n < 0).
func (d Date) AddDays(n int) Date { return DateOf(d.midnight(time.UTC).AddDate(0, 0, n)) }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.midnight(time.UTC).Weekday() }

// In returns the start of day d in loc.
func (d Date) In(loc *time.Location) time.Time { return d.midnight(loc) }

// At returns the time of day minute (0 to 1440) on d in loc. Go
// normalises wall clocks that a DST change skips (02:30 on the last Sunday
// of March becomes 03:30).
func (d Date) At(minute int, loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, minute/60, minute%60, 0, 0, loc)
}

func (d Date) midnight(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// daysIn returns the number of days of month m in year y.
func daysIn(y int, m time.Month) int { return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day() }

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

// endsMonth tells whether d is the last day of its month in some year
// (28 February counts: a season ignores years).
func endsMonth(d Date) bool {
	return d.Day == daysIn(d.Year, d.Month) || d.Month == time.February && d.Day == 28
}
