package ical_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	goical "github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"

	"github.com/trama-welfare/trama/internal/schedule"
	"github.com/trama-welfare/trama/internal/schedule/ical"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var rome = mustZone("Europe/Rome")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func d(y int, m time.Month, day int) schedule.Date { return schedule.NewDate(y, m, day) }

// stamp is the DTSTAMP of every test calendar, so the output is stable.
var stamp = time.Date(2026, time.September, 1, 8, 0, 0, 0, time.UTC)

// write encodes a calendar and checks the framing RFC 5545 demands.
func write(t *testing.T, c ical.Calendar) []byte {
	t.Helper()
	if c.Stamp.IsZero() {
		c.Stamp = stamp
	}
	var buf bytes.Buffer
	n, err := c.WriteTo(&buf)
	if err != nil {
		t.Fatalf("WriteTo: %v", err)
	}
	if n != int64(buf.Len()) {
		t.Errorf("WriteTo reported %d bytes, wrote %d", n, buf.Len())
	}
	checkLines(t, buf.Bytes())
	return buf.Bytes()
}

// checkLines: CRLF everywhere, no line over 75 octets, no UTF-8 character
// split across a fold.
func checkLines(t *testing.T, b []byte) {
	t.Helper()
	if !bytes.HasSuffix(b, []byte("\r\n")) {
		t.Error("output does not end with CRLF")
	}
	for i, line := range bytes.Split(bytes.TrimSuffix(b, []byte("\r\n")), []byte("\r\n")) {
		if len(line) > 75 {
			t.Errorf("line %d has %d octets: %q", i+1, len(line), line)
		}
		if bytes.ContainsAny(line, "\r\n") {
			t.Errorf("line %d holds a bare CR or LF: %q", i+1, line)
		}
		if !utf8.Valid(line) {
			t.Errorf("line %d splits a UTF-8 character: %q", i+1, line)
		}
	}
}

// parse reads a calendar with go-ical, an independent parser.
func parse(t *testing.T, b []byte) *goical.Calendar {
	t.Helper()
	cal, err := goical.NewDecoder(bytes.NewReader(b)).Decode()
	if err != nil {
		t.Fatalf("go-ical cannot parse the output: %v\n%s", err, b)
	}
	return cal
}

// implied returns the starts of the occurrences that a parsed VEVENT
// implies in [from, to): DTSTART expanded by its RRULE, minus its EXDATEs,
// formatted in Rome.
func implied(t *testing.T, ev goical.Event, from, to time.Time) []string {
	t.Helper()
	start, err := ev.Props.DateTime(goical.PropDateTimeStart, rome)
	if err != nil {
		t.Fatalf("DTSTART: %v", err)
	}
	starts := []time.Time{start}
	opt, err := ev.Props.RecurrenceRule()
	if err != nil {
		t.Fatalf("RRULE: %v", err)
	}
	if opt != nil {
		opt.Dtstart = start
		r, err := rrule.NewRRule(*opt)
		if err != nil {
			t.Fatalf("RRULE: %v", err)
		}
		starts = r.Between(from, to, true)
	}
	excluded := exDates(t, ev)
	var out []string
	for _, s := range starts {
		if !s.Before(from) && s.Before(to) && !slices.ContainsFunc(excluded, s.Equal) {
			out = append(out, s.In(rome).Format("2006-01-02 15:04 MST"))
		}
	}
	return out
}

// exDates reads every EXDATE value of an event (a property may list several).
func exDates(t *testing.T, ev goical.Event) []time.Time {
	t.Helper()
	var out []time.Time
	for _, p := range ev.Props.Values(goical.PropExceptionDates) {
		for _, v := range strings.Split(p.Value, ",") {
			one := goical.NewProp(goical.PropExceptionDates)
			one.Params, one.Value = p.Params, v
			tm, err := one.DateTime(rome)
			if err != nil {
				t.Fatalf("EXDATE %q: %v", v, err)
			}
			out = append(out, tm)
		}
	}
	return out
}

// text returns a property's unescaped text, or "".
func text(t *testing.T, ev goical.Event, name string) string {
	t.Helper()
	p := ev.Props.Get(name)
	if p == nil {
		return ""
	}
	s, err := p.Text()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}

// value returns a property's raw value, or "".
func value(ev goical.Event, name string) string {
	if p := ev.Props.Get(name); p != nil {
		return p.Value
	}
	return ""
}

// checkGolden compares got with testdata/name, or rewrites it with -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output; diff it after go test -update:\n%s", path, got)
	}
}

// events runs EventsFor and fails the test on error.
func events(t *testing.T, s schedule.Schedule, tmpl ical.Event, from time.Time) []ical.Event {
	t.Helper()
	evs, err := ical.EventsFor(s, tmpl, from)
	if err != nil {
		t.Fatalf("EventsFor: %v", err)
	}
	return evs
}

func contains(s, line string) bool {
	return strings.Contains("\r\n"+s, "\r\n"+line+"\r\n")
}
