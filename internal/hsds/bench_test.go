package hsds_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/trama-welfare/trama/internal/hsds"
	"github.com/trama-welfare/trama/internal/platform/dbtest"
)

// BenchmarkImport measures the HSDS import (reading, checking and writing
// a synthetic package into a fresh database) in services per second, on
// each engine. TRAMA_BENCH_SERVICES sets the package size (default 20000).
func BenchmarkImport(b *testing.B) {
	n := 20000
	fmt.Sscan(os.Getenv("TRAMA_BENCH_SERVICES"), &n)
	dir := b.TempDir()
	writeSynthetic(b, dir, n)
	for _, engine := range dbtest.Engines() {
		b.Run(string(engine), func(b *testing.B) {
			var total float64
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				d := dbtest.Open(b, engine)
				tid := newTerritory(b, d, "Ambito")
				b.StartTimer()
				p, err := spec.Read(dir, nil)
				if err != nil || !p.OK() {
					b.Fatal(err, p.Errors)
				}
				if _, err := importer(d).Import(ctx(), p, hsds.Options{TerritoryID: tid}); err != nil {
					b.Fatal(err)
				}
				total += float64(n)
			}
			b.ReportMetric(total/b.Elapsed().Seconds(), "services/s")
		})
	}
}
