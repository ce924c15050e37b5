package search

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/geo"
	"github.com/trama-welfare/trama/internal/platform/text"
)

// The parameters of the search page, which make every search a link:
// q, category, age (0–17, "adulti", "anziani"), day (0 = Sunday … 6),
// time ("mattina", "pomeriggio", "sera"), comune (a name, "Buccinasco" or
// "Buccinasco (MI)"), km (0 = in the comune only), lat and lon ("vicino a
// me"), free, accessible, language, sort, page.

// Radii are the distances offered, in km; 0 is "in the comune only".
var Radii = []int{0, 2, 5, 10, 20, 50}

// DefaultRadiusKm is the distance when none is chosen.
const DefaultRadiusKm = 10

// partNames are the parts of the day as they appear in links.
var partNames = map[string]Part{"mattina": Morning, "pomeriggio": Afternoon, "sera": Evening}

// PartName is the link name of a part of the day.
func PartName(p Part) string {
	for k, v := range partNames {
		if v == p {
			return k
		}
	}
	return ""
}

// maxTextBytes bounds the text box.
const maxTextBytes = 200

// Parsed is a search page's query with what the page shows about it.
type Parsed struct {
	Query
	Comune *geo.Comune // the comune the distances are from
	// Understood lists the filters read from the words ("sabato", "8
	// anni"…), for the page to say so.
	Understood understood
}

// ParseForm reads the search page's parameters. Bad values are reported
// per field (i18n keys) and left out of the query. Filters said in words
// (understand) apply where the field is not set.
func (e *Env) ParseForm(ctx context.Context, v url.Values) (Parsed, errs.Fields) {
	var f errs.Fields
	q := Query{Text: strings.TrimSpace(v.Get("q")), Sort: Sort(v.Get("sort"))}
	if len(q.Text) > maxTextBytes || !utf8.ValidString(q.Text) {
		f.Add("q", "search.errors.text")
		q.Text = ""
	}
	u := e.understand(q.Text)
	q.Text = u.Text
	if c := v.Get("category"); c != "" {
		if t, ok := e.Tax.ByCode(ctx, c); ok && t.Taxonomy == directory.TaxServices {
			q.Category = c
		} else {
			f.Add("category", "search.errors.category")
		}
	}
	switch a := v.Get("age"); a {
	case "":
		switch {
		case u.Age == nil:
		case *u.Age <= maxChildAge:
			q.ChildAge = u.Age
		case *u.Age >= seniorFrom:
			q.AgeGroup = Seniors
		default:
			q.AgeGroup = Adults
		}
	case "adulti":
		q.AgeGroup = Adults
	case "anziani":
		q.AgeGroup = Seniors
	default:
		n, err := strconv.Atoi(a)
		if err != nil || n < 0 || n > maxChildAge {
			f.Add("age", "search.errors.age")
		} else {
			q.ChildAge = &n
		}
	}
	q.Day, q.Part = u.Day, u.Part
	if d := v.Get("day"); d != "" {
		n, err := strconv.Atoi(d)
		if err != nil || n < 0 || n > 6 {
			f.Add("day", "search.errors.day")
		} else {
			wd := time.Weekday(n)
			q.Day = &wd
		}
	}
	if t := v.Get("time"); t != "" {
		if p, ok := partNames[t]; ok {
			q.Part = p
		} else {
			f.Add("time", "search.errors.time")
		}
	}
	q.Free, q.Accessible = on(v.Get("free")), on(v.Get("accessible"))
	if l := v.Get("language"); l != "" {
		if slices.Contains(directory.Languages, l) {
			q.Language = l
		} else {
			f.Add("language", "search.errors.language")
		}
	}
	km := DefaultRadiusKm
	if s := v.Get("km"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || !slices.Contains(Radii, n) {
			f.Add("km", "search.errors.km")
		} else {
			km = n
		}
	}
	var comune *geo.Comune
	switch name := strings.TrimSpace(v.Get("comune")); {
	case name == "" && u.Comune != nil && v.Get("lat") == "":
		comune = u.Comune
		q.Origin = &Point{u.Comune.Lat, u.Comune.Lon}
		q.RadiusKm = float64(max(km, Radii[1]))
	case name != "":
		c, ok := e.FindComune(name)
		if !ok {
			f.Add("comune", "search.errors.comune")
			break
		}
		comune = &c
		q.Origin = &Point{c.Lat, c.Lon}
		if km == 0 {
			q.Comune = c.ISTAT
		} else {
			q.RadiusKm = float64(km)
		}
	case v.Get("lat") != "" || v.Get("lon") != "":
		lat, err1 := strconv.ParseFloat(v.Get("lat"), 64)
		lon, err2 := strconv.ParseFloat(v.Get("lon"), 64)
		if err1 != nil || err2 != nil || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
			f.Add("comune", "search.errors.position")
			break
		}
		q.Origin = &Point{lat, lon}
		q.RadiusKm = float64(max(km, Radii[1]))
	}
	switch q.Sort {
	case "", ByRelevance, ByName:
	case ByDistance:
		if q.Origin == nil {
			f.Add("sort", "search.errors.sort_distance")
		}
	default:
		f.Add("sort", "search.errors.sort")
	}
	if p, err := strconv.Atoi(v.Get("page")); err == nil {
		q.Page = p
	}
	return Parsed{Query: q, Comune: comune, Understood: u}, f
}

func on(s string) bool { return s == "on" || s == "1" || s == "true" }

// FindComune resolves what a user typed as a comune: "Buccinasco",
// "buccinasco", "Buccinasco (MI)". With several comuni of that name, the
// province decides, else the most populous.
func (e *Env) FindComune(s string) (geo.Comune, bool) {
	name, prov := strings.TrimSpace(s), ""
	if i := strings.LastIndexByte(name, '('); i > 0 && strings.HasSuffix(name, ")") {
		name, prov = strings.TrimSpace(name[:i]), strings.ToUpper(strings.TrimSpace(name[i+1:len(name)-1]))
	}
	key := text.Fold(name)
	var best geo.Comune
	found := false
	for _, c := range e.byName[key] {
		if prov != "" && c.ProvinceCode == prov {
			return c, true
		}
		if !found || c.Population > best.Population {
			best, found = c, true
		}
	}
	return best, found
}
