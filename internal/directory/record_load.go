package directory

import (
	"context"

	"fmt"

	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
)

// Trama's own attribute link types: categories, target groups and art. 5
// activities are HSDS attributes linking an entity to a term.
const (
	linkCategory    = "category"
	linkTargetGroup = "target_group"
	linkActivity    = "cts_activity"
)

// loadRecord reads the published record of an organization from the HSDS
// tables. Rows that belong to several entities (a phone of a service at a
// location) are placed once: service first, then location, then the
// organization.
func (s *Store) loadRecord(ctx context.Context, q db.Querier, orgID string) (*Record, error) {
	orgs, err := selectRows[Organization](ctx, q, "organizations", "id = $1", orgID)
	if err != nil {
		return nil, err
	}
	if len(orgs) == 0 {
		return nil, errs.NotFoundErr()
	}
	r := &Record{Organization: orgs[0]}
	o := &r.Organization
	if o.TrainingPlans, err = selectRows[TrainingPlan](ctx, q, "organization_training_plans",
		"organization_id = $1 ORDER BY position", orgID); err != nil {
		return nil, err
	}
	if r.Services, err = selectRows[Service](ctx, q, "services", "organization_id = $1 AND deleted_at IS NULL ORDER BY name, id", orgID); err != nil {
		return nil, err
	}
	if r.Locations, err = selectRows[Location](ctx, q, "locations", "organization_id = $1 AND deleted_at IS NULL ORDER BY name, id", orgID); err != nil {
		return nil, err
	}
	l := newLoader(ctx, q, r)
	l.organizationChildren()
	l.serviceChildren()
	l.locationChildren()
	l.attributes()
	return r, l.err
}

// loader fills the children of a record, keeping the first error.
type loader struct {
	ctx  context.Context
	q    db.Querier
	r    *Record
	svc  map[string]*Service
	loc  map[string]*Location
	sIDs []any
	lIDs []any
	err  error
}

func newLoader(ctx context.Context, q db.Querier, r *Record) *loader {
	l := &loader{ctx: ctx, q: q, r: r, svc: map[string]*Service{}, loc: map[string]*Location{}}
	for i := range r.Services {
		l.svc[r.Services[i].ID] = &r.Services[i]
		l.sIDs = append(l.sIDs, r.Services[i].ID)
	}
	for i := range r.Locations {
		l.loc[r.Locations[i].ID] = &r.Locations[i]
		l.lIDs = append(l.lIDs, r.Locations[i].ID)
	}
	return l
}

// in builds "col IN ($n, …)" for ids starting at placeholder n; with no ids
// it is a condition that is never true.
func in(col string, n, count int) string {
	if count == 0 {
		return "1 = 0"
	}
	return col + " IN (" + db.Placeholders(n, count) + ")"
}

// rowsFor reads table rows where any of the given columns matches the
// services' ids, the locations' ids or the organization id.
func rowsFor[T any](l *loader, table, svcCol, locCol, orgCol string) []T {
	if l.err != nil {
		return nil
	}
	var conds []string
	var args []any
	if svcCol != "" {
		conds = append(conds, in(svcCol, len(args)+1, len(l.sIDs)))
		args = append(args, l.sIDs...)
	}
	if locCol != "" {
		conds = append(conds, in(locCol, len(args)+1, len(l.lIDs)))
		args = append(args, l.lIDs...)
	}
	if orgCol != "" {
		args = append(args, l.r.Organization.ID)
		conds = append(conds, fmt.Sprintf("%s = $%d", orgCol, len(args)))
	}
	where := "(" + joinOr(conds) + ") ORDER BY id"
	out, err := selectRows[T](l.ctx, l.q, table, where, args...)
	if err != nil {
		l.err = err
	}
	return out
}

func joinOr(conds []string) string {
	s := ""
	for i, c := range conds {
		if i > 0 {
			s += " OR "
		}
		s += c
	}
	return s
}

func (l *loader) organizationChildren() {
	o := &l.r.Organization
	o.Programs = rowsFor[Program](l, "programs", "", "", "organization_id")
	o.OrganizationIdentifiers = rowsFor[OrganizationIdentifier](l, "organization_identifiers", "", "", "organization_id")
	for _, f := range rowsFor[Funding](l, "funding", "service_id", "", "organization_id") {
		if s := l.svc[f.ServiceID]; s != nil {
			s.Funding = append(s.Funding, f)
		} else {
			o.Funding = append(o.Funding, f)
		}
	}
	for _, p := range rowsFor[Phone](l, "phones", "service_id", "location_id", "organization_id") {
		switch {
		case l.svc[p.ServiceID] != nil:
			l.svc[p.ServiceID].Phones = append(l.svc[p.ServiceID].Phones, p)
		case l.loc[p.LocationID] != nil:
			l.loc[p.LocationID].Phones = append(l.loc[p.LocationID].Phones, p)
		default:
			o.Phones = append(o.Phones, p)
		}
	}
	for _, c := range rowsFor[Contact](l, "contacts", "service_id", "location_id", "organization_id") {
		switch {
		case l.svc[c.ServiceID] != nil:
			l.svc[c.ServiceID].Contacts = append(l.svc[c.ServiceID].Contacts, c)
		case l.loc[c.LocationID] != nil:
			l.loc[c.LocationID].Contacts = append(l.loc[c.LocationID].Contacts, c)
		default:
			o.Contacts = append(o.Contacts, c)
		}
	}
}

func (l *loader) serviceChildren() {
	for _, x := range rowsFor[ServiceAtLocation](l, "service_at_locations", "service_id", "", "") {
		l.svc[x.ServiceID].ServiceAtLocations = append(l.svc[x.ServiceID].ServiceAtLocations, x)
	}
	for _, x := range rowsFor[Schedule](l, "schedules", "service_id", "location_id", "") {
		if s := l.svc[x.ServiceID]; s != nil {
			s.Schedules = append(s.Schedules, x)
		} else if loc := l.loc[x.LocationID]; loc != nil {
			loc.Schedules = append(loc.Schedules, x)
		}
	}
	for _, x := range rowsFor[Language](l, "languages", "service_id", "location_id", "") {
		if s := l.svc[x.ServiceID]; s != nil {
			s.Languages = append(s.Languages, x)
		} else if loc := l.loc[x.LocationID]; loc != nil {
			loc.Languages = append(loc.Languages, x)
		}
	}
	for _, x := range rowsFor[CostOption](l, "cost_options", "service_id", "", "") {
		l.svc[x.ServiceID].CostOptions = append(l.svc[x.ServiceID].CostOptions, x)
	}
	for _, x := range rowsFor[ServiceArea](l, "service_areas", "service_id", "", "") {
		l.svc[x.ServiceID].ServiceAreas = append(l.svc[x.ServiceID].ServiceAreas, x)
	}
	for _, x := range rowsFor[RequiredDocument](l, "required_documents", "service_id", "", "") {
		l.svc[x.ServiceID].RequiredDocuments = append(l.svc[x.ServiceID].RequiredDocuments, x)
	}
}

func (l *loader) locationChildren() {
	for _, x := range rowsFor[Address](l, "addresses", "", "location_id", "") {
		l.loc[x.LocationID].Addresses = append(l.loc[x.LocationID].Addresses, x)
	}
	for _, x := range rowsFor[Accessibility](l, "accessibility", "", "location_id", "") {
		l.loc[x.LocationID].Accessibility = append(l.loc[x.LocationID].Accessibility, x)
	}
}

// attributes places HSDS attributes and metadata; Trama's own link types
// become the Categories, TargetGroups and Activities fields.
func (l *loader) attributes() {
	if l.err != nil {
		return
	}
	o := &l.r.Organization
	ids := append([]any{o.ID}, l.sIDs...)
	ids = append(ids, l.lIDs...)
	attrs, err := selectRows[Attribute](l.ctx, l.q, "attributes", in("link_id", 1, len(ids))+" ORDER BY id", ids...)
	if err != nil {
		l.err = err
		return
	}
	codes, err := termCodes(l.ctx, l.q, attrs)
	if err != nil {
		l.err = err
		return
	}
	for _, a := range attrs {
		code := codes[a.TaxonomyTermID]
		switch {
		case a.LinkID == o.ID && a.LinkType == linkActivity && code != "":
			o.Activities = append(o.Activities, code)
		case a.LinkID == o.ID:
			o.Attributes = append(o.Attributes, a)
		case l.svc[a.LinkID] != nil && a.LinkType == linkCategory && code != "":
			l.svc[a.LinkID].Categories = append(l.svc[a.LinkID].Categories, code)
		case l.svc[a.LinkID] != nil && a.LinkType == linkTargetGroup && code != "":
			l.svc[a.LinkID].TargetGroups = append(l.svc[a.LinkID].TargetGroups, code)
		case l.svc[a.LinkID] != nil:
			l.svc[a.LinkID].Attributes = append(l.svc[a.LinkID].Attributes, a)
		case l.loc[a.LinkID] != nil:
			l.loc[a.LinkID].Attributes = append(l.loc[a.LinkID].Attributes, a)
		}
	}
	meta, err := selectRows[Metadata](l.ctx, l.q, "metadata", in("resource_id", 1, len(ids))+" ORDER BY id", ids...)
	if err != nil {
		l.err = err
		return
	}
	for _, m := range meta {
		switch {
		case m.ResourceID == o.ID:
			o.Metadata = append(o.Metadata, m)
		case l.svc[m.ResourceID] != nil:
			l.svc[m.ResourceID].Metadata = append(l.svc[m.ResourceID].Metadata, m)
		case l.loc[m.ResourceID] != nil:
			l.loc[m.ResourceID].Metadata = append(l.loc[m.ResourceID].Metadata, m)
		}
	}
}

// termCodes maps the term ids of attributes to their codes.
func termCodes(ctx context.Context, q db.Querier, attrs []Attribute) (map[string]string, error) {
	seen := map[string]bool{}
	var ids []any
	for _, a := range attrs {
		if a.TaxonomyTermID != "" && !seen[a.TaxonomyTermID] {
			seen[a.TaxonomyTermID] = true
			ids = append(ids, a.TaxonomyTermID)
		}
	}
	out := map[string]string{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT id, code FROM taxonomy_terms WHERE `+in("id", 1, len(ids)), ids...)
	if err != nil {
		return nil, fmt.Errorf("directory: term codes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, code string
		if err := rows.Scan(&id, &code); err != nil {
			return nil, err
		}
		out[id] = code
	}
	return out, rows.Err()
}
