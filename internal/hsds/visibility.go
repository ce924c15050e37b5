package hsds

import (
	"context"
	"crypto/sha1"
	"fmt"

	"github.com/google/uuid"

	"github.com/trama-welfare/trama/internal/platform/db"
)

// What an export may contain: published (active) organizations, their
// services and locations that were not removed, and the rows linked to
// them. HSDS does not enforce references, so a package may hold rows linked
// only to entities it does not contain (the official example does): such
// rows, linked to nothing Trama knows, are public data of the import that
// brought them and are exported too. A row linked to something Trama knows
// is exported only when one of its links is public.

type idKey [16]byte

// keyOf packs an id (a UUID) in 16 bytes, to keep large exports small.
func keyOf(id string) idKey {
	if u, err := uuid.Parse(id); err == nil {
		return idKey(u)
	}
	var k idKey
	h := sha1.Sum([]byte(id))
	copy(k[:], h[:])
	return k
}

// linkResources maps link fields to the resource they point to.
var linkResources = map[string]string{
	"organization_id": "organization", "service_id": "service", "location_id": "location", "contact_id": "contact",
	"service_at_location_id": "service_at_location", "phone_id": "phone", "program_id": "program",
}

// visibility holds, for the entities other rows link to, whether each is
// public (absent: unknown to Trama).
type visibility struct {
	sets         map[string]map[idKey]bool
	confidential map[idKey]bool // locations whose address is not public
}

func (vis *visibility) known(resource, id string) (public, known bool) {
	public, known = vis.sets[resource][keyOf(id)]
	return
}

// linked decides a row by its links: public when one is public; hidden when
// none is but one is known; public when all are unknown (dangling).
func (vis *visibility) linked(t *Table, vals []any) bool {
	anyKnown := false
	for i, f := range t.Fields {
		id, _ := vals[i].(string)
		resource := linkResources[f.Name]
		if f.Name == "link_id" || f.Name == "resource_id" {
			resource = "*"
		}
		if id == "" || resource == "" {
			continue
		}
		for _, r := range vis.candidates(resource) {
			if public, known := vis.known(r, id); known {
				if public {
					return true
				}
				anyKnown = true
			}
		}
	}
	return !anyKnown
}

// candidates are the entity resources a link may point to ("*": any).
func (vis *visibility) candidates(resource string) []string {
	if resource != "*" {
		return []string{resource}
	}
	return []string{"organization", "service", "location", "service_at_location", "program", "contact", "phone"}
}

// loadVisibility reads the entities and decides, in dependency order, which
// are public.
func loadVisibility(ctx context.Context, q db.Querier, spec *Spec) (*visibility, error) {
	vis := &visibility{sets: map[string]map[idKey]bool{}, confidential: map[idKey]bool{}}
	set := func(r string) map[idKey]bool {
		if vis.sets[r] == nil {
			vis.sets[r] = map[idKey]bool{}
		}
		return vis.sets[r]
	}
	scan := func(query string, fn func(vals []string, flag bool)) error {
		rows, err := q.QueryContext(ctx, query)
		if err != nil {
			return fmt.Errorf("hsds: visibility: %w", err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]string, len(cols)-1)
			var flag int
			dest := []any{&flag}
			for i := range vals {
				dest = append(dest, &vals[i])
			}
			if err := rows.Scan(dest...); err != nil {
				return err
			}
			fn(vals, flag == 1)
		}
		return rows.Err()
	}
	orgs, services, sals, locations, programs := set("organization"), set("service"), set("service_at_location"), set("location"), set("program")
	usedPrograms, usedLocations := map[idKey]bool{}, map[idKey]bool{}
	steps := []struct {
		query string
		fn    func([]string, bool)
	}{
		{`SELECT CASE WHEN status = 'active' THEN 1 ELSE 0 END, id FROM organizations`,
			func(v []string, active bool) { orgs[keyOf(v[0])] = active }},
		{`SELECT CASE WHEN deleted_at IS NULL THEN 1 ELSE 0 END, id, organization_id, program_id FROM services`,
			func(v []string, live bool) {
				public := live && orgs[keyOf(v[1])]
				services[keyOf(v[0])] = public
				if public && v[2] != "" {
					usedPrograms[keyOf(v[2])] = true
				}
			}},
		{`SELECT 0, id, service_id, location_id FROM service_at_locations`,
			func(v []string, _ bool) {
				public := services[keyOf(v[1])]
				sals[keyOf(v[0])] = public
				if public {
					usedLocations[keyOf(v[2])] = true
				}
			}},
		{`SELECT CASE WHEN deleted_at IS NULL THEN 1 ELSE 0 END, id, organization_id,
				CASE WHEN confidential THEN 'y' ELSE '' END FROM locations`,
			func(v []string, live bool) {
				k := keyOf(v[0])
				locations[k] = live && (orgs[keyOf(v[1])] || usedLocations[k])
				if v[2] != "" {
					vis.confidential[k] = true
				}
			}},
		{`SELECT 0, id, organization_id FROM programs`,
			func(v []string, _ bool) { programs[keyOf(v[0])] = orgs[keyOf(v[1])] || usedPrograms[keyOf(v[0])] }},
	}
	for _, s := range steps {
		if err := scan(s.query, s.fn); err != nil {
			return nil, err
		}
	}
	for _, resource := range []string{"contact", "phone"} {
		t := spec.Table(resource)
		s := set(resource)
		err := eachRow(ctx, q, t, nil, func(vals []any) error {
			id, _ := vals[0].(string)
			s[keyOf(id)] = vis.linked(t, vals)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return vis, nil
}
