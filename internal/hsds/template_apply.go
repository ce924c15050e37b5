package hsds

import (
	"slices"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/errs"
)

// applier applies the rows of one organization to its record. Empty cells
// keep what the record has; the first row of a service replaces its
// schedules, places and costs, the next rows of the same service add
// theirs (one row per place or time).
type applier struct {
	rec     *directory.Record
	touched map[string]bool // services already given a row
}

// apply applies a row; it returns the service's name and whether it is new.
func (a *applier) apply(row tplRow) (string, bool, error) {
	o := &a.rec.Organization
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&o.TaxID, row.CF)
	set(&o.Kind, row.Kind)
	set(&o.Description, row.DescrEnte)
	set(&o.Email, row.EmailEnte)
	set(&o.Website, row.SitoEnte)

	var s *directory.Service
	for i := range a.rec.Services {
		if nameKey(a.rec.Services[i].Name) == nameKey(row.Servizio) {
			s = &a.rec.Services[i]
		}
	}
	isNew := s == nil
	if isNew {
		a.rec.Services = append(a.rec.Services, directory.Service{ID: directory.NewID(), OrganizationID: o.ID,
			Name: row.Servizio, Status: directory.StatusActive})
		s = &a.rec.Services[len(a.rec.Services)-1]
	}
	again := a.touched[s.ID]
	a.touched[s.ID] = true
	s.Description = row.Descrizione
	set(&s.ApplicationProcess, row.Accesso)
	set(&s.Email, row.Email)
	set(&s.URL, row.Sito)
	s.Categories = union(again, s.Categories, row.Categorie)
	if len(row.Destinatari) > 0 {
		s.TargetGroups = union(again, s.TargetGroups, row.Destinatari)
	}
	if row.MinAge != nil {
		s.MinimumAge = row.MinAge
	}
	if row.MaxAge != nil {
		s.MaximumAge = row.MaxAge
	}
	if row.Free != nil {
		s.Free = *row.Free
		if s.Free {
			s.CostOptions = nil
		}
	}
	if row.Cost != nil {
		if !again {
			s.CostOptions = nil
		}
		s.CostOptions = append(s.CostOptions, directory.CostOption{ID: directory.NewID(), ServiceID: s.ID,
			Currency: "EUR", Amount: row.Cost})
	}
	if row.Telefono != "" {
		if !again {
			s.Phones = nil
		}
		s.Phones = append(s.Phones, directory.Phone{ID: directory.NewID(), ServiceID: s.ID, Number: row.Telefono})
	}
	locationID := a.place(s, row, again)
	if len(row.Days) > 0 {
		return s.Name, isNew, a.schedules(s, row, locationID, again)
	}
	return s.Name, isNew, nil
}

func union(again bool, old, add []string) []string {
	if !again {
		old = nil
	}
	for _, x := range add {
		if !slices.Contains(old, x) {
			old = append(old, x)
		}
	}
	return old
}

// place links the service to the row's place (one of the organization's
// places with the same comune and address, or a new one at the comune's
// centre); it returns the place, or "".
func (a *applier) place(s *directory.Service, row tplRow, again bool) string {
	if row.Comune == "" {
		return ""
	}
	ix, _ := comuniIndex()
	c := ix.byCode[row.Comune]
	var loc *directory.Location
	for i := range a.rec.Locations {
		l := &a.rec.Locations[i]
		if l.ISTATCode == row.Comune && nameKey(l.Address().Address1) == nameKey(row.Indirizzo) {
			loc = l
		}
	}
	if loc == nil {
		lat, lon := c.Lat, c.Lon
		id := directory.NewID()
		a.rec.Locations = append(a.rec.Locations, directory.Location{ID: id, LocationType: directory.LocationPhysical,
			OrganizationID: a.rec.Organization.ID, Name: row.Indirizzo, ISTATCode: row.Comune, Latitude: &lat, Longitude: &lon,
			Addresses: []directory.Address{{ID: directory.NewID(), LocationID: id, Address1: row.Indirizzo, City: c.Name,
				StateProvince: c.ProvinceCode, PostalCode: row.CAP, Country: "IT", AddressType: directory.LocationPhysical}}})
		loc = &a.rec.Locations[len(a.rec.Locations)-1]
	}
	if row.Sede != "" {
		loc.Name = row.Sede
	}
	loc.Addresses[0].PostalCode = row.CAP
	if !again {
		s.ServiceAtLocations = nil
	}
	for _, x := range s.ServiceAtLocations {
		if x.LocationID == loc.ID {
			return loc.ID
		}
	}
	s.ServiceAtLocations = append(s.ServiceAtLocations, directory.ServiceAtLocation{ID: directory.NewID(),
		ServiceID: s.ID, LocationID: loc.ID})
	return loc.ID
}

// schedules sets the service's weekly schedules from the row's days and
// hours (a schedule per time slot, or one for the whole day).
func (a *applier) schedules(s *directory.Service, row tplRow, locationID string, again bool) error {
	slots := row.Slots
	if len(slots) == 0 {
		slots = [][2]string{{"", ""}}
	}
	var rows []directory.ScheduleRow
	for i, sl := range slots {
		rows = append(rows, directory.ScheduleRow{Index: i, Kind: "weekly", Days: row.Days, Opens: sl[0], Closes: sl[1],
			LocationID: locationID})
	}
	list, f := directory.SchedulesFromRows(rows, s.ID)
	if len(f) > 0 {
		var out errs.Fields
		for _, e := range f {
			out.Add("Orari", e.Key, e.Args...)
		}
		return out.Err()
	}
	if !again {
		s.Schedules = nil
	}
	s.Schedules = append(s.Schedules, list...)
	return nil
}
