package hsds

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Pagination limits of the API.
const (
	defaultPerPage = 50
	maxPerPage     = 500
)

// params are the query parameters of the API's list endpoints.
type params struct {
	Page, PerPage  int
	Search         string
	TermID         string // taxonomy_term_id: the term or its children
	TaxonomyID     string
	OrganizationID string
	ModifiedAfter  string // RFC 3339, UTC
	Minimal, Full  bool
	FullService    bool
	NDJSON         bool
	Postcode       string
	Proximity      float64 // metres; 0: none
	Lat, Lon       float64
	HasPoint       bool
	MinAge, MaxAge *int
	Day            string // MO … SU
	Comune         string // ISTAT code
	ParentID       string // taxonomy terms
	TopOnly        bool
}

// badParam is a parameter the API refuses (400).
type badParam struct{ name, why string }

func (e badParam) Error() string { return "parameter " + e.name + ": " + e.why }

var days = map[string]string{
	"mo": "MO", "monday": "MO", "lunedi": "MO", "lunedì": "MO",
	"tu": "TU", "tuesday": "TU", "martedi": "TU", "martedì": "TU",
	"we": "WE", "wednesday": "WE", "mercoledi": "WE", "mercoledì": "WE",
	"th": "TH", "thursday": "TH", "giovedi": "TH", "giovedì": "TH",
	"fr": "FR", "friday": "FR", "venerdi": "FR", "venerdì": "FR",
	"sa": "SA", "saturday": "SA", "sabato": "SA",
	"su": "SU", "sunday": "SU", "domenica": "SU",
}

// parseParams reads and checks the parameters.
func parseParams(q url.Values) (params, error) {
	p := params{Page: 1, PerPage: defaultPerPage}
	var err error
	num := func(name string, lo, hi float64) (float64, bool) {
		s := strings.TrimSpace(q.Get(name))
		if s == "" || err != nil {
			return 0, false
		}
		x, e := strconv.ParseFloat(s, 64)
		if e != nil || x < lo || x > hi {
			err = badParam{name, fmt.Sprintf("%q is not a number between %g and %g", s, lo, hi)}
			return 0, false
		}
		return x, true
	}
	flag := func(name string) bool {
		s := q.Get(name)
		if s == "" || err != nil {
			return false
		}
		b, ok := parseBool(s)
		if !ok {
			err = badParam{name, fmt.Sprintf("%q is not true or false", s)}
		}
		return b
	}
	whole := func(name string, lo, hi float64) (int, bool) {
		x, ok := num(name, lo, hi)
		if ok && x != float64(int(x)) {
			err = badParam{name, "not a whole number"}
		}
		return int(x), ok
	}
	if n, ok := whole("page", 1, 1e9); ok {
		p.Page = n
	}
	if n, ok := whole("per_page", 1, 1e9); ok {
		p.PerPage = min(n, maxPerPage)
	}
	if n, ok := whole("minimum_age", 0, 150); ok {
		p.MinAge = &n
	}
	if n, ok := whole("maximum_age", 0, 150); ok {
		p.MaxAge = &n
	}
	p.Proximity, _ = num("proximity", 1, 1_000_000)
	lat, okLat := num("lat", -90, 90)
	lon, okLon := num("lon", -180, 180)
	p.Lat, p.Lon, p.HasPoint = lat, lon, okLat && okLon
	p.Minimal, p.Full, p.FullService, p.TopOnly = flag("minimal"), flag("full"), flag("full_service"), flag("top_only")
	if err != nil {
		return p, err
	}
	p.Search = strings.TrimSpace(q.Get("search"))
	p.TermID, p.TaxonomyID = q.Get("taxonomy_term_id"), q.Get("taxonomy_id")
	p.OrganizationID, p.ParentID = q.Get("organization_id"), q.Get("parent_id")
	p.Postcode, p.Comune = strings.TrimSpace(q.Get("postcode")), strings.TrimSpace(q.Get("comune"))
	switch f := q.Get("format"); f {
	case "", "json":
	case "ndjson":
		p.NDJSON = true
	default:
		return p, badParam{"format", fmt.Sprintf("%q: use json or ndjson", f)}
	}
	if d := q.Get("day"); d != "" {
		if p.Day = days[strings.ToLower(strings.TrimSpace(d))]; p.Day == "" {
			return p, badParam{"day", fmt.Sprintf("%q: use MO, TU, WE, TH, FR, SA, SU or the day's name", d)}
		}
	}
	if m := q.Get("modified_after"); m != "" {
		t, e := time.Parse(time.RFC3339, m)
		if e != nil {
			t, e = time.Parse(time.DateOnly, m)
		}
		if e != nil {
			return p, badParam{"modified_after", fmt.Sprintf("%q is not a date (YYYY-MM-DD) nor an RFC 3339 date-time", m)}
		}
		p.ModifiedAfter = t.UTC().Format(time.RFC3339)
	}
	if p.Proximity > 0 && !p.HasPoint && p.Postcode == "" {
		return p, badParam{"proximity", "needs lat and lon, or postcode"}
	}
	return p, nil
}
