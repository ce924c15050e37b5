package hsds

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/jobs"
)

// JobTemplateImport writes a confirmed spreadsheet import.
const JobTemplateImport = "hsds.template_import"

// progress is how far the imports being written on this instance got (the
// page that follows an import reads it; the database only knows the
// status, as the write is one transaction).
type progress struct {
	mu   sync.Mutex
	byID map[string][2]int // done, total
}

func (p *progress) set(id string, done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.byID == nil {
		p.byID = map[string][2]int{}
	}
	if done < 0 {
		delete(p.byID, id)
		return
	}
	p.byID[id] = [2]int{done, total}
}

// Progress returns how many organizations of an import were written, and
// of how many; ok is false when this instance is not writing it.
func (h *HSDS) Progress(id string) (done, total int, ok bool) {
	h.progress.mu.Lock()
	defer h.progress.mu.Unlock()
	p, ok := h.progress.byID[id]
	return p[0], p[1], ok
}

// Confirm queues a previewed import for writing.
func (h *HSDS) Confirm(ctx context.Context, t *TemplateImport) error {
	if !t.Plan.OK() {
		return fmt.Errorf("hsds: import %s has rejected rows", t.ID)
	}
	return h.DB.Tx(ctx, func(tx *sql.Tx) error {
		ok, err := setImportStatus(ctx, tx, t.ID, ImportPreview, ImportQueued, nil)
		if err != nil || !ok {
			return err
		}
		if err := jobs.Enqueue(ctx, tx, JobTemplateImport, map[string]string{"id": t.ID}, jobs.Options{UniqueKey: "hsds-import-" + t.ID}); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "confirm", Entity: "hsds_import", EntityID: t.ID})
	})
}

// Cancel drops a previewed import.
func (h *HSDS) Cancel(ctx context.Context, t *TemplateImport) error {
	return h.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := setImportStatus(ctx, tx, t.ID, ImportPreview, ImportCancelled, nil); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "cancel", Entity: "hsds_import", EntityID: t.ID})
	})
}

// TemplateJob is the handler of JobTemplateImport.
func (h *HSDS) TemplateJob(ctx context.Context, payload json.RawMessage) error {
	var p struct{ ID string }
	if err := json.Unmarshal(payload, &p); err != nil {
		return jobs.Permanent{Err: err}
	}
	return h.writeImport(ctx, p.ID)
}

// writeImport checks the spreadsheet again (the directory may have changed
// since the preview) and publishes its records in one transaction: all of
// them or, when a row became wrong, none (the import then fails with the
// rows to fix).
func (h *HSDS) writeImport(ctx context.Context, id string) error {
	t, err := h.Import(ctx, id)
	if err != nil {
		return err
	}
	if t.Status == ImportQueued {
		if _, err := setImportStatus(ctx, h.DB.W, id, ImportQueued, ImportRunning, nil); err != nil {
			return err
		}
	} else if t.Status != ImportRunning {
		return nil // already done, or dropped
	}
	ctx = audit.WithActor(ctx, audit.Actor{ID: t.CreatedBy, Label: t.Actor})
	plan, recs, err := h.PlanTemplate(ctx, t.TerritoryID, t.FileName, t.Content)
	if err != nil || !plan.OK() {
		res := &ImportResult{Failure: "hsds.template.errors.changed"}
		if plan != nil {
			res.Errors = plan.Errors
		}
		_, serr := setImportStatus(ctx, h.DB.W, id, ImportRunning, ImportFailed, res)
		return serr
	}
	today := time.Now().In(rome).Format(time.DateOnly)
	res := &ImportResult{Organizations: len(plan.Organizations)}
	res.ServicesCreated, res.ServicesUpdated = plan.Services()
	for i, po := range plan.Organizations {
		if po.New {
			res.Created++
		}
		for j := range recs[i].Services {
			s := &recs[i].Services[j]
			if slices.ContainsFunc(po.Services, func(ps PlanService) bool { return ps.Name == s.Name }) {
				s.AssuredDate, s.AssurerEmail = today, t.Actor
			}
		}
	}
	defer h.progress.set(id, -1, 0)
	err = h.DB.Tx(ctx, func(tx *sql.Tx) error {
		for i, rec := range recs {
			h.progress.set(id, i, len(recs))
			if err := h.Dir.PublishImported(ctx, tx, rec, t.Actor, t.FileName); err != nil {
				return err
			}
		}
		if _, err := setImportStatus(ctx, tx, id, ImportRunning, ImportDone, res); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "import", Entity: "hsds_import", EntityID: id,
			Detail: map[string]any{"organizations": res.Organizations, "services": res.ServicesCreated + res.ServicesUpdated}})
	})
	if err != nil {
		// Nothing was written; the coordinator sees the import failed and
		// can upload the file again.
		slog.Error("hsds: spreadsheet import failed", "id", id, "err", err)
		_, serr := setImportStatus(ctx, h.DB.W, id, ImportRunning, ImportFailed, &ImportResult{Failure: "hsds.template.errors.write_failed"})
		return serr
	}
	return nil
}

var rome = func() *time.Location {
	l, err := time.LoadLocation("Europe/Rome")
	if err != nil {
		panic(err)
	}
	return l
}()
