package hsds

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/trama-welfare/trama/internal/platform/db"
)

// Exporter writes the published directory as an HSDS 3.0 data package:
// one CSV per HSDS resource with exactly the HSDS columns, Trama's
// extension files (trama_*.csv), the datapackage.json that declares them
// all, and services.json, every public service fully nested. Partner notes
// are never exported, nor the addresses of confidential places (whose
// coordinates are their comune's centre).
type Exporter struct {
	DB        *db.DB
	Spec      *Spec
	Centroids map[string][2]float64
}

// eachRow streams the rows of t in id order: its fields, then the fields
// of ext after its id (when ext is not nil), then fn decides.
func eachRow(ctx context.Context, q db.Querier, t, ext *Table, fn func(vals []any) error) error {
	cols := make([]string, 0, len(t.Fields))
	for _, f := range t.Fields {
		cols = append(cols, quote(f.Name))
	}
	s := newScanner(t)
	var es *scanner
	if ext != nil {
		es = newScanner(ext)
		for _, f := range ext.Fields[1:] {
			cols = append(cols, quote(f.Name))
		}
	}
	rows, err := q.QueryContext(ctx, "SELECT "+strings.Join(cols, ", ")+" FROM "+t.Name+" ORDER BY id")
	if err != nil {
		return fmt.Errorf("hsds: read %s: %w", t.Name, err)
	}
	defer rows.Close()
	dest := s.targets()
	if es != nil {
		dest = append(dest, es.dest[1:]...)
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("hsds: scan %s: %w", t.Name, err)
		}
		vals := s.values()
		if es != nil {
			vals = append(vals, es.values()[1:]...)
		}
		if err := fn(vals); err != nil {
			return err
		}
	}
	return rows.Err()
}

// csvFile is one file of the package being written. Unlike the CSV that
// people download from pages (csvsafe), the data package keeps every value
// exactly: it is an interchange format read by programs (and by our own
// import, which must get back what was exported), and a phone number such
// as "+39 02 …" is data, not a formula. docs/SECURITY.md says so.
type csvFile struct {
	f *os.File
	w *csv.Writer
}

func createCSV(dir, name string, header []string) (*csvFile, error) {
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		return nil, fmt.Errorf("hsds: %w", err)
	}
	c := &csvFile{f: f, w: csv.NewWriter(f)}
	return c, c.w.Write(header)
}

func (c *csvFile) close() error {
	c.w.Flush()
	err := c.w.Error()
	if cerr := c.f.Close(); err == nil {
		err = cerr
	}
	return err
}

// Export writes the package into dir (created when missing) and returns
// how many rows each file has.
func (ex *Exporter) Export(ctx context.Context, dir string, progress Progress) (map[string]int, error) {
	if progress == nil {
		progress = noProgress
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("hsds: %w", err)
	}
	q := ex.DB.R
	vis, err := loadVisibility(ctx, q, ex.Spec)
	if err != nil {
		return nil, err
	}
	counts := map[string]int{}
	var total int64
	for _, t := range ex.Spec.Tables {
		var n int64
		if err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+t.Name).Scan(&n); err != nil {
			return nil, fmt.Errorf("hsds: count %s: %w", t.Name, err)
		}
		total += n
	}
	var done int64
	for _, t := range ex.Spec.Tables {
		if err := ex.table(ctx, dir, t, vis, counts, func() {
			done++
			if done%10000 == 0 {
				progress("write", done, total)
			}
		}); err != nil {
			return nil, err
		}
	}
	if err := ex.trainingPlans(ctx, dir, vis, counts); err != nil {
		return nil, err
	}
	progress("write", total, total)
	if err := ex.descriptor(dir); err != nil {
		return nil, err
	}
	n, err := ex.servicesJSON(ctx, filepath.Join(dir, "services.json"))
	counts["services.json"] = n
	return counts, err
}

// table writes the public rows of t, and of its extension, if any.
func (ex *Exporter) table(ctx context.Context, dir string, t *Table, vis *visibility, counts map[string]int, tick func()) error {
	out, err := createCSV(dir, t.Path, t.Names())
	if err != nil {
		return err
	}
	var extOut *csvFile
	if t.Ext != nil {
		if extOut, err = createCSV(dir, t.Ext.Path, t.Ext.Names()); err != nil {
			return err
		}
	}
	lat, lon, loc := t.Field("latitude"), t.Field("longitude"), t.Field("location_id")
	err = eachRow(ctx, ex.DB.R, t, t.Ext, func(vals []any) error {
		tick()
		id, _ := vals[0].(string)
		if !ex.public(t, vis, id, vals) {
			return nil
		}
		if t.Resource == "address" {
			if l, _ := vals[loc].(string); vis.confidential[keyOf(l)] {
				return nil
			}
		}
		if t.Resource == "location" && vis.confidential[keyOf(id)] {
			istat, _ := vals[len(t.Fields)].(string) // trama_location: istat_code first
			c, ok := ex.Centroids[istat]
			vals[lat], vals[lon] = nil, nil
			if ok {
				vals[lat], vals[lon] = c[0], c[1]
			}
		}
		if t.Resource == "taxonomy_term" {
			// HSDS requires a description; Trama's terms may have none.
			if d, _ := vals[t.Field("description")].(string); d == "" {
				vals[t.Field("description")] = vals[t.Field("name")]
			}
		}
		record := make([]string, len(t.Fields))
		for i, f := range t.Fields {
			record[i] = cell(f, vals[i])
		}
		counts[t.Path]++
		if err := out.w.Write(record); err != nil {
			return err
		}
		if extOut == nil {
			return nil
		}
		extRecord := []string{id}
		for i, f := range t.Ext.Fields[1:] {
			extRecord = append(extRecord, cell(f, vals[len(t.Fields)+i]))
		}
		counts[t.Ext.Path]++
		return extOut.w.Write(extRecord)
	})
	if err != nil {
		return err
	}
	if extOut != nil {
		if err := extOut.close(); err != nil {
			return err
		}
	}
	return out.close()
}

// public decides whether a row is exported.
func (ex *Exporter) public(t *Table, vis *visibility, id string, vals []any) bool {
	switch t.Resource {
	case "taxonomy", "taxonomy_term", "meta_table_description":
		return true
	}
	if public, known := vis.known(t.Resource, id); known {
		return public
	}
	if _, tracked := vis.sets[t.Resource]; tracked {
		return false // an entity Trama tracks is public only when known to be
	}
	return vis.linked(t, vals)
}

// trainingPlans writes the training plans of the public organizations.
func (ex *Exporter) trainingPlans(ctx context.Context, dir string, vis *visibility, counts map[string]int) error {
	t := ex.Spec.Table("trama_training_plan")
	out, err := createCSV(dir, t.Path, t.Names())
	if err != nil {
		return err
	}
	org := t.Field("organization_id")
	err = eachRow(ctx, ex.DB.R, t, nil, func(vals []any) error {
		o, _ := vals[org].(string)
		if public, _ := vis.known("organization", o); !public {
			return nil
		}
		record := make([]string, len(t.Fields))
		for i, f := range t.Fields {
			record[i] = cell(f, vals[i])
		}
		counts[t.Path]++
		return out.w.Write(record)
	})
	if err != nil {
		return err
	}
	return out.close()
}
