// Command trama-bench measures the search with the fixed query mix of
// internal/search/benchmix: over HTTP against a running trama serve, in
// process on a database, or as the plain PostgreSQL full-text query that
// directory software usually runs, for comparison. make bench drives it.
//
//	trama-bench http --url http://127.0.0.1:8091 [--pid PID]
//	trama-bench direct --db DSN
//	trama-bench plain --db postgres://…
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"time"

	"github.com/trama-welfare/trama/internal/app"
	"github.com/trama-welfare/trama/internal/search/benchmix"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: trama-bench http|direct|plain [flags]")
		os.Exit(2)
	}
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	base := fs.String("url", "http://127.0.0.1:8091", "server to measure (http)")
	dsn := fs.String("db", "", "database (direct, plain)")
	pid := fs.Int("pid", 0, "server process whose memory is sampled (http)")
	clients := fs.Int("clients", 8, "concurrent clients")
	dur := fs.Duration("duration", 20*time.Second, "measured time (after a tenth of it of warm-up)")
	title := fs.String("title", "", "title of the report")
	noCache := fs.Bool("no-cache", false, "search the database every time, without the results cache (direct)")
	fs.Parse(os.Args[2:])
	ctx := context.Background()
	var res benchmix.Result
	var err error
	switch os.Args[1] {
	case "http":
		res, err = runHTTP(ctx, *base, *pid, *clients, *dur)
	case "direct":
		res, err = runDirect(ctx, *dsn, *clients, *dur, *noCache)
	case "plain":
		res, err = runPlain(ctx, *dsn, *clients, *dur)
	default:
		err = fmt.Errorf("unknown mode %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "trama-bench:", err)
		os.Exit(1)
	}
	res.Report(os.Stdout, *title)
}

var serviceLink = regexp.MustCompile(`href="/servizi/([0-9a-f-]{36})"`)

// runHTTP measures the public pages of a running server: the search page,
// the type-ahead and, when the server has it, the service page.
func runHTTP(ctx context.Context, base string, pid, clients int, d time.Duration) (benchmix.Result, error) {
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: clients * 2}}
	get := func(path string) (int, string, error) {
		resp, err := client.Get(base + path)
		if err != nil {
			return 0, "", err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), err
	}
	_, page, err := get("/servizi?q=bambini")
	if err != nil {
		return benchmix.Result{}, err
	}
	var ids []string
	for _, m := range serviceLink.FindAllStringSubmatch(page, 20) {
		ids = append(ids, m[1])
	}
	if len(ids) > 0 {
		if status, _, _ := get("/servizi/" + ids[0]); status != http.StatusOK {
			fmt.Fprintf(os.Stderr, "trama-bench: /servizi/{id} answers %d: no service pages in the mix\n", status)
			ids = nil
		}
	}
	mix := benchmix.Mix(ids)
	return benchmix.Run(ctx, mix, clients, d, pid, func(ctx context.Context, r benchmix.Request) error {
		path := "/servizi?" + r.Values.Encode()
		switch r.Class {
		case benchmix.TypeAhead:
			path = "/servizi/suggerimenti?" + r.Values.Encode()
		case benchmix.Detail:
			path = "/servizi/" + url.PathEscape(r.Values.Get("id"))
		}
		status, _, err := get(path)
		if err == nil && status != http.StatusOK {
			err = fmt.Errorf("%s: status %d", path, status)
		}
		return err
	}), nil
}

// runDirect measures search.Index in process: the same queries, without
// HTTP and pages.
func runDirect(ctx context.Context, dsn string, clients int, d time.Duration, noCache bool) (benchmix.Result, error) {
	a, err := app.Open(ctx, app.Config{DB: dsn, SecretKey: os.Getenv("TRAMA_SECRET_KEY")})
	if err != nil {
		return benchmix.Result{}, err
	}
	defer a.Close()
	a.Search.NoCache = noCache
	ids, err := sampleIDs(ctx, a)
	if err != nil {
		return benchmix.Result{}, err
	}
	return benchmix.Run(ctx, benchmix.Mix(ids), clients, d, os.Getpid(), func(ctx context.Context, r benchmix.Request) error {
		return benchmix.Search(ctx, a.Search, r)
	}), nil
}

// sampleIDs picks services spread over the index.
func sampleIDs(ctx context.Context, a *app.App) ([]string, error) {
	var n int
	if err := a.DB.R.QueryRowContext(ctx, `SELECT count(*) FROM search_docs`).Scan(&n); err != nil {
		return nil, err
	}
	var ids []string
	for k := 0; k < n && len(ids) < 24; k += max(1, n/24) {
		var id string
		if err := a.DB.R.QueryRowContext(ctx, `SELECT service_id FROM search_docs ORDER BY rid LIMIT 1 OFFSET $1`, k).Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}
