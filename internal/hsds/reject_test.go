package hsds_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/trama-welfare/trama/internal/hsds"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/dbtest"
)

// snapshot counts the rows of every directory table.
func snapshot(t *testing.T, d *db.DB) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, tb := range spec.All() {
		out[tb.Name] = count(t, d, tb.Name)
	}
	for _, name := range []string{"organization_versions", "organization_history", "audit_log"} {
		out[name] = count(t, d, name)
	}
	return out
}

func unchanged(t *testing.T, d *db.DB, before map[string]int) {
	t.Helper()
	for name, n := range snapshot(t, d) {
		if n != before[name] {
			t.Errorf("%s: %d rows, %d before: something was written", name, n, before[name])
		}
	}
}

func writeFile(t *testing.T, dir, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBrokenPackageIsRejectedRowByRow breaks the official package in many
// ways: every rejected value is reported with its file, line, field and
// reason, and nothing is written.
func TestBrokenPackageIsRejectedRowByRow(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		tid := newTerritory(t, d, "Ambito")
		dir := copyDir(t, filepath.Join(examples(t), "csv"))
		services, _ := os.ReadFile(filepath.Join(dir, "services.csv"))
		lines := strings.SplitN(string(services), "\n", 2)
		good := strings.TrimRight(lines[1], "\n")
		bad := []string{
			strings.Replace(good, "ac148810-d857-441c-9679-408f346de14b", "not-a-uuid", 1),                      // line 3
			strings.Replace(strings.Replace(good, "ac148810", "ec148810", 1), "Community Counselling,", ",", 1), // 4: no name
			strings.Replace(strings.Replace(good, "ac148810", "fc148810", 1), ",active,", ",open,", 1),          // 5: bad enum
			strings.Replace(strings.Replace(good, "ac148810", "bc148810", 1), ",12,100,", ",dodici,100,", 1),    // 6
			strings.Replace(strings.Replace(good, "ac148810", "cc148810", 1), "2005-01-01", "01/01/2005", 1),    // 7
			strings.Replace(strings.Replace(good, "ac148810", "dc148810", 1), "email@example.com,active", "not-an-email,active", 1),
			good, // 9: duplicate of line 2
			strings.Replace(strings.Replace(good, "ac148810", "ad148810", 1), "http://example.com/counselling", "javascript:alert(1)", 1), // 10
			strings.Replace(strings.Replace(good, "ac148810", "ae148810", 1), "Community Counselling,", "Community \xffCounselling,", 1),  // 11
		}
		writeFile(t, dir, "services.csv", lines[0]+"\n"+good+"\n"+strings.Join(bad, "\n")+"\n")
		writeFile(t, dir, "phones.csv", "id,number,extension\n1554f2e2-a373-45db-a3fa-9fc48a61c15e,123,1.5\n")
		writeFile(t, dir, "schedules.csv", "id,timezone,freq\n48102e86-bb50-41c4-8f1e-e269368c41d1,99,DAILY\n")
		writeFile(t, dir, "languages.csv", "id,colour\n2989d3ed-c547-48f8-8f9d-432d81c7892e,red\n")

		before := snapshot(t, d)
		p, err := spec.Read(dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{
			"services.csv:3 id hsds.errors.uuid",
			"services.csv:4 name hsds.errors.required",
			"services.csv:5 status hsds.errors.enum",
			"services.csv:6 minimum_age hsds.errors.number",
			"services.csv:7 assured_date hsds.errors.date",
			"services.csv:8 email hsds.errors.email",
			"services.csv:9 id hsds.errors.duplicate_id",
			"services.csv:10 url hsds.errors.uri",
			"services.csv:11 name hsds.errors.encoding",
			"phones.csv:2 extension hsds.errors.integer",
			"schedules.csv:2 timezone hsds.errors.timezone",
			"schedules.csv:2 freq hsds.errors.enum",
			"languages.csv:1 colour hsds.errors.unknown_column",
		}
		var got []string
		for _, e := range p.Errors {
			got = append(got, e.Where()+" "+e.Field+" "+e.Key)
		}
		for _, w := range want {
			if !contains(got, w) {
				t.Errorf("missing error %q in\n%s", w, strings.Join(got, "\n"))
			}
		}
		if len(got) != len(want) {
			t.Errorf("%d errors, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
		}
		if _, err := importer(d).Import(ctx(), p, hsds.Options{TerritoryID: tid}); !errors.Is(err, hsds.ErrRejected) {
			t.Fatalf("import of a broken package: %v", err)
		}
		unchanged(t, d, before)
	})
}

// TestMalformedCSVRowIsReported reads a file whose second row has a stray
// quote: the reader stops there with the line, and does not crash (the
// fuzz target found that it did).
func TestMalformedCSVRowIsReported(t *testing.T) {
	p, err := spec.ReadFS(fstest.MapFS{
		"datapackage.json":  {Data: []byte(fuzzDescriptor)},
		"organizations.csv": {Data: []byte("id,name\n")},
		"services.csv":      {Data: []byte("id,name\n\"x,\"\"\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	last := p.Errors[len(p.Errors)-1]
	if last.File != "services.csv" || last.Key != "hsds.errors.csv" || last.Line != 2 {
		t.Fatalf("errors %+v", p.Errors)
	}
}

// TestImportIsAllOrNothing stops an import in the middle of writing: the
// transaction rolls back and the database is as before.
func TestImportIsAllOrNothing(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		tid := newTerritory(t, d, "Ambito")
		before := snapshot(t, d)
		c, cancel := context.WithCancel(ctx())
		p := read(t, filepath.Join(examples(t), "csv"))
		_, err := importer(d).Import(c, p, hsds.Options{TerritoryID: tid, Progress: func(phase string, done, total int64) {
			if phase == "write" && done >= 3 {
				cancel()
			}
		}})
		if err == nil {
			t.Fatal("the interrupted import succeeded")
		}
		unchanged(t, d, before)
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
