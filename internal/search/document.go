package search

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/geo"
	"github.com/trama-welfare/trama/internal/platform/text"
	"github.com/trama-welfare/trama/internal/platform/web"
	"github.com/trama-welfare/trama/internal/search/analysis"
)

// Doc is one service as the search index holds it: what results show, and
// the analysed text and filter tokens the engines match.
type Doc struct {
	ServiceID        string
	OrganizationID   string
	TerritoryID      string
	Status           string
	Name             string
	OrganizationName string
	Free             bool
	Accessible       bool
	MinAge, MaxAge   *int // stated, or implied by the target groups
	Languages        []string
	Categories       []string // with their parents
	TargetGroups     []string
	Comuni           []string
	AssuredDate      string
	Cost             string
	Places           []Place
	Schedules        []directory.Schedule

	NameText string   // analysis.IndexText of the name
	BodyText string   // analysis.IndexText of everything else
	Tags     []string // filter tokens
}

// Place is where a service happens, as the public may see it: a
// confidential place has no address and sits at its comune's centre.
type Place struct {
	Name     string  `json:"name,omitempty"`
	Address  string  `json:"address,omitempty"`
	Comune   string  `json:"comune,omitempty"` // "Buccinasco (MI)"
	ISTAT    string  `json:"istat,omitempty"`
	Lat      float64 `json:"lat,omitempty"`
	Lon      float64 `json:"lon,omitempty"`
	HasPoint bool    `json:"point,omitempty"`
	Online   bool    `json:"online,omitempty"`
}

// Env is what building documents needs besides the record: the taxonomies
// (labels and parents of categories) and the comuni (names and centres).
type Env struct {
	Tax    *directory.Taxonomies
	comuni map[string]geo.Comune
	byName map[string][]geo.Comune // folded name → comuni
	today  func() string           // "2006-01-02" in Europe/Rome
	memoMu sync.Mutex
	memo   map[string][]string // schedule → time tags
}

// NewEnv loads the comuni from the bundled list.
func NewEnv(tax *directory.Taxonomies) (*Env, error) {
	all, err := geo.ReadComuni()
	if err != nil {
		return nil, err
	}
	e := &Env{Tax: tax, comuni: make(map[string]geo.Comune, len(all)), byName: map[string][]geo.Comune{},
		today: func() string { return time.Now().In(web.Rome).Format("2006-01-02") }, memo: map[string][]string{}}
	for _, c := range all {
		e.comuni[c.ISTAT] = c
		k := text.Fold(c.Name)
		e.byName[k] = append(e.byName[k], c)
	}
	return e, nil
}

// Comune returns a comune by ISTAT code.
func (e *Env) Comune(istat string) (geo.Comune, bool) { c, ok := e.comuni[istat]; return c, ok }

// Public tells whether the public may find services of an organization in
// this status, and a service in its status.
func Public(org directory.OrgStatus, service string) bool {
	return org == directory.OrgActive &&
		(service == directory.StatusActive || service == directory.StatusTemporarilyClosed)
}

// Build returns the documents of an organization's published record: one
// per service the public may see; none when the organization is not
// active.
func (e *Env) Build(ctx context.Context, rec *directory.Record, status directory.OrgStatus) []Doc {
	if rec == nil {
		return nil
	}
	var docs []Doc
	for i := range rec.Services {
		s := &rec.Services[i]
		if Public(status, s.Status) {
			docs = append(docs, e.doc(ctx, rec, s))
		}
	}
	return docs
}

func (e *Env) doc(ctx context.Context, rec *directory.Record, s *directory.Service) Doc {
	o := &rec.Organization
	d := Doc{ServiceID: s.ID, OrganizationID: o.ID, TerritoryID: o.TerritoryID, Status: s.Status,
		Name: s.Name, OrganizationName: o.Name, Free: s.Free, AssuredDate: s.AssuredDate,
		Cost: cost(s), Schedules: s.Schedules, TargetGroups: s.TargetGroups}
	var labels []string
	for _, code := range s.Categories {
		t, ok := e.Tax.ByCode(ctx, code)
		if !ok {
			continue
		}
		d.Categories = appendNew(d.Categories, code)
		labels = append(labels, t.Name)
		if p, ok := e.Tax.ByID(ctx, t.ParentID); ok && p.Code != "" {
			d.Categories = appendNew(d.Categories, p.Code)
			labels = append(labels, p.Name)
		}
	}
	labels = append(labels, e.Tax.Labels(ctx, s.TargetGroups, "it")...)
	for _, l := range s.Languages {
		if c := strings.ToLower(strings.TrimSpace(l.Code)); c != "" {
			d.Languages = appendNew(d.Languages, c)
		}
	}
	var placeWords []string
	for _, sal := range s.ServiceAtLocations {
		l := rec.Location(sal.LocationID)
		if l == nil {
			continue
		}
		p := e.place(l)
		d.Places = append(d.Places, p)
		if len(l.Accessibility) > 0 {
			d.Accessible = true
		}
		if p.ISTAT != "" {
			d.Comuni = appendNew(d.Comuni, p.ISTAT)
		}
		placeWords = append(placeWords, l.Name, p.Comune)
	}
	d.MinAge, d.MaxAge = ageRange(s)
	d.Tags = e.tags(&d)
	d.NameText = analysis.IndexText(s.Name)
	body := append([]string{s.AlternateName, s.Description, o.Name}, labels...)
	body = append(body, placeWords...)
	d.BodyText = analysis.IndexText(append(body, whenWords(d.Tags)...)...)
	return d
}

func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// place is a location as the public sees it.
func (e *Env) place(l *directory.Location) Place {
	p := Place{Name: l.Name, ISTAT: l.ISTATCode, Online: l.LocationType == directory.LocationVirtual}
	c, known := e.comuni[l.ISTATCode]
	if known {
		p.Comune = c.Label()
	}
	switch {
	case p.Online:
	case l.Latitude != nil && l.Longitude != nil && !l.Confidential:
		p.Lat, p.Lon, p.HasPoint = *l.Latitude, *l.Longitude, true
	case known:
		p.Lat, p.Lon, p.HasPoint = c.Lat, c.Lon, true
	}
	if !l.Confidential {
		p.Address = l.Address().Address1
	}
	return p
}

// cost says what a service costs, from what the organization wrote.
func cost(s *directory.Service) string {
	if s.Free {
		return ""
	}
	if t := strings.TrimSpace(s.FeesDescription); t != "" {
		return t
	}
	if t := strings.TrimSpace(s.Fees); t != "" {
		return t
	}
	for _, c := range s.CostOptions {
		if t := strings.TrimSpace(c.AmountDescription); t != "" {
			return t
		}
	}
	return ""
}

// impliedAges are the ages the target groups stand for; a group missing
// here (families, people with disabilities, everyone…) is open to any age.
var impliedAges = map[string][2]int{
	"DEST-INF":       {0, 5},
	"DEST-BAMB":      {6, 10},
	"DEST-PREADO":    {11, 14},
	"DEST-ADO":       {15, 18},
	"DEST-GIOV":      {18, 30},
	"DEST-ADULTI":    {18, -1},
	"DEST-GENIT":     {18, -1},
	"DEST-CAREGIVER": {18, -1},
	"DEST-ANZ":       {seniorFrom, -1},
}

// ageRange is the stated age range of a service or, when none is stated,
// the one its target groups imply; nil bounds are open.
func ageRange(s *directory.Service) (minAge, maxAge *int) {
	if s.MinimumAge != nil || s.MaximumAge != nil {
		return s.MinimumAge, s.MaximumAge
	}
	lo, hi, any := 1000, -1, false
	for _, g := range s.TargetGroups {
		r, ok := impliedAges[g]
		if !ok {
			return nil, nil
		}
		any = true
		lo = min(lo, r[0])
		if r[1] < 0 || hi == -2 {
			hi = -2 // open-ended
		} else {
			hi = max(hi, r[1])
		}
	}
	if !any {
		return nil, nil
	}
	minAge = &lo
	if hi >= 0 {
		maxAge = &hi
	}
	return minAge, maxAge
}

// tags returns the filter tokens of a document.
func (e *Env) tags(d *Doc) []string {
	var t []string
	add := func(s ...string) {
		for _, x := range s {
			if x != "" && !slices.Contains(t, x) {
				t = append(t, x)
			}
		}
	}
	if d.Free {
		add(tagFree)
	}
	if d.Accessible {
		add(tagAccessible)
	}
	if d.TerritoryID != "" {
		add(tagTerritory(d.TerritoryID))
	}
	for _, c := range d.Categories {
		add(tagCategory(c))
	}
	for _, g := range d.TargetGroups {
		add(tagTarget(g))
	}
	for _, l := range d.Languages {
		add(tagLanguage(l))
	}
	add(ageTags(d.MinAge, d.MaxAge)...)
	for _, p := range d.Places {
		if p.ISTAT != "" {
			add(tagComune(p.ISTAT))
		}
		if p.HasPoint {
			add(pointCells(p.Lat, p.Lon)...)
		}
	}
	add(e.timeTags(d.Schedules)...)
	return t
}

// ageTags files a range under each year of childhood it covers, and under
// adults and older people when it reaches them.
func ageTags(minAge, maxAge *int) []string {
	if minAge == nil && maxAge == nil {
		return []string{tagAllAges}
	}
	lo, hi := 0, 1000
	if minAge != nil {
		lo = *minAge
	}
	if maxAge != nil {
		hi = *maxAge
	}
	var out []string
	for n := max(lo, 0); n <= min(hi, maxChildAge); n++ {
		out = append(out, tagAge(n))
	}
	if lo < seniorFrom && hi >= adultFrom {
		out = append(out, tagAdults)
	}
	if hi >= seniorFrom {
		out = append(out, tagSeniors)
	}
	return out
}

// timeTags files the schedules still in force under the days and parts of
// the day they happen on, as internal/schedule answers it.
func (e *Env) timeTags(list []directory.Schedule) []string {
	today := e.today()
	var out []string
	for _, s := range list {
		for _, t := range e.scheduleTags(s, today) {
			if !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
	}
	return out
}

// maxMemo bounds the memo of schedule tags.
const maxMemo = 20000

// scheduleTags are the time tags of one schedule, remembered by content:
// expanding a rule is not cheap, and many services share their hours.
func (e *Env) scheduleTags(s directory.Schedule, today string) []string {
	s.ID, s.ServiceID, s.LocationID, s.ServiceAtLocationID, s.Description, s.Notes = "", "", "", "", "", ""
	k, _ := json.Marshal(s)
	key := today + string(k)
	e.memoMu.Lock()
	tags, ok := e.memo[key]
	e.memoMu.Unlock()
	if ok {
		return tags
	}
	tags = scheduleTags(s, today)
	e.memoMu.Lock()
	if len(e.memo) >= maxMemo {
		clear(e.memo)
	}
	e.memo[key] = tags
	e.memoMu.Unlock()
	return tags
}

func scheduleTags(s directory.Schedule, today string) []string {
	r, err := directory.ToRule(s)
	if err != nil || ended(s, today) {
		return nil
	}
	var days []time.Weekday
	for d := time.Sunday; d <= time.Saturday; d++ {
		if r.OnWeekday(d) {
			days = append(days, d)
		}
	}
	if len(days) == 0 {
		return nil
	}
	// The hours are the same on every day of a schedule: the parts of the
	// day are asked once.
	var out, parts []string
	for _, p := range Parts {
		if from, to := p.Minutes(); r.Overlaps(days[0], from, to) {
			parts = append(parts, string(p))
			out = append(out, tagPart(p))
		}
	}
	for _, d := range days {
		out = append(out, tagDay(d))
		for _, p := range parts {
			out = append(out, tagDayPart(d, Part(p)))
		}
	}
	return out
}

// ended tells whether a schedule has no occurrence left after today: a
// one-off date, an end of repetition or of validity in the past (a
// seasonal validity comes back every year).
func ended(s directory.Schedule, today string) bool {
	switch {
	case s.Count != nil && *s.Count == 1 && s.DTStart != "":
		return s.DTStart < today
	case s.Until != "" && s.Until[:min(10, len(s.Until))] < today:
		return true
	case !s.Seasonal && s.ValidTo != "" && s.ValidTo < today:
		return true
	}
	return false
}

// dayWords and partWords name the days and parts of the day in Italian.
var (
	dayWords  = [7]string{"domenica", "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato"}
	partWords = map[Part]string{Morning: "mattina", Afternoon: "pomeriggio", Evening: "sera"}
)

// whenWords puts when a service happens into words people type ("sabato
// pomeriggio"), one pair per day and part of the day it happens in.
func whenWords(tags []string) []string {
	var out []string
	for d := time.Sunday; d <= time.Saturday; d++ {
		for _, p := range Parts {
			if slices.Contains(tags, tagDayPart(d, p)) {
				out = append(out, dayWords[d]+" "+partWords[p])
			}
		}
	}
	return out
}

// nameKey is the sorting key of a name.
func nameKey(name string) string { return text.Fold(strings.TrimSpace(name)) }
