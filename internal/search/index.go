package search

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/search/analysis"
)

// Index is the search index of the portal, kept in step with what the
// directory publishes and searched by Search.
type Index struct {
	db   *db.DB
	eng  engine
	Env  *Env
	load Loader
	syn  *analysis.Synonyms

	vocabMu     sync.Mutex
	vocab       *analysis.Vocabulary
	vocabLoaded time.Time

	cache cache
	// NoCache makes every search read the database (for measurements of
	// the engine itself: trama-bench direct --no-cache).
	NoCache bool
}

// Loader reads an organization's published record and status in q (the
// transaction that changes it): directory.Store.PublishedIn.
type Loader func(ctx context.Context, q db.Querier, orgID string) (*directory.Record, directory.OrgStatus, error)

// engine is what differs between SQLite and PostgreSQL (search_sqlite.go,
// search_postgres.go): how the analysed text is written, deleted and
// matched, and how names sort byte by byte.
type engine interface {
	insertText(ctx context.Context, q db.Querier, rows []textRow) error
	deleteText(ctx context.Context, q db.Querier, selectRids string, args ...any) error
	// match returns a SELECT of the rid of the documents matching e, its
	// values added to a.
	match(e expr, a *args) string
	nameOrder(col string) string
}

type textRow struct {
	rid              int64
	name, body, tags string
}

// New returns the index on d.
func New(d *db.DB, env *Env, load Loader) *Index {
	var eng engine = sqliteEngine{}
	if d.Dialect == db.Postgres {
		eng = postgresEngine{}
	}
	return &Index{db: d, eng: eng, Env: env, load: load, syn: analysis.DefaultSynonyms()}
}

// Reindex rebuilds the documents of one organization inside q, the
// transaction that changed its published record (directory.Indexer).
func (ix *Index) Reindex(ctx context.Context, q db.Querier, orgID string) error {
	rec, status, err := ix.load(ctx, q, orgID)
	if err != nil && !errs.Is(err, errs.NotFound) {
		return fmt.Errorf("search: load %s: %w", orgID, err)
	}
	if err := ix.deleteDocs(ctx, q, "organization_id = $1", orgID); err != nil {
		return err
	}
	return ix.Write(ctx, q, ix.Env.Build(ctx, rec, status))
}

// deleteDocs removes the documents selected by where, and moves the
// sequence so that cached results are dropped (see cache).
func (ix *Index) deleteDocs(ctx context.Context, q db.Querier, where string, args ...any) error {
	if _, err := q.ExecContext(ctx, `UPDATE search_sequence SET next = next + 1 WHERE id = 1`); err != nil {
		return fmt.Errorf("search: sequence: %w", err)
	}
	sel := "SELECT rid FROM search_docs WHERE " + where
	if err := ix.eng.deleteText(ctx, q, sel, args...); err != nil {
		return fmt.Errorf("search: delete text: %w", err)
	}
	if _, err := q.ExecContext(ctx, "DELETE FROM search_places WHERE rid IN ("+sel+")", args...); err != nil {
		return fmt.Errorf("search: delete places: %w", err)
	}
	if _, err := q.ExecContext(ctx, "DELETE FROM search_docs WHERE "+where, args...); err != nil {
		return fmt.Errorf("search: delete documents: %w", err)
	}
	return nil
}

// Write adds documents to the index in q, replacing any document of the
// same services. Each gets a new rid: its verification day, then the
// indexing sequence.
func (ix *Index) Write(ctx context.Context, q db.Querier, docs []Doc) error {
	if len(docs) == 0 {
		return nil
	}
	ids := make([]any, len(docs))
	for i, d := range docs {
		ids[i] = d.ServiceID
	}
	for start := 0; start < len(ids); start += 1000 {
		part := ids[start:min(len(ids), start+1000)]
		if err := ix.deleteDocs(ctx, q, "service_id IN ("+db.Placeholders(1, len(part))+")", part...); err != nil {
			return err
		}
	}
	var next int64
	if err := q.QueryRowContext(ctx, `UPDATE search_sequence SET next = next + $1 WHERE id = 1 RETURNING next`,
		len(docs)).Scan(&next); err != nil {
		return fmt.Errorf("search: sequence: %w", err)
	}
	first := next - int64(len(docs))
	rids := make([]int64, len(docs))
	for i, d := range docs {
		rids[i] = makeRID(d.AssuredDate, first+int64(i))
	}
	if err := writeDocs(ctx, q, ix.db.Dialect, docs, rids); err != nil {
		return err
	}
	text := make([]textRow, len(docs))
	for i, d := range docs {
		text[i] = textRow{rid: rids[i], name: d.NameText, body: d.BodyText, tags: strings.Join(d.Tags, " ")}
	}
	if err := ix.eng.insertText(ctx, q, text); err != nil {
		return err
	}
	return ix.addVocabulary(ctx, q, docs)
}

// makeRID orders documents by verification day, then by indexing order.
func makeRID(assured string, seq int64) int64 {
	var days int64
	if t, err := time.Parse("2006-01-02", assured); err == nil && t.Year() >= 1970 {
		days = t.Unix() / 86400
	}
	return days<<32 | seq&0xffffffff
}

// ridDay is the verification day a rid was made from ("" when none).
func ridDay(rid int64) string {
	days := rid >> 32
	if days == 0 {
		return ""
	}
	return time.Unix(days*86400, 0).UTC().Format("2006-01-02")
}

func writeDocs(ctx context.Context, q db.Querier, dialect db.Dialect, docs []Doc, rids []int64) error {
	now := db.Now()
	err := insertBatches(ctx, q, dialect, len(docs), 21, `INSERT INTO search_docs (rid, service_id, organization_id, territory_id,
		status, name, name_key, organization_name, free, min_age, max_age, accessible, languages, categories,
		target_groups, comuni, assured_date, cost, places, schedules, indexed_at) VALUES `, "", func(i int) ([]any, string) {
		d := docs[i]
		places, _ := json.Marshal(d.Places)
		scheds, _ := json.Marshal(d.Schedules)
		return []any{rids[i], d.ServiceID, d.OrganizationID, d.TerritoryID, d.Status, d.Name, nameKey(d.Name),
			d.OrganizationName, d.Free, d.MinAge, d.MaxAge, d.Accessible, strings.Join(d.Languages, " "),
			strings.Join(d.Categories, " "), strings.Join(d.TargetGroups, " "), strings.Join(d.Comuni, " "),
			d.AssuredDate, d.Cost, string(places), string(scheds), now}, ""
	})
	if err != nil {
		return err
	}
	type point struct {
		rid      int64
		pos      int
		istat    string
		lat, lon float64
	}
	var pts []point
	for i, d := range docs {
		for j, p := range d.Places {
			if p.HasPoint {
				pts = append(pts, point{rids[i], j, p.ISTAT, p.Lat, p.Lon})
			}
		}
	}
	return insertBatches(ctx, q, dialect, len(pts), 5, "INSERT INTO search_places (rid, position, istat_code, lat, lon) VALUES ", "",
		func(i int) ([]any, string) {
			p := pts[i]
			return []any{p.rid, p.pos, p.istat, p.lat, p.lon}, ""
		})
}

// addVocabulary files the stems of the documents' text.
func (ix *Index) addVocabulary(ctx context.Context, q db.Querier, docs []Doc) error {
	seen := map[string]bool{}
	var stems []any
	for _, d := range docs {
		for _, s := range strings.Fields(d.NameText + " " + d.BodyText) {
			if !seen[s] {
				seen[s] = true
				stems = append(stems, s)
			}
		}
	}
	err := insertBatches(ctx, q, ix.db.Dialect, len(stems), 1, "INSERT INTO search_vocabulary (stem) VALUES ", " ON CONFLICT (stem) DO NOTHING",
		func(i int) ([]any, string) { return []any{stems[i]}, "" })
	if err != nil {
		return err
	}
	ix.vocabMu.Lock()
	if ix.vocab != nil {
		for _, s := range stems {
			ix.vocab.Add(s.(string))
		}
	}
	ix.vocabMu.Unlock()
	return nil
}

// vocabularyTTL is how long the stems loaded from the database are
// trusted: other instances add stems too.
const vocabularyTTL = 5 * time.Minute

// vocabulary returns the index's stems, loading them when needed.
func (ix *Index) vocabulary(ctx context.Context) *analysis.Vocabulary {
	ix.vocabMu.Lock()
	defer ix.vocabMu.Unlock()
	if ix.vocab != nil && time.Since(ix.vocabLoaded) < vocabularyTTL {
		return ix.vocab
	}
	v := &analysis.Vocabulary{}
	rows, err := ix.db.R.QueryContext(ctx, `SELECT stem FROM search_vocabulary`)
	if err != nil {
		if ix.vocab != nil {
			return ix.vocab
		}
		return v
	}
	defer rows.Close()
	var batch []string
	for rows.Next() {
		var s string
		if rows.Scan(&s) == nil {
			batch = append(batch, s)
		}
	}
	v.Add(batch...)
	ix.vocab, ix.vocabLoaded = v, time.Now()
	return v
}

// ReindexAll rebuilds every document from the published tables, a batch
// of organizations per transaction (searches keep working meanwhile), and
// drops the documents of organizations no longer public. progress, when
// not nil, is told how many organizations are done.
func (ix *Index) ReindexAll(ctx context.Context, progress func(done, total int)) (int, error) {
	var ids []string
	rows, err := ix.db.R.QueryContext(ctx, `SELECT id FROM organizations WHERE status = $1 AND published_version > 0 ORDER BY id`,
		directory.OrgActive)
	if err != nil {
		return 0, fmt.Errorf("search: list organizations: %w", err)
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	const perTx = 200
	for start := 0; start < len(ids); start += perTx {
		part := ids[start:min(len(ids), start+perTx)]
		err := ix.db.Tx(ctx, func(tx *sql.Tx) error {
			for _, id := range part {
				if err := ix.Reindex(ctx, tx, id); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return start, err
		}
		if progress != nil {
			progress(start+len(part), len(ids))
		}
	}
	err = ix.db.Tx(ctx, func(tx *sql.Tx) error {
		return ix.deleteDocs(ctx, tx, `organization_id NOT IN (SELECT id FROM organizations WHERE status = $1)`, directory.OrgActive)
	})
	return len(ids), err
}
