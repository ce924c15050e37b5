package porta

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
)

const referralCols = `r.id, r.territory_id, r.case_id, r.need_id, r.person_id, r.service_id, r.organization_id, r.service_name,
	r.organization_name, r.status, r.outcome, r.decline_reason, r.message, r.created_by, r.created_at, r.updated_at,
	r.answered_at, r.reminded_at, r.reminders, r.closed_at`

func (p *Porta) scanReferral(s interface{ Scan(...any) error }, open bool) (*Referral, error) {
	var r Referral
	var msg string
	var answered, reminded, closed sql.NullTime
	if err := s.Scan(&r.ID, &r.TerritoryID, &r.CaseID, &r.NeedID, &r.PersonID, &r.ServiceID, &r.OrganizationID,
		&r.ServiceName, &r.OrganizationName, &r.Status, &r.Outcome, &r.DeclineReason, &msg, &r.CreatedBy, &r.CreatedAt,
		&r.UpdatedAt, &answered, &reminded, &r.Reminders, &closed); err != nil {
		return nil, err
	}
	r.AnsweredAt, r.RemindedAt, r.ClosedAt = nullTime(answered), nullTime(reminded), nullTime(closed)
	if open {
		var err error
		if r.Message, err = p.keys.Open(msg); err != nil {
			return nil, fmt.Errorf("porta: referral %s: %w", r.ID, err)
		}
	}
	return &r, nil
}

func nullTime(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	return &t.Time
}

// referral reads one referral.
func (p *Porta) referral(ctx context.Context, q db.Querier, id string, open bool) (*Referral, error) {
	r, err := p.scanReferral(q.QueryRowContext(ctx, `SELECT `+referralCols+` FROM porta_referrals r WHERE r.id = $1`, id), open)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundErr()
	}
	if err != nil {
		return nil, fmt.Errorf("porta: referral %s: %w", id, err)
	}
	return r, nil
}

// referrals lists referrals matching a condition on porta_referrals (r).
func (p *Porta) referrals(ctx context.Context, q db.Querier, open bool, where string, args ...any) ([]*Referral, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+referralCols+` FROM porta_referrals r WHERE `+where+` ORDER BY r.created_at, r.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("porta: referrals: %w", err)
	}
	defer rows.Close()
	var out []*Referral
	for rows.Next() {
		r, err := p.scanReferral(rows, open)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// insertReferral stores a new referral in status sent, with its first
// history line.
func (p *Porta) insertReferral(ctx context.Context, q db.Querier, r *Referral) error {
	msg, err := p.keys.Seal(r.Message)
	if err != nil {
		return err
	}
	r.ID = newID()
	now := db.Now()
	r.CreatedAt, r.UpdatedAt, r.Status = now, now, RefSent
	if _, err := q.ExecContext(ctx, `INSERT INTO porta_referrals (id, territory_id, case_id, need_id, person_id, service_id,
		organization_id, service_name, organization_name, status, message, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)`,
		r.ID, r.TerritoryID, r.CaseID, r.NeedID, r.PersonID, r.ServiceID, r.OrganizationID, r.ServiceName, r.OrganizationName,
		r.Status, msg, r.CreatedBy, now); err != nil {
		return fmt.Errorf("porta: insert referral: %w", err)
	}
	return p.historyLine(ctx, q, r.ID, "", RefSent, "", "")
}

func (p *Porta) historyLine(ctx context.Context, q db.Querier, refID, from, to, code, note string) error {
	sealed, err := p.keys.Seal(note)
	if err != nil {
		return err
	}
	a := audit.ActorFrom(ctx)
	if _, err := q.ExecContext(ctx, `INSERT INTO porta_referral_history (referral_id, at, actor_id, actor_label, from_status,
		to_status, code, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, refID, db.Now(), a.ID, a.Label, from, to, code, sealed); err != nil {
		return fmt.Errorf("porta: referral history: %w", err)
	}
	return audit.Record(ctx, q, audit.Entry{Action: "status", Entity: "porta_referral", EntityID: refID,
		Detail: map[string]any{"from": from, "to": to, "code": code}})
}

// moveReferral applies a valid move in q: status, stamps, history line and
// a line in the case's timeline. The caller has checked who may move it.
func (p *Porta) moveReferral(ctx context.Context, q db.Querier, r *Referral, m Move) error {
	if !CanMove(r.Status, m.To) {
		return errs.New(errs.Conflict, "porta.errors.transition")
	}
	now := db.Now()
	var answered, closed any
	if r.Status == RefSent {
		answered = now
	}
	if FinalStatus(m.To) {
		closed = now
	}
	code := ""
	switch m.To {
	case RefConcluded:
		code = m.Outcome
	case RefDeclined, RefWithdrawn:
		code = m.Reason
	}
	outcome, reason := r.Outcome, r.DeclineReason
	if m.To == RefConcluded {
		outcome = m.Outcome
	}
	if m.To == RefDeclined {
		reason = m.Reason
	}
	res, err := q.ExecContext(ctx, `UPDATE porta_referrals SET status = $1, outcome = $2, decline_reason = $3, updated_at = $4,
		answered_at = COALESCE(answered_at, $5), closed_at = COALESCE(closed_at, $6) WHERE id = $7 AND status = $8`,
		m.To, outcome, reason, now, answered, closed, r.ID, r.Status)
	if err != nil {
		return fmt.Errorf("porta: move referral: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.New(errs.Conflict, "porta.errors.moved")
	}
	if err := p.historyLine(ctx, q, r.ID, r.Status, m.To, code, m.Note); err != nil {
		return err
	}
	from := r.Status
	r.Status, r.Outcome, r.DeclineReason = m.To, outcome, reason
	return p.addEvent(ctx, q, Event{PersonID: r.PersonID, NeedID: r.NeedID, CaseID: r.CaseID, Kind: EventReferral,
		Detail: map[string]string{"referral": r.ID, "service": r.ServiceName, "organization": r.OrganizationName,
			"from": from, "to": m.To, "code": code}})
}

// history lists the changes of referrals, oldest first, notes opened.
func (p *Porta) history(ctx context.Context, ids []string) (map[string][]HistoryLine, error) {
	out := map[string][]HistoryLine{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := p.db.R.QueryContext(ctx, `SELECT referral_id, at, actor_label, from_status, to_status, code, note
		FROM porta_referral_history WHERE `+in("referral_id", 1, len(ids))+` ORDER BY at, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("porta: referral history: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h HistoryLine
		var note string
		if err := rows.Scan(&h.ReferralID, &h.At, &h.ActorLabel, &h.From, &h.To, &h.Code, &note); err != nil {
			return nil, err
		}
		if h.Note, err = p.keys.Open(note); err != nil {
			return nil, err
		}
		out[h.ReferralID] = append(out[h.ReferralID], h)
	}
	return out, rows.Err()
}
