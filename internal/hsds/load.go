package hsds

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/trama-welfare/trama/internal/platform/db"
)

// view says which nested objects to read under an object, recursively.
type view struct {
	resource string
	props    []prop
}

type prop struct {
	name string
	v    *view
}

func node(resource string, props ...prop) *view { return &view{resource: resource, props: props} }
func nested(name string, sub *view) prop        { return prop{name: name, v: sub} }

// The shapes of the API's answers and of the exported JSON.
var (
	phoneView    = node("phone", nested("languages", node("language")))
	termView     = node("attribute", nested("taxonomy_term", node("taxonomy_term")))
	contactView  = node("contact", nested("phones", phoneView))
	locationView = node("location", nested("languages", node("language")), nested("addresses", node("address")), nested("contacts", contactView),
		nested("accessibility", node("accessibility")), nested("phones", phoneView), nested("schedules", node("schedule")), nested("attributes", termView))
	salView = node("service_at_location", nested("contacts", contactView), nested("phones", phoneView), nested("schedules", node("schedule")),
		nested("location", locationView), nested("attributes", termView))
	// serviceFull is a fully nested service (GET /services/{id}).
	serviceFull = node("service", nested("phones", phoneView), nested("schedules", node("schedule")), nested("service_areas", node("service_area")),
		nested("service_at_locations", salView), nested("languages", node("language")), nested("organization", node("organization")),
		nested("funding", node("funding")), nested("cost_options", node("cost_option")), nested("program", node("program")),
		nested("required_documents", node("required_document")), nested("contacts", contactView), nested("attributes", termView),
		nested("metadata", node("metadata")))
	// serviceList is a service in a list: its own fields, organization and program.
	serviceList = node("service", nested("organization", node("organization")), nested("program", node("program")))
	orgParts    = []prop{nested("funding", node("funding")), nested("contacts", contactView), nested("phones", phoneView),
		nested("locations", locationView), nested("programs", node("program")),
		nested("organization_identifiers", node("organization_identifier")), nested("attributes", termView), nested("metadata", node("metadata"))}
	orgFull        = node("organization", slices.Concat(orgParts, []prop{nested("services", serviceList)})...)
	orgFullService = node("organization", slices.Concat(orgParts, []prop{nested("services", serviceFull)})...)
	orgList        = node("organization")
	salFull        = node("service_at_location", slices.Concat(salView.props, []prop{nested("service", serviceFull)})...)
	salList        = node("service_at_location", nested("location", node("location")), nested("service", serviceList))
	taxonomyView   = node("taxonomy")
	termFull       = node("taxonomy_term", nested("taxonomy_detail", node("taxonomy")))
)

// published are the conditions under which rows of a table are public
// (only the directory's own entities have any: the rows linked to them are
// read through them).
var published = map[string]string{
	"organizations": "status = 'active'",
	"services": "deleted_at IS NULL AND EXISTS (SELECT 1 FROM organizations o " +
		"WHERE o.id = services.organization_id AND o.status = 'active')",
	"locations": "deleted_at IS NULL",
	"service_at_locations": "EXISTS (SELECT 1 FROM services s JOIN organizations o ON o.id = s.organization_id " +
		"WHERE s.id = service_at_locations.service_id AND s.deleted_at IS NULL AND o.status = 'active')",
}

// loader reads published objects and their nested objects.
type loader struct {
	ctx       context.Context
	q         db.Querier
	spec      *Spec
	centroids map[string][2]float64 // comune → latitude, longitude
}

// byIDs reads the objects of a view with the given ids, in that order
// (ids not found, or not public, are skipped), and their nested objects.
func (l *loader) byIDs(vw *view, ids []string) ([]*object, error) {
	t := l.spec.Table(vw.resource)
	found, err := l.rows(t, "id", ids)
	if err != nil {
		return nil, err
	}
	byID := map[string]*object{}
	for _, o := range found {
		byID[o.id()] = o
	}
	out := make([]*object, 0, len(ids))
	for _, id := range ids {
		if o := byID[id]; o != nil {
			out = append(out, o)
		}
	}
	return out, l.fill(vw, out)
}

// rows reads the public rows of t whose column col is one of values.
func (l *loader) rows(t *Table, col string, values []string) ([]*object, error) {
	var out []*object
	cols := make([]string, len(t.Fields))
	for i, f := range t.Fields {
		cols[i] = quote(f.Name)
	}
	location := t.Resource == "location"
	if location {
		cols = append(cols, "confidential", "istat_code")
	}
	cond := ""
	if c := published[t.Name]; c != "" {
		cond = " AND " + c
	}
	query := "SELECT " + strings.Join(cols, ", ") + " FROM " + t.Name + " WHERE " + quote(col) + " IN (%s)" + cond + " ORDER BY id"
	err := inBatches(dedupe(values), func(args []any, ph string) error {
		rows, err := l.q.QueryContext(l.ctx, fmt.Sprintf(query, ph), args...)
		if err != nil {
			return fmt.Errorf("hsds: read %s: %w", t.Name, err)
		}
		defer rows.Close()
		for rows.Next() {
			o := &object{t: t}
			s := newScanner(t)
			if location {
				s = newScanner(t, &o.confidential, &o.istat)
			}
			if err := rows.Scan(s.targets()...); err != nil {
				return fmt.Errorf("hsds: scan %s: %w", t.Name, err)
			}
			o.vals = s.values()
			if location && o.confidential {
				l.hideAddress(o)
			}
			out = append(out, o)
		}
		return rows.Err()
	})
	return out, err
}

// hideAddress gives a confidential place the coordinates of its comune's
// centre instead of its own (its addresses are never read).
func (l *loader) hideAddress(o *object) {
	lat, lon := o.t.Field("latitude"), o.t.Field("longitude")
	if c, ok := l.centroids[o.istat]; ok {
		o.vals[lat], o.vals[lon] = c[0], c[1]
	} else {
		o.vals[lat], o.vals[lon] = nil, nil
	}
}

// fill reads the nested objects the view asks for.
func (l *loader) fill(vw *view, objs []*object) error {
	if len(objs) == 0 {
		return nil
	}
	for _, pr := range vw.props {
		c, ok := childOf(vw.resource, pr.name)
		if !ok {
			return fmt.Errorf("hsds: %s has no nested %s", vw.resource, pr.name)
		}
		t := l.spec.Table(c.Resource)
		var keys []string
		for _, o := range objs {
			switch {
			case !c.Many:
				keys = append(keys, o.str(c.Ref))
			case c.Resource == "address" && o.confidential:
				// never read: the address of a confidential place is not public
			default:
				keys = append(keys, o.id())
			}
		}
		col := "id"
		if c.Many {
			col = c.Link
		}
		kids, err := l.rows(t, col, keys)
		if err != nil {
			return err
		}
		group := map[string][]*object{}
		k := t.Field(col)
		for _, kid := range kids {
			s, _ := kid.vals[k].(string)
			group[s] = append(group[s], kid)
		}
		for _, o := range objs {
			if o.kids == nil {
				o.kids = map[string][]*object{}
			}
			key := o.id()
			if !c.Many {
				key = o.str(c.Ref)
			} else if c.Resource == "address" && o.confidential {
				continue
			}
			if g := group[key]; len(g) > 0 {
				o.kids[pr.name] = g
			}
		}
		if err := l.fill(pr.v, kids); err != nil {
			return err
		}
	}
	return nil
}

// dedupe drops empty and repeated values.
func dedupe(values []string) []string {
	seen := map[string]bool{}
	out := values[:0:0]
	for _, s := range values {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
