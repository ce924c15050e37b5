package hsds

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
)

// Statuses of a spreadsheet import.
const (
	ImportPreview   = "preview"   // read and checked, waiting for confirmation
	ImportQueued    = "queued"    // confirmed, waiting for a worker
	ImportRunning   = "running"   // being written
	ImportDone      = "done"      // written
	ImportFailed    = "failed"    // not written (rows became wrong meanwhile)
	ImportCancelled = "cancelled" // dropped at the preview
)

// TemplateImport is a spreadsheet import of the back office.
type TemplateImport struct {
	ID, TerritoryID      string
	CreatedBy, Actor     string // user id and e-mail
	FileName, Content    string
	Status               string
	Rows                 int
	Plan                 Plan
	Result               ImportResult
	CreatedAt, UpdatedAt time.Time
	FinishedAt           *time.Time
}

// ImportResult is what a confirmed import did, or why it did not.
type ImportResult struct {
	Organizations, Created int
	ServicesCreated        int
	ServicesUpdated        int
	Errors                 []RowError
	Failure                string // message key of a failure that is not about rows
}

// Finished tells whether the import will not change any more.
func (t *TemplateImport) Finished() bool {
	return t.Status == ImportDone || t.Status == ImportFailed || t.Status == ImportCancelled
}

const importCols = `id, territory_id, created_by, actor_label, file_name, content, status, rows_total, preview, result,
	created_at, updated_at, finished_at`

func scanImport(s interface{ Scan(...any) error }) (*TemplateImport, error) {
	var t TemplateImport
	var preview, result string
	var finished sql.NullTime
	if err := s.Scan(&t.ID, &t.TerritoryID, &t.CreatedBy, &t.Actor, &t.FileName, &t.Content, &t.Status, &t.Rows,
		&preview, &result, &t.CreatedAt, &t.UpdatedAt, &finished); err != nil {
		return nil, err
	}
	if finished.Valid {
		t.FinishedAt = &finished.Time
	}
	if preview != "" {
		if err := json.Unmarshal([]byte(preview), &t.Plan); err != nil {
			return nil, fmt.Errorf("hsds: import %s: %w", t.ID, err)
		}
		fixArgs(t.Plan.Errors)
	}
	if result != "" {
		if err := json.Unmarshal([]byte(result), &t.Result); err != nil {
			return nil, fmt.Errorf("hsds: import %s: %w", t.ID, err)
		}
		fixArgs(t.Result.Errors)
	}
	return &t, nil
}

// fixArgs gives back their integers to message arguments read from JSON.
func fixArgs(list []RowError) {
	for i := range list {
		for j, a := range list[i].Args {
			if f, ok := a.(float64); ok && f == math.Trunc(f) {
				list[i].Args[j] = int(f)
			}
		}
	}
}

func encodeJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// createImport stores a checked spreadsheet as a preview.
func (h *HSDS) createImport(ctx context.Context, t *TemplateImport) error {
	t.ID, t.Status = directory.NewID(), ImportPreview
	now := db.Now()
	t.CreatedAt, t.UpdatedAt = now, now
	return h.DB.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO hsds_imports (id, territory_id, created_by, actor_label, file_name, content,
			status, rows_total, preview, result, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '', $10, $10)`,
			t.ID, t.TerritoryID, t.CreatedBy, t.Actor, t.FileName, t.Content, t.Status, t.Plan.Rows, encodeJSON(t.Plan), now)
		if err != nil {
			return fmt.Errorf("hsds: store import: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "upload", Entity: "hsds_import", EntityID: t.ID,
			Detail: map[string]any{"rows": t.Plan.Rows, "territory": t.TerritoryID}})
	})
}

// Import returns a spreadsheet import.
func (h *HSDS) Import(ctx context.Context, id string) (*TemplateImport, error) {
	t, err := scanImport(h.DB.R.QueryRowContext(ctx, `SELECT `+importCols+` FROM hsds_imports WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundErr()
	}
	if err != nil {
		return nil, fmt.Errorf("hsds: import %s: %w", id, err)
	}
	return t, nil
}

// Imports lists the latest imports of a territory ("" for all).
func (h *HSDS) Imports(ctx context.Context, territoryID string) ([]*TemplateImport, error) {
	rows, err := h.DB.R.QueryContext(ctx, `SELECT `+importCols+` FROM hsds_imports
		WHERE $1 = '' OR territory_id = $1 ORDER BY created_at DESC LIMIT 20`, territoryID)
	if err != nil {
		return nil, fmt.Errorf("hsds: imports: %w", err)
	}
	defer rows.Close()
	var out []*TemplateImport
	for rows.Next() {
		t, err := scanImport(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// setImportStatus moves an import from one status to another; it reports
// whether it was in the from status.
func setImportStatus(ctx context.Context, q db.Querier, id, from, to string, result *ImportResult) (bool, error) {
	now := db.Now()
	var finished any
	if to == ImportDone || to == ImportFailed || to == ImportCancelled {
		finished = now
	}
	res := ""
	if result != nil {
		res = encodeJSON(result)
	}
	// A finished import no longer needs the file: it is dropped.
	dropFile := ""
	if finished != nil {
		dropFile = ", content = ''"
	}
	r, err := q.ExecContext(ctx, `UPDATE hsds_imports SET status = $1, result = $2, updated_at = $3, finished_at = $4`+dropFile+`
		WHERE id = $5 AND status = $6`, to, res, now, finished, id, from)
	if err != nil {
		return false, fmt.Errorf("hsds: import status: %w", err)
	}
	n, _ := r.RowsAffected()
	return n == 1, nil
}
