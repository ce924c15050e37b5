package hsds

import (
	"fmt"
	"slices"
)

// Row is one record of a table: its values in the order of the table's
// fields ("" when absent), and where it came from.
type Row struct {
	Vals []string
	Line int    // CSV line
	Path string // JSON path
}

// Package is the content of an HSDS data package or JSON document, read and
// checked, ready to be written.
type Package struct {
	spec     *Spec
	rows     map[*Table][]Row
	ids      map[*Table]map[string]int // id → position in rows
	files    map[*Table]string         // where each table was read from
	Errors   []RowError
	Warnings []string
	// MaxErrors stops collecting errors after this many (0: 1000); Dropped
	// counts the ones left out.
	MaxErrors int
	Dropped   int
	fromJSON  bool
}

func newPackage(s *Spec) *Package {
	return &Package{spec: s, rows: map[*Table][]Row{}, ids: map[*Table]map[string]int{}, files: map[*Table]string{}}
}

// Rows returns the rows of a table.
func (p *Package) Rows(t *Table) []Row { return p.rows[t] }

// Count is the number of rows of a resource.
func (p *Package) Count(resource string) int { return len(p.rows[p.spec.Table(resource)]) }

// Get returns a value of a row by field name ("" when the table has no
// such field).
func (t *Table) Get(r Row, field string) string {
	if i := t.Field(field); i >= 0 && i < len(r.Vals) {
		return r.Vals[i]
	}
	return ""
}

// Lookup returns the row of a table with an id.
func (p *Package) Lookup(t *Table, id string) (Row, bool) {
	i, ok := p.ids[t][id]
	if !ok {
		return Row{}, false
	}
	return p.rows[t][i], true
}

func (p *Package) fail(e RowError) {
	limit := p.MaxErrors
	if limit <= 0 {
		limit = 1000
	}
	if len(p.Errors) >= limit {
		p.Dropped++
		return
	}
	p.Errors = append(p.Errors, e)
}

// OK tells whether nothing was rejected.
func (p *Package) OK() bool { return len(p.Errors) == 0 && p.Dropped == 0 }

func (p *Package) rowError(t *Table, r Row, field, key string, args ...any) RowError {
	return RowError{File: p.files[t], Line: r.Line, Path: r.Path, Field: field, Key: key, Args: args}
}

// add appends a CSV row, refusing a second row with the same id.
func (p *Package) add(t *Table, r Row) {
	id := r.Vals[0]
	if p.ids[t] == nil {
		p.ids[t] = map[string]int{}
	}
	if prev, dup := p.ids[t][id]; dup && id != "" {
		p.fail(p.rowError(t, r, "id", "hsds.errors.duplicate_id", id, p.where(t, p.rows[t][prev])))
		return
	}
	p.ids[t][id] = len(p.rows[t])
	p.rows[t] = append(p.rows[t], r)
}

func (p *Package) where(t *Table, r Row) string {
	if r.Line > 0 {
		return fmt.Sprintf("%d", r.Line)
	}
	return r.Path
}

// merge adds a row read from JSON: the same object may appear in several
// places (a phone under its service and under its contact); the copies are
// merged, and a field given two different values is an error.
func (p *Package) merge(t *Table, r Row) {
	id := r.Vals[0]
	if p.ids[t] == nil {
		p.ids[t] = map[string]int{}
	}
	i, seen := p.ids[t][id]
	if !seen || id == "" {
		p.ids[t][id] = len(p.rows[t])
		p.rows[t] = append(p.rows[t], r)
		return
	}
	old := p.rows[t][i]
	for k, v := range r.Vals {
		switch {
		case v == "" || v == old.Vals[k]:
		case old.Vals[k] == "":
			old.Vals[k] = v
		default:
			p.fail(p.rowError(t, r, t.Fields[k].Name, "hsds.errors.conflict", id, p.where(t, old)))
		}
	}
}

// validate checks every value of every row against its field.
func (p *Package) validate() {
	for _, t := range p.spec.All() {
		for _, r := range p.rows[t] {
			p.validateRow(t, r)
		}
	}
}

// validateRow checks the values of one row.
func (p *Package) validateRow(t *Table, r Row) {
	for k, f := range t.Fields {
		v := r.Vals[k]
		if v == "" {
			if f.Required && !p.lenient(f) {
				p.fail(p.rowError(t, r, f.Name, "hsds.errors.required"))
			}
			continue
		}
		if key, args := check(f, v); key != "" {
			p.fail(p.rowError(t, r, f.Name, key, args...))
		}
	}
}

// lenient lists required link fields that a JSON document may leave out
// when nesting says it (a program nested in a service).
func (p *Package) lenient(f Field) bool {
	return p.fromJSON && f.Name != "id" && slices.Contains(linkFields, f.Name)
}

var linkFields = []string{"organization_id", "service_id", "location_id", "link_id", "resource_id", "taxonomy_term_id"}

// present tells, for each field of t, whether some row gives it a value.
func (p *Package) present(t *Table) []bool {
	out := make([]bool, len(t.Fields))
	left := len(out)
	for _, r := range p.rows[t] {
		for i, v := range r.Vals {
			if v != "" && !out[i] {
				out[i] = true
				left--
			}
		}
		if left == 0 {
			break
		}
	}
	return out
}
