package portal_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/trama-welfare/trama/internal/app"
	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/search/searchtest"
)

// BenchmarkServicePage serves the service page (GET /servizi/{id}, the
// whole handler chain with its middleware, in process) from 8 goroutines
// and reports the latency percentiles. On the database named by
// TRAMA_BENCH_DB (make bench seeds one with 500,000 synthetic services)
// it reads the newest services; without it, the search fixture.
func BenchmarkServicePage(b *testing.B) {
	b.Run("8 clients", func(b *testing.B) { benchServicePage(b, 4) }) // 4 × GOMAXPROCS (2)
	b.Run("1 client", func(b *testing.B) { benchServicePage(b, 0) })
}

// benchServicePage runs p × GOMAXPROCS goroutines, or one when p is 0.
func benchServicePage(b *testing.B, p int) {
	handler, ids := benchApp(b)
	var mu sync.Mutex
	var lat []time.Duration
	if p > 0 {
		b.SetParallelism(p)
	} else {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		i := 0
		for pb.Next() {
			req := httptest.NewRequest("GET", "/servizi/"+ids[i%len(ids)], nil)
			w := httptest.NewRecorder()
			start := time.Now()
			handler.ServeHTTP(w, req)
			mine = append(mine, time.Since(start))
			if w.Code != http.StatusOK {
				b.Errorf("%s: %d", req.URL, w.Code)
				return
			}
			i++
		}
		mu.Lock()
		lat = append(lat, mine...)
		mu.Unlock()
	})
	b.StopTimer()
	slices.Sort(lat)
	if len(lat) > 0 {
		at := func(p float64) float64 {
			return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
		}
		b.ReportMetric(at(0.50), "p50-ms")
		b.ReportMetric(at(0.95), "p95-ms")
		b.ReportMetric(at(0.99), "p99-ms")
	}
}

func benchApp(b *testing.B) (http.Handler, []string) {
	dsn := os.Getenv("TRAMA_BENCH_DB")
	if dsn == "" {
		e := apptest.SQLite(b)
		f := searchtest.Publish(b, e)
		var ids []string
		for _, key := range []string{"minibasket", "ludoteca", "letture", "sportello", "antiviolenza", "calcio", "doposcuola"} {
			ids = append(ids, f.Services[key])
		}
		return e.App.Handler(), ids
	}
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	ctx := context.Background()
	a, err := app.Open(ctx, app.Config{DB: dsn, SecretKey: os.Getenv("TRAMA_SECRET_KEY")})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { a.Close() })
	rows, err := a.DB.R.QueryContext(ctx, `SELECT service_id FROM search_docs ORDER BY rid DESC LIMIT 200`)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		rows.Scan(&id)
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		b.Fatal("no services in the bench database")
	}
	return a.Handler(), ids
}
