package porta

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
)

// insertConsent records a consent collected now by the actor in ctx
// (nobody for the public form: the person gave it themselves).
func insertConsent(ctx context.Context, q db.Querier, c *Consent) error {
	a := audit.ActorFrom(ctx)
	c.ID, c.CollectedAt = newID(), db.Now()
	if c.Purpose == "" {
		c.Purpose = PurposePorta
	}
	if c.Notice == "" {
		c.Notice = NoticeVersion
	}
	c.CollectedBy, c.CollectedLabel = a.ID, a.Label
	if c.Method == MethodWeb {
		c.CollectedBy, c.CollectedLabel = "", ""
	}
	_, err := q.ExecContext(ctx, `INSERT INTO porta_consents (id, person_id, purpose, scope, method, notice, collected_by,
		collected_label, collected_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		c.ID, c.PersonID, c.Purpose, strings.Join(c.Scope, ","), c.Method, c.Notice, c.CollectedBy, c.CollectedLabel, c.CollectedAt)
	if err != nil {
		return fmt.Errorf("porta: consent: %w", err)
	}
	return audit.Record(ctx, q, audit.Entry{Action: "consent", Entity: "porta_person", EntityID: c.PersonID,
		Detail: map[string]any{"consent": c.ID, "scope": c.Scope, "method": c.Method}})
}

// consents lists a person's consents, newest first.
func consents(ctx context.Context, q db.Querier, personID string) ([]Consent, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, person_id, purpose, scope, method, notice, collected_by, collected_label,
		collected_at, withdrawn_at, withdrawn_label FROM porta_consents WHERE person_id = $1 ORDER BY collected_at DESC, id`, personID)
	if err != nil {
		return nil, fmt.Errorf("porta: consents: %w", err)
	}
	defer rows.Close()
	var out []Consent
	for rows.Next() {
		var c Consent
		var scope string
		var w sql.NullTime
		if err := rows.Scan(&c.ID, &c.PersonID, &c.Purpose, &scope, &c.Method, &c.Notice, &c.CollectedBy, &c.CollectedLabel,
			&c.CollectedAt, &w, &c.WithdrawnLabel); err != nil {
			return nil, err
		}
		c.Scope = splitCodes(scope)
		if w.Valid {
			c.WithdrawnAt = &w.Time
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ConsentState sums up a person's consents.
type ConsentState struct {
	Coordination bool // their request may be handled
	Referrals    bool // their data may go to the organizations they are referred to
	Withdrawn    bool // they withdrew consent: processing stopped
}

func consentState(list []Consent) ConsentState {
	var s ConsentState
	for _, c := range list {
		s.Coordination = s.Coordination || c.Covers(ScopeCoordination)
		s.Referrals = s.Referrals || c.Covers(ScopeReferrals)
		s.Withdrawn = s.Withdrawn || (!c.Active() && slices.Contains(c.Scope, ScopeCoordination))
	}
	// A new consent after a withdrawal restarts processing.
	if s.Coordination {
		s.Withdrawn = false
	}
	return s
}

func (p *Porta) consentOf(ctx context.Context, q db.Querier, personID string) (ConsentState, error) {
	list, err := consents(ctx, q, personID)
	return consentState(list), err
}

// processing refuses to act on a person who withdrew consent.
func (p *Porta) processing(ctx context.Context, q db.Querier, personID string) error {
	s, err := p.consentOf(ctx, q, personID)
	if err != nil {
		return err
	}
	if s.Withdrawn {
		return errs.New(errs.Conflict, "porta.errors.consent_withdrawn")
	}
	return nil
}

// RecordConsent records a consent a coordinator collected from the person
// (in person or by phone).
func (p *Porta) RecordConsent(ctx context.Context, u *auth.User, personID string, scope []string, method string) error {
	if err := p.canSeePerson(ctx, u, personID); err != nil {
		return err
	}
	var f errs.Fields
	if !slices.Contains(scope, ScopeCoordination) {
		f.Add("scope", "porta.errors.scope_coordination")
	}
	for _, s := range scope {
		if !slices.Contains(Scopes, s) {
			f.Add("scope", "porta.errors.choose")
		}
	}
	if !slices.Contains(Methods, method) {
		f.Add("method", "porta.errors.choose")
	}
	if err := f.Err(); err != nil {
		return err
	}
	return p.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := insertConsent(ctx, tx, &Consent{PersonID: personID, Scope: scope, Method: method}); err != nil {
			return err
		}
		return p.addEvent(ctx, tx, Event{PersonID: personID, Kind: EventConsent, Detail: map[string]string{"scope": strings.Join(scope, ",")}})
	})
}

// withdrawConsent withdraws every active consent of a person and stops
// processing: their open needs are closed as withdrawn, the open case
// closed, the referrals not yet over withdrawn. Nothing is deleted: the
// person can ask for erasure, and retention anonymises the rest.
func (p *Porta) withdrawConsent(ctx context.Context, tx *sql.Tx, personID string) error {
	a := audit.ActorFrom(ctx)
	now := db.Now()
	if _, err := tx.ExecContext(ctx, `UPDATE porta_consents SET withdrawn_at = $1, withdrawn_by = $2, withdrawn_label = $3
		WHERE person_id = $4 AND withdrawn_at IS NULL`, now, a.ID, a.Label, personID); err != nil {
		return fmt.Errorf("porta: withdraw consent: %w", err)
	}
	if err := audit.Record(ctx, tx, audit.Entry{Action: "withdraw_consent", Entity: "porta_person", EntityID: personID}); err != nil {
		return err
	}
	return p.stopProcessing(ctx, tx, personID, NeedWithdrawn, OutcomeWithdrawn, "consent_withdrawn")
}

// stopProcessing closes everything open about a person: needs go to
// needStatus, open cases close with outcome, referrals not over are
// withdrawn with a history line saying why.
func (p *Porta) stopProcessing(ctx context.Context, tx *sql.Tx, personID, needStatus, outcome, why string) error {
	refs, err := p.referrals(ctx, tx, false, `r.person_id = $1`, personID)
	if err != nil {
		return err
	}
	for _, r := range refs {
		if !FinalStatus(r.Status) {
			if err := p.moveReferral(ctx, tx, r, Move{To: RefWithdrawn, Reason: why}); err != nil {
				return err
			}
		}
	}
	needs, err := p.needs(ctx, tx, false, `n.person_id = $1 AND n.status IN ('new', 'in_charge')`, personID)
	if err != nil {
		return err
	}
	for _, n := range needs {
		if err := setNeedStatus(ctx, tx, n.ID, n.Status, needStatus, ""); err != nil {
			return err
		}
	}
	now := db.Now()
	rows, err := tx.QueryContext(ctx, `SELECT id FROM porta_cases WHERE person_id = $1 AND status = 'open'`, personID)
	if err != nil {
		return err
	}
	var open []string
	for rows.Next() {
		var id string
		rows.Scan(&id)
		open = append(open, id)
	}
	rows.Close()
	for _, id := range open {
		if _, err := tx.ExecContext(ctx, `UPDATE porta_cases SET status = 'closed', outcome = $1, closed_at = $2, updated_at = $2
			WHERE id = $3`, outcome, now, id); err != nil {
			return fmt.Errorf("porta: close case: %w", err)
		}
		if err := p.addEvent(ctx, tx, Event{PersonID: personID, CaseID: id, Kind: EventWithdrawn,
			Detail: map[string]string{"why": why}}); err != nil {
			return err
		}
	}
	return nil
}
