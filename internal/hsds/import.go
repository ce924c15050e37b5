package hsds

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/db"
)

// Importer writes HSDS packages into the directory: a trusted bulk load by
// an administrator or coordinator, published at once.
type Importer struct {
	DB    *db.DB
	Spec  *Spec
	Store *directory.Store
	// Index, when set, is told of every organization written (the search
	// index), in the import's transaction.
	Index interface {
		Reindex(ctx context.Context, q db.Querier, orgID string) error
	}
}

// Options of an import.
type Options struct {
	// TerritoryID puts every organization of the package in a territory;
	// empty, organizations keep theirs or get the territory of the comuni
	// of their locations.
	TerritoryID string
	// Source names the package in the history of the organizations.
	Source   string
	Progress Progress
}

// Result tells what an import wrote.
type Result struct {
	Rows          map[string]int // by resource
	Organizations int            // organizations published (new or updated)
	Created       int            // organizations new to the directory
	Services      int
}

// ErrRejected is returned when the package has rejected rows: nothing was
// written; Package.Errors lists them.
var ErrRejected = errors.New("hsds: the package has rejected rows: nothing was imported")

// Import checks p against the database and writes it in one transaction:
// every row or none. Rows are matched by id, so importing the same package
// twice updates what the first import wrote; rows the package does not
// mention are kept. Organizations of the package are published (a new
// version, with a history line "imported").
func (im *Importer) Import(ctx context.Context, p *Package, o Options) (*Result, error) {
	if o.Progress == nil {
		o.Progress = noProgress
	}
	if !p.OK() {
		return nil, ErrRejected
	}
	res, err := p.resolve(ctx, im.DB.R, o.TerritoryID)
	if err != nil {
		return nil, err
	}
	if !p.OK() {
		return nil, ErrRejected
	}
	w := &writer{ctx: ctx, dialect: im.DB.Dialect, p: p, res: res, store: im.Store, now: db.Now(), source: o.Source}
	w.nowText = w.now.Format(time.RFC3339)
	p.normalize(w.nowText)
	total := int64(0)
	for _, t := range p.spec.All() {
		total += int64(len(p.rows[t]))
	}
	var written int64
	w.progress = func(n int) {
		written += int64(n)
		o.Progress("write", written, total)
	}
	// The records of new organizations are built and encoded on the other
	// core while the tables are written, and handed over one by one.
	docs := make(chan document, 256)
	stop := make(chan struct{})
	defer close(stop)
	go p.documents(res, docs, stop)
	w.docs = docs
	err = im.DB.Tx(ctx, func(tx *sql.Tx) error {
		w.tx = tx
		restore, err := bigCache(ctx, tx, im.DB.Dialect)
		if err != nil {
			return err
		}
		defer restore()
		if err := w.plan(); err != nil {
			return err
		}
		if err := w.tables(); err != nil {
			return err
		}
		if err := w.publish(); err != nil {
			return err
		}
		if im.Index != nil {
			for i, id := range w.orgs {
				if err := im.Index.Reindex(ctx, tx, id); err != nil {
					return err
				}
				o.Progress("index", int64(i+1), int64(len(w.orgs)))
			}
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "import", Entity: "hsds", Detail: map[string]any{
			"source": o.Source, "organizations": len(w.orgs), "services": p.Count("service"), "rows": total}})
	})
	if err != nil {
		return nil, err
	}
	if err := analyze(ctx, im.DB, p); err != nil {
		return nil, err
	}
	r := &Result{Rows: map[string]int{}, Organizations: len(w.orgs), Services: p.Count("service")}
	for _, t := range p.spec.All() {
		if n := len(p.rows[t]); n > 0 {
			r.Rows[t.Resource] = n
		}
	}
	for _, id := range w.orgs {
		if res.existing[id].status == "" {
			r.Created++
		}
	}
	return r, nil
}

// normalize completes the rows before they are written: services without a
// modification time get now; Trama's own attributes (categories, target
// groups, activities) get the stable ids the directory gives them.
func (p *Package) normalize(now string) {
	st := p.spec.Table("service")
	if k := st.Field("last_modified"); k >= 0 {
		for _, r := range p.rows[st] {
			if r.Vals[k] == "" {
				r.Vals[k] = now
			}
		}
	}
	at := p.spec.Table("attribute")
	link, entity, typ, term := at.Field("link_id"), at.Field("link_entity"), at.Field("link_type"), at.Field("taxonomy_term_id")
	for i, r := range p.rows[at] {
		switch r.Vals[typ] {
		case directory.LinkCategory, directory.LinkTargetGroup, directory.LinkActivity:
			id := directory.DerivedAttribute(r.Vals[link], r.Vals[entity], r.Vals[typ], r.Vals[term]).ID
			if id != r.Vals[0] {
				delete(p.ids[at], r.Vals[0])
				p.ids[at][id] = i
				r.Vals[0] = id
			}
		}
	}
}

// plan decides which organizations get a new published version and its
// number: those of the package, and those already published that the
// package adds services or locations to.
func (w *writer) plan() error {
	p := w.p
	w.orgs = p.column("organization", "id")
	inPackage := map[string]bool{}
	for _, id := range w.orgs {
		inPackage[id] = true
	}
	for _, id := range append(p.column("service", "organization_id"), p.column("location", "organization_id")...) {
		if e, ok := w.res.existing[id]; ok && !inPackage[id] && e.published > 0 {
			inPackage[id] = true
			w.orgs = append(w.orgs, id)
			w.touched = append(w.touched, id)
		}
	}
	slices.Sort(w.orgs)
	w.versions = map[string]int{}
	for _, id := range w.orgs {
		w.versions[id] = 1
	}
	return inBatches(w.orgs, func(args []any, ph string) error {
		rows, err := w.tx.QueryContext(w.ctx, `SELECT organization_id, MAX(number) FROM organization_versions
			WHERE organization_id IN (`+ph+`) GROUP BY organization_id`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				return err
			}
			w.versions[id] = n + 1
		}
		return rows.Err()
	})
}

// bigCache gives SQLite's writer a larger page cache for the import, so that
// a large transaction does not spill pages to the log again and again; it
// returns what restores the usual size. PostgreSQL needs nothing.
func bigCache(ctx context.Context, tx *sql.Tx, d db.Dialect) (func(), error) {
	if d != db.SQLite {
		return func() {}, nil
	}
	var old int
	if err := tx.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&old); err != nil {
		return nil, fmt.Errorf("hsds: cache size: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "PRAGMA cache_size = -131072"); err != nil { // 128 MiB
		return nil, fmt.Errorf("hsds: cache size: %w", err)
	}
	return func() { tx.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf("PRAGMA cache_size = %d", old)) }, nil
}

// analyze refreshes the query planner's statistics of the tables an import
// filled, so that the API's queries keep their indexes (on SQLite from a
// sample of each index, to stay quick on large tables).
func analyze(ctx context.Context, d *db.DB, p *Package) error {
	if d.Dialect == db.SQLite {
		if _, err := d.W.ExecContext(ctx, "PRAGMA analysis_limit = 1000"); err != nil {
			return fmt.Errorf("hsds: analyze: %w", err)
		}
	}
	done := map[string]bool{}
	for _, t := range p.spec.All() {
		if len(p.rows[t]) == 0 || done[t.Name] {
			continue
		}
		done[t.Name] = true
		if _, err := d.W.ExecContext(ctx, "ANALYZE "+t.Name); err != nil {
			return fmt.Errorf("hsds: analyze %s: %w", t.Name, err)
		}
	}
	return nil
}
