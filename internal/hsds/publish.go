package hsds

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/audit"
)

// publish stores, for every organization the import published, its record
// as a new published version (the older one superseded), a history line
// and an audit entry, so that it can be edited in the back office like any
// other. Records of new organizations are built from the package; the
// others are read back from the tables just written.
func (w *writer) publish() error {
	if err := inBatches(w.orgs, func(args []any, ph string) error {
		_, err := w.tx.ExecContext(w.ctx, `UPDATE organization_versions SET status = 'superseded', updated_at = $`+
			fmt.Sprint(len(args)+1)+` WHERE status = 'published' AND organization_id IN (`+ph+`)`, append(args, w.now)...)
		return err
	}); err != nil {
		return fmt.Errorf("hsds: supersede versions: %w", err)
	}
	for _, id := range w.touched {
		if _, err := w.tx.ExecContext(w.ctx, `UPDATE organizations SET published_version = $1, updated_at = $2 WHERE id = $3`,
			w.versions[id], w.now, id); err != nil {
			return fmt.Errorf("hsds: organization %s: %w", id, err)
		}
	}
	a := audit.ActorFrom(w.ctx)
	versions := newBulk(w.ctx, w.dialect, w.tx, "organization_versions", []string{"id", "organization_id", "number", "status",
		"document", "base_version", "revision", "created_by", "created_at", "updated_at", "reviewed_by", "reviewed_at", "comment"}, false)
	history := newBulk(w.ctx, w.dialect, w.tx, "organization_history", []string{"organization_id", "version_number", "at",
		"actor_id", "actor_label", "from_status", "to_status", "comment"}, false)
	for _, id := range w.orgs {
		var doc []byte
		if w.res.existing[id].status == "" {
			d, ok := <-w.docs
			switch {
			case !ok:
				return fmt.Errorf("hsds: no record for %s", id)
			case d.err != nil:
				return d.err
			case d.id != id:
				return fmt.Errorf("hsds: record of %s where %s was expected", d.id, id)
			}
			doc = d.doc
		} else {
			rec, err := w.store.LoadRecord(w.ctx, w.tx, id)
			if err != nil {
				return fmt.Errorf("hsds: read back %s: %w", id, err)
			}
			if doc, err = json.Marshal(rec); err != nil {
				return fmt.Errorf("hsds: encode record %s: %w", id, err)
			}
		}
		n := w.versions[id]
		if err := versions.add(directory.NewID(), id, n, directory.VersionPublished, string(doc), n-1, 1, a.Label,
			w.now, w.now, a.Label, w.now, w.source); err != nil {
			return err
		}
		if err := history.add(id, n, w.now, a.ID, a.Label, w.res.existing[id].status, directory.TransitionImported, w.source); err != nil {
			return err
		}
		if err := audit.Record(w.ctx, w.tx, audit.Entry{Action: "import", Entity: "organization", EntityID: id,
			Detail: map[string]any{"version": n}}); err != nil {
			return err
		}
	}
	if err := versions.close(); err != nil {
		return err
	}
	return history.close()
}

// document is the encoded record of a new organization.
type document struct {
	id  string
	doc []byte
	err error
}

// documents builds the records of the organizations the database does not
// have yet and sends them encoded, in id order (the order in which the
// importer publishes), dropping each record once sent; it stops early when
// stop closes.
func (p *Package) documents(res *resolution, out chan<- document, stop <-chan struct{}) {
	defer close(out)
	newOrgs := map[string]bool{}
	var ids []string
	for _, id := range p.column("organization", "id") {
		if res.existing[id].status == "" {
			newOrgs[id] = true
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	recs := p.buildRecords(newOrgs, res.codes, res.territory, res.istat)
	for _, id := range ids {
		d := document{id: id}
		if d.doc, d.err = json.Marshal(recs[id]); d.err != nil {
			d.err = fmt.Errorf("hsds: encode record %s: %w", id, d.err)
		}
		delete(recs, id)
		select {
		case out <- d:
		case <-stop:
			return
		}
		if d.err != nil {
			return
		}
	}
}
