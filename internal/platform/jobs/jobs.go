// Package jobs is Trama's background work queue: a jobs table and a pool of
// workers. Jobs are enqueued in the same transaction as the change that
// needs them (so a rolled-back change sends no e-mail), claimed by one
// worker of one instance (SKIP LOCKED on PostgreSQL; the single writer on
// SQLite), retried with exponential backoff, and reclaimed when the instance
// running them dies (their lock expires).
package jobs

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/trama-welfare/trama/internal/platform/db"
)

// Handler does one job. A returned error retries the job later.
type Handler func(ctx context.Context, payload json.RawMessage) error

// Permanent wraps an error that retrying cannot fix: the job fails at once.
type Permanent struct{ Err error }

func (p Permanent) Error() string { return p.Err.Error() }
func (p Permanent) Unwrap() error { return p.Err }

// Options tune one enqueued job.
type Options struct {
	RunAt       time.Time // zero: now
	UniqueKey   string    // a second job with the same key is not enqueued
	MaxAttempts int       // zero: 8
}

// Enqueue adds a job in q (a transaction or the writer). When a job with the
// same unique key exists it does nothing.
func Enqueue(ctx context.Context, q db.Querier, kind string, payload any, o Options) error {
	b, err := json.Marshal(payload)
	if err != nil {
		return fmt.Errorf("jobs: encode %s payload: %w", kind, err)
	}
	now := db.Now()
	if o.RunAt.IsZero() {
		o.RunAt = now
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 8
	}
	var unique any
	if o.UniqueKey != "" {
		unique = o.UniqueKey
	}
	_, err = q.ExecContext(ctx, `INSERT INTO jobs (kind, payload, unique_key, status, attempts, max_attempts, run_at, created_at, updated_at)
		VALUES ($1, $2, $3, 'queued', 0, $4, $5, $6, $6) ON CONFLICT (unique_key) DO NOTHING`,
		kind, string(b), unique, o.MaxAttempts, o.RunAt.UTC(), now)
	if err != nil {
		return fmt.Errorf("jobs: enqueue %s: %w", kind, err)
	}
	return nil
}

// Queue runs jobs.
type Queue struct {
	db       *db.DB
	id       string // this worker pool, in locked_by
	lockFor  time.Duration
	poll     time.Duration
	mu       sync.RWMutex
	handlers map[string]Handler
	periodic []periodic
	wake     chan struct{}
}

type periodic struct {
	kind  string
	every time.Duration
}

// NewQueue returns a queue on d. Register handlers, then Run.
func NewQueue(d *db.DB) *Queue {
	b := make([]byte, 6)
	rand.Read(b)
	return &Queue{db: d, id: hex.EncodeToString(b), lockFor: 5 * time.Minute, poll: time.Second,
		handlers: map[string]Handler{}, wake: make(chan struct{}, 1)}
}

// Register sets the handler of a kind of job.
func (q *Queue) Register(kind string, h Handler) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.handlers[kind] = h
}

// Every enqueues a job of kind once per period, across all instances (the
// period's start is the unique key). Its handler must be registered.
func (q *Queue) Every(kind string, period time.Duration) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.periodic = append(q.periodic, periodic{kind: kind, every: period})
}

// Wake tells the workers to look for work now instead of at the next poll.
func (q *Queue) Wake() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// Job is a claimed job.
type Job struct {
	ID          int64
	Kind        string
	Payload     json.RawMessage
	Attempts    int
	MaxAttempts int
}

// claim takes the next ready job, or returns nil.
func (q *Queue) claim(ctx context.Context) (*Job, error) {
	now := db.Now()
	lock := ""
	if q.db.Dialect == db.Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	var j Job
	var payload string
	err := q.db.W.QueryRowContext(ctx, `UPDATE jobs SET status = 'running', attempts = attempts + 1,
			locked_by = $1, locked_until = $2, updated_at = $3
		WHERE id = (SELECT id FROM jobs
			WHERE (status = 'queued' AND run_at <= $3) OR (status = 'running' AND locked_until < $3)
			ORDER BY run_at, id LIMIT 1`+lock+`)
		RETURNING id, kind, payload, attempts, max_attempts`,
		q.id, now.Add(q.lockFor), now).Scan(&j.ID, &j.Kind, &payload, &j.Attempts, &j.MaxAttempts)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("jobs: claim: %w", err)
	}
	j.Payload = json.RawMessage(payload)
	return &j, nil
}

// Backoff is the wait before the next attempt after n failed ones.
func Backoff(n int) time.Duration {
	d := 30 * time.Second << min(n-1, 10)
	return min(d, 12*time.Hour)
}

func (q *Queue) finish(ctx context.Context, j *Job, runErr error) error {
	now := db.Now()
	var err error
	switch {
	case runErr == nil:
		_, err = q.db.W.ExecContext(ctx, `UPDATE jobs SET status = 'done', finished_at = $1, updated_at = $1,
			locked_until = NULL, last_error = '' WHERE id = $2 AND locked_by = $3`, now, j.ID, q.id)
	case j.Attempts >= j.MaxAttempts || errors.As(runErr, new(Permanent)):
		_, err = q.db.W.ExecContext(ctx, `UPDATE jobs SET status = 'failed', finished_at = $1, updated_at = $1,
			locked_until = NULL, last_error = $2 WHERE id = $3 AND locked_by = $4`, now, runErr.Error(), j.ID, q.id)
	default:
		_, err = q.db.W.ExecContext(ctx, `UPDATE jobs SET status = 'queued', run_at = $1, updated_at = $2,
			locked_until = NULL, last_error = $3 WHERE id = $4 AND locked_by = $5`,
			now.Add(Backoff(j.Attempts)), now, runErr.Error(), j.ID, q.id)
	}
	if err != nil {
		return fmt.Errorf("jobs: finish %d: %w", j.ID, err)
	}
	return nil
}

// runOne claims and runs one job; it reports whether there was one.
func (q *Queue) runOne(ctx context.Context) (bool, error) {
	j, err := q.claim(ctx)
	if err != nil || j == nil {
		return false, err
	}
	q.mu.RLock()
	h, ok := q.handlers[j.Kind]
	q.mu.RUnlock()
	var runErr error
	if !ok {
		runErr = Permanent{fmt.Errorf("no handler for job kind %q", j.Kind)}
	} else {
		runErr = safeRun(ctx, h, j.Payload)
	}
	if runErr != nil {
		slog.Warn("job failed", "id", j.ID, "kind", j.Kind, "attempt", j.Attempts, "err", runErr)
	}
	return true, q.finish(ctx, j, runErr)
}

func safeRun(ctx context.Context, h Handler, payload json.RawMessage) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return h(ctx, payload)
}

// Drain runs ready jobs until none is left (tests and the command line use
// it). It returns how many ran.
func (q *Queue) Drain(ctx context.Context) (int, error) {
	n := 0
	for {
		ran, err := q.runOne(ctx)
		if err != nil {
			return n, err
		}
		if !ran {
			return n, nil
		}
		n++
	}
}

// SchedulePeriodic enqueues the periodic jobs whose period has begun.
func (q *Queue) SchedulePeriodic(ctx context.Context) error {
	q.mu.RLock()
	list := append([]periodic(nil), q.periodic...)
	q.mu.RUnlock()
	now := time.Now().UTC()
	for _, p := range list {
		slot := now.Truncate(p.every)
		key := p.kind + "@" + slot.Format(time.RFC3339)
		if err := Enqueue(ctx, q.db.W, p.kind, map[string]any{}, Options{UniqueKey: key, MaxAttempts: 3}); err != nil {
			return err
		}
	}
	return nil
}

// Run starts workers and the periodic scheduler; it returns when ctx ends
// and the running jobs have finished.
func (q *Queue) Run(ctx context.Context, workers int) {
	var wg sync.WaitGroup
	for range max(1, workers) {
		wg.Go(func() {
			for {
				ran, err := q.runOne(context.WithoutCancel(ctx))
				if err != nil {
					slog.Error("jobs: worker", "err", err)
				}
				if ran && err == nil {
					continue
				}
				select {
				case <-ctx.Done():
					return
				case <-q.wake:
				case <-time.After(q.poll):
				}
			}
		})
	}
	wg.Go(func() {
		tick := time.NewTicker(time.Minute)
		defer tick.Stop()
		for {
			if err := q.SchedulePeriodic(ctx); err != nil && ctx.Err() == nil {
				slog.Error("jobs: schedule", "err", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	})
	wg.Wait()
}

// Depth counts the jobs waiting to run.
func Depth(ctx context.Context, d *db.DB) (int, error) {
	var n int
	err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM jobs WHERE status = 'queued'`).Scan(&n)
	return n, err
}

// Prune deletes finished jobs older than cutoff.
func Prune(ctx context.Context, d *db.DB, cutoff time.Time) (int64, error) {
	res, err := d.W.ExecContext(ctx, `DELETE FROM jobs WHERE status IN ('done', 'failed') AND finished_at < $1`, cutoff)
	if err != nil {
		return 0, fmt.Errorf("jobs: prune: %w", err)
	}
	return res.RowsAffected()
}
