package schedule

import (
	"strconv"
	"strings"
	"time"
)

// dayCodes are the RFC 5545 two-letter weekdays, indexed by time.Weekday.
var dayCodes = [7]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

// parseDayCode returns the weekday of an RFC 5545 code ("MO").
func parseDayCode(s string) (time.Weekday, bool) {
	for d, c := range dayCodes {
		if c == s {
			return time.Weekday(d), true
		}
	}
	return 0, false
}

// weekdayNum is one BYDAY item: a weekday with an optional ordinal
// (n = 0: every such day; 1: the first; -1: the last).
type weekdayNum struct {
	n   int
	day time.Weekday
}

func (w weekdayNum) String() string {
	if w.n == 0 {
		return dayCode(w.day)
	}
	return strconv.Itoa(w.n) + dayCode(w.day)
}

// dayCode returns the RFC 5545 code of d, or "?" (which Validate rejects)
// for a value that is no weekday.
func dayCode(d time.Weekday) string {
	if d < time.Sunday || d > time.Saturday {
		return "?"
	}
	return dayCodes[d]
}

// parseWeekdayNum reads "SA", "1MO", "+2TU" or "-1FR". The ordinal must be
// 1 to 53 in either direction.
func parseWeekdayNum(s string) (weekdayNum, bool) {
	if len(s) < 2 || len(s) > 5 {
		return weekdayNum{}, false
	}
	day, ok := parseDayCode(s[len(s)-2:])
	if !ok {
		return weekdayNum{}, false
	}
	num := s[:len(s)-2]
	if num == "" {
		return weekdayNum{day: day}, true
	}
	digits := strings.TrimLeft(num, "+-")
	if len(num)-len(digits) > 1 || digits == "" || len(digits) > 2 || strings.Trim(digits, "0123456789") != "" {
		return weekdayNum{}, false
	}
	n, _ := strconv.Atoi(digits)
	if n < 1 || n > 53 {
		return weekdayNum{}, false
	}
	if num[0] == '-' {
		n = -n
	}
	return weekdayNum{n: n, day: day}, true
}

// clockNone marks an unset time of day.
const clockNone = -1

// parseClock reads "HH:MM" or "HH:MM:00" into minutes since midnight;
// "24:00" gives 1440. The empty string gives clockNone.
func parseClock(s string) (int, bool) {
	if s == "" {
		return clockNone, true
	}
	if len(s) == 8 {
		if s[5:] != ":00" {
			return 0, false
		}
		s = s[:5]
	}
	if len(s) != 5 || s[2] != ':' || !isDigits(s[:2]) || !isDigits(s[3:]) {
		return 0, false
	}
	h, _ := strconv.Atoi(s[:2])
	m, _ := strconv.Atoi(s[3:])
	if h > 24 || m > 59 || h == 24 && m != 0 {
		return 0, false
	}
	return h*60 + m, true
}

// formatClock writes minutes since midnight as "9:00" or "20:45", the
// way Italian and British timetables do.
func formatClock(min int) string {
	return strconv.Itoa(min/60) + ":" + twoDigits(min%60)
}

// canonicalClock writes minutes since midnight as "HH:MM".
func canonicalClock(min int) string {
	return twoDigits(min/60) + ":" + twoDigits(min%60)
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// mondayIndex maps a weekday to 0 (Monday) … 6 (Sunday), the order of an
// Italian week.
func mondayIndex(d time.Weekday) int { return (int(d) + 6) % 7 }

// fromMondayIndex is the inverse of mondayIndex.
func fromMondayIndex(i int) time.Weekday { return time.Weekday((i + 1) % 7) }
