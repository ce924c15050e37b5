// Package benchmix is the fixed query mix the search is measured with, and
// a small load runner: concurrent clients for a fixed time, latency
// percentiles, throughput, and the server's memory. cmd/trama-bench runs
// it over HTTP and in process; go test -bench runs it too.
package benchmix

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/trama-welfare/trama/internal/search"
)

// The classes of the mix.
const (
	TextOnly   = "text only"
	TextCatAge = "text + category + age"
	NearComune = "distance from a comune"
	DayTime    = "day + time"
	TypeAhead  = "type-ahead"
	Detail     = "detail-like lookup"
)

// Classes in report order.
var Classes = []string{TextOnly, TextCatAge, NearComune, DayTime, TypeAhead, Detail}

// Request is one request of the mix: the parameters of the search page,
// of the type-ahead (q), or of a lookup (id).
type Request struct {
	Class  string
	Values url.Values
}

var (
	words   = []string{"calcio", "doposcuola", "aiuto compiti", "ludoteca", "centro estivo", "anziani", "italiano per stranieri", "nuoto", "teatro", "psicologo", "pacchi alimentari", "danza"}
	prefix  = []string{"calc", "dopo", "ludo", "teat", "nuot", "ginn"}
	catAges = []struct{ q, cat, age string }{
		{"corso", "EDU-SPORT", "8"}, {"bambini", "EDU", "6"}, {"laboratorio", "EDU-ARTE", "10"}, {"spazio", "EDU-LUDO", "4"},
		{"studio", "EDU-DOPO", "12"}, {"ginnastica", "ANZ", "anziani"}, {"lingua", "MIG", "adulti"}, {"estate", "EDU-ESTIVI", "9"},
	}
	comuni = []string{"Milano", "Roma", "Buccinasco", "Bologna", "Napoli", "Torino", "Lodi", "Bari", "Padova", "Cervia", "Cremona", "Tradate"}
)

// Mix returns the fixed list of requests, cycled through by the clients;
// with service ids, lookups of those services too.
func Mix(ids []string) []Request {
	var out []Request
	for i := range 24 {
		if len(ids) > 0 {
			out = append(out, Request{Detail, url.Values{"id": {ids[i%len(ids)]}}})
		}
		out = append(out,
			Request{TextOnly, url.Values{"q": {words[i%len(words)]}}},
			Request{TextCatAge, url.Values{"q": {catAges[i%len(catAges)].q}, "category": {catAges[i%len(catAges)].cat}, "age": {catAges[i%len(catAges)].age}}},
			Request{NearComune, url.Values{"comune": {comuni[i%len(comuni)]}, "km": {[]string{"5", "10", "20"}[i%3]}}},
			Request{DayTime, url.Values{"day": {strconv.Itoa(i % 7)}, "time": {[]string{"mattina", "pomeriggio", "sera"}[i%3]}}},
			Request{TypeAhead, url.Values{"q": {prefix[i%len(prefix)]}}},
		)
	}
	return out
}

// Result is what a run measured.
type Result struct {
	Duration  time.Duration
	Clients   int
	Requests  int
	Errors    int
	Latencies map[string][]time.Duration // by class, sorted
	MaxRSSKB  int
	// CPU is the processor time the measured process used during the
	// measured part (not the warm-up): on a shared machine, the cost of
	// a request that other processes cannot inflate.
	CPU time.Duration
}

// Run makes clients call do over the mix for d (after a warm-up of a tenth
// of it), each client starting at a different place of the mix. When pid is
// not zero, that process's resident memory is sampled.
func Run(ctx context.Context, mix []Request, clients int, d time.Duration, pid int, do func(ctx context.Context, r Request) error) Result {
	warm := d / 10
	start := time.Now()
	res := Result{Duration: d, Clients: clients, Latencies: map[string][]time.Duration{}}
	var mu sync.Mutex
	var wg sync.WaitGroup
	stop := make(chan struct{})
	if pid > 0 {
		go func() {
			t := time.NewTicker(100 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-stop:
					return
				case <-t.C:
					if kb := RSSKB(pid); kb > 0 {
						mu.Lock()
						res.MaxRSSKB = max(res.MaxRSSKB, kb)
						mu.Unlock()
					}
				}
			}
		}()
	}
	var cpuStart time.Duration
	if pid > 0 {
		go func() {
			time.Sleep(warm)
			mu.Lock()
			cpuStart = CPUTime(pid)
			mu.Unlock()
		}()
	}
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lat := map[string][]time.Duration{}
			n, errors := 0, 0
			for i := c * len(mix) / clients; ; i++ {
				now := time.Now()
				if now.Sub(start) > warm+d {
					break
				}
				r := mix[i%len(mix)]
				err := do(ctx, r)
				if now.Sub(start) < warm {
					continue
				}
				if err != nil {
					errors++
					continue
				}
				lat[r.Class] = append(lat[r.Class], time.Since(now))
				n++
			}
			mu.Lock()
			for k, v := range lat {
				res.Latencies[k] = append(res.Latencies[k], v...)
			}
			res.Requests += n
			res.Errors += errors
			mu.Unlock()
		}()
	}
	wg.Wait()
	close(stop)
	if pid > 0 {
		mu.Lock()
		if cpuStart > 0 {
			res.CPU = CPUTime(pid) - cpuStart
		}
		mu.Unlock()
	}
	for k := range res.Latencies {
		slices.Sort(res.Latencies[k])
	}
	return res
}

// Percentile returns the p-th percentile (0–100) of sorted latencies.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p / 100 * float64(len(sorted)-1))
	return sorted[i]
}

// All returns every latency, sorted.
func (r Result) All() []time.Duration {
	var all []time.Duration
	for _, v := range r.Latencies {
		all = append(all, v...)
	}
	slices.Sort(all)
	return all
}

// Throughput is requests per second.
func (r Result) Throughput() float64 { return float64(r.Requests) / r.Duration.Seconds() }

// Report writes a Markdown table of the result.
func (r Result) Report(w io.Writer, title string) {
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d.Microseconds())/1000) }
	fmt.Fprintf(w, "\n#### %s\n\n", title)
	fmt.Fprintf(w, "%d clients, %s, %d requests, %d errors, %.0f requests/s", r.Clients, r.Duration, r.Requests, r.Errors, r.Throughput())
	if r.MaxRSSKB > 0 {
		fmt.Fprintf(w, ", RSS max %d MB", r.MaxRSSKB/1024)
	}
	if r.CPU > 0 && r.Requests > 0 {
		per := r.CPU / time.Duration(r.Requests)
		fmt.Fprintf(w, ", CPU of the measured process %.2f ms per request", float64(per.Microseconds())/1000)
	}
	fmt.Fprintf(w, "\n\n| class | requests | p50 ms | p95 ms | p99 ms |\n|---|---:|---:|---:|---:|\n")
	for _, c := range append(slices.Clone(Classes), "all") {
		l := r.Latencies[c]
		if c == "all" {
			l = r.All()
		}
		if len(l) == 0 {
			continue
		}
		fmt.Fprintf(w, "| %s | %d | %s | %s | %s |\n", c, len(l), ms(Percentile(l, 50)), ms(Percentile(l, 95)), ms(Percentile(l, 99)))
	}
}

// RSSKB reads a process's resident memory (Linux), 0 if unknown.
func RSSKB(pid int) int {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			return n
		}
	}
	return 0
}

// Search runs one request of the mix in process: the search page's query
// as the page parses it, the type-ahead, or a lookup.
func Search(ctx context.Context, ix *search.Index, r Request) error {
	switch r.Class {
	case TypeAhead:
		_, err := ix.Search(ctx, search.Query{Text: r.Values.Get("q"), PerPage: 8, SkipFacets: true})
		return err
	case Detail:
		_, err := ix.Lookup(ctx, r.Values.Get("id"))
		return err
	}
	p, fields := ix.Env.ParseForm(ctx, r.Values)
	if len(fields) > 0 {
		return fields.Err()
	}
	_, err := ix.Search(ctx, p.Query)
	return err
}

// CPUTime reads the processor time a process has used (Linux), 0 if
// unknown.
func CPUTime(pid int) time.Duration {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	// The fields after the command name (in parentheses): utime and stime
	// are the 12th and 13th, in clock ticks (100 per second on Linux).
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.Atoi(f[11])
	st, _ := strconv.Atoi(f[12])
	return time.Duration(ut+st) * 10 * time.Millisecond
}
