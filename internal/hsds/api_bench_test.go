package hsds_test

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/hsds"
	"github.com/trama-welfare/trama/internal/platform/dbtest"
)

// BenchmarkAPI measures the HSDS API over loopback HTTP on a synthetic
// directory of TRAMA_BENCH_SERVICES services (default 20000), on each
// engine: a fully nested service, pages of services with and without
// filters, organizations.
func BenchmarkAPI(b *testing.B) {
	n := 20000
	fmt.Sscan(os.Getenv("TRAMA_BENCH_SERVICES"), &n)
	dir := b.TempDir()
	writeSynthetic(b, dir, n)
	for _, engine := range dbtest.Engines() {
		b.Run(string(engine), func(b *testing.B) {
			e := apptest.New(b, engine)
			tid := newTerritory(b, e.App.DB, "Ambito")
			p, err := spec.Read(dir, nil)
			if err != nil || !p.OK() {
				b.Fatal(err)
			}
			if _, err := e.App.HSDS.Importer().Import(e.Ctx, p, hsds.Options{TerritoryID: tid}); err != nil {
				b.Fatal(err)
			}
			var ids []string
			rows, _ := e.App.DB.R.Query(`SELECT id FROM services ORDER BY id LIMIT 1000`)
			for rows.Next() {
				var id string
				rows.Scan(&id)
				ids = append(ids, id)
			}
			rows.Close()
			client := &http.Client{}
			get := func(b *testing.B, path string) {
				resp, err := client.Get(e.URL + "/api/hsds" + path)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					b.Fatalf("%s: %d", path, resp.StatusCode)
				}
			}
			for _, c := range []struct{ name, path string }{
				{"services-page", "/services?page=7"},
				{"services-filtered", "/services?comune=015036&day=SA&minimum_age=8&maximum_age=8&page=2"},
				{"services-proximity", "/services?proximity=5000&lat=45.8&lon=9.9"},
				{"services-search", "/services?search=doposcuola+musica"},
				{"organizations-page", "/organizations?page=3"},
			} {
				b.Run(c.name, func(b *testing.B) {
					for b.Loop() {
						get(b, c.path)
					}
				})
			}
			b.Run("service-detail", func(b *testing.B) {
				i := 0
				for b.Loop() {
					get(b, "/services/"+ids[i%len(ids)])
					i++
				}
			})
		})
	}
}
