// Package ical writes iCalendar (RFC 5545) feeds of Trama's schedules,
// events and shifts, for people to subscribe to from their calendar app.
//
// It is a writer only, and a small one: a Calendar of Events, each with
// its recurrence rule and exceptions, and a VTIMEZONE for every zone used,
// derived from Go's time zone database. EventsFor turns a
// schedule.Schedule into events.
package ical

import (
	"bufio"
	"errors"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ContentType is the media type of a feed.
const ContentType = "text/calendar; charset=utf-8"

// ProdID identifies Trama as the producer of a feed.
const ProdID = "-//Trama//Trama//IT"

// Date-time layouts of RFC 5545.
const (
	localFormat = "20060102T150405"  // with TZID, or floating
	utcFormat   = "20060102T150405Z" // UTC
	dateFormat  = "20060102"         // VALUE=DATE
)

// Calendar is a VCALENDAR published by Trama (METHOD:PUBLISH).
type Calendar struct {
	// Name, if set, is shown by calendar apps (X-WR-CALNAME).
	Name string
	// Stamp is when the feed was made: the DTSTAMP of every event, and the
	// year whose time zone rules the VTIMEZONEs describe. Zero means now.
	Stamp  time.Time
	Events []Event
}

// Status is the STATUS of an event.
type Status string

// Event statuses.
const (
	Tentative Status = "TENTATIVE"
	Confirmed Status = "CONFIRMED"
	Cancelled Status = "CANCELLED"
)

// Event is a VEVENT. Times carry their zone: one in UTC is written with a
// "Z", any other with its TZID (and the calendar gets the VTIMEZONE).
type Event struct {
	UID string // required, globally unique and stable
	// Start is required; End is optional (an event without one is a
	// moment). With AllDay, only their dates count and End is exclusive.
	Start, End time.Time
	AllDay     bool
	// RRule is the recurrence rule without the "RRULE:" prefix; its UNTIL
	// must be in UTC when Start has a zone (RFC 5545 3.3.10).
	RRule string
	// ExDates are the starts of the occurrences that do not happen.
	ExDates     []time.Time
	Summary     string
	Description string
	Location    string
	Geo         *Geo
	URL         string
	Organizer   *Organizer
	Categories  []string
	Status      Status
}

// Geo is a position in WGS 84 degrees.
type Geo struct{ Lat, Lon float64 }

// Organizer is who organises an event: a name and an e-mail address.
type Organizer struct{ Name, Email string }

// Errors of WriteTo.
var (
	ErrNoUID   = errors.New("ical: event without UID")
	ErrNoStart = errors.New("ical: event without start")
)

// WriteTo writes the calendar to w, CRLF-terminated and folded. It checks
// everything before writing: on an error nothing has been written.
func (c *Calendar) WriteTo(w io.Writer) (int64, error) {
	stamp := c.Stamp
	if stamp.IsZero() {
		stamp = time.Now()
	}
	for _, e := range c.Events {
		switch {
		case strings.TrimSpace(e.UID) == "":
			return 0, ErrNoUID
		case e.Start.IsZero():
			return 0, ErrNoStart
		}
	}
	zones := c.zones()
	rules := make([][]transition, len(zones))
	for i, loc := range zones {
		var err error
		if rules[i], err = zoneRules(loc, stamp.Year()); err != nil {
			return 0, err
		}
	}
	lw := &lineWriter{w: bufio.NewWriter(w)}
	lw.line("BEGIN", "VCALENDAR")
	lw.line("VERSION", "2.0")
	lw.line("PRODID", ProdID)
	lw.line("CALSCALE", "GREGORIAN")
	lw.line("METHOD", "PUBLISH")
	if c.Name != "" {
		lw.line("X-WR-CALNAME", escapeText(c.Name))
	}
	for i, loc := range zones {
		writeTimezone(lw, loc, rules[i], stamp.Year())
	}
	for _, e := range c.Events {
		e.write(lw, stamp)
	}
	lw.line("END", "VCALENDAR")
	if lw.err == nil {
		lw.err = lw.w.Flush()
	}
	return lw.n, lw.err
}

// zones returns the zones the events use, by name.
func (c *Calendar) zones() []*time.Location {
	byName := map[string]*time.Location{}
	for _, e := range c.Events {
		if e.AllDay {
			continue
		}
		for _, t := range append([]time.Time{e.Start, e.End}, e.ExDates...) {
			if loc := t.Location(); !t.IsZero() && zoned(loc) {
				byName[loc.String()] = loc
			}
		}
	}
	names := slices.Sorted(maps.Keys(byName))
	out := make([]*time.Location, len(names))
	for i, n := range names {
		out[i] = byName[n]
	}
	return out
}

// zoned tells whether times in loc are written with a TZID. UTC is not;
// nor is Local, whose name is no IANA zone: such times are written in UTC.
func zoned(loc *time.Location) bool {
	return loc != time.UTC && loc != time.Local && loc.String() != "UTC" && loc.String() != "Local"
}

// write writes the VEVENT.
func (e *Event) write(lw *lineWriter, stamp time.Time) {
	lw.line("BEGIN", "VEVENT")
	lw.line("UID", escapeText(e.UID))
	lw.line("DTSTAMP", stamp.UTC().Format(utcFormat))
	lw.line(dateTime("DTSTART", e.Start, e.AllDay))
	if !e.End.IsZero() {
		lw.line(dateTime("DTEND", e.End, e.AllDay))
	}
	if e.RRule != "" {
		lw.line("RRULE", cleanURI(strings.TrimPrefix(e.RRule, "RRULE:")))
	}
	if len(e.ExDates) > 0 {
		lw.line(exDates(e.ExDates, e.AllDay))
	}
	optional := func(name, value string) {
		if value != "" {
			lw.line(name, value)
		}
	}
	optional("SUMMARY", escapeText(e.Summary))
	optional("DESCRIPTION", escapeText(e.Description))
	optional("LOCATION", escapeText(e.Location))
	if g := e.Geo; g != nil && math.Abs(g.Lat) <= 90 && math.Abs(g.Lon) <= 180 {
		lw.line("GEO", formatFloat(e.Geo.Lat)+";"+formatFloat(e.Geo.Lon))
	}
	optional("URL", cleanURI(e.URL))
	if o := e.Organizer; o != nil && cleanURI(o.Email) != "" {
		var params []string
		if o.Name != "" {
			params = append(params, param("CN", o.Name))
		}
		lw.line("ORGANIZER", "mailto:"+cleanURI(o.Email), params...)
	}
	optional("CATEGORIES", textList(e.Categories))
	optional("STATUS", string(e.Status))
	lw.line("END", "VEVENT")
}

// dateTime returns the name, value and parameters of a DATE or DATE-TIME
// property.
func dateTime(name string, t time.Time, allDay bool) (string, string, string) {
	if allDay {
		return name, t.Format(dateFormat), "VALUE=DATE"
	}
	if !zoned(t.Location()) {
		return name, t.UTC().Format(utcFormat), ""
	}
	return name, t.Format(localFormat), param("TZID", t.Location().String())
}

// exDates returns the EXDATE property of the given starts, all in the
// zone of the first.
func exDates(dates []time.Time, allDay bool) (string, string, string) {
	sorted := slices.SortedFunc(slices.Values(dates), func(a, b time.Time) int { return a.Compare(b) })
	name, first, params := dateTime("EXDATE", sorted[0], allDay)
	values := []string{first}
	for _, t := range sorted[1:] {
		_, v, _ := dateTime("EXDATE", t.In(sorted[0].Location()), allDay)
		values = append(values, v)
	}
	return name, strings.Join(slices.Compact(values), ","), params
}

func formatFloat(f float64) string {
	return strconv.FormatFloat(f, 'f', 6, 64)
}
