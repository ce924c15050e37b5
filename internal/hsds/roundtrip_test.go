package hsds_test

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/trama-welfare/trama/internal/hsds"
	"github.com/trama-welfare/trama/internal/hsds/hsdstest"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/dbtest"
)

// same compares two cells, reading numbers as numbers and dates as times.
func same(a, b string) bool {
	if a == b {
		return true
	}
	x, err1 := strconv.ParseFloat(a, 64)
	y, err2 := strconv.ParseFloat(b, 64)
	if err1 == nil && err2 == nil {
		return math.Abs(x-y) < 1e-9
	}
	s, err1 := time.Parse(time.RFC3339, a)
	u, err2 := time.Parse(time.RFC3339, b)
	return err1 == nil && err2 == nil && s.Equal(u)
}

// TestOfficialExampleRoundTrip imports the official HSDS 3.0 example
// package (with its dangling references) and exports it back: every table
// has the same columns and, row by row, the same values; the only extra
// rows are Trama's bundled taxonomies. A second import changes nothing.
func TestOfficialExampleRoundTrip(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		tid := newTerritory(t, d, "Ambito di prova")
		bundled := map[string]int{"taxonomies": count(t, d, "taxonomies"), "taxonomy_terms": count(t, d, "taxonomy_terms")}
		src := filepath.Join(examples(t), "csv")
		res := mustImport(t, d, read(t, src), hsds.Options{TerritoryID: tid, Source: "example"})
		if res.Organizations != 1 || res.Created != 1 || res.Services != 1 {
			t.Errorf("result %+v", res)
		}
		out := t.TempDir()
		if _, err := exporter(t, d).Export(ctx(), out, nil); err != nil {
			t.Fatal(err)
		}
		for _, tb := range spec.Tables {
			wantHeader, want := readCSV(t, filepath.Join(src, tb.Path))
			gotHeader, got := readCSV(t, filepath.Join(out, tb.Path))
			if strconv.Quote(fmtList(gotHeader)) != strconv.Quote(fmtList(tb.Names())) {
				t.Errorf("%s: header %v, want the HSDS fields %v", tb.Path, gotHeader, tb.Names())
			}
			for id, w := range want {
				g, ok := got[id]
				if !ok {
					t.Errorf("%s: row %s not exported", tb.Path, id)
					continue
				}
				for i, h := range wantHeader {
					j := indexOf(gotHeader, h)
					if j < 0 || !same(w[i], g[j]) {
						t.Errorf("%s %s %s: exported %q, imported %q", tb.Path, id, h, at(g, j), w[i])
					}
				}
			}
			if extra := len(got) - len(want); extra != bundled[tb.Name] {
				t.Errorf("%s: %d rows beyond the example's, want %d (bundled)", tb.Path, extra, bundled[tb.Name])
			}
		}
		// The descriptor declares every file; services.json holds valid services.
		var desc struct {
			Resources []struct{ Name, Path string }
		}
		b, _ := os.ReadFile(filepath.Join(out, "datapackage.json"))
		if err := json.Unmarshal(b, &desc); err != nil {
			t.Fatal(err)
		}
		declared := map[string]bool{}
		for _, r := range desc.Resources {
			declared[r.Path] = true
		}
		for _, tb := range spec.All() {
			if _, err := os.Stat(filepath.Join(out, tb.Path)); err != nil || !declared[tb.Path] {
				t.Errorf("%s: %v, declared %v", tb.Path, err, declared[tb.Path])
			}
		}
		var services []json.RawMessage
		b, _ = os.ReadFile(filepath.Join(out, "services.json"))
		if err := json.Unmarshal(b, &services); err != nil || len(services) != 1 {
			t.Fatalf("services.json: %d services, %v", len(services), err)
		}
		hsdstest.Validate(t, "service", services[0])

		// Idempotent: the same package again updates, adds nothing.
		before := map[string]int{}
		for _, tb := range spec.Tables {
			before[tb.Name] = count(t, d, tb.Name)
		}
		mustImport(t, d, read(t, src), hsds.Options{TerritoryID: tid, Source: "example"})
		for _, tb := range spec.Tables {
			if n := count(t, d, tb.Name); n != before[tb.Name] {
				t.Errorf("%s: %d rows after a second import, %d before", tb.Name, n, before[tb.Name])
			}
		}
		if n := count(t, d, "organization_versions"); n != 2 {
			t.Errorf("%d versions after two imports, want 2", n)
		}
	})
}

func fmtList(l []string) string {
	s := ""
	for _, x := range l {
		s += x + ","
	}
	return s
}

func indexOf(l []string, s string) int {
	for i, x := range l {
		if x == s {
			return i
		}
	}
	return -1
}

func at(l []string, i int) string {
	if i < 0 || i >= len(l) {
		return "<missing>"
	}
	return l[i]
}
