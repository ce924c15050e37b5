package search

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// cache keeps the results of recent searches while the index does not
// change: popular searches (a category page, "doposcuola" near the biggest
// comune) repeat, and a page of results costs a few milliseconds of
// ranking. The index's sequence (search_sequence.next, moved by every
// write and removal of documents in the transaction that publishes them)
// is read with each search, one primary-key row: a change committed by any
// instance is seen at the next search. Entries also expire after
// cacheTTL, and the cache is emptied when it holds cacheSize of them.
type cache struct {
	mu      sync.Mutex
	seq     int64
	entries map[string]cacheEntry
	hits    int64
	misses  int64
}

type cacheEntry struct {
	res *Results
	at  time.Time
}

const (
	cacheSize = 2000
	cacheTTL  = time.Minute
)

// key identifies a normalized query; Explain is never cached.
func cacheKey(q Query) string {
	age, day := -1, -1
	if q.ChildAge != nil {
		age = *q.ChildAge
	}
	if q.Day != nil {
		day = int(*q.Day)
	}
	var origin string
	if q.Origin != nil {
		origin = fmt.Sprintf("%.5f,%.5f", q.Origin.Lat, q.Origin.Lon)
	}
	return fmt.Sprintf("%q|%s|%d|%s|%d|%s|%s|%g|%s|%t|%t|%s|%s|%s|%d|%d|%t",
		q.Text, q.Category, age, q.AgeGroup, day, q.Part, origin, q.RadiusKm, q.Comune, q.Free, q.Accessible,
		q.Language, q.TerritoryID, q.Sort, q.Page, q.PerPage, q.SkipFacets)
}

// get returns the cached results of key if the index is still at seq.
func (c *cache) get(key string, seq int64) *Results {
	c.mu.Lock()
	defer c.mu.Unlock()
	if seq != c.seq {
		c.seq, c.entries = seq, nil
	}
	e, ok := c.entries[key]
	if !ok || time.Since(e.at) > cacheTTL {
		c.misses++
		return nil
	}
	c.hits++
	return e.res
}

// put keeps res for key, read at index sequence seq.
func (c *cache) put(key string, seq int64, res *Results) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if seq != c.seq {
		return // the index moved while this search ran
	}
	if c.entries == nil || len(c.entries) >= cacheSize {
		c.entries = make(map[string]cacheEntry, 64)
	}
	c.entries[key] = cacheEntry{res: res, at: time.Now()}
}

// CacheStats returns the searches answered from the cache and those that
// were not, since the start.
func (ix *Index) CacheStats() (hits, misses int64) {
	ix.cache.mu.Lock()
	defer ix.cache.mu.Unlock()
	return ix.cache.hits, ix.cache.misses
}

// sequence reads the index's sequence.
func (ix *Index) sequence(ctx context.Context) (int64, error) {
	var seq int64
	err := ix.db.R.QueryRowContext(ctx, `SELECT next FROM search_sequence WHERE id = 1`).Scan(&seq)
	return seq, err
}
