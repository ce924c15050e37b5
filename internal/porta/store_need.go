package porta

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
)

func joinCodes(codes []string) string { return strings.Join(codes, ",") }

func splitCodes(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// insertNeed stores a new need; with a receipt code it also stores the
// code's hash (to follow the request) and the code itself, sealed (so that
// a key rotation can recompute the hash).
func (p *Porta) insertNeed(ctx context.Context, q db.Querier, n *Need, receipt string) error {
	details, err := p.sealJSON(n.Details)
	if err != nil {
		return err
	}
	var rHash, rCode string
	if receipt != "" {
		rHash = receiptHash(p.keys, receipt)
		if rCode, err = p.keys.Seal(receipt); err != nil {
			return err
		}
	}
	n.ID = newID()
	now := db.Now()
	n.CreatedAt, n.UpdatedAt = now, now
	if n.Status == "" {
		n.Status = NeedNew
	}
	_, err = q.ExecContext(ctx, `INSERT INTO porta_needs (id, territory_id, person_id, source, status, urgency, categories,
		details, receipt_hash, receipt_code, created_by, organization_id, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)`,
		n.ID, n.TerritoryID, n.PersonID, n.Source, n.Status, n.Urgency, joinCodes(n.Categories), details, rHash, rCode,
		n.CreatedBy, n.OrganizationID, now)
	if err != nil {
		return fmt.Errorf("porta: insert need: %w", err)
	}
	return nil
}

const needCols = `id, territory_id, person_id, COALESCE(case_id, ''), source, status, urgency, categories, details, reason,
	created_by, organization_id, created_at, updated_at, taken_at, closed_at`

// scanNeed reads a need; with open set it decrypts its details.
func (p *Porta) scanNeed(s interface{ Scan(...any) error }, open bool) (*Need, error) {
	var n Need
	var cats, details, reason string
	var taken, closed sql.NullTime
	if err := s.Scan(&n.ID, &n.TerritoryID, &n.PersonID, &n.CaseID, &n.Source, &n.Status, &n.Urgency, &cats, &details,
		&reason, &n.CreatedBy, &n.OrganizationID, &n.CreatedAt, &n.UpdatedAt, &taken, &closed); err != nil {
		return nil, err
	}
	n.Categories = splitCodes(cats)
	if taken.Valid {
		n.TakenAt = &taken.Time
	}
	if closed.Valid {
		n.ClosedAt = &closed.Time
	}
	if open {
		if err := p.openJSON(details, &n.Details); err != nil {
			return nil, fmt.Errorf("porta: need %s: %w", n.ID, err)
		}
		var err error
		if n.Reason, err = p.keys.Open(reason); err != nil {
			return nil, fmt.Errorf("porta: need %s: %w", n.ID, err)
		}
	}
	return &n, nil
}

// need reads one need (decrypted when open is set).
func (p *Porta) need(ctx context.Context, q db.Querier, id string, open bool) (*Need, error) {
	n, err := p.scanNeed(q.QueryRowContext(ctx, `SELECT `+needCols+` FROM porta_needs WHERE id = $1`, id), open)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundErr()
	}
	if err != nil {
		return nil, fmt.Errorf("porta: need %s: %w", id, err)
	}
	return n, nil
}

// needs lists needs matching a condition on porta_needs (alias n).
func (p *Porta) needs(ctx context.Context, q db.Querier, open bool, where string, args ...any) ([]*Need, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+needCols+` FROM porta_needs n WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("porta: needs: %w", err)
	}
	defer rows.Close()
	var out []*Need
	for rows.Next() {
		n, err := p.scanNeed(rows, open)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// setNeedStatus moves a need, stamping taken_at or closed_at.
func setNeedStatus(ctx context.Context, q db.Querier, id, from, to, caseID string) error {
	now := db.Now()
	var taken, closed any
	switch to {
	case NeedInCharge:
		taken = now
	case NeedNotPertinent, NeedClosed, NeedWithdrawn:
		closed = now
	}
	var c any
	if caseID != "" {
		c = caseID
	}
	res, err := q.ExecContext(ctx, `UPDATE porta_needs SET status = $1, updated_at = $2,
		taken_at = COALESCE($3, taken_at), closed_at = COALESCE($4, closed_at), case_id = COALESCE($5, case_id)
		WHERE id = $6 AND status = $7`, to, now, taken, closed, c, id, from)
	if err != nil {
		return fmt.Errorf("porta: need status: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.New(errs.Conflict, "porta.errors.moved")
	}
	return nil
}

// QueueItem is a need waiting in triage, shown without personal content.
type QueueItem struct {
	ID         string
	PersonID   string
	Source     string
	Urgency    int
	Categories []string
	ISTATCode  string
	HasMinors  bool
	CreatedAt  time.Time
	Duplicate  bool
}

// Waiting is how long the need has waited, in whole days.
func (q QueueItem) Waiting(now time.Time) int { return int(now.Sub(q.CreatedAt).Hours() / 24) }

// QueuePageSize is how many requests a page of the triage queue shows.
const QueuePageSize = 50

// QueueFilter narrows the triage queue: Urgency 0 is any; Page is 1-based.
type QueueFilter struct {
	Urgency int
	Page    int
}

// queue lists one page of a territory's new needs, most urgent and oldest
// first, and how many there are. Both queries run on the index
// porta_needs_triage (territory, status, urgency DESC, created_at, id), so
// a page costs its rows, not the queue's length; the duplicate flags are
// computed for the page's persons only.
func (p *Porta) queue(ctx context.Context, territoryID string, f QueueFilter) ([]QueueItem, int, error) {
	where, args := `n.territory_id = $1 AND n.status = 'new'`, []any{territoryID}
	if f.Urgency > 0 {
		args = append(args, f.Urgency)
		where += ` AND n.urgency = $2`
	}
	var total int
	if err := p.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM porta_needs n WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("porta: queue count: %w", err)
	}
	offset := (max(f.Page, 1) - 1) * QueuePageSize
	if offset >= total {
		return nil, total, nil
	}
	n := len(args)
	rows, err := p.db.R.QueryContext(ctx, `SELECT n.id, n.person_id, n.source, n.urgency, n.categories, pr.istat_code,
		pr.has_minors, n.created_at FROM porta_needs n JOIN porta_persons pr ON pr.id = n.person_id
		WHERE `+where+` ORDER BY n.urgency DESC, n.created_at, n.id LIMIT $`+strconv.Itoa(n+1)+` OFFSET $`+strconv.Itoa(n+2),
		append(args, QueuePageSize, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("porta: queue: %w", err)
	}
	var out []QueueItem
	var persons []string
	for rows.Next() {
		var it QueueItem
		var cats string
		if err := rows.Scan(&it.ID, &it.PersonID, &it.Source, &it.Urgency, &cats, &it.ISTATCode, &it.HasMinors, &it.CreatedAt); err != nil {
			rows.Close()
			return nil, 0, err
		}
		it.Categories = splitCodes(cats)
		out = append(out, it)
		persons = append(persons, it.PersonID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	dups, err := p.duplicateFlags(ctx, territoryID, persons)
	if err != nil {
		return nil, 0, err
	}
	for i := range out {
		out[i].Duplicate = dups[out[i].PersonID]
	}
	return out, total, nil
}

// Submitted is a need as its author (a sentinel, a desk) sees it
// afterwards: when, where, what kind, and only whether it was taken in
// charge.
type Submitted struct {
	ID         string
	CreatedAt  time.Time
	ISTATCode  string
	Categories []string
	Stage      string // received, in_charge, closed
}

// stage is what an author may know of a need's status.
func stage(status string) string {
	switch status {
	case NeedNew:
		return "received"
	case NeedInCharge:
		return "in_charge"
	}
	return "closed"
}

// submittedBy lists the needs a user recorded with a source.
func (p *Porta) submittedBy(ctx context.Context, userID, source string) ([]Submitted, error) {
	rows, err := p.db.R.QueryContext(ctx, `SELECT n.id, n.created_at, pr.istat_code, n.categories, n.status
		FROM porta_needs n JOIN porta_persons pr ON pr.id = n.person_id
		WHERE n.created_by = $1 AND n.source = $2 ORDER BY n.created_at DESC LIMIT 200`, userID, source)
	if err != nil {
		return nil, fmt.Errorf("porta: submitted: %w", err)
	}
	defer rows.Close()
	var out []Submitted
	for rows.Next() {
		var s Submitted
		var cats, status string
		if err := rows.Scan(&s.ID, &s.CreatedAt, &s.ISTATCode, &cats, &status); err != nil {
			return nil, err
		}
		s.Categories, s.Stage = splitCodes(cats), stage(status)
		out = append(out, s)
	}
	return out, rows.Err()
}
