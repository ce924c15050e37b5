// Package load is Trama's load generator: an open-loop stream of requests at
// a fixed rate against a server on loopback, drawn from a weighted mix of
// scenarios, with latency percentiles per scenario, error counts and the
// server's memory sampled over time. It is bounded by a duration and stops by
// itself.
package load

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/trama-welfare/trama/internal/search/benchmix"
)

// Request is one HTTP request a scenario wants sent. POSTs carry the
// headers a browser sends on a same-origin form (Origin, Sec-Fetch-Site),
// as the server's cross-origin protection expects.
type Request struct {
	Method string
	Path   string
	Form   url.Values   // for POST
	Client *http.Client // nil: the anonymous client
	OK     func(status int) bool
	// Flow, when set, replaces the request by a short sequence of them
	// (read a form, post it, undo it): each request the flow sends through
	// do counts as one request of the scenario, with its own latency. An
	// error of the flow itself (a page without the expected form) counts
	// as one more error.
	Flow func(do func(Request) (*Response, error)) error
}

// Response is what a request of a flow got back.
type Response struct {
	Status   int
	Location string
	Body     string
}

// Scenario makes requests of one kind (a search, a detail page, a sign-up…).
type Scenario struct {
	Name   string
	Group  string // "read", "backoffice", "write"
	Weight int
	Next   func(r *rand.Rand) Request
}

// Config bounds a run.
type Config struct {
	BaseURL     string
	Rate        float64       // requests per second
	Duration    time.Duration // how long to send
	MaxInFlight int           // cap on concurrent requests (default 256)
	PID         int           // server process to sample RSS from (0: none)
	Spoof       bool          // vary X-Forwarded-For (server with --trust-proxy), so per-address limits see many visitors
	Progress    io.Writer
}

// Result is what a run measured.
type Result struct {
	Sent, Errors, Dropped int64
	MaxInFlight           int
	Elapsed               time.Duration
	Scenarios             []ScenarioResult
	All                   Stats
	RSS                   []RSSSample
	ServerCPU             time.Duration // CPU time the server process used during the run (PID set)
	ErrorSamples          []string
}

// ScenarioResult is the latency of one scenario.
type ScenarioResult struct {
	Name, Group string
	Stats
}

// Stats summarises latencies.
type Stats struct {
	Count, Errors int64
	P50, P95, P99 time.Duration
	Max           time.Duration
}

// RSSSample is the server's resident memory at a moment.
type RSSSample struct {
	At    time.Duration
	RSS   int64   // bytes
	Load1 float64 // the machine's 1-minute load average then
}

type sample struct {
	scenario int
	latency  time.Duration
	err      bool
}

// Run sends the mix at the configured rate until the duration ends, then
// waits for the requests in flight.
func Run(ctx context.Context, cfg Config, mix []Scenario) (*Result, error) {
	if len(mix) == 0 {
		return nil, fmt.Errorf("load: empty mix")
	}
	if cfg.MaxInFlight <= 0 {
		cfg.MaxInFlight = 256
	}
	total := 0
	for _, s := range mix {
		total += s.Weight
	}
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func() int {
		n := rng.IntN(total)
		for i, s := range mix {
			if n < s.Weight {
				return i
			}
			n -= s.Weight
		}
		return len(mix) - 1
	}

	anon := NewClient()
	var (
		mu       sync.Mutex
		samples  = make([]sample, 0, int(cfg.Rate*cfg.Duration.Seconds())+16)
		errSamp  []string
		wg       sync.WaitGroup
		inFlight = make(chan struct{}, cfg.MaxInFlight)
		sent     atomic.Int64
		dropped  atomic.Int64
	)
	res := &Result{MaxInFlight: cfg.MaxInFlight}
	ctx, cancel := context.WithTimeout(ctx, cfg.Duration)
	defer cancel()
	rssDone := make(chan struct{})
	start := time.Now()
	go func() {
		defer close(rssDone)
		sampleRSS(ctx, cfg.PID, start, &mu, &res.RSS, cfg.Progress, &sent)
	}()
	cpu0 := benchmix.CPUTime(cfg.PID)
	record := func(i int, req Request, lat time.Duration, status int, err error) {
		bad := err != nil || !req.ok(status)
		mu.Lock()
		samples = append(samples, sample{scenario: i, latency: lat, err: bad})
		if bad && len(errSamp) < 20 {
			errSamp = append(errSamp, fmt.Sprintf("%s %s %s: status %d %v", mix[i].Name, req.Method, req.Path, status, err))
		}
		mu.Unlock()
	}

	interval := time.Duration(float64(time.Second) / cfg.Rate)
	next := time.Now()
loop:
	for {
		next = next.Add(interval)
		select {
		case <-ctx.Done():
			break loop
		case <-time.After(time.Until(next)):
		}
		if ctx.Err() != nil { // both were ready: the duration wins
			break loop
		}
		i := pick()
		req := mix[i].Next(rng)
		ip := ""
		if cfg.Spoof {
			ip = fmt.Sprintf("10.%d.%d.%d", rng.IntN(256), rng.IntN(256), 1+rng.IntN(250))
		}
		select {
		case inFlight <- struct{}{}:
		default:
			dropped.Add(1) // the server is too slow: count it, keep the rate
			continue
		}
		wg.Go(func() {
			defer func() { <-inFlight }()
			if req.Flow == nil {
				sent.Add(1)
				lat, resp, err := send(cfg.BaseURL, anon, req, ip, false)
				record(i, req, lat, resp.Status, err)
				return
			}
			err := req.Flow(func(r Request) (*Response, error) {
				sent.Add(1)
				lat, resp, err := send(cfg.BaseURL, anon, r, ip, true)
				record(i, r, lat, resp.Status, err)
				if err == nil && !r.ok(resp.Status) {
					err = fmt.Errorf("%s %s: status %d", r.Method, r.Path, resp.Status)
				}
				return resp, err
			})
			if err != nil {
				record(i, Request{Method: "flow", Path: mix[i].Name}, 0, 0, err)
			}
		})
	}
	wg.Wait()
	cancel()
	<-rssDone
	res.Elapsed = time.Since(start)
	if cfg.PID > 0 {
		res.ServerCPU = benchmix.CPUTime(cfg.PID) - cpu0
	}
	res.Sent, res.Dropped, res.ErrorSamples = sent.Load(), dropped.Load(), errSamp
	per := make([][]time.Duration, len(mix))
	perErr := make([]int64, len(mix))
	var all []time.Duration
	for _, s := range samples {
		per[s.scenario] = append(per[s.scenario], s.latency)
		all = append(all, s.latency)
		if s.err {
			perErr[s.scenario]++
			res.Errors++
		}
	}
	for i, s := range mix {
		res.Scenarios = append(res.Scenarios, ScenarioResult{Name: s.Name, Group: s.Group, Stats: stats(per[i], perErr[i])})
	}
	res.All = stats(all, res.Errors)
	return res, nil
}

func (r Request) ok(status int) bool {
	if r.OK != nil {
		return r.OK(status)
	}
	return status >= 200 && status < 400
}

// Send sends one request to base with client (nil: a new anonymous one),
// as Run does: for preparing a run (logging in, finding ids).
func Send(base string, client *http.Client, r Request) (*Response, error) {
	if client == nil {
		client = NewClient()
	}
	_, resp, err := send(base, client, r, "", true)
	if err == nil && !r.ok(resp.Status) {
		err = fmt.Errorf("load: %s %s: status %d", r.Method, r.Path, resp.Status)
	}
	return resp, err
}

// send sends r; keep says whether to keep the body (flows read it).
func send(base string, anon *http.Client, r Request, ip string, keep bool) (time.Duration, *Response, error) {
	c := r.Client
	if c == nil {
		c = anon
	}
	out := &Response{}
	var req *http.Request
	var err error
	if r.Method == http.MethodPost {
		req, err = http.NewRequest(r.Method, base+r.Path, strings.NewReader(r.Form.Encode()))
		if err == nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", base)
			req.Header.Set("Sec-Fetch-Site", "same-origin")
		}
	} else {
		req, err = http.NewRequest(http.MethodGet, base+r.Path, nil)
	}
	if err != nil {
		return 0, out, err
	}
	if ip != "" {
		req.Header.Set("X-Forwarded-For", ip)
	}
	start := time.Now()
	resp, err := c.Do(req)
	if err != nil {
		return time.Since(start), out, err
	}
	var body strings.Builder
	if keep {
		_, err = io.Copy(&body, resp.Body)
	} else {
		_, err = io.Copy(io.Discard, resp.Body)
	}
	resp.Body.Close()
	out.Status, out.Location, out.Body = resp.StatusCode, resp.Header.Get("Location"), body.String()
	return time.Since(start), out, err
}

// NewClient is an HTTP client for loopback load: many idle connections, no
// redirects followed (a 303 after a form is an answer).
func NewClient() *http.Client {
	t := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxIdleConns:        512,
		MaxIdleConnsPerHost: 512,
		IdleConnTimeout:     90 * time.Second,
	}
	return &http.Client{Transport: t, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func stats(d []time.Duration, errors int64) Stats {
	if len(d) == 0 {
		return Stats{}
	}
	slices.Sort(d)
	q := func(p float64) time.Duration {
		i := int(math.Ceil(p*float64(len(d)))) - 1
		return d[max(0, min(i, len(d)-1))]
	}
	return Stats{Count: int64(len(d)), Errors: errors, P50: q(.50), P95: q(.95), P99: q(.99), Max: d[len(d)-1]}
}

// sampleRSS reads the server's VmRSS every 10 seconds.
func sampleRSS(ctx context.Context, pid int, start time.Time, mu *sync.Mutex, out *[]RSSSample, progress io.Writer, sent *atomic.Int64) {
	tick := time.NewTicker(10 * time.Second)
	defer tick.Stop()
	for {
		if pid > 0 {
			if rss, err := ReadRSS(pid); err == nil {
				s := RSSSample{At: time.Since(start), RSS: rss, Load1: loadAverage()}
				mu.Lock()
				*out = append(*out, s)
				mu.Unlock()
				if progress != nil {
					fmt.Fprintf(progress, "%6.0fs  sent %7d  RSS %5.1f MB  load %.1f\n", s.At.Seconds(), sent.Load(), float64(rss)/1e6, s.Load1)
				}
			}
		} else if progress != nil {
			fmt.Fprintf(progress, "%6.0fs  sent %7d\n", time.Since(start).Seconds(), sent.Load())
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// loadAverage is the machine's 1-minute load average (Linux; 0 if unknown).
func loadAverage() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	f, _ := strconv.ParseFloat(strings.Fields(string(b) + " 0")[0], 64)
	return f
}

// ReadRSS returns a process's resident memory in bytes (Linux).
func ReadRSS(pid int) (int64, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(rest)
			if len(f) >= 1 {
				kb, err := strconv.ParseInt(f[0], 10, 64)
				return kb * 1024, err
			}
		}
	}
	return 0, fmt.Errorf("load: no VmRSS for %d", pid)
}

// Slope is the RSS trend after the warm-up, in bytes per minute (least
// squares over the samples after the first third).
func (r *Result) Slope() float64 {
	s := r.RSS
	if len(s) < 6 {
		return 0
	}
	s = s[len(s)/3:]
	var n, sx, sy, sxx, sxy float64
	for _, p := range s {
		x, y := p.At.Minutes(), float64(p.RSS)
		n++
		sx += x
		sy += y
		sxx += x * x
		sxy += x * y
	}
	den := n*sxx - sx*sx
	if den == 0 {
		return 0
	}
	return (n*sxy - sx*sy) / den
}

// Report writes the results as a Markdown table.
func (r *Result) Report(w io.Writer) {
	fmt.Fprintf(w, "| scenario | group | requests | errors | p50 | p95 | p99 | max |\n|---|---|---|---|---|---|---|---|\n")
	for _, s := range r.Scenarios {
		fmt.Fprintf(w, "| %s | %s | %d | %d | %s | %s | %s | %s |\n", s.Name, s.Group, s.Count, s.Errors,
			ms(s.P50), ms(s.P95), ms(s.P99), ms(s.Max))
	}
	fmt.Fprintf(w, "| **all** | | %d | %d | %s | %s | %s | %s |\n\n", r.All.Count, r.All.Errors,
		ms(r.All.P50), ms(r.All.P95), ms(r.All.P99), ms(r.All.Max))
	fmt.Fprintf(w, "Sent %d requests in %s (%.1f/s); %d dropped because %d were already in flight.\n",
		r.Sent, r.Elapsed.Round(time.Second), float64(r.Sent)/r.Elapsed.Seconds(), r.Dropped, r.MaxInFlight)
	if r.ServerCPU > 0 && r.Sent > 0 {
		fmt.Fprintf(w, "Server CPU: %.1f s in all, %.2f ms per request (%.0f%% of one core on average).\n",
			r.ServerCPU.Seconds(), float64(r.ServerCPU.Microseconds())/1000/float64(r.Sent), 100*r.ServerCPU.Seconds()/r.Elapsed.Seconds())
	}
	if len(r.RSS) > 0 {
		fmt.Fprintf(w, "Server RSS (and load average) over time:")
		lo, hi := r.RSS[0].Load1, r.RSS[0].Load1
		for _, s := range r.RSS {
			fmt.Fprintf(w, " %.0fs %.0f MB (%.1f);", s.At.Seconds(), float64(s.RSS)/1e6, s.Load1)
			lo, hi = min(lo, s.Load1), max(hi, s.Load1)
		}
		fmt.Fprintf(w, "\nLoad average (1 min) during the run: %.1f–%.1f on %d cores.\n", lo, hi, runtime.NumCPU())
		first, last := r.RSS[0].RSS, r.RSS[len(r.RSS)-1].RSS
		peak := int64(0)
		for _, s := range r.RSS {
			peak = max(peak, s.RSS)
		}
		fmt.Fprintf(w, "Server RSS: %.0f MB at start, %.0f MB at the end, %.0f MB peak; trend after warm-up %+.2f MB/min.\n",
			float64(first)/1e6, float64(last)/1e6, float64(peak)/1e6, r.Slope()/1e6)
	}
	for _, e := range r.ErrorSamples {
		fmt.Fprintf(w, "- error: %s\n", e)
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }
