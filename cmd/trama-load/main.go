// Command trama-load replays issue 8's realistic mix (internal/reliability/
// loadmix) at a fixed rate against a running trama serve on loopback, with
// the demo accounts logged in, and prints per-scenario latency
// percentiles, errors, the achieved rate, the server's CPU per request and
// its memory over time. It stops by itself after --duration. make loadtest
// (scripts/loadtest.sh) prepares the data and the server and runs it.
//
//	trama-load --url http://127.0.0.1:8092 --pid PID [--rate 300] [--duration 10m]
package main

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/trama-welfare/trama/internal/reliability/load"
	"github.com/trama-welfare/trama/internal/reliability/loadmix"
)

func main() {
	base := flag.String("url", "http://127.0.0.1:8092", "server to load (loopback only)")
	pid := flag.Int("pid", 0, "server process whose CPU and memory are sampled")
	rate := flag.Float64("rate", 300, "requests per second")
	dur := flag.Duration("duration", 10*time.Minute, "how long to send")
	inFlight := flag.Int("max-in-flight", 256, "requests in flight at most (beyond: dropped and counted)")
	title := flag.String("title", "", "title of the report")
	flag.Parse()
	if err := run(*base, *pid, *rate, *dur, *inFlight, *title); err != nil {
		fmt.Fprintln(os.Stderr, "trama-load:", err)
		os.Exit(1)
	}
}

func run(base string, pid int, rate float64, dur time.Duration, inFlight int, title string) error {
	u, err := url.Parse(base)
	if err != nil {
		return err
	}
	if h := u.Hostname(); h != "127.0.0.1" && h != "localhost" && h != "::1" {
		return fmt.Errorf("refusing to load %s: loopback only", base)
	}
	start := time.Now()
	t, err := loadmix.Discover(base, strconv.FormatInt(start.Unix(), 36))
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "found %d services, %d organizations, %d events, %d opportunities in %s; sending %.0f req/s for %s\n",
		len(t.Services), len(t.Organizations), len(t.Events), len(t.Opportunities), time.Since(start).Round(time.Millisecond), rate, dur)
	res, err := load.Run(context.Background(), load.Config{BaseURL: base, Rate: rate, Duration: dur, MaxInFlight: inFlight,
		PID: pid, Spoof: true, Progress: os.Stderr}, t.Mix())
	if err != nil {
		return err
	}
	if title != "" {
		fmt.Printf("#### %s\n\n", title)
	}
	fmt.Printf("Load average at the end: %s.\n\n", loadavg())
	res.Report(os.Stdout)
	fmt.Println()
	verdict(res, rate)
	return nil
}

// verdict compares the run with the targets of issue 8.
func verdict(r *load.Result, rate float64) {
	achieved := float64(r.Sent) / r.Elapsed.Seconds()
	growth := r.Slope() / 1e6
	check := func(ok bool) string {
		if ok {
			return "met"
		}
		return "**not met**"
	}
	memory := "not measured: fewer than 6 samples of 10 s"
	if len(r.RSS) >= 6 {
		memory = fmt.Sprintf("%+.2f MB/min after warm-up (%s: under 1 MB/min)", growth, check(growth < 1))
	}
	fmt.Printf("Targets: rate %.0f/s: achieved %.1f/s, %d dropped (%s); errors 0: %d (%s); p99 ≤ 150 ms: %.1f ms (%s); flat memory: %s.\n",
		rate, achieved, r.Dropped, check(achieved >= 0.97*rate && r.Dropped == 0), r.Errors, check(r.Errors == 0),
		float64(r.All.P99.Microseconds())/1000, check(r.All.P99 <= 150*time.Millisecond), memory)
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
}
