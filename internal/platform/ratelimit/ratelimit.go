// Package ratelimit counts events per key in fixed time windows, in the
// database, so that every instance of Trama shares the same counts.
package ratelimit

import (
	"context"
	"fmt"
	"time"

	"github.com/trama-welfare/trama/internal/platform/db"
)

// Limiter counts hits.
type Limiter struct{ db *db.DB }

// New returns a Limiter on d.
func New(d *db.DB) *Limiter { return &Limiter{db: d} }

// Hit counts one event for key and returns the count in the current window.
// A window starts at the first hit after the previous one expired.
func (l *Limiter) Hit(ctx context.Context, key string, window time.Duration) (int, error) {
	now := db.Now()
	var n int
	err := l.db.W.QueryRowContext(ctx, `INSERT INTO rate_limits (key, window_start, hits) VALUES ($1, $2, 1)
		ON CONFLICT (key) DO UPDATE SET
			hits = CASE WHEN rate_limits.window_start <= $3 THEN 1 ELSE rate_limits.hits + 1 END,
			window_start = CASE WHEN rate_limits.window_start <= $3 THEN $2 ELSE rate_limits.window_start END
		RETURNING hits`, key, now, now.Add(-window)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("ratelimit: hit %s: %w", key, err)
	}
	return n, nil
}

// Allow counts one event and tells whether it is within limit.
func (l *Limiter) Allow(ctx context.Context, key string, limit int, window time.Duration) (bool, error) {
	n, err := l.Hit(ctx, key, window)
	return n <= limit, err
}

// Count returns the hits in key's current window without counting one.
func (l *Limiter) Count(ctx context.Context, key string, window time.Duration) (int, error) {
	var n int
	err := l.db.R.QueryRowContext(ctx, `SELECT COALESCE(SUM(hits), 0) FROM rate_limits
		WHERE key = $1 AND window_start > $2`, key, db.Now().Add(-window)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("ratelimit: count %s: %w", key, err)
	}
	return n, nil
}

// Reset forgets key.
func (l *Limiter) Reset(ctx context.Context, key string) error {
	_, err := l.db.W.ExecContext(ctx, `DELETE FROM rate_limits WHERE key = $1`, key)
	return err
}

// Prune deletes windows that started before cutoff.
func (l *Limiter) Prune(ctx context.Context, cutoff time.Time) (int64, error) {
	res, err := l.db.W.ExecContext(ctx, `DELETE FROM rate_limits WHERE window_start < $1`, cutoff)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
