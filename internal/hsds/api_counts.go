package hsds

import (
	"context"
	"fmt"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/trama-welfare/trama/internal/platform/db"
)

// counts keeps the totals of list queries: a client paging through a list
// asks for the same count page after page, and counting a large directory
// is the slow part of a page. A total is kept while the directory does not
// change (the latest modification of services and organizations, read
// through their indexes) and for a minute at most.
type counts struct {
	mu     sync.Mutex
	m      map[string]countEntry
	flight singleflight.Group // one count per query at a time: when a total expires under load, the requests waiting for it share one count
}

type countEntry struct {
	version string
	n       int
	at      time.Time
}

const (
	countTTL  = time.Minute
	maxCounts = 10000
)

// version tells when the directory last changed.
func version(ctx context.Context, q db.Querier) (string, error) {
	var v string
	err := q.QueryRowContext(ctx, `SELECT COALESCE(CAST((SELECT MAX(updated_at) FROM services) AS TEXT), '') || '|' ||
		COALESCE(CAST((SELECT MAX(updated_at) FROM organizations) AS TEXT), '')`).Scan(&v)
	if err != nil {
		return "", fmt.Errorf("hsds: directory version: %w", err)
	}
	return v, nil
}

// count returns the number of rows of query (a SELECT COUNT(*)).
func (c *counts) count(ctx context.Context, q db.Querier, query string, args []any) (int, error) {
	v, err := version(ctx, q)
	if err != nil {
		return 0, err
	}
	key := query + fmt.Sprintf("%#v", args) // Sprint would join ("ab", "c") and ("a", "bc") alike
	c.mu.Lock()
	e, ok := c.m[key]
	c.mu.Unlock()
	if ok && e.version == v && time.Since(e.at) < countTTL {
		return e.n, nil
	}
	n, err, _ := c.flight.Do(v+"|"+key, func() (any, error) {
		// The count is shared by every request waiting for it: the first
		// one's client leaving must not cancel it for the others.
		var n int
		if err := q.QueryRowContext(context.WithoutCancel(ctx), query, args...).Scan(&n); err != nil {
			return 0, fmt.Errorf("hsds: count: %w", err)
		}
		c.mu.Lock()
		if c.m == nil || len(c.m) >= maxCounts {
			c.m = map[string]countEntry{}
		}
		c.m[key] = countEntry{version: v, n: n, at: time.Now()}
		c.mu.Unlock()
		return n, nil
	})
	if err != nil {
		return 0, err
	}
	return n.(int), nil
}
