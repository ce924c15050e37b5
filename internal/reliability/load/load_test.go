package load_test

import (
	"bytes"
	"context"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/trama-welfare/trama/internal/reliability/load"
)

func TestRunCountsAndReports(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/broken" {
			http.Error(w, "no", 500)
			return
		}
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	mix := []load.Scenario{
		{Name: "good", Group: "read", Weight: 3, Next: func(*rand.Rand) load.Request { return load.Request{Method: "GET", Path: "/"} }},
		{Name: "bad", Group: "read", Weight: 1, Next: func(*rand.Rand) load.Request { return load.Request{Method: "GET", Path: "/broken"} }},
	}
	res, err := load.Run(context.Background(), load.Config{BaseURL: srv.URL, Rate: 100, Duration: time.Second}, mix)
	if err != nil {
		t.Fatal(err)
	}
	if res.Sent == 0 || res.Sent > 101 {
		t.Fatalf("sent %d requests in 1 s at 100/s", res.Sent)
	}
	good, bad := res.Scenarios[0], res.Scenarios[1]
	if good.Errors != 0 || bad.Errors != bad.Count || good.Count+bad.Count != res.Sent || res.Errors != bad.Count {
		t.Fatalf("counts: good %+v, bad %+v, errors %d", good, bad, res.Errors)
	}
	if !(good.P50 <= good.P95 && good.P95 <= good.P99 && good.P99 <= good.Max) {
		t.Fatalf("percentiles out of order: %+v", good.Stats)
	}
	var out bytes.Buffer
	res.Report(&out)
	if !strings.Contains(out.String(), "| good | read |") || !strings.Contains(out.String(), "error: bad GET /broken: status 500") {
		t.Fatalf("report:\n%s", out.String())
	}
}
