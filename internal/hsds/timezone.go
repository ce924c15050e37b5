package hsds

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// HSDS gives a schedule's time zone as a number, its offset from UTC in
// hours; Trama keeps an IANA zone (internal/schedule), which also knows
// summer time. The mapping:
//
//   - on import, 1 (Central European Time) becomes Europe/Rome, the default
//     zone of Trama schedules (stored as empty), so summer time is right;
//     any other whole offset N becomes the fixed zone Etc/GMT∓N (IANA's
//     sign is inverted: Etc/GMT-3 is UTC+3); other values are refused;
//   - on export, Europe/Rome gives 1 and Etc/GMT∓N gives N; any other zone
//     gives its standard (winter) offset when it is a whole number of hours.
//
// The extension file trama_schedules.csv carries the IANA name itself, so
// a package exported by Trama comes back exactly.

// zoneOfOffset maps an HSDS offset to the stored zone.
func zoneOfOffset(v string) (string, bool) {
	x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || x != math.Trunc(x) || x < -12 || x > 14 {
		return "", false
	}
	n := int(x)
	switch {
	case n == 1:
		return "", true
	case n == 0:
		return "Etc/UTC", true
	case n > 0:
		return "Etc/GMT-" + strconv.Itoa(n), true
	}
	return "Etc/GMT+" + strconv.Itoa(-n), true
}

// offsetOfZone maps a stored zone to the HSDS offset; ok is false when the
// zone has none in whole hours (the field is then left out).
func offsetOfZone(zone string) (int, bool) {
	switch zone {
	case "", "Europe/Rome":
		return 1, true
	case "Etc/UTC", "UTC", "Etc/GMT":
		return 0, true
	}
	if rest, ok := strings.CutPrefix(zone, "Etc/GMT"); ok {
		if n, err := strconv.Atoi(rest); err == nil {
			return -n, true
		}
	}
	loc, err := time.LoadLocation(zone)
	if err != nil || zone == "Local" {
		return 0, false
	}
	_, secs := time.Date(2025, 1, 15, 12, 0, 0, 0, time.UTC).In(loc).Zone()
	if secs%3600 != 0 {
		return 0, false
	}
	return secs / 3600, true
}
