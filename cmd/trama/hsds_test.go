package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/hsds/hsdstest"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/dbtest"
	"github.com/trama-welfare/trama/internal/territory"
)

// TestImportExportHSDS runs trama import hsds and trama export hsds on the
// official example: a refusal without a territory, with its reasons; the
// import; the export with its files.
func TestImportExportHSDS(t *testing.T) {
	path := dbtest.NewDSN(t, db.SQLite)
	t.Setenv("TRAMA_DB", path)
	schemas, err := hsdstest.SchemaDir()
	if err != nil {
		t.Fatal(err)
	}
	example := filepath.Join(schemas, "..", "..", "examples", "csv")

	out, err := runCmd(t, "", "import", "hsds", example)
	if err == nil || !strings.Contains(out, "organizations.csv:2: the organization has no territory") ||
		!strings.Contains(err.Error(), "nothing was imported") {
		t.Fatalf("import without a territory: %q %v", out, err)
	}
	out, err = runCmd(t, "", "import", "hsds", example, "--lang", "it")
	if err == nil || !strings.Contains(out, "l'ente non ha un ambito territoriale") {
		t.Fatalf("messages in Italian: %q %v", out, err)
	}
	d, err := db.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	tr := &territory.Territory{Name: "Ambito"}
	err = territory.NewStore(d).Create(context.Background(), tr)
	d.Close()
	if err != nil {
		t.Fatal(err)
	}
	out, err = runCmd(t, "", "import", "hsds", "--territory", tr.ID, example)
	if err != nil || !strings.Contains(out, "imported 1 organizations (1 new), 1 services") {
		t.Fatalf("import: %q %v", out, err)
	}
	if _, err := runCmd(t, "", "import", "hsds", filepath.Join(t.TempDir(), "nessuno")); err == nil {
		t.Fatal("import of a missing package succeeded")
	}
	dir := filepath.Join(t.TempDir(), "export")
	out, err = runCmd(t, "", "export", "hsds", dir)
	if err != nil || !strings.Contains(out, "exported 1 services") {
		t.Fatalf("export: %q %v", out, err)
	}
	for _, f := range []string{"datapackage.json", "services.csv", "services.json", "trama_services.csv"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("export: %v", err)
		}
	}
	if _, err := runCmd(t, "", "export", "hsds"); err == nil {
		t.Fatal("export without a folder succeeded")
	}
}
