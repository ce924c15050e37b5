package hsds_test

import (
	"path/filepath"
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/hsds"
)

// Imported services are in the search index at once: the import tells the
// directory's indexer about every organization it wrote, in its transaction.
func TestImportedServicesAreSearchable(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		tid := newTerritory(t, e.App.DB, "Ambito di prova", "015036")
		e.Anonymous().Get("/servizi?q=counselling").Status(t, 200).Lacks(t, "Community Counselling")
		p := read(t, filepath.Join(examples(t), "csv"))
		if _, err := e.App.HSDS.Importer().Import(e.Ctx, p, hsds.Options{TerritoryID: tid}); err != nil {
			t.Fatal(err)
		}
		e.Anonymous().Get("/servizi?q=counselling").Status(t, 200).Contains(t, "Community Counselling")
	})
}
