package hsds

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/geo"
	"github.com/trama-welfare/trama/internal/platform/text"
)

// existingOrg is what the database knows of an organization.
type existingOrg struct {
	status    string
	territory string
	published int
}

// resolution is what an import learns from the database before writing:
// which organizations exist, the territory of every organization and the
// comune of every location of the package, the codes of taxonomy terms.
type resolution struct {
	existing  map[string]existingOrg // organizations already in the database, by id
	territory map[string]string      // organization → territory
	istat     map[string]string      // location → comune
	codes     map[string]string      // taxonomy term → code
}

// inBatches calls fn with ids in groups small enough for an IN list, as
// arguments and their placeholders.
func inBatches(ids []string, fn func(args []any, placeholders string) error) error {
	const size = 500
	for start := 0; start < len(ids); start += size {
		part := ids[start:min(start+size, len(ids))]
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		if err := fn(args, db.Placeholders(1, len(part))); err != nil {
			return err
		}
	}
	return nil
}

// column returns the distinct non-empty values of a field of a table.
func (p *Package) column(resource, field string) []string {
	t := p.spec.Table(resource)
	seen := map[string]bool{}
	var out []string
	for _, r := range p.rows[t] {
		if v := t.Get(r, field); v != "" && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// resolve reads what the import needs from the database; problems with the
// package's rows (no territory, unknown comune, a taken term code) are
// added to p.Errors.
func (p *Package) resolve(ctx context.Context, q db.Querier, territoryID string) (*resolution, error) {
	res := &resolution{existing: map[string]existingOrg{}, territory: map[string]string{}, istat: map[string]string{}, codes: map[string]string{}}
	orgIDs := p.column("organization", "id")
	orgIDs = append(orgIDs, p.column("service", "organization_id")...)
	orgIDs = append(orgIDs, p.column("location", "organization_id")...)
	orgIDs = append(orgIDs, p.column("trama_training_plan", "organization_id")...)
	slices.Sort(orgIDs)
	orgIDs = slices.Compact(orgIDs)
	err := inBatches(orgIDs, func(args []any, ph string) error {
		rows, err := q.QueryContext(ctx, `SELECT id, status, COALESCE(territory_id, ''), published_version
			FROM organizations WHERE id IN (`+ph+`)`, args...)
		if err != nil {
			return fmt.Errorf("hsds: read organizations: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			var e existingOrg
			if err := rows.Scan(&id, &e.status, &e.territory, &e.published); err != nil {
				return err
			}
			res.existing[id] = e
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	if err := p.resolveComuni(ctx, q, res); err != nil {
		return nil, err
	}
	if err := p.resolveTerritories(ctx, q, res, territoryID); err != nil {
		return nil, err
	}
	if err := p.resolveCodes(ctx, q, res); err != nil {
		return nil, err
	}
	p.checkExtensions(res)
	return res, nil
}

// resolveComuni gives every location its comune: the one the extension
// file names, else the one its first address's city (and province) names.
func (p *Package) resolveComuni(ctx context.Context, q db.Querier, res *resolution) error {
	ix, err := comuniIndex()
	if err != nil {
		return err
	}
	known, byName := ix.known, ix.byName
	at := p.spec.Table("address")
	first := map[string]Row{}
	for _, r := range sorted(p.rows[at], at, "") {
		if loc := at.Get(r, "location_id"); loc != "" {
			if _, ok := first[loc]; !ok {
				first[loc] = r
			}
		}
	}
	lt, ext := p.spec.Table("location"), p.spec.Table("trama_location")
	for _, r := range p.rows[lt] {
		id := r.Vals[0]
		if e, ok := p.Lookup(ext, id); ok && ext.Get(e, "istat_code") != "" {
			code := ext.Get(e, "istat_code")
			if !known[code] {
				p.fail(p.rowError(ext, e, "istat_code", "hsds.errors.comune_unknown", code))
			}
			res.istat[id] = code
			continue
		}
		if a, ok := first[id]; ok {
			res.istat[id] = comuneOf(byName[text.Fold(at.Get(a, "city"))], at.Get(a, "state_province"))
		}
	}
	return nil
}

// comuni are the bundled comuni, by code and by folded name.
type comuni struct {
	known  map[string]bool
	byCode map[string]geo.Comune
	byName map[string][]geo.Comune
}

var comuniIndex = sync.OnceValues(func() (*comuni, error) {
	all, err := geo.ReadComuni()
	if err != nil {
		return nil, err
	}
	ix := &comuni{known: map[string]bool{}, byCode: map[string]geo.Comune{}, byName: map[string][]geo.Comune{}}
	for _, c := range all {
		ix.known[c.ISTAT] = true
		ix.byCode[c.ISTAT] = c
		ix.byName[text.Fold(c.Name)] = append(ix.byName[text.Fold(c.Name)], c)
	}
	return ix, nil
})

// comuneOf picks among the comuni of a name the one of the province (code
// "MI" or name "Milano"), or the only one.
func comuneOf(list []geo.Comune, province string) string {
	if len(list) == 1 {
		return list[0].ISTAT
	}
	p := text.Fold(province)
	for _, c := range list {
		if p != "" && (p == text.Fold(c.ProvinceCode) || p == text.Fold(c.Province)) {
			return c.ISTAT
		}
	}
	return ""
}

// resolveTerritories gives every organization of the package a territory:
// the one asked for, else the one it has, else the one its extension row
// names (when it exists here), else the territory containing the comuni of
// its locations.
func (p *Package) resolveTerritories(ctx context.Context, q db.Querier, res *resolution, asked string) error {
	territories := map[string]bool{}
	byComune := map[string][]string{}
	rows, err := q.QueryContext(ctx, `SELECT t.id, COALESCE(c.istat_code, '') FROM territories t
		LEFT JOIN territory_comuni c ON c.territory_id = t.id ORDER BY t.name, t.id`)
	if err != nil {
		return fmt.Errorf("hsds: read territories: %w", err)
	}
	for rows.Next() {
		var id, istat string
		if err := rows.Scan(&id, &istat); err != nil {
			rows.Close()
			return err
		}
		territories[id] = true
		if istat != "" {
			byComune[istat] = append(byComune[istat], id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if asked != "" && !territories[asked] {
		return errs.E("hsds.errors.territory_unknown", asked)
	}
	lt := p.spec.Table("location")
	comuni := map[string][]string{} // organization → comuni of its locations
	for _, r := range p.rows[lt] {
		if c := res.istat[r.Vals[0]]; c != "" {
			org := lt.Get(r, "organization_id")
			comuni[org] = append(comuni[org], c)
		}
	}
	ot, ext := p.spec.Table("organization"), p.spec.Table("trama_organization")
	for _, r := range p.rows[ot] {
		id := r.Vals[0]
		e, hasExt := p.Lookup(ext, id)
		switch {
		case asked != "":
			res.territory[id] = asked
		case res.existing[id].territory != "":
			res.territory[id] = res.existing[id].territory
		case hasExt && territories[ext.Get(e, "territory_id")]:
			res.territory[id] = ext.Get(e, "territory_id")
		default:
			t, ambiguous := bestTerritory(comuni[id], byComune)
			switch {
			case ambiguous:
				p.fail(p.rowError(ot, r, "", "hsds.errors.territory_ambiguous"))
			case t == "":
				p.fail(p.rowError(ot, r, "", "hsds.errors.no_territory"))
			default:
				res.territory[id] = t
			}
		}
	}
	return nil
}

// bestTerritory is the territory containing most of the comuni; ambiguous
// when two contain as many.
func bestTerritory(comuni []string, byComune map[string][]string) (string, bool) {
	votes := map[string]int{}
	for _, c := range comuni {
		for _, t := range byComune[c] {
			votes[t]++
		}
	}
	best, n, tie := "", 0, false
	for t, v := range votes {
		switch {
		case v > n:
			best, n, tie = t, v, false
		case v == n:
			tie = true
		}
	}
	return best, tie
}

// resolveCodes maps term ids to codes (the database's and the package's)
// and refuses a package term whose code another term already has.
func (p *Package) resolveCodes(ctx context.Context, q db.Querier, res *resolution) error {
	byCode := map[string]string{}
	rows, err := q.QueryContext(ctx, `SELECT id, code FROM taxonomy_terms`)
	if err != nil {
		return fmt.Errorf("hsds: read terms: %w", err)
	}
	for rows.Next() {
		var id, code string
		if err := rows.Scan(&id, &code); err != nil {
			rows.Close()
			return err
		}
		res.codes[id] = code
		if code != "" {
			byCode[code] = id
		}
	}
	rows.Close()
	tt := p.spec.Table("taxonomy_term")
	for _, r := range p.rows[tt] {
		id, code := r.Vals[0], tt.Get(r, "code")
		if other, taken := byCode[code]; code != "" && taken && other != id {
			p.fail(p.rowError(tt, r, "code", "hsds.errors.code_taken", code))
			continue
		}
		if old := res.codes[id]; old != "" && old != code {
			delete(byCode, old)
		}
		res.codes[id] = code
		if code != "" {
			byCode[code] = id
		}
	}
	return rows.Err()
}

// checkExtensions refuses extension rows without the row they extend, and
// training plans of organizations found nowhere.
func (p *Package) checkExtensions(res *resolution) {
	for _, ext := range p.spec.Extensions {
		base := ext.Base
		for _, r := range p.rows[ext] {
			switch {
			case ext.Name == base.Name:
				if _, ok := p.Lookup(base, r.Vals[0]); !ok {
					p.fail(p.rowError(ext, r, "id", "hsds.errors.no_base", p.fileOf(base)))
				}
			default: // training plans
				org := ext.Get(r, "organization_id")
				if _, ok := p.Lookup(base, org); !ok && res.existing[org].status == "" {
					p.fail(p.rowError(ext, r, "organization_id", "hsds.errors.no_organization", org))
				}
			}
		}
	}
}

func (p *Package) fileOf(t *Table) string {
	if f := p.files[t]; f != "" {
		return f
	}
	return t.Path
}
