package demo

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"time"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/geo"
)

// capOf is the postcode of each comune of the demo territory (a comune
// with several postcodes would need the cap key on its places).
var capOf = map[string]string{
	"015011": "20057", // Assago
	"015036": "20090", // Buccinasco
	"015074": "20090", // Cesano Boscone
	"015093": "20094", // Corsico
	"015097": "20047", // Cusago
	"015220": "20090", // Trezzano sul Naviglio
}

// built is an organization's record as an operator would have typed it,
// with the keys of the data next to the ids.
type built struct {
	org      directory.Organization
	places   []directory.Location
	services []directory.Service
	later    map[string]bool   // ids of the places and services of the update
	placeIDs map[string]string // place key → location id
	svcIDs   map[string]string // service key → service id
}

// record returns the places and services of the first version (update
// false) or the later ones only (update true).
func (b *built) record(update bool) ([]directory.Location, []directory.Service) {
	var ls []directory.Location
	var ss []directory.Service
	for _, l := range b.places {
		if b.later[l.ID] == update {
			ls = append(ls, l)
		}
	}
	for _, s := range b.services {
		if b.later[s.ID] == update {
			ss = append(ss, s)
		}
	}
	return ls, ss
}

// build turns an organization of the data into directory types, filled the
// way the directory's forms fill them; comuni holds the demo comuni.
func build(o org, orgID, territoryID string, today time.Time, comuni map[string]geo.Comune) (*built, error) {
	b := &built{later: map[string]bool{}, placeIDs: map[string]string{}, svcIDs: map[string]string{}}
	b.org = directory.Organization{ID: orgID, Name: o.Name, Kind: o.Kind, Description: o.Description, Email: o.Email,
		Website: o.Website, TerritoryID: territoryID, SocialUtility: o.SocialUtility,
		VolunteerManagement: o.VolunteerManagement, PartnerNotes: o.PartnerNotes, VolunteersCount: o.Volunteers,
		Activities: o.Activities}
	b.org.Phones = phone(o.Phone, func(p *directory.Phone) { p.OrganizationID = orgID })
	for _, t := range o.Training {
		b.org.TrainingPlans = append(b.org.TrainingPlans, directory.TrainingPlan{ID: directory.NewID(),
			Title: t.Title, Period: t.Period, Audience: t.Audience})
	}
	for _, p := range o.Places {
		l, err := buildPlace(o, p, comuni)
		if err != nil {
			return nil, err
		}
		b.places = append(b.places, l)
		b.placeIDs[p.Key] = l.ID
		b.later[l.ID] = p.Later
	}
	for _, s := range o.Services {
		sv, err := buildService(o, s, b.placeIDs, today)
		if err != nil {
			return nil, fmt.Errorf("%s/%s: %w", o.Key, s.Key, err)
		}
		b.services = append(b.services, sv)
		b.svcIDs[s.Key] = sv.ID
		b.later[sv.ID] = s.Later
	}
	return b, nil
}

func phone(number string, link func(*directory.Phone)) []directory.Phone {
	if number == "" {
		return nil
	}
	p := directory.Phone{ID: directory.NewID(), Number: number, Type: "voice"}
	link(&p)
	return []directory.Phone{p}
}

// buildPlace makes a location: online when it has a URL, otherwise an
// address in a comune, a little away from the comune's centre (the centre
// itself for confidential places, as the form sets it by default).
func buildPlace(o org, p place, comuni map[string]geo.Comune) (directory.Location, error) {
	id := directory.NewID()
	l := directory.Location{ID: id, Name: p.Name, Description: p.Description, Transportation: p.Transport,
		Confidential: p.Confidential}
	if p.URL != "" {
		l.LocationType, l.URL = directory.LocationVirtual, p.URL
		return l, nil
	}
	code := p.Comune
	if code == "" {
		code = o.comune
	}
	c, ok := comuni[code]
	if !ok {
		return l, fmt.Errorf("%s/%s: comune %s is not in the demo territory", o.Key, p.Key, code)
	}
	postcode := p.CAP
	if postcode == "" {
		postcode = capOf[code]
	}
	l.LocationType, l.ISTATCode = directory.LocationPhysical, code
	l.Addresses = []directory.Address{{ID: directory.NewID(), LocationID: id, Address1: p.Address, PostalCode: postcode,
		City: c.Name, StateProvince: c.ProvinceCode, Region: c.Region, Country: "IT", AddressType: directory.LocationPhysical}}
	lat, lon := c.Lat, c.Lon
	if !p.Confidential {
		dLat, dLon := offset(o.Key + "/" + p.Key)
		lat, lon = round5(lat+dLat), round5(lon+dLon)
	}
	l.Latitude, l.Longitude = &lat, &lon
	if p.Access != "" {
		l.Accessibility = []directory.Accessibility{{ID: directory.NewID(), LocationID: id, Description: p.Access}}
	}
	l.Phones = phone(p.Phone, func(ph *directory.Phone) { ph.LocationID = id })
	return l, nil
}

// offset is a fixed displacement of up to about 700 m, the same for the
// same key on every load.
func offset(key string) (dLat, dLon float64) {
	h := fnv.New64a()
	h.Write([]byte(key))
	x := h.Sum64()
	unit := func(v uint64) float64 { return float64(v&0xffff)/0xffff*2 - 1 }
	return unit(x) * 0.006, unit(x>>16) * 0.008
}

func round5(x float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'f', 5, 64), 64)
	return v
}

// buildService makes a service with its schedules, costs, languages and
// places.
func buildService(o org, s service, places map[string]string, today time.Time) (directory.Service, error) {
	id := directory.NewID()
	sv := directory.Service{ID: id, Name: s.Name, Description: s.Description, Status: s.Status,
		Categories: s.Categories, TargetGroups: s.Targets, EligibilityDescription: s.Eligibility,
		ApplicationProcess: s.Application, ReferralRequired: s.Referral, FeesDescription: s.Fees,
		Capacity: s.Capacity, WaitingList: s.WaitingList, VolunteersWanted: s.VolunteersWanted,
		AccessibilityNotes: s.Accessibility, URL: s.URL, Email: s.Email, Alert: s.Alert, PartnerNotes: s.PartnerNotes,
		Free: s.Free || (len(s.Cost) == 0 && s.Fees == "")}
	if sv.Status == "" {
		sv.Status = directory.StatusActive
	}
	var err error
	if sv.MinimumAge, sv.MaximumAge, err = ages(s.Ages); err != nil {
		return sv, err
	}
	sv.Phones = phone(s.Phone, func(p *directory.Phone) { p.ServiceID = id })
	for _, c := range s.Cost {
		opt, err := costOption(c)
		if err != nil {
			return sv, err
		}
		opt.ID, opt.ServiceID = directory.NewID(), id
		sv.CostOptions = append(sv.CostOptions, opt)
	}
	langs := s.Lang
	if len(langs) == 0 {
		langs = []string{"it"}
	}
	for _, code := range langs {
		sv.Languages = append(sv.Languages, directory.Language{ID: directory.NewID(), ServiceID: id, Code: code})
	}
	at := s.At
	if len(at) == 0 {
		at = []string{o.Places[0].Key}
	}
	for _, key := range at {
		sv.ServiceAtLocations = append(sv.ServiceAtLocations, directory.ServiceAtLocation{ID: directory.NewID(),
			ServiceID: id, LocationID: places[key]})
	}
	var rows []directory.ScheduleRow
	for _, line := range s.When {
		r, err := parseWhen(line, today, places)
		if err != nil {
			return sv, err
		}
		r.Index = len(rows)
		rows = append(rows, r)
	}
	scheds, f := directory.SchedulesFromRows(rows, id)
	if len(f) > 0 {
		return sv, fmt.Errorf("schedules %v: %w", s.When, f.Err())
	}
	sv.Schedules = scheds
	return sv, nil
}

// ages reads "6-10", "65+" or "" (any age).
func ages(s string) (lo, hi *int, err error) {
	if s == "" {
		return nil, nil, nil
	}
	num := func(x string) (*int, error) {
		n, err := strconv.Atoi(strings.TrimSpace(x))
		if err != nil {
			return nil, fmt.Errorf("ages %q: want 6-10 or 65+", s)
		}
		return &n, nil
	}
	if a, ok := strings.CutSuffix(s, "+"); ok {
		lo, err = num(a)
		return lo, nil, err
	}
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		return nil, nil, fmt.Errorf("ages %q: want 6-10 or 65+", s)
	}
	if lo, err = num(a); err != nil {
		return nil, nil, err
	}
	hi, err = num(b)
	return lo, hi, err
}

// costOption reads "Quota annuale = 180" (or a label without amount).
func costOption(s string) (directory.CostOption, error) {
	c := directory.CostOption{Currency: "EUR"}
	label, amount, ok := strings.Cut(s, "=")
	c.Option = strings.TrimSpace(label)
	if ok {
		x, err := strconv.ParseFloat(strings.TrimSpace(amount), 64)
		if err != nil {
			return c, fmt.Errorf("cost %q: want \"label = 12.50\"", s)
		}
		c.Amount = &x
	}
	return c, nil
}
