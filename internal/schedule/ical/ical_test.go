package ical_test

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"

	"github.com/trama-welfare/trama/internal/schedule/ical"
)

func TestCalendarHeader(t *testing.T) {
	out := string(write(t, ical.Calendar{Name: "Servizi, Buccinasco; estate"}))
	want := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Trama//Trama//IT\r\nCALSCALE:GREGORIAN\r\n" +
		"METHOD:PUBLISH\r\nX-WR-CALNAME:Servizi\\, Buccinasco\\; estate\r\nEND:VCALENDAR\r\n"
	if out != want {
		t.Errorf("got\n%q\nwant\n%q", out, want)
	}
	cal := parse(t, []byte(out))
	if v, _ := cal.Props.Text("X-WR-CALNAME"); v != "Servizi, Buccinasco; estate" {
		t.Errorf("X-WR-CALNAME reads %q", v)
	}
}

func TestEventProperties(t *testing.T) {
	long := "Doposcuola per ragazzi e ragazze delle medie: compiti, merenda; giochi.\n" +
		"Portare il diario \\ l'astuccio. Città di Buccinasco — perché sì, è così 🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂 àèìòù àèìòù àèìòù"
	e := ical.Event{
		UID:         "svc-42@trama.example",
		Start:       time.Date(2026, 10, 3, 15, 0, 0, 0, rome),
		End:         time.Date(2026, 10, 3, 18, 0, 0, 0, rome),
		Summary:     "Doposcuola «Il Girasole»",
		Description: strings.ReplaceAll(long, "\n", "\r\n"),
		Location:    "Via Roma 1, Buccinasco (MI)",
		Geo:         &ical.Geo{Lat: 45.4225, Lon: 9.1128},
		URL:         "https://trama.example/servizi/42",
		Organizer:   &ical.Organizer{Name: "Coop. Sole: \"servizi\"", Email: "info@sole.example"},
		Categories:  []string{"Minori", "Scuola, doposcuola", " "},
		Status:      ical.Tentative,
	}
	out := write(t, ical.Calendar{Events: []ical.Event{e}})
	evs := parse(t, out).Events()
	if len(evs) != 1 {
		t.Fatalf("%d events", len(evs))
	}
	ev := evs[0]
	for name, want := range map[string]string{
		"UID": "svc-42@trama.example", "SUMMARY": "Doposcuola «Il Girasole»", "DESCRIPTION": long,
		"LOCATION": "Via Roma 1, Buccinasco (MI)",
	} {
		if got := text(t, ev, name); got != want {
			t.Errorf("%s reads back\n%q, want\n%q", name, got, want)
		}
	}
	for name, want := range map[string]string{
		"GEO": "45.422500;9.112800", "URL": "https://trama.example/servizi/42", "STATUS": "TENTATIVE",
		"DTSTAMP": "20260901T080000Z", "ORGANIZER": "mailto:info@sole.example",
	} {
		if got := value(ev, name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if cn := ev.Props.Get("ORGANIZER").Params.Get("CN"); cn != "Coop. Sole: servizi" {
		t.Errorf("ORGANIZER CN = %q", cn)
	}
	cats, err := ev.Props.Get("CATEGORIES").TextList()
	if err != nil || fmt.Sprint(cats) != "[Minori Scuola, doposcuola]" {
		t.Errorf("CATEGORIES = %q, %v", cats, err)
	}
	start, err := ev.DateTimeStart(nil)
	if err != nil || !start.Equal(e.Start) || start.Location().String() != "Europe/Rome" {
		t.Errorf("DTSTART = %v, %v", start, err)
	}
	end, err := ev.DateTimeEnd(nil)
	if err != nil || !end.Equal(e.End) {
		t.Errorf("DTEND = %v, %v", end, err)
	}
}

// Long lines fold at 75 octets without splitting a character, whatever
// the mix of one- to four-byte characters.
func TestFolding(t *testing.T) {
	for _, unit := range []string{"a", "à", "€", "🙂", "a€🙂à"} {
		for n := 60; n < 90; n++ {
			summary := strings.Repeat(unit, n)
			out := write(t, ical.Calendar{Events: []ical.Event{{UID: "x", Start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Summary: summary}}})
			if got := text(t, parse(t, out).Events()[0], "SUMMARY"); got != summary {
				t.Fatalf("%d × %q reads back as %q", n, unit, got)
			}
		}
	}
}

func TestEscaping(t *testing.T) {
	e := ical.Event{UID: "x", Start: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC),
		Summary: "a\\b;c,d\ne\r\nf\rg\x00h\x1bi\tj"}
	out := string(write(t, ical.Calendar{Events: []ical.Event{e}}))
	if !contains(out, `SUMMARY:a\\b\;c\,d\ne\nf\ngh`+"i\tj") {
		t.Errorf("escaping wrong:\n%q", out)
	}
	if !contains(out, "DTSTART:20260101T090000Z") {
		t.Errorf("a UTC start is not written with Z:\n%s", out)
	}
	if strings.Contains(out, "VTIMEZONE") {
		t.Error("a UTC event needs no VTIMEZONE")
	}
}

func TestWriteErrors(t *testing.T) {
	start := time.Date(2026, 1, 1, 9, 0, 0, 0, rome)
	for _, tt := range []struct {
		e    ical.Event
		want error
	}{
		{ical.Event{Start: start}, ical.ErrNoUID},
		{ical.Event{UID: "  ", Start: start}, ical.ErrNoUID},
		{ical.Event{UID: "x"}, ical.ErrNoStart},
	} {
		var buf bytes.Buffer
		c := ical.Calendar{Events: []ical.Event{tt.e}}
		if _, err := c.WriteTo(&buf); !errors.Is(err, tt.want) || buf.Len() != 0 {
			t.Errorf("WriteTo(%+v) = %v, wrote %d bytes; want %v", tt.e, err, buf.Len(), tt.want)
		}
	}
}

// TestVTimezone checks the VTIMEZONE against Go's time zone database: the
// transitions its rules imply, 2020 to 2040, are exactly the zone's.
func TestVTimezone(t *testing.T) {
	zones := []string{"Europe/Rome", "America/New_York", "Australia/Sydney", "Asia/Tokyo"}
	for _, tc := range []struct {
		zone string
		year int // of DTSTAMP, whose rules the VTIMEZONE describes
	}{{zones[0], 2026}, {zones[1], 2026}, {zones[2], 2026}, {zones[3], 2026}, {zones[0], 2040}, {zones[1], 2044}} {
		zone := tc.zone
		t.Run(fmt.Sprint(zone, tc.year), func(t *testing.T) {
			loc := mustZone(zone)
			e := ical.Event{UID: "x", Start: time.Date(2026, 6, 1, 9, 0, 0, 0, loc)}
			c := ical.Calendar{Stamp: time.Date(tc.year, 12, 31, 23, 0, 0, 0, time.UTC), Events: []ical.Event{e}}
			cal := parse(t, write(t, c))
			var tz *goical.Component
			for _, c := range cal.Children {
				if c.Name == goical.CompTimezone {
					tz = c
				}
			}
			if tz == nil || value(goical.Event{Component: tz}, "TZID") != zone {
				t.Fatalf("no VTIMEZONE for %s", zone)
			}
			from, to := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2041, 1, 1, 0, 0, 0, 0, time.UTC)
			got := impliedTransitions(t, tz, from, to)
			want := goTransitions(loc, from, to)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("VTIMEZONE implies\n%s\nGo says\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if len(tz.Children) == 0 {
				t.Error("VTIMEZONE without STANDARD or DAYLIGHT")
			}
		})
	}
}

// A zone whose changes follow no yearly rule cannot be described by
// RRULEs: WriteTo says so rather than writing a wrong VTIMEZONE.
func TestVTimezoneWithoutRule(t *testing.T) {
	loc := mustZone("Africa/Casablanca") // DST suspended during Ramadan
	c := ical.Calendar{Stamp: stamp, Events: []ical.Event{{UID: "x", Start: time.Date(2026, 6, 1, 9, 0, 0, 0, loc)}}}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err == nil || !strings.Contains(err.Error(), "Africa/Casablanca") || buf.Len() > 0 {
		t.Errorf("WriteTo = %v after %d bytes, want an error naming the zone and no output", err, buf.Len())
	}
}

// impliedTransitions expands each STANDARD and DAYLIGHT rule of a parsed
// VTIMEZONE into "UTC instant: from → to" lines.
func impliedTransitions(t *testing.T, tz *goical.Component, from, to time.Time) []string {
	t.Helper()
	var out []string
	for _, c := range tz.Children {
		offFrom, offTo := offset(t, c.Props.Get("TZOFFSETFROM").Value), offset(t, c.Props.Get("TZOFFSETTO").Value)
		if offFrom == offTo {
			continue
		}
		start, err := time.Parse("20060102T150405", c.Props.Get("DTSTART").Value)
		if err != nil {
			t.Fatal(err)
		}
		opt, err := c.Props.RecurrenceRule()
		if err != nil || opt == nil {
			t.Fatalf("%s without RRULE: %v", c.Name, err)
		}
		opt.Dtstart = start
		r, err := rrule.NewRRule(*opt)
		if err != nil {
			t.Fatal(err)
		}
		for _, local := range r.Between(from, to, true) { // the wall clock, in the offset before the change
			at := local.Add(-time.Duration(offFrom) * time.Second)
			out = append(out, fmt.Sprintf("%s: %d → %d", at.Format(time.RFC3339), offFrom, offTo))
		}
	}
	return sortStrings(out)
}

// goTransitions lists the offset changes of loc in [from, to), hour by
// hour (these zones change on the hour).
func goTransitions(loc *time.Location, from, to time.Time) []string {
	var out []string
	_, prev := from.In(loc).Zone()
	for t := from.Add(time.Hour); t.Before(to); t = t.Add(time.Hour) {
		if _, off := t.In(loc).Zone(); off != prev {
			out = append(out, fmt.Sprintf("%s: %d → %d", t.UTC().Format(time.RFC3339), prev, off))
			prev = off
		}
	}
	return sortStrings(out)
}

func offset(t *testing.T, s string) int {
	t.Helper()
	var h, m int
	if _, err := fmt.Sscanf(s[1:], "%02d%02d", &h, &m); err != nil {
		t.Fatalf("offset %q: %v", s, err)
	}
	if s[0] == '-' {
		return -(h*3600 + m*60)
	}
	return h*3600 + m*60
}

func sortStrings(s []string) []string {
	slices.Sort(s)
	return s
}
