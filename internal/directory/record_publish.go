package directory

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/trama-welfare/trama/internal/platform/db"
)

// attributeNS makes the ids of the attributes Trama derives from its own
// fields stable: the same category of the same service always has the same id.
var attributeNS = uuid.MustParse("2d7f2f3e-5b1a-4c8e-9a41-0c3e6f9b8d22")

func derivedAttribute(linkID, linkEntity, linkType, termID string) Attribute {
	return Attribute{
		ID:     uuid.NewSHA1(attributeNS, []byte(linkID+"|"+linkType+"|"+termID)).String(),
		LinkID: linkID, TaxonomyTermID: termID, LinkType: linkType, LinkEntity: linkEntity,
	}
}

// rows is every HSDS row of a record, by table, ready to write.
type rows struct {
	programs      []Program
	identifiers   []OrganizationIdentifier
	funding       []Funding
	phones        []Phone
	contacts      []Contact
	sal           []ServiceAtLocation
	schedules     []Schedule
	languages     []Language
	costs         []CostOption
	areas         []ServiceArea
	documents     []RequiredDocument
	addresses     []Address
	accessibility []Accessibility
	attributes    []Attribute
	metadata      []Metadata
}

// flatten lists the rows of r; codes maps term codes to ids for Trama's own
// attributes (unknown codes are dropped).
func flatten(r *Record, termID func(code string) string) *rows {
	x := &rows{}
	o := &r.Organization
	x.programs = append(x.programs, o.Programs...)
	x.identifiers = append(x.identifiers, o.OrganizationIdentifiers...)
	x.funding = append(x.funding, o.Funding...)
	x.phones = append(x.phones, o.Phones...)
	x.contacts = append(x.contacts, o.Contacts...)
	x.attributes = append(x.attributes, o.Attributes...)
	x.metadata = append(x.metadata, o.Metadata...)
	for _, code := range o.Activities {
		if id := termID(code); id != "" {
			x.attributes = append(x.attributes, derivedAttribute(o.ID, "organization", linkActivity, id))
		}
	}
	for _, s := range r.Services {
		x.funding = append(x.funding, s.Funding...)
		x.phones = append(x.phones, s.Phones...)
		x.contacts = append(x.contacts, s.Contacts...)
		x.sal = append(x.sal, s.ServiceAtLocations...)
		x.schedules = append(x.schedules, s.Schedules...)
		x.languages = append(x.languages, s.Languages...)
		x.costs = append(x.costs, s.CostOptions...)
		x.areas = append(x.areas, s.ServiceAreas...)
		x.documents = append(x.documents, s.RequiredDocuments...)
		x.attributes = append(x.attributes, s.Attributes...)
		x.metadata = append(x.metadata, s.Metadata...)
		for _, code := range s.Categories {
			if id := termID(code); id != "" {
				x.attributes = append(x.attributes, derivedAttribute(s.ID, "service", linkCategory, id))
			}
		}
		for _, code := range s.TargetGroups {
			if id := termID(code); id != "" {
				x.attributes = append(x.attributes, derivedAttribute(s.ID, "service", linkTargetGroup, id))
			}
		}
	}
	for _, l := range r.Locations {
		x.phones = append(x.phones, l.Phones...)
		x.contacts = append(x.contacts, l.Contacts...)
		x.schedules = append(x.schedules, l.Schedules...)
		x.languages = append(x.languages, l.Languages...)
		x.addresses = append(x.addresses, l.Addresses...)
		x.accessibility = append(x.accessibility, l.Accessibility...)
		x.attributes = append(x.attributes, l.Attributes...)
		x.metadata = append(x.metadata, l.Metadata...)
	}
	return x
}

func idsOf[T any](list []T, id func(T) string) []string {
	out := make([]string, 0, len(list))
	for _, v := range list {
		out = append(out, id(v))
	}
	return out
}

// deleteRows removes every child row listed in x.
func deleteRows(ctx context.Context, q db.Querier, x *rows) error {
	for _, d := range []struct {
		table string
		ids   []string
	}{
		{"programs", idsOf(x.programs, func(v Program) string { return v.ID })},
		{"organization_identifiers", idsOf(x.identifiers, func(v OrganizationIdentifier) string { return v.ID })},
		{"funding", idsOf(x.funding, func(v Funding) string { return v.ID })},
		{"phones", idsOf(x.phones, func(v Phone) string { return v.ID })},
		{"contacts", idsOf(x.contacts, func(v Contact) string { return v.ID })},
		{"service_at_locations", idsOf(x.sal, func(v ServiceAtLocation) string { return v.ID })},
		{"schedules", idsOf(x.schedules, func(v Schedule) string { return v.ID })},
		{"languages", idsOf(x.languages, func(v Language) string { return v.ID })},
		{"cost_options", idsOf(x.costs, func(v CostOption) string { return v.ID })},
		{"service_areas", idsOf(x.areas, func(v ServiceArea) string { return v.ID })},
		{"required_documents", idsOf(x.documents, func(v RequiredDocument) string { return v.ID })},
		{"addresses", idsOf(x.addresses, func(v Address) string { return v.ID })},
		{"accessibility", idsOf(x.accessibility, func(v Accessibility) string { return v.ID })},
		{"attributes", idsOf(x.attributes, func(v Attribute) string { return v.ID })},
		{"metadata", idsOf(x.metadata, func(v Metadata) string { return v.ID })},
	} {
		if err := deleteIDs(ctx, q, d.table, d.ids); err != nil {
			return err
		}
	}
	return nil
}

// insertAll writes every child row listed in x.
func insertAll(ctx context.Context, q db.Querier, x *rows) error {
	for _, err := range []error{
		insertRows(ctx, q, "programs", x.programs),
		insertRows(ctx, q, "organization_identifiers", x.identifiers),
		insertRows(ctx, q, "funding", x.funding),
		insertRows(ctx, q, "phones", x.phones),
		insertRows(ctx, q, "contacts", x.contacts),
		insertRows(ctx, q, "service_at_locations", x.sal),
		insertRows(ctx, q, "schedules", x.schedules),
		insertRows(ctx, q, "languages", x.languages),
		insertRows(ctx, q, "cost_options", x.costs),
		insertRows(ctx, q, "service_areas", x.areas),
		insertRows(ctx, q, "required_documents", x.documents),
		insertRows(ctx, q, "addresses", x.addresses),
		insertRows(ctx, q, "accessibility", x.accessibility),
		insertRows(ctx, q, "attributes", x.attributes),
		insertRows(ctx, q, "metadata", x.metadata),
	} {
		if err != nil {
			return err
		}
	}
	return nil
}

// publishRecord writes next as the published state of its organization, in
// q (a transaction), replacing old (the state before, nil for a first
// publication). Services and locations keep their rows (other records refer
// to them): removed ones are marked deleted, not dropped.
func (s *Store) publishRecord(ctx context.Context, q db.Querier, old, next *Record, version int, status OrgStatus) error {
	termID := func(code string) string {
		if t, ok := s.tax.ByCode(ctx, code); ok {
			return t.ID
		}
		return ""
	}
	now := db.Now()
	o := next.Organization
	if old != nil {
		if err := deleteRows(ctx, q, flatten(old, termID)); err != nil {
			return err
		}
	}
	var publishedAt any = now
	if status != OrgActive {
		publishedAt = nil
	}
	if err := upsertRows(ctx, q, "organizations", []Organization{o}, true,
		"status", string(status), "published_version", version, "created_at", now, "updated_at", now,
		"published_at", publishedAt); err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `DELETE FROM organization_training_plans WHERE organization_id = $1`, o.ID); err != nil {
		return fmt.Errorf("directory: training plans: %w", err)
	}
	for i, p := range o.TrainingPlans {
		if err := insertRows(ctx, q, "organization_training_plans", []TrainingPlan{p}, "organization_id", o.ID, "position", i); err != nil {
			return err
		}
	}

	oldServices := map[string]Service{}
	oldLocations := map[string]bool{}
	if old != nil {
		for _, sv := range old.Services {
			oldServices[sv.ID] = sv
		}
		for _, l := range old.Locations {
			oldLocations[l.ID] = true
		}
	}
	// The record itself is completed (links, modification times), so that
	// the caller can keep exactly what was published.
	for i := range next.Services {
		sv := &next.Services[i]
		sv.OrganizationID, sv.TerritoryID = o.ID, o.TerritoryID
		if prev, ok := oldServices[sv.ID]; !ok || changed(prev, *sv) || sv.LastModified == "" {
			sv.LastModified = now.Format(time.RFC3339)
		}
		delete(oldServices, sv.ID)
		if err := upsertRows(ctx, q, "services", []Service{*sv}, true,
			"created_at", now, "updated_at", now, "deleted_at", nil); err != nil {
			return err
		}
	}
	for i := range next.Locations {
		l := &next.Locations[i]
		l.OrganizationID = o.ID
		delete(oldLocations, l.ID)
		if err := upsertRows(ctx, q, "locations", []Location{*l}, true,
			"created_at", now, "updated_at", now, "deleted_at", nil); err != nil {
			return err
		}
	}
	for id := range oldServices {
		if _, err := q.ExecContext(ctx, `UPDATE services SET deleted_at = $1, updated_at = $1 WHERE id = $2`, now, id); err != nil {
			return fmt.Errorf("directory: remove service: %w", err)
		}
	}
	for id := range oldLocations {
		if _, err := q.ExecContext(ctx, `UPDATE locations SET deleted_at = $1, updated_at = $1 WHERE id = $2`, now, id); err != nil {
			return fmt.Errorf("directory: remove location: %w", err)
		}
	}
	return insertAll(ctx, q, flatten(next, termID))
}

// changed tells whether two versions of a service differ (ignoring when it
// was last modified).
func changed(a, b Service) bool {
	a.LastModified, b.LastModified = "", ""
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) != string(jb)
}
