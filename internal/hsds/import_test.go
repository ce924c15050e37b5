package hsds_test

import (
	"archive/zip"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/hsds"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/dbtest"
	"github.com/trama-welfare/trama/internal/platform/errs"
)

// rejected imports p and returns the keys of the errors ("file:line key").
func rejected(t *testing.T, d *db.DB, p *hsds.Package, o hsds.Options) []string {
	t.Helper()
	_, err := importer(d).Import(ctx(), p, o)
	if !errors.Is(err, hsds.ErrRejected) {
		t.Fatalf("import: %v, want rejected rows", err)
	}
	var out []string
	for _, e := range p.Errors {
		out = append(out, e.Where()+" "+e.Key)
	}
	return out
}

// TestTerritories checks how organizations get their territory: asked,
// kept, from the comune of their places, or refused with a clear reason.
func TestTerritories(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		example := filepath.Join(examples(t), "csv")
		if got := rejected(t, d, read(t, example), hsds.Options{}); !contains(got, "organizations.csv:2 hsds.errors.no_territory") {
			t.Errorf("no territory: %v", got)
		}
		if _, err := importer(d).Import(ctx(), read(t, example), hsds.Options{TerritoryID: "nessuno"}); !errs.Is(err, errs.Invalid) {
			t.Errorf("unknown territory: %v", err)
		}
		// Buccinasco in two territories: which one is unclear.
		a := newTerritory(t, d, "Ambito A", "015036", "015093")
		newTerritory(t, d, "Ambito B", "015036")
		got := rejected(t, d, read(t, "testdata/rete"), hsds.Options{})
		if !contains(got, "organizations.csv:2 hsds.errors.territory_ambiguous") || contains(got, "organizations.csv:3 hsds.errors.territory_ambiguous") {
			t.Errorf("ambiguous: %v", got)
		}
		// Asked: every organization there; later imports keep it.
		mustImport(t, d, read(t, "testdata/rete"), hsds.Options{TerritoryID: a})
		mustImport(t, d, read(t, "testdata/rete"), hsds.Options{})
		var n int
		d.R.QueryRow(`SELECT COUNT(*) FROM organizations WHERE territory_id = $1`, a).Scan(&n)
		if n != 3 {
			t.Errorf("%d organizations in the territory, want 3", n)
		}
		d.R.QueryRow(`SELECT COUNT(*) FROM services WHERE territory_id = $1`, a).Scan(&n)
		if n != 4 {
			t.Errorf("%d services in the territory, want 4", n)
		}
		var istat string
		d.R.QueryRow(`SELECT istat_code FROM locations WHERE id = 'aaaaaaaa-1111-4111-8111-000000000001'`).Scan(&istat)
		if istat != "015036" {
			t.Errorf("comune from the address: %q", istat)
		}
	})
}

// TestJSONImport reads the official nested JSON examples: they give the
// same rows as the tabular package.
func TestJSONImport(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		tid := newTerritory(t, d, "Ambito")
		csvDB := dbtest.Open(t, d.Dialect)
		mustImport(t, csvDB, read(t, filepath.Join(examples(t), "csv")), hsds.Options{TerritoryID: newTerritory(t, csvDB, "Ambito")})
		for _, name := range []string{"service_full.json", "organization_full.json", "service_at_location_full.json", "service_list.json"} {
			mustImport(t, d, read(t, filepath.Join(examples(t), name)), hsds.Options{TerritoryID: tid})
		}
		fromCSV, fromJSON := t.TempDir(), t.TempDir()
		if _, err := exporter(t, csvDB).Export(ctx(), fromCSV, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := exporter(t, d).Export(ctx(), fromJSON, nil); err != nil {
			t.Fatal(err)
		}
		// The JSON examples leave some fields out and say by nesting what
		// the tabular example links to entities it does not contain: the
		// other values are the same.
		compared := 0
		for _, tb := range spec.Tables {
			header, want := readCSV(t, filepath.Join(fromCSV, tb.Path))
			_, got := readCSV(t, filepath.Join(fromJSON, tb.Path))
			for id, g := range got {
				w, ok := want[id]
				if !ok {
					t.Errorf("%s: row %s is not in the tabular example", tb.Path, id)
					continue
				}
				for i, h := range header {
					if g[i] != "" && !strings.HasSuffix(h, "_id") && g[i] != w[i] {
						t.Errorf("%s %s %s: json %q, csv %q", tb.Path, id, h, g[i], w[i])
					}
					compared++
				}
			}
		}
		if compared < 150 {
			t.Errorf("only %d values compared", compared)
		}
		// Links said by nesting.
		_, attrs := readCSV(t, filepath.Join(fromJSON, "attributes.csv"))
		_, locs := readCSV(t, filepath.Join(fromJSON, "locations.csv"))
		_, phones := readCSV(t, filepath.Join(fromJSON, "phones.csv"))
		if attrs["ae58cc39-8b70-4ab1-8aea-786882e5ac8e"][1] != svcExample || locs["3a19ff88-4620-4d17-9830-ac1d859eb5d5"][3] != orgExample ||
			phones["1554f2e2-a373-45db-a3fa-9fc48a61c15e"][4] != "1e7efce3-639b-4880-940c-b95cd30cdb50" {
			t.Errorf("links from nesting: %v %v %v", attrs, locs, phones)
		}
		// A broken document: wrong types and a missing name, by path.
		p, err := spec.ReadJSON("services.json", strings.NewReader(`[{"id": "ac148810-d857-441c-9679-408f346de14b", "status": "active",
			"minimum_age": "dodici", "phones": [{"id": "1554f2e2-a373-45db-a3fa-9fc48a61c15e", "number": 5}]}]`))
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, e := range p.Errors {
			keys = append(keys, e.Where()+" "+e.Field+" "+e.Key)
		}
		for _, want := range []string{"services.json [0] minimum_age hsds.errors.type", "services.json [0] name hsds.errors.required",
			"services.json [0].phones[0] number hsds.errors.type"} {
			if !contains(keys, want) {
				t.Errorf("missing %q in %v", want, keys)
			}
		}
	})
}

// TestTramaRoundTrip exports a Trama network (with its extension files)
// and imports it into another installation: the second export is the same,
// file by file, and the records are those the first one had.
func TestTramaRoundTrip(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		newTerritory(t, d, "Ambito", "015036", "015093")
		mustImport(t, d, read(t, "testdata/rete"), hsds.Options{})
		first := t.TempDir()
		if _, err := exporter(t, d).Export(ctx(), first, nil); err != nil {
			t.Fatal(err)
		}
		other := dbtest.Open(t, d.Dialect)
		tid := newTerritory(t, other, "Altro ambito")
		mustImport(t, other, read(t, first), hsds.Options{TerritoryID: tid})
		second := t.TempDir()
		if _, err := exporter(t, other).Export(ctx(), second, nil); err != nil {
			t.Fatal(err)
		}
		files, _ := filepath.Glob(filepath.Join(first, "*.csv"))
		if len(files) < 25 {
			t.Fatalf("%d files exported", len(files))
		}
		for _, f := range files {
			a, _ := os.ReadFile(f)
			b, _ := os.ReadFile(filepath.Join(second, filepath.Base(f)))
			if filepath.Base(f) == "trama_organizations.csv" {
				continue // the territory differs, by design
			}
			if string(a) != string(b) {
				t.Errorf("%s differs:\n%s\n---\n%s", filepath.Base(f), a, b)
			}
		}
		_, orgs := readCSV(t, filepath.Join(second, "trama_organizations.csv"))
		if r := orgs[orgA]; r[1] != tid || r[2] != "aps" || r[3] != "12" {
			t.Errorf("trama_organizations: %v", r)
		}
		_, locs := readCSV(t, filepath.Join(first, "locations.csv"))
		if r := locs["bbbbbbbb-1111-4111-8111-000000000001"]; r[8] != "45.433333" || r[9] != "9.116667" {
			t.Errorf("confidential place exported at %v", r)
		}
		_, addrs := readCSV(t, filepath.Join(first, "addresses.csv"))
		if _, ok := addrs["bbbbbbbb-2222-4222-8222-000000000001"]; ok {
			t.Error("the address of a confidential place was exported")
		}
	})
}

// TestImportedRecordsAreEditable checks the version an import stores (the
// same record the directory reads back from the tables), then edits and
// publishes an imported organization in the back office: its categories
// stay single, the history tells both steps.
func TestImportedRecordsAreEditable(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		network(t, e)
		d := e.App.DB
		for _, org := range []string{orgA, orgB} {
			var doc string
			if err := d.R.QueryRow(`SELECT document FROM organization_versions WHERE organization_id = $1 AND status = 'published'`,
				org).Scan(&doc); err != nil {
				t.Fatal(err)
			}
			rec, err := e.App.Directory.Store.LoadRecord(e.Ctx, d.R, org)
			if err != nil {
				t.Fatal(err)
			}
			rec.Organization.PartnerNotes = "" // written by the test after the import
			for i := range rec.Services {
				rec.Services[i].PartnerNotes = ""
			}
			want, _ := json.Marshal(rec)
			if doc != string(want) {
				t.Errorf("version of %s:\n%s\nread back:\n%s", org, doc, want)
			}
		}
		admin := e.CreateUser(auth.Admin, "capo@prova.example")
		v, err := e.App.Directory.Draft(e.Ctx, admin, orgA)
		if err != nil {
			t.Fatal(err)
		}
		v, err = e.App.Directory.Change(e.Ctx, admin, orgA, v.Revision, func(r *directory.Record) error {
			r.Service(svcA1).Description = "Aiuto compiti, merenda e giochi."
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.App.Directory.Approve(e.Ctx, admin, v.ID, "ok"); err != nil {
			t.Fatal(err)
		}
		if n := e.Count(`SELECT COUNT(*) FROM attributes WHERE link_id = $1 AND link_type = 'category'`, svcA1); n != 1 {
			t.Errorf("%d categories after editing, want 1", n)
		}
		r := api(t, e, "/services/"+svcA1).Status(t, 200).Contains(t, "merenda")
		if strings.Count(r.Body, `"Doposcuola e aiuto compiti"`) != 1 {
			t.Errorf("category shown %d times", strings.Count(r.Body, `"Doposcuola e aiuto compiti"`))
		}
		lines, err := e.App.Directory.Store.History(e.Ctx, orgA)
		if err != nil || len(lines) < 2 || lines[len(lines)-1].To != "imported" {
			t.Errorf("history: %+v %v", lines, err)
		}
	})
}

// TestZipPackage reads a package from a zip that wraps its files in a
// folder, as archivers do.
func TestZipPackage(t *testing.T) {
	src := filepath.Join(examples(t), "csv")
	name := filepath.Join(t.TempDir(), "pacchetto.zip")
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	z := zip.NewWriter(f)
	entries, _ := os.ReadDir(src)
	for _, e := range entries {
		w, _ := z.Create("pacchetto/" + e.Name())
		b, _ := os.ReadFile(filepath.Join(src, e.Name()))
		w.Write(b)
	}
	z.Close()
	f.Close()
	p := read(t, name)
	if p.Count("service") != 1 || p.Count("phone") != 1 || p.Count("meta_table_description") != 1 {
		t.Errorf("rows read from the zip: %d services, %d phones", p.Count("service"), p.Count("phone"))
	}
	if _, err := spec.Read(filepath.Join(t.TempDir(), "x.txt"), nil); err == nil {
		t.Error("a missing file was read")
	}
}
