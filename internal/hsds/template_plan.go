package hsds

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/text"
)

// Plan is what a spreadsheet will do to the directory: the preview shown
// before anything is written, stored with the import.
type Plan struct {
	Rows          int
	Organizations []PlanOrg
	Errors        []RowError
	Dropped       int // errors beyond those listed
}

// PlanOrg is an organization the spreadsheet creates or updates.
type PlanOrg struct {
	ID, Name string
	New      bool
	Draft    bool // it has a draft under way, which the import does not touch
	Line     int
	Services []PlanService
}

// PlanService is a service the spreadsheet creates or updates.
type PlanService struct {
	Name string
	New  bool
	Line int
}

// OK tells whether the spreadsheet can be imported.
func (p *Plan) OK() bool { return len(p.Errors) == 0 && p.Rows > 0 }

// Services counts the services of the plan.
func (p *Plan) Services() (created, updated int) {
	for _, o := range p.Organizations {
		for _, s := range o.Services {
			if s.New {
				created++
			} else {
				updated++
			}
		}
	}
	return
}

// maxPlanErrors is how many rejected rows a preview lists.
const maxPlanErrors = 500

// group is the rows of one organization.
type group struct {
	cf, name string
	rows     []tplRow
}

// PlanTemplate reads a spreadsheet for a territory and works out what it
// would create and update, without writing anything; it also returns the
// records to publish. A file that cannot be read at all is an error; rows
// that are not right are in Plan.Errors.
func (h *HSDS) PlanTemplate(ctx context.Context, territoryID, file, content string) (*Plan, []*directory.Record, error) {
	header, cells, lines, err := splitCSV(content)
	if err != nil {
		return nil, nil, err
	}
	rr, err := newRowReader(ctx, h.Dir.Tax, file, header)
	if err != nil {
		return nil, nil, err
	}
	plan := &Plan{Rows: len(cells)}
	var groups []*group
	byKey := map[string]*group{}
	for i, c := range cells {
		row, ok := rr.read(c, lines[i])
		if !ok {
			continue
		}
		byName := "name:" + nameKey(row.Ente)
		g := byKey[byName]
		if row.CF != "" && byKey["cf:"+row.CF] != nil {
			g = byKey["cf:"+row.CF]
		}
		if g == nil {
			g = &group{name: row.Ente}
			groups = append(groups, g)
		}
		if row.CF != "" && g.cf == "" {
			g.cf = row.CF
			byKey["cf:"+row.CF] = g
		}
		byKey[byName] = g
		g.rows = append(g.rows, row)
	}
	var recs []*directory.Record
	if len(rr.errs) == 0 {
		recs, err = h.records(ctx, territoryID, file, groups, plan, rr)
		if err != nil {
			return nil, nil, err
		}
	}
	for _, e := range rr.errs {
		if len(plan.Errors) < maxPlanErrors {
			plan.Errors = append(plan.Errors, e)
		} else {
			plan.Dropped++
		}
	}
	if plan.Rows == 0 && len(plan.Errors) == 0 {
		return nil, nil, errs.E("hsds.template.errors.no_rows")
	}
	return plan, recs, nil
}

// records matches every group with the organization it is (by codice
// fiscale anywhere, by name in the territory) or a new one, and applies
// its rows to the organization's published record.
func (h *HSDS) records(ctx context.Context, territoryID, file string, groups []*group, plan *Plan, rr *rowReader) ([]*directory.Record, error) {
	known, err := h.knownOrganizations(ctx, territoryID, groups)
	if err != nil {
		return nil, err
	}
	var recs []*directory.Record
	for _, g := range groups {
		first := g.rows[0].Line
		m, found := known["cf:"+g.cf]
		if !found || g.cf == "" {
			m, found = known["name:"+nameKey(g.name)]
		}
		if found && m.territory != territoryID {
			rr.fail(first, "Codice fiscale", "hsds.template.errors.other_territory", g.name)
			continue
		}
		var rec *directory.Record
		po := PlanOrg{Name: g.name, New: !found, Line: first, Draft: m.draft}
		if found {
			if rec, err = h.Dir.Store.LoadRecord(ctx, h.DB.R, m.id); err != nil {
				return nil, err
			}
		} else {
			rec = &directory.Record{Organization: directory.Organization{ID: directory.NewID(), Name: g.name, TerritoryID: territoryID}}
			if !hasValue(g.rows, func(r tplRow) string { return r.Kind }) {
				rr.fail(first, "Tipo di ente", "hsds.template.errors.kind_required")
			}
			if !hasValue(g.rows, func(r tplRow) string { return r.DescrEnte }) {
				rr.fail(first, "Descrizione dell'ente", "hsds.template.errors.org_description_required")
			}
		}
		po.ID = rec.Organization.ID
		a := &applier{rec: rec, touched: map[string]bool{}}
		for _, row := range g.rows {
			name, isNew, err := a.apply(row)
			if err != nil {
				e, _ := errs.As(err)
				for k, f := range e.Fields {
					rr.fail(row.Line, k, f.Key, f.Args...)
				}
				continue
			}
			if !slices.ContainsFunc(po.Services, func(s PlanService) bool { return s.Name == name }) {
				po.Services = append(po.Services, PlanService{Name: name, New: isNew, Line: row.Line})
			}
		}
		if err := h.Dir.ValidateRecord(ctx, rec); err != nil {
			e, ok := errs.As(err)
			if !ok {
				return nil, err
			}
			rr.fail(first, "", e.Key, e.Args...)
		}
		plan.Organizations = append(plan.Organizations, po)
		recs = append(recs, rec)
	}
	return recs, nil
}

func hasValue(rows []tplRow, f func(tplRow) string) bool {
	return slices.ContainsFunc(rows, func(r tplRow) bool { return f(r) != "" })
}

// knownOrg is an organization already in the directory.
type knownOrg struct {
	id, territory string
	draft         bool
}

// knownOrganizations finds the organizations the groups may be: those with
// their codes fiscali, anywhere, and those of the territory, by name.
func (h *HSDS) knownOrganizations(ctx context.Context, territoryID string, groups []*group) (map[string]knownOrg, error) {
	out := map[string]knownOrg{}
	var cfs []string
	for _, g := range groups {
		if g.cf != "" {
			cfs = append(cfs, g.cf)
		}
	}
	scan := func(query string, args []any, key func(id, name, cf string) string) error {
		rows, err := h.DB.R.QueryContext(ctx, query, args...)
		if err != nil {
			return fmt.Errorf("hsds: organizations: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var k knownOrg
			var name, cf string
			if err := rows.Scan(&k.id, &name, &cf, &k.territory, &k.draft); err != nil {
				return err
			}
			out[key(k.id, name, cf)] = k
		}
		return rows.Err()
	}
	const cols = `SELECT o.id, o.name, o.tax_id, COALESCE(o.territory_id, ''),
		EXISTS (SELECT 1 FROM organization_versions v WHERE v.organization_id = o.id AND v.status IN ('draft', 'submitted', 'changes_requested'))
		FROM organizations o WHERE `
	if err := inBatches(cfs, func(args []any, ph string) error {
		return scan(cols+"o.tax_id IN ("+ph+")", args, func(_, _, cf string) string { return "cf:" + cf })
	}); err != nil {
		return nil, err
	}
	err := scan(cols+"o.territory_id = $1 ORDER BY o.created_at", []any{territoryID}, func(_, name, _ string) string {
		return "name:" + nameKey(name)
	})
	return out, err
}

// nameKey is how names are compared: case, accents and spaces aside.
func nameKey(s string) string { return strings.Join(strings.Fields(text.Fold(s)), " ") }
