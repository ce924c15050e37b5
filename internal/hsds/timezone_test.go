package hsds

import (
	"strconv"
	"testing"
)

// HSDS time zones are offsets in hours; Trama's are IANA zones.
func TestTimezones(t *testing.T) {
	for _, c := range []struct {
		offset string
		zone   string
		ok     bool
	}{
		{"1", "", true}, // Europe/Rome, with summer time
		{"3", "Etc/GMT-3", true},
		{"-5", "Etc/GMT+5", true},
		{"0", "Etc/UTC", true},
		{"14", "Etc/GMT-14", true},
		{"5.5", "", false},
		{"15", "", false},
		{"tre", "", false},
	} {
		zone, ok := zoneOfOffset(c.offset)
		if zone != c.zone || ok != c.ok {
			t.Errorf("zoneOfOffset(%q) = %q %v, want %q %v", c.offset, zone, ok, c.zone, c.ok)
		}
		if !ok {
			continue
		}
		if back, ok := offsetOfZone(zone); !ok || strconv.Itoa(back) != c.offset {
			t.Errorf("offsetOfZone(%q) = %d %v, want %s", zone, back, ok, c.offset)
		}
	}
	for zone, want := range map[string]int{"Europe/Rome": 1, "Europe/London": 0, "America/New_York": -5} {
		if got, ok := offsetOfZone(zone); !ok || got != want {
			t.Errorf("offsetOfZone(%q) = %d %v, want %d", zone, got, ok, want)
		}
	}
	if _, ok := offsetOfZone("Asia/Kolkata"); ok {
		t.Error("a zone of half hours has no HSDS offset")
	}
}
