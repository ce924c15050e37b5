package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/trama-welfare/trama/internal/app"
	"github.com/trama-welfare/trama/internal/search/synthetic"
)

// seedSynthetic fills an empty database with a national synthetic
// directory of n services, published and indexed.
func seedSynthetic(ctx context.Context, dbPath string, n int, seed uint64, stdout io.Writer) error {
	a, err := app.Open(ctx, keyConfig(app.Config{DB: dbPath, Version: version}))
	if err != nil {
		return err
	}
	defer a.Close()
	fmt.Fprintf(stdout, "writing a synthetic directory of %d services into %s\n", n, dbPath)
	bar := newProgress(stdout, "services")
	st, err := synthetic.Generate(ctx, a.DB, a.Search, a.Territories, synthetic.Options{Services: n, Seed: seed, Progress: bar.update})
	bar.done()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d organizations, %d places, %d services in %s\n", st.Organizations, st.Locations, st.Services,
		bar.elapsed().Round(time.Second))
	return nil
}

func cmdReindex(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("reindex", flag.ContinueOnError)
	dbPath := dbFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	a, err := app.Open(ctx, keyConfig(app.Config{DB: *dbPath, Version: version}))
	if err != nil {
		return err
	}
	defer a.Close()
	bar := newProgress(stdout, "organizations")
	n, err := a.Search.ReindexAll(ctx, bar.update)
	bar.done()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "search index rebuilt: %d organizations in %s\n", n, bar.elapsed().Round(time.Second))
	return nil
}

// progress draws a progress bar on one terminal line.
type progress struct {
	w     io.Writer
	unit  string
	start time.Time
	last  time.Time
	drawn bool
}

func newProgress(w io.Writer, unit string) *progress {
	return &progress{w: w, unit: unit, start: time.Now()}
}

func (p *progress) elapsed() time.Duration { return time.Since(p.start) }

func (p *progress) update(done, total int) {
	if time.Since(p.last) < 200*time.Millisecond && done < total {
		return
	}
	p.last, p.drawn = time.Now(), true
	const width = 30
	frac := 1.0
	if total > 0 {
		frac = min(1, float64(done)/float64(total))
	}
	full := int(frac * width)
	rate := float64(done) / max(p.elapsed().Seconds(), 0.001)
	fmt.Fprintf(p.w, "\r[%s%s] %3.0f%% %d/%d %s, %.0f/s, %s  ", strings.Repeat("#", full), strings.Repeat(".", width-full),
		frac*100, done, total, p.unit, rate, p.elapsed().Round(time.Second))
}

func (p *progress) done() {
	if p.drawn {
		fmt.Fprintln(p.w)
	}
}
