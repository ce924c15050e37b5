package synthetic

import (
	"context"
	"database/sql"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/search"
)

// write stores a batch of records in the directory's published tables,
// as the directory would after approving them, and indexes them.
func (g *gen) write(ctx context.Context, tx *sql.Tx, recs []*directory.Record) error {
	now := db.Now()
	var orgs []*directory.Organization
	var locs []*directory.Location
	var addrs []directory.Address
	var access []directory.Accessibility
	var svcs []*directory.Service
	var sals []directory.ServiceAtLocation
	var scheds []directory.Schedule
	var langs []directory.Language
	var attrs [][]any
	for _, r := range recs {
		orgs = append(orgs, &r.Organization)
		for i := range r.Locations {
			l := &r.Locations[i]
			locs = append(locs, l)
			addrs = append(addrs, l.Addresses...)
			access = append(access, l.Accessibility...)
		}
		for i := range r.Services {
			s := &r.Services[i]
			svcs = append(svcs, s)
			sals = append(sals, s.ServiceAtLocations...)
			scheds = append(scheds, s.Schedules...)
			langs = append(langs, s.Languages...)
			for _, c := range s.Categories {
				attrs = append(attrs, []any{g.id(), s.ID, g.terms[c], "category", "service"})
			}
			for _, t := range s.TargetGroups {
				attrs = append(attrs, []any{g.id(), s.ID, g.terms[t], "target_group", "service"})
			}
		}
	}
	active := string(directory.OrgActive)
	steps := []error{
		search.InsertRows(ctx, tx, g.dialect, "organizations", []string{"id", "name", "description", "email", "territory_id", "status",
			"kind", "published_version", "created_at", "updated_at", "published_at"}, len(orgs), func(i int) []any {
			o := orgs[i]
			return []any{o.ID, o.Name, o.Description, o.Email, o.TerritoryID, active, "aps", 1, now, now, now}
		}),
		search.InsertRows(ctx, tx, g.dialect, "locations", []string{"id", "location_type", "organization_id", "name", "latitude", "longitude",
			"istat_code", "confidential", "created_at", "updated_at"}, len(locs), func(i int) []any {
			l := locs[i]
			return []any{l.ID, l.LocationType, l.OrganizationID, l.Name, l.Latitude, l.Longitude, l.ISTATCode, l.Confidential, now, now}
		}),
		search.InsertRows(ctx, tx, g.dialect, "addresses", []string{"id", "location_id", "address_1", "city", "state_province", "postal_code",
			"country", "address_type"}, len(addrs), func(i int) []any {
			a := addrs[i]
			return []any{a.ID, a.LocationID, a.Address1, a.City, a.StateProvince, a.PostalCode, a.Country, a.AddressType}
		}),
		search.InsertRows(ctx, tx, g.dialect, "accessibility", []string{"id", "location_id", "description"}, len(access), func(i int) []any {
			a := access[i]
			return []any{a.ID, a.LocationID, a.Description}
		}),
		search.InsertRows(ctx, tx, g.dialect, "services", []string{"id", "organization_id", "name", "description", "status", "fees_description",
			"minimum_age", "maximum_age", "assured_date", "last_modified", "territory_id", "free", "created_at", "updated_at"},
			len(svcs), func(i int) []any {
				s := svcs[i]
				return []any{s.ID, s.OrganizationID, s.Name, s.Description, s.Status, s.FeesDescription, s.MinimumAge, s.MaximumAge,
					s.AssuredDate, s.LastModified, s.TerritoryID, s.Free, now, now}
			}),
		search.InsertRows(ctx, tx, g.dialect, "service_at_locations", []string{"id", "service_id", "location_id"}, len(sals), func(i int) []any {
			s := sals[i]
			return []any{s.ID, s.ServiceID, s.LocationID}
		}),
		search.InsertRows(ctx, tx, g.dialect, "schedules", []string{"id", "service_id", "freq", "byday", "opens_at", "closes_at",
			"valid_from", "valid_to", "seasonal"}, len(scheds), func(i int) []any {
			s := scheds[i]
			return []any{s.ID, s.ServiceID, s.Freq, s.ByDay, s.OpensAt, s.ClosesAt, s.ValidFrom, s.ValidTo, s.Seasonal}
		}),
		search.InsertRows(ctx, tx, g.dialect, "languages", []string{"id", "service_id", "code"}, len(langs), func(i int) []any {
			l := langs[i]
			return []any{l.ID, l.ServiceID, l.Code}
		}),
		search.InsertRows(ctx, tx, g.dialect, "attributes", []string{"id", "link_id", "taxonomy_term_id", "link_type", "link_entity"},
			len(attrs), func(i int) []any { return attrs[i] }),
	}
	for _, err := range steps {
		if err != nil {
			return err
		}
	}
	var docs []search.Doc
	for _, r := range recs {
		docs = append(docs, g.ix.Env.Build(ctx, r, directory.OrgActive)...)
	}
	return g.ix.Write(ctx, tx, docs)
}
