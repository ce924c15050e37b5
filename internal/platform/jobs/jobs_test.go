package jobs_test

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/dbtest"
	"github.com/trama-welfare/trama/internal/platform/jobs"
)

var ctx = context.Background()

func status(t *testing.T, d *db.DB, kind string) (st string, attempts int, runAt time.Time) {
	t.Helper()
	if err := d.R.QueryRow(`SELECT status, attempts, run_at FROM jobs WHERE kind = $1`, kind).Scan(&st, &attempts, &runAt); err != nil {
		t.Fatal(err)
	}
	return
}

func TestRunRetryFail(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		q := jobs.NewQueue(d)
		var got []string
		q.Register("ok", func(_ context.Context, p json.RawMessage) error {
			var s string
			json.Unmarshal(p, &s)
			got = append(got, s)
			return nil
		})
		q.Register("flaky", func(context.Context, json.RawMessage) error { return errors.New("smtp down") })
		q.Register("broken", func(context.Context, json.RawMessage) error { return jobs.Permanent{Err: errors.New("bad payload")} })
		q.Register("panics", func(context.Context, json.RawMessage) error { panic("boom") })

		for _, k := range []string{"flaky", "broken", "panics"} {
			if err := jobs.Enqueue(ctx, d.W, k, nil, jobs.Options{MaxAttempts: 2}); err != nil {
				t.Fatal(err)
			}
		}
		jobs.Enqueue(ctx, d.W, "ok", "hello", jobs.Options{})
		jobs.Enqueue(ctx, d.W, "ok", "later", jobs.Options{RunAt: time.Now().Add(time.Hour)})
		jobs.Enqueue(ctx, d.W, "nobody-handles-this", nil, jobs.Options{})

		n, err := q.Drain(ctx)
		if err != nil || n != 5 {
			t.Fatalf("Drain ran %d jobs (%v), want 5", n, err)
		}
		if len(got) != 1 || got[0] != "hello" {
			t.Fatalf("ok handler got %v", got)
		}
		st, attempts, runAt := status(t, d, "flaky")
		if st != "queued" || attempts != 1 || time.Until(runAt) < 20*time.Second {
			t.Fatalf("flaky after one failure: %s, %d attempts, runs in %v", st, attempts, time.Until(runAt))
		}
		if st, _, _ := status(t, d, "broken"); st != "failed" {
			t.Fatalf("permanent error: status %s", st)
		}
		if st, _, _ := status(t, d, "nobody-handles-this"); st != "failed" {
			t.Fatalf("unknown kind: status %s", st)
		}
		if st, attempts, _ := status(t, d, "panics"); st != "queued" || attempts != 1 {
			t.Fatalf("panicking job: %s after %d attempts", st, attempts)
		}
		// Make the retry due: the second failure is the last attempt.
		d.W.Exec(`UPDATE jobs SET run_at = $1 WHERE kind = 'flaky'`, db.Now())
		q.Drain(ctx)
		if st, attempts, _ := status(t, d, "flaky"); st != "failed" || attempts != 2 {
			t.Fatalf("flaky after max attempts: %s, %d", st, attempts)
		}
		if depth, _ := jobs.Depth(ctx, d); depth != 2 { // "later" and "panics"
			t.Fatalf("depth %d, want 2", depth)
		}
	})
}

func TestUniqueKeyAndReclaim(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		for range 3 {
			if err := jobs.Enqueue(ctx, d.W, "reminder", nil, jobs.Options{UniqueKey: "reminder@2026-11-22"}); err != nil {
				t.Fatal(err)
			}
		}
		var n int
		d.R.QueryRow(`SELECT COUNT(*) FROM jobs`).Scan(&n)
		if n != 1 {
			t.Fatalf("%d jobs for one unique key", n)
		}
		// An instance claimed it and died: its lock expired.
		d.W.Exec(`UPDATE jobs SET status = 'running', locked_by = 'dead', locked_until = $1, attempts = 1`, db.Now().Add(-time.Minute))
		q := jobs.NewQueue(d)
		ran := 0
		q.Register("reminder", func(context.Context, json.RawMessage) error { ran++; return nil })
		q.Drain(ctx)
		if ran != 1 {
			t.Fatalf("expired job ran %d times, want 1", ran)
		}
		if st, attempts, _ := status(t, d, "reminder"); st != "done" || attempts != 2 {
			t.Fatalf("reclaimed job: %s after %d attempts", st, attempts)
		}
	})
}

func TestPeriodicJobsOncePerPeriod(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		a, b := jobs.NewQueue(d), jobs.NewQueue(d) // two instances
		for _, q := range []*jobs.Queue{a, b} {
			q.Every("housekeeping", time.Hour)
			if err := q.SchedulePeriodic(ctx); err != nil {
				t.Fatal(err)
			}
		}
		var n int
		d.R.QueryRow(`SELECT COUNT(*) FROM jobs WHERE kind = 'housekeeping'`).Scan(&n)
		if n != 1 {
			t.Fatalf("two instances scheduled %d housekeeping jobs in one period", n)
		}
	})
}

// TestConcurrentWorkersClaimOnce runs several queues (as several instances
// would) on the same jobs: every job runs exactly once.
func TestConcurrentWorkersClaimOnce(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		const total = 200
		for i := range total {
			jobs.Enqueue(ctx, d.W, "count", i, jobs.Options{})
		}
		var mu sync.Mutex
		seen := map[int]int{}
		var runs atomic.Int64
		var wg sync.WaitGroup
		for range 4 {
			q := jobs.NewQueue(d)
			q.Register("count", func(_ context.Context, p json.RawMessage) error {
				var i int
				json.Unmarshal(p, &i)
				mu.Lock()
				seen[i]++
				mu.Unlock()
				runs.Add(1)
				return nil
			})
			wg.Go(func() {
				if _, err := q.Drain(ctx); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if runs.Load() != total || len(seen) != total {
			t.Fatalf("%d runs of %d distinct jobs, want %d", runs.Load(), len(seen), total)
		}
		for i, c := range seen {
			if c != 1 {
				t.Fatalf("job %d ran %d times", i, c)
			}
		}
	})
}
