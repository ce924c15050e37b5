package porta_test

import (
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/porta/portatest"
)

// BenchmarkQueuePage measures the coordinator's triage queue page with
// TRAMA_BENCH_NEEDS (default 2,000) new requests of one territory, all
// from the same person's name (the load test's help requests share one,
// so every row is a possible duplicate), on SQLite.
//
//	TRAMA_BENCH_NEEDS=2000 go test ./internal/porta -run '^$' -bench QueuePage -benchtime 20x
func BenchmarkQueuePage(b *testing.B) {
	n := 2000
	if v, err := strconv.Atoi(os.Getenv("TRAMA_BENCH_NEEDS")); err == nil && v > 0 {
		n = v
	}
	e := apptest.SQLite(b)
	w := portatest.Setup(b, e)
	coord := e.As(w.Coordinator)
	for i := range n {
		r := coord.PostForm("/sportello/nuovo", url.Values{"first_name": {"Maria"}, "last_name": {"Rossi"},
			"istat_code": {"015036"}, "categories": {"BEN"}, "description": {"Ha bisogno di aiuto per la spesa."},
			"urgency": {strconv.Itoa(1 + i%3)}, "consent": {"on"}, "consent_method": {"in_person"}})
		if r.StatusCode != 303 {
			b.Fatalf("desk %d: %d", i, r.StatusCode)
		}
	}
	// Before paging the page said how many rows it showed (500 at most).
	want := fmt.Sprintf("%d richieste in attesa.", min(n, 500))
	if r := coord.Get("/coordinamento/porta"); r.StatusCode != 200 ||
		!strings.Contains(r.Body, want) && !strings.Contains(r.Body, fmt.Sprintf("%d richieste in attesa.", n)) {
		b.Fatalf("queue: %d, want %q", r.StatusCode, want)
	}
	b.ResetTimer()
	for range b.N {
		if r := coord.Get("/coordinamento/porta"); r.StatusCode != 200 {
			b.Fatal(r.StatusCode)
		}
	}
}
