package app

import (
	"context"
	"crypto/subtle"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/trama-welfare/trama/internal/platform/jobs"
)

// operations registers /healthz (the process answers), /readyz (the database
// answers) and /metrics (Prometheus).
func (a *App) operations() {
	a.Router.HandleRaw("GET /healthz", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	}))
	a.Router.HandleRaw("GET /readyz", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := a.DB.Ping(ctx); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte("database unreachable\n"))
			return
		}
		w.Write([]byte("ok\n"))
	}))

	reg := a.Metrics.Registry
	reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewDBStatsCollector(a.DB.W, "writer"),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "trama_jobs_queued", Help: "Jobs waiting to run.",
		}, func() float64 {
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			n, err := jobs.Depth(ctx, a.DB)
			if err != nil {
				return -1
			}
			return float64(n)
		}),
	)
	if a.DB.R != a.DB.W {
		reg.MustRegister(collectors.NewDBStatsCollector(a.DB.R, "readers"))
	}
	metrics := promhttp.HandlerFor(reg, promhttp.HandlerOpts{})
	a.Router.HandleRaw("GET /metrics", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if tok := a.Config.MetricsToken; tok != "" {
			got := r.Header.Get("Authorization")
			if subtle.ConstantTimeCompare([]byte(got), []byte("Bearer "+tok)) != 1 {
				w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
				http.Error(w, "unauthorized", http.StatusUnauthorized)
				return
			}
		}
		metrics.ServeHTTP(w, r)
	}))
}
