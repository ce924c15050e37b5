package hsds

import (
	"cmp"
	"slices"

	"github.com/trama-welfare/trama/internal/directory"
)

// recordSet builds the directory's records (an organization with its
// services and locations, as drafted and reviewed in the back office) of
// the package's new organizations, in memory, placing every row the way
// directory.Store.LoadRecord does when it reads them back from the tables:
// a row of a service goes to the service, else to its location, else to the
// organization; Trama's own attributes become categories, target groups and
// activities. The importer stores them as the organizations' first
// published versions.
type recordSet struct {
	p     *Package
	codes map[string]string // term id → code
	recs  map[string]*directory.Record
	svc   map[string]*directory.Service
	loc   map[string]*directory.Location
	owner map[any]*directory.Record // service or location → its record
}

// buildRecords returns the records of the organizations in ids. territory
// and istat give the values the import resolved (organization → territory,
// location → comune).
func (p *Package) buildRecords(ids map[string]bool, codes, territory, istat map[string]string) map[string]*directory.Record {
	b := &recordSet{p: p, codes: codes, recs: map[string]*directory.Record{},
		svc: map[string]*directory.Service{}, loc: map[string]*directory.Location{}, owner: map[any]*directory.Record{}}
	s := p.spec
	for _, r := range p.rows[s.Table("organization")] {
		if ids[r.Vals[0]] {
			o := decode[directory.Organization](p, s.Table("organization"), r)
			o.TerritoryID = territory[o.ID]
			b.recs[o.ID] = &directory.Record{Organization: o}
		}
	}
	st := s.Table("service")
	for _, r := range sorted(p.rows[st], st, "name") {
		if rec := b.recs[st.Get(r, "organization_id")]; rec != nil {
			sv := decode[directory.Service](p, st, r)
			sv.TerritoryID = rec.Organization.TerritoryID
			rec.Services = append(rec.Services, sv)
		}
	}
	lt := s.Table("location")
	for _, r := range sorted(p.rows[lt], lt, "name") {
		if rec := b.recs[lt.Get(r, "organization_id")]; rec != nil {
			l := decode[directory.Location](p, lt, r)
			if l.ISTATCode == "" {
				l.ISTATCode = istat[l.ID]
			}
			rec.Locations = append(rec.Locations, l)
		}
	}
	for _, rec := range b.recs {
		for i := range rec.Services {
			b.svc[rec.Services[i].ID] = &rec.Services[i]
			b.owner[&rec.Services[i]] = rec
		}
		for i := range rec.Locations {
			b.loc[rec.Locations[i].ID] = &rec.Locations[i]
			b.owner[&rec.Locations[i]] = rec
		}
	}
	b.organizationRows()
	b.serviceRows()
	b.attributes()
	return b.recs
}

// sorted returns rows ordered by a field then id (the directory's ORDER BY).
func sorted(rows []Row, t *Table, field string) []Row {
	out := slices.Clone(rows)
	k := t.Field(field)
	slices.SortFunc(out, func(a, b Row) int {
		if k >= 0 {
			if c := cmp.Compare(a.Vals[k], b.Vals[k]); c != 0 {
				return c
			}
		}
		return cmp.Compare(a.Vals[0], b.Vals[0])
	})
	return out
}

// each decodes every row of a resource, in id order.
func each[T any](b *recordSet, resource string, fn func(v T)) {
	t := b.p.spec.Table(resource)
	for _, r := range sorted(b.p.rows[t], t, "") {
		fn(decode[T](b.p, t, r))
	}
}

// place puts a row in the records it belongs to: its service's, else its
// location's, else its organization's (each record at most once).
func (b *recordSet) place(serviceID, locationID, orgID string, toService func(*directory.Service), toLocation func(*directory.Location), toOrg func(*directory.Organization)) {
	done := map[*directory.Record]bool{}
	if s := b.svc[serviceID]; s != nil && toService != nil {
		toService(s)
		done[b.owner[s]] = true
	}
	if l := b.loc[locationID]; l != nil && toLocation != nil && !done[b.owner[l]] {
		toLocation(l)
		done[b.owner[l]] = true
	}
	if rec := b.recs[orgID]; rec != nil && toOrg != nil && !done[rec] {
		toOrg(&rec.Organization)
	}
}

func (b *recordSet) organizationRows() {
	each(b, "program", func(v directory.Program) {
		b.place("", "", v.OrganizationID, nil, nil, func(o *directory.Organization) { o.Programs = append(o.Programs, v) })
	})
	each(b, "organization_identifier", func(v directory.OrganizationIdentifier) {
		b.place("", "", v.OrganizationID, nil, nil, func(o *directory.Organization) {
			o.OrganizationIdentifiers = append(o.OrganizationIdentifiers, v)
		})
	})
	each(b, "funding", func(v directory.Funding) {
		b.place(v.ServiceID, "", v.OrganizationID, func(s *directory.Service) { s.Funding = append(s.Funding, v) },
			nil, func(o *directory.Organization) { o.Funding = append(o.Funding, v) })
	})
	each(b, "phone", func(v directory.Phone) {
		b.place(v.ServiceID, v.LocationID, v.OrganizationID, func(s *directory.Service) { s.Phones = append(s.Phones, v) },
			func(l *directory.Location) { l.Phones = append(l.Phones, v) },
			func(o *directory.Organization) { o.Phones = append(o.Phones, v) })
	})
	each(b, "contact", func(v directory.Contact) {
		b.place(v.ServiceID, v.LocationID, v.OrganizationID, func(s *directory.Service) { s.Contacts = append(s.Contacts, v) },
			func(l *directory.Location) { l.Contacts = append(l.Contacts, v) },
			func(o *directory.Organization) { o.Contacts = append(o.Contacts, v) })
	})
	pt := b.p.spec.Table("trama_training_plan")
	for _, r := range sorted(b.p.rows[pt], pt, "position") {
		if rec := b.recs[pt.Get(r, "organization_id")]; rec != nil {
			var tp directory.TrainingPlan
			fill(&tp, pt, r)
			rec.Organization.TrainingPlans = append(rec.Organization.TrainingPlans, tp)
		}
	}
}

func (b *recordSet) serviceRows() {
	each(b, "service_at_location", func(v directory.ServiceAtLocation) {
		b.place(v.ServiceID, "", "", func(s *directory.Service) { s.ServiceAtLocations = append(s.ServiceAtLocations, v) }, nil, nil)
	})
	each(b, "schedule", func(v directory.Schedule) {
		b.place(v.ServiceID, v.LocationID, "", func(s *directory.Service) { s.Schedules = append(s.Schedules, v) },
			func(l *directory.Location) { l.Schedules = append(l.Schedules, v) }, nil)
	})
	each(b, "language", func(v directory.Language) {
		b.place(v.ServiceID, v.LocationID, "", func(s *directory.Service) { s.Languages = append(s.Languages, v) },
			func(l *directory.Location) { l.Languages = append(l.Languages, v) }, nil)
	})
	each(b, "cost_option", func(v directory.CostOption) {
		b.place(v.ServiceID, "", "", func(s *directory.Service) { s.CostOptions = append(s.CostOptions, v) }, nil, nil)
	})
	each(b, "service_area", func(v directory.ServiceArea) {
		b.place(v.ServiceID, "", "", func(s *directory.Service) { s.ServiceAreas = append(s.ServiceAreas, v) }, nil, nil)
	})
	each(b, "required_document", func(v directory.RequiredDocument) {
		b.place(v.ServiceID, "", "", func(s *directory.Service) { s.RequiredDocuments = append(s.RequiredDocuments, v) }, nil, nil)
	})
	each(b, "address", func(v directory.Address) {
		b.place("", v.LocationID, "", nil, func(l *directory.Location) { l.Addresses = append(l.Addresses, v) }, nil)
	})
	each(b, "accessibility", func(v directory.Accessibility) {
		b.place("", v.LocationID, "", nil, func(l *directory.Location) { l.Accessibility = append(l.Accessibility, v) }, nil)
	})
}

// attributes places attributes and metadata by the entity they link to.
func (b *recordSet) attributes() {
	each(b, "attribute", func(a directory.Attribute) {
		code := b.codes[a.TaxonomyTermID]
		if rec := b.recs[a.LinkID]; rec != nil {
			o := &rec.Organization
			if a.LinkType == directory.LinkActivity && code != "" {
				o.Activities = append(o.Activities, code)
			} else {
				o.Attributes = append(o.Attributes, a)
			}
		}
		if s := b.svc[a.LinkID]; s != nil {
			switch {
			case a.LinkType == directory.LinkCategory && code != "":
				s.Categories = append(s.Categories, code)
			case a.LinkType == directory.LinkTargetGroup && code != "":
				s.TargetGroups = append(s.TargetGroups, code)
			default:
				s.Attributes = append(s.Attributes, a)
			}
		}
		if l := b.loc[a.LinkID]; l != nil {
			l.Attributes = append(l.Attributes, a)
		}
	})
	each(b, "metadata", func(m directory.Metadata) {
		if rec := b.recs[m.ResourceID]; rec != nil {
			rec.Organization.Metadata = append(rec.Organization.Metadata, m)
		}
		if s := b.svc[m.ResourceID]; s != nil {
			s.Metadata = append(s.Metadata, m)
		}
		if l := b.loc[m.ResourceID]; l != nil {
			l.Metadata = append(l.Metadata, m)
		}
	})
}
