package porta

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/auth"
)

// How many suggestions a need gets, and how many services a search shows.
const (
	maxSuggestions = 10
	maxSearch      = 30
)

// Day parts of the availability, in minutes of the day.
var dayParts = map[string][2]int{"morning": {8 * 60, 13 * 60}, "afternoon": {13 * 60, 19 * 60}, "evening": {19 * 60, 23 * 60}}

// agesToGroups maps ages to the target groups of the trama-destinatari
// taxonomy.
func agesToGroups(age int) []string {
	switch {
	case age < 6:
		return []string{"DEST-INF"}
	case age <= 10:
		return []string{"DEST-BAMB"}
	case age <= 14:
		return []string{"DEST-PREADO"}
	case age <= 18:
		return []string{"DEST-ADO"}
	case age <= 30:
		return []string{"DEST-GIOV", "DEST-ADULTI"}
	case age < 65:
		return []string{"DEST-ADULTI"}
	}
	return []string{"DEST-ANZ"}
}

// profile builds what matching knows from a need and its person.
func (p *Porta) profile(ctx context.Context, n *Need, pr *Person, now time.Time) (Profile, error) {
	pf := Profile{Categories: n.Categories, ISTAT: pr.ISTATCode, FreeOnly: n.Details.FreeOnly, Language: pr.Details.Language,
		Parents: map[string]string{}}
	tree, err := p.dir.Tax.Tree(ctx, directory.TaxServices)
	if err != nil {
		return pf, err
	}
	for _, t := range tree {
		for _, c := range t.Children {
			pf.Parents[c.Code] = t.Code
		}
	}
	add := func(gs ...string) {
		for _, g := range gs {
			if !slices.Contains(pf.Groups, g) {
				pf.Groups = append(pf.Groups, g)
			}
		}
	}
	if n.Details.Involves("children") || pr.HasMinors {
		pf.Ages = append(pf.Ages, n.Details.ChildrenAges...)
		add("DEST-FAM", "DEST-GENIT")
		for _, a := range n.Details.ChildrenAges {
			add(agesToGroups(a)...)
		}
	}
	if age := pr.Details.Age(now); age >= 0 && len(pf.Ages) == 0 {
		pf.Ages = append(pf.Ages, age)
		add(agesToGroups(age)...)
	}
	if n.Details.Involves("elderly") {
		add("DEST-ANZ", "DEST-CAREGIVER")
	}
	if n.Details.Involves("disability") {
		add("DEST-DIS", "DEST-CAREGIVER")
	}
	if n.Details.FreeOnly {
		add("DEST-FRAGILI")
	}
	for _, d := range n.Details.Days {
		pf.Days = append(pf.Days, time.Weekday((slices.Index(Weekdays, d)+1)%7))
	}
	for _, part := range n.Details.Parts {
		pf.Parts = append(pf.Parts, dayParts[part])
		pf.PartNames = append(pf.PartNames, part)
	}
	if c, ok, err := p.geo.Comune(ctx, pr.ISTATCode); err == nil && ok {
		pf.Lat, pf.Lon, pf.Located = c.Lat, c.Lon, true
	}
	return pf, nil
}

// candidates loads the published, active services with the given ids,
// grouped by organization (one record read per organization).
func (p *Porta) candidates(ctx context.Context, rows []directory.ServiceRow) ([]Candidate, error) {
	byOrg := map[string][]string{}
	var orgs []string
	for _, r := range rows {
		if _, ok := byOrg[r.OrganizationID]; !ok {
			orgs = append(orgs, r.OrganizationID)
		}
		byOrg[r.OrganizationID] = append(byOrg[r.OrganizationID], r.ID)
	}
	load, err := p.load(ctx)
	if err != nil {
		return nil, err
	}
	var out []Candidate
	for _, org := range orgs {
		rec, st, err := p.dir.Store.Published(ctx, org)
		if err != nil {
			return nil, err
		}
		if rec == nil || st != directory.OrgActive {
			continue
		}
		places := p.places(ctx, rec)
		for _, s := range rec.Services {
			if !slices.Contains(byOrg[org], s.ID) || s.Status != directory.StatusActive {
				continue
			}
			out = append(out, Candidate{Service: s, Organization: rec.Organization.Name, Places: places[s.ID], Load: load[s.ID]})
		}
	}
	return out, nil
}

// places returns the places of each service of a record, with coordinates
// (the location's own, else its comune's).
func (p *Porta) places(ctx context.Context, rec *directory.Record) map[string][]Place {
	out := map[string][]Place{}
	for _, s := range rec.Services {
		for _, sal := range s.ServiceAtLocations {
			l := rec.Location(sal.LocationID)
			if l == nil {
				continue
			}
			pl := Place{ISTAT: l.ISTATCode, Online: l.LocationType == directory.LocationVirtual}
			if l.Latitude != nil && l.Longitude != nil {
				pl.Lat, pl.Lon, pl.Located = *l.Latitude, *l.Longitude, true
			} else if c, ok, err := p.geo.Comune(ctx, l.ISTATCode); err == nil && ok {
				pl.Lat, pl.Lon, pl.Located = c.Lat, c.Lon, true
			}
			out[s.ID] = append(out[s.ID], pl)
		}
	}
	return out
}

// load counts, per service, the people referred and accepted or in
// progress: what capacity is compared with.
func (p *Porta) load(ctx context.Context) (map[string]int, error) {
	rows, err := p.db.R.QueryContext(ctx, `SELECT service_id, COUNT(*) FROM porta_referrals
		WHERE status IN ('accepted', 'in_progress') GROUP BY service_id`)
	if err != nil {
		return nil, fmt.Errorf("porta: load: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

func rank(list []Suggestion, limit int) []Suggestion {
	slices.SortStableFunc(list, func(a, b Suggestion) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.Service, b.Service)
	})
	if len(list) > limit {
		list = list[:limit]
	}
	return list
}

// Suggest ranks the services of the territory for a need of a case.
func (p *Porta) Suggest(ctx context.Context, u *auth.User, v *CaseView, n *Need) ([]Suggestion, error) {
	if !coordinates(u, v.Case.TerritoryID) {
		return nil, notFound()
	}
	pf, err := p.profile(ctx, n, v.Person, time.Now())
	if err != nil {
		return nil, err
	}
	codes := slices.Clone(n.Categories)
	for _, c := range n.Categories {
		if parent := pf.Parents[c]; parent != "" && !slices.Contains(codes, parent) {
			codes = append(codes, parent)
		}
	}
	if len(codes) == 0 {
		codes = []string{""}
	}
	var rows []directory.ServiceRow
	for _, c := range codes {
		list, _, err := p.dir.Store.ListServices(ctx, directory.ServiceFilter{TerritoryID: v.Case.TerritoryID,
			Status: directory.StatusActive, Category: c, Limit: 500})
		if err != nil {
			return nil, err
		}
		rows = append(rows, list...)
	}
	return p.scored(ctx, pf, rows, v.ReferredServices(n.ID), maxSuggestions)
}

// Search finds services of the territory in the directory by words and
// category, scored for the need so each result says how it fits.
func (p *Porta) Search(ctx context.Context, u *auth.User, v *CaseView, n *Need, query, category string) ([]Suggestion, error) {
	if !coordinates(u, v.Case.TerritoryID) {
		return nil, notFound()
	}
	pf, err := p.profile(ctx, n, v.Person, time.Now())
	if err != nil {
		return nil, err
	}
	rows, _, err := p.dir.Store.ListServices(ctx, directory.ServiceFilter{TerritoryID: v.Case.TerritoryID,
		Status: directory.StatusActive, Category: category, Query: query, Limit: 200})
	if err != nil {
		return nil, err
	}
	return p.scored(ctx, pf, rows, v.ReferredServices(n.ID), maxSearch)
}

func (p *Porta) scored(ctx context.Context, pf Profile, rows []directory.ServiceRow, referred map[string]string, limit int) ([]Suggestion, error) {
	cands, err := p.candidates(ctx, rows)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []Suggestion
	for _, c := range cands {
		if seen[c.Service.ID] {
			continue
		}
		seen[c.Service.ID] = true
		s := Score(pf, c)
		s.Referred = referred[c.Service.ID]
		out = append(out, s)
	}
	return rank(out, limit), nil
}
