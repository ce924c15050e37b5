package hsds

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"time"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/db"
)

// writer writes a resolved package in the import's transaction.
type writer struct {
	ctx      context.Context
	dialect  db.Dialect
	tx       *sql.Tx
	p        *Package
	res      *resolution
	store    *directory.Store
	now      time.Time
	nowText  string
	source   string
	orgs     []string       // organizations getting a new published version
	touched  []string       // of which not in the package
	versions map[string]int // their new version numbers
	docs     <-chan document
	progress func(n int)
}

// writeOrder puts organizations before the training plans that refer to them.
var writeOrder = []string{"taxonomy", "taxonomy_term", "organization", "trama_training_plan"}

func (w *writer) tables() error {
	done := map[*Table]bool{}
	order := []*Table{}
	for _, name := range writeOrder {
		order = append(order, w.p.spec.Table(name))
	}
	order = append(order, w.p.spec.Tables...)
	for _, t := range order {
		if done[t] || len(w.p.rows[t]) == 0 {
			continue
		}
		done[t] = true
		if err := w.table(t); err != nil {
			return err
		}
	}
	return nil
}

// table writes the rows of t, merging in their extension rows and the
// columns Trama computes (territory, status, timestamps). Only the fields
// the package gives a value somewhere are bound; the others are left to
// their defaults (and reset to them when a row is updated).
func (w *writer) table(t *Table) error {
	names, computed := w.computed(t)
	var extCols []int // extension fields written as their own columns
	override := map[int]int{}
	if t.Ext != nil {
		for i, f := range t.Ext.Fields {
			switch j := t.Field(f.Name); {
			case i == 0 || slices.Contains(names, f.Name):
			case j >= 0:
				override[j] = i
			default:
				extCols = append(extCols, i)
			}
		}
	}
	present := w.p.present(t)
	var fields []int
	var fieldNames, reset []string
	for j, f := range t.Fields {
		if _, ok := override[j]; present[j] || (ok && len(w.p.rows[t.Ext]) > 0) {
			fields = append(fields, j)
			fieldNames = append(fieldNames, f.Name)
		} else if f.Kind == KindInt || f.Kind == KindFloat {
			reset = append(reset, quote(f.Name)+" = NULL")
		} else {
			reset = append(reset, quote(f.Name)+" = ''")
		}
	}
	plain := w.newBulk(t, fieldNames, names, nil, reset)
	var extended *bulk
	for _, r := range w.p.rows[t] {
		vals := make([]any, 0, len(fields)+len(names)+len(extCols))
		ext, hasExt := Row{}, false
		if t.Ext != nil {
			ext, hasExt = w.p.Lookup(t.Ext, r.Vals[0])
		}
		for _, j := range fields {
			if i, ok := override[j]; ok && hasExt {
				vals = append(vals, value(t.Ext.Fields[i], ext.Vals[i]))
				continue
			}
			vals = append(vals, value(t.Fields[j], r.Vals[j]))
		}
		vals = append(vals, computed(r)...)
		b := plain
		if hasExt && len(extCols) > 0 {
			if extended == nil {
				extNames := make([]string, len(extCols))
				for k, i := range extCols {
					extNames[k] = t.Ext.Fields[i].Name
				}
				extended = w.newBulk(t, fieldNames, names, extNames, reset)
			}
			for _, i := range extCols {
				vals = append(vals, extValue(t.Ext, i, ext.Vals[i]))
			}
			b = extended
		}
		if err := b.add(vals...); err != nil {
			return err
		}
	}
	if err := plain.close(); err != nil {
		return err
	}
	if extended != nil {
		return extended.close()
	}
	return nil
}

func (w *writer) newBulk(t *Table, fields, computed, ext, reset []string) *bulk {
	cols := append(append(append([]string{}, fields...), computed...), ext...)
	b := newBulk(w.ctx, w.dialect, w.tx, t.Name, cols, true, "created_at")
	b.reset, b.done = reset, w.progress
	return b
}

// computed returns the columns Trama fills for rows of t, and their values.
func (w *writer) computed(t *Table) ([]string, func(Row) []any) {
	now := w.now
	switch t.Resource {
	case "organization":
		return []string{"territory_id", "status", "published_version", "published_at", "created_at", "updated_at"},
			func(r Row) []any {
				id := r.Vals[0]
				status, publishedAt := string(directory.OrgActive), any(now)
				if w.res.existing[id].status == string(directory.OrgArchived) {
					status, publishedAt = string(directory.OrgArchived), nil
				}
				return []any{nullable(w.res.territory[id]), status, w.versions[id], publishedAt, now, now}
			}
	case "service":
		org := t.Field("organization_id")
		return []string{"territory_id", "created_at", "updated_at", "deleted_at"}, func(r Row) []any {
			return []any{nullable(w.territoryOf(r.Vals[org])), now, now, nil}
		}
	case "location":
		return []string{"istat_code", "created_at", "updated_at", "deleted_at"}, func(r Row) []any {
			return []any{w.res.istat[r.Vals[0]], now, now, nil}
		}
	case "taxonomy", "taxonomy_term":
		return []string{"updated_at"}, func(Row) []any { return []any{now} }
	}
	return nil, func(Row) []any { return nil }
}

// territoryOf is the territory an organization has after the import.
func (w *writer) territoryOf(org string) string {
	if t := w.res.territory[org]; t != "" {
		return t
	}
	return w.res.existing[org].territory
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// value converts a checked value to what its column stores.
func value(f Field, v string) any {
	switch f.Kind {
	case KindInt:
		if v == "" {
			return nil
		}
		x, _ := strconv.ParseFloat(v, 64)
		return int64(x)
	case KindFloat:
		if v == "" {
			return nil
		}
		x, _ := strconv.ParseFloat(v, 64)
		return x
	case KindBool:
		b, _ := parseBool(v)
		return b
	case KindTimezone:
		zone, _ := zoneOfOffset(v)
		if v == "" {
			zone = ""
		}
		return zone
	}
	return v
}

// extValue is value for extension fields; a taxonomy's code is unique, so
// an empty one is stored as NULL.
func extValue(t *Table, i int, v string) any {
	if t.Resource == "trama_taxonomy" && t.Fields[i].Name == "code" {
		return nullable(v)
	}
	return value(t.Fields[i], v)
}
