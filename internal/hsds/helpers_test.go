package hsds_test

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/hsds"
	"github.com/trama-welfare/trama/internal/hsds/hsdstest"
	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/territory"
)

var spec = hsds.MustSpec()

func ctx() context.Context {
	return audit.WithActor(context.Background(), audit.Actor{Label: "test"})
}

// examples is the folder of the official HSDS 3.0 examples.
func examples(t testing.TB) string {
	t.Helper()
	dir, err := hsdstest.SchemaDir()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "..", "..", "examples")
}

// newTerritory makes a territory of the given comuni.
func newTerritory(t testing.TB, d *db.DB, name string, comuni ...string) string {
	t.Helper()
	s := territory.NewStore(d)
	tr := &territory.Territory{Name: name}
	if err := s.Create(ctx(), tr); err != nil {
		t.Fatal(err)
	}
	if len(comuni) > 0 {
		if err := s.AddComuni(ctx(), tr.ID, comuni); err != nil {
			t.Fatal(err)
		}
	}
	return tr.ID
}

func importer(d *db.DB) *hsds.Importer {
	return &hsds.Importer{DB: d, Spec: spec, Store: directory.NewStore(d, directory.NewTaxonomies(d))}
}

func exporter(t testing.TB, d *db.DB) *hsds.Exporter {
	t.Helper()
	c, err := hsds.Centroids()
	if err != nil {
		t.Fatal(err)
	}
	return &hsds.Exporter{DB: d, Spec: spec, Centroids: c}
}

// read imports a package or JSON file and fails on any rejected row.
func read(t testing.TB, name string) *hsds.Package {
	t.Helper()
	p, err := spec.Read(name, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range p.Errors {
		t.Errorf("%s: %s %v", e.Where(), e.Key, e.Args)
	}
	return p
}

func mustImport(t testing.TB, d *db.DB, p *hsds.Package, o hsds.Options) *hsds.Result {
	t.Helper()
	res, err := importer(d).Import(ctx(), p, o)
	if err != nil {
		for _, e := range p.Errors {
			t.Errorf("%s: %s %v", e.Where(), e.Key, e.Args)
		}
		t.Fatal(err)
	}
	return res
}

// readCSV reads a CSV file: its header and its rows by id.
func readCSV(t testing.TB, name string) ([]string, map[string][]string) {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	all, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	rows := map[string][]string{}
	for _, r := range all[1:] {
		rows[r[0]] = r
	}
	return all[0], rows
}

// copyDir copies the files of a folder (to break a package on purpose).
func copyDir(t testing.TB, from string) string {
	t.Helper()
	to := t.TempDir()
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return to
}

func count(t testing.TB, d *db.DB, table string) int {
	t.Helper()
	var n int
	if err := d.R.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
