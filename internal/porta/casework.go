package porta

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"github.com/trama-welfare/trama/internal/people/qualification"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
)

// Cases lists the cases of the coordinator's territory (only theirs with
// mine set), without opening anybody's data.
func (p *Porta) Cases(ctx context.Context, u *auth.User, mine bool, status string, personIDs []string) ([]CaseRow, error) {
	if u.TerritoryID == "" {
		return nil, nil
	}
	f := CaseFilter{TerritoryID: u.TerritoryID, Status: status, PersonIDs: personIDs}
	if mine {
		f.CoordinatorID = u.ID
	}
	return p.listCases(ctx, f)
}

// CaseView is everything on a case's page.
type CaseView struct {
	Case      *Case
	Person    *Person
	Consent   ConsentState
	Needs     []*Need
	Referrals []*Referral
	History   map[string][]HistoryLine
	Events    []Event
	Notices   []Notice
	Helpers   []qualification.Assignment // natural helpers accompanying the person
	Eligible  []qualification.Person     // natural helpers who may be assigned
}

// OpenNeeds are the needs still being handled.
func (v *CaseView) OpenNeeds() []*Need {
	var out []*Need
	for _, n := range v.Needs {
		if n.Open() {
			out = append(out, n)
		}
	}
	return out
}

// ReferredServices are the services the case was already referred to for
// a need (to mark them among the suggestions).
func (v *CaseView) ReferredServices(needID string) map[string]string {
	out := map[string]string{}
	for _, r := range v.Referrals {
		if r.NeedID == needID {
			out[r.ServiceID] = r.Status
		}
	}
	return out
}

// Active tells whether the case can still change.
func (v *CaseView) Active() bool { return v.Case.Status == CaseOpen && !v.Consent.Withdrawn }

// OpenCase reads a case with everything about it; the read is audited.
func (p *Porta) OpenCase(ctx context.Context, u *auth.User, id string) (*CaseView, error) {
	c, err := p.caseFor(ctx, u, id)
	if err != nil {
		return nil, err
	}
	v := &CaseView{Case: c}
	if v.Person, err = p.person(ctx, p.db.R, c.PersonID); err != nil {
		return nil, err
	}
	if v.Consent, err = p.consentOf(ctx, p.db.R, c.PersonID); err != nil {
		return nil, err
	}
	if v.Needs, err = p.needs(ctx, p.db.R, true, `n.case_id = $1 ORDER BY n.created_at`, c.ID); err != nil {
		return nil, err
	}
	if v.Referrals, err = p.referrals(ctx, p.db.R, true, `r.case_id = $1`, c.ID); err != nil {
		return nil, err
	}
	ids := make([]string, len(v.Referrals))
	for i, r := range v.Referrals {
		ids[i] = r.ID
	}
	if v.History, err = p.history(ctx, ids); err != nil {
		return nil, err
	}
	if v.Events, err = p.events(ctx, c.ID, ""); err != nil {
		return nil, err
	}
	if v.Notices, err = p.notices(ctx, c.ID); err != nil {
		return nil, err
	}
	if v.Helpers, err = p.people.Assignments(ctx, c.ID, ""); err != nil {
		return nil, err
	}
	if v.Active() {
		if v.Eligible, err = p.people.EligibleHelpers(ctx, c.TerritoryID); err != nil {
			return nil, err
		}
	}
	err = p.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := read(ctx, tx, "porta_case", c.ID, "case"); err != nil {
			return err
		}
		return read(ctx, tx, "porta_person", c.PersonID, "case")
	})
	return v, err
}

// onActiveCase runs fn in a transaction on a case the coordinator may
// change, once it has checked that the case is open and its person has not
// withdrawn consent. Access is checked before the transaction: a refusal
// writes to the audit log, and on SQLite the transaction holds the only
// writer.
func (p *Porta) onActiveCase(ctx context.Context, u *auth.User, caseID string, fn func(tx *sql.Tx, c *Case) error) error {
	c, err := p.caseFor(ctx, u, caseID)
	if err != nil {
		return err
	}
	return p.db.Tx(ctx, func(tx *sql.Tx) error {
		var status string
		if err := tx.QueryRowContext(ctx, `SELECT status FROM porta_cases WHERE id = $1`, c.ID).Scan(&status); err != nil {
			return err
		}
		if status != CaseOpen {
			return errs.New(errs.Conflict, "porta.errors.closed")
		}
		if err := p.processing(ctx, tx, c.PersonID); err != nil {
			return err
		}
		return fn(tx, c)
	})
}

// AddNote writes a note or a contact in the case's timeline.
func (p *Porta) AddNote(ctx context.Context, u *auth.User, caseID, kind, body string) error {
	body = strings.TrimSpace(body)
	var f errs.Fields
	if body == "" {
		f.Add("body", "errors.required")
	} else if len([]rune(body)) > maxDescription {
		f.Add("body", "errors.too_long", maxDescription)
	}
	if !slices.Contains(NoteKinds, kind) {
		f.Add("kind", "porta.errors.choose")
	}
	if err := f.Err(); err != nil {
		return err
	}
	return p.onActiveCase(ctx, u, caseID, func(tx *sql.Tx, c *Case) error {
		return p.addEvent(ctx, tx, Event{PersonID: c.PersonID, CaseID: c.ID, Kind: kind, Body: body})
	})
}

// CloseCase ends the taking in charge with an outcome; its needs close.
// Referrals keep their own life: an organization that accepted the person
// goes on and records its outcome.
func (p *Porta) CloseCase(ctx context.Context, u *auth.User, caseID, outcome, note string) error {
	if !slices.Contains(Outcomes, outcome) {
		var f errs.Fields
		f.Add("outcome", "porta.errors.outcome_required")
		return f.Err()
	}
	return p.onActiveCase(ctx, u, caseID, func(tx *sql.Tx, c *Case) error {
		now := db.Now()
		if _, err := tx.ExecContext(ctx, `UPDATE porta_cases SET status = 'closed', outcome = $1, closed_at = $2, updated_at = $2
			WHERE id = $3 AND status = 'open'`, outcome, now, c.ID); err != nil {
			return err
		}
		needs, err := p.needs(ctx, tx, false, `n.case_id = $1 AND n.status = 'in_charge'`, c.ID)
		if err != nil {
			return err
		}
		for _, n := range needs {
			if err := setNeedStatus(ctx, tx, n.ID, NeedInCharge, NeedClosed, ""); err != nil {
				return err
			}
		}
		return p.addEvent(ctx, tx, Event{PersonID: c.PersonID, CaseID: c.ID, Kind: EventClosed, Body: strings.TrimSpace(note),
			Detail: map[string]string{"outcome": outcome}})
	})
}

// NoticeDone records that the person was told (by phone, or through the
// organization they named).
func (p *Porta) NoticeDone(ctx context.Context, u *auth.User, caseID, noticeID string) error {
	c, err := p.caseFor(ctx, u, caseID)
	if err != nil {
		return err
	}
	return p.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE porta_notices SET done_at = $1, done_by = $2 WHERE id = $3 AND case_id = $4
			AND done_at IS NULL`, db.Now(), u.Email, noticeID, c.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.NotFoundErr()
		}
		return p.addEvent(ctx, tx, Event{PersonID: c.PersonID, CaseID: c.ID, Kind: EventNotice,
			Detail: map[string]string{"notice": noticeID}})
	})
}
