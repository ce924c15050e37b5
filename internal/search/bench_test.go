package search_test

import (
	"context"
	"os"
	"testing"

	"github.com/trama-welfare/trama/internal/app"
	"github.com/trama-welfare/trama/internal/search/benchmix"
)

// BenchmarkMix runs each class of the query mix in process on the database
// named by TRAMA_BENCH_DB (make bench seeds one with 500,000 synthetic
// services), 8 goroutines at a time.
func BenchmarkMix(b *testing.B) {
	dsn := os.Getenv("TRAMA_BENCH_DB")
	if dsn == "" {
		b.Skip("TRAMA_BENCH_DB is not set (make bench sets it)")
	}
	ctx := context.Background()
	a, err := app.Open(ctx, app.Config{DB: dsn, SecretKey: os.Getenv("TRAMA_SECRET_KEY")})
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	a.Search.NoCache = true // the engine's cost: the mix repeats its searches
	var ids []string
	rows, err := a.DB.R.QueryContext(ctx, `SELECT service_id FROM search_docs ORDER BY rid DESC LIMIT 24`)
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var id string
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	byClass := map[string][]benchmix.Request{}
	for _, r := range benchmix.Mix(ids) {
		byClass[r.Class] = append(byClass[r.Class], r)
	}
	for _, class := range benchmix.Classes {
		reqs := byClass[class]
		b.Run(class, func(b *testing.B) {
			b.SetParallelism(4) // 8 goroutines on 2 cores
			b.RunParallel(func(pb *testing.PB) {
				i := 0
				for pb.Next() {
					if err := benchmix.Search(ctx, a.Search, reqs[i%len(reqs)]); err != nil {
						b.Error(err)
						return
					}
					i++
				}
			})
		})
	}
}
