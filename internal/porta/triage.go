package porta

import (
	"context"
	"database/sql"
	"strings"

	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
)

// Queue lists a page of the new needs of the coordinator's territory, most
// urgent and oldest first, without opening anybody's data, and how many
// needs the filter matches.
func (p *Porta) Queue(ctx context.Context, u *auth.User, f QueueFilter) ([]QueueItem, int, error) {
	if u.TerritoryID == "" {
		return nil, 0, nil
	}
	return p.queue(ctx, u.TerritoryID, f)
}

// NeedView is a need opened in triage: the need, the person, their
// consents, the timeline and the persons who may be the same one.
type NeedView struct {
	Need       *Need
	Person     *Person
	Consent    ConsentState
	Consents   []Consent
	Events     []Event
	Duplicates []Duplicate
	Case       *Case // the person's open case, if any
}

// OpenNeed reads a need for triage; the read is audited.
func (p *Porta) OpenNeed(ctx context.Context, u *auth.User, id string) (*NeedView, error) {
	n, err := p.needFor(ctx, u, id, true)
	if err != nil {
		return nil, err
	}
	v := &NeedView{Need: n}
	if v.Person, err = p.person(ctx, p.db.R, n.PersonID); err != nil {
		return nil, err
	}
	if v.Consents, err = consents(ctx, p.db.R, n.PersonID); err != nil {
		return nil, err
	}
	v.Consent = consentState(v.Consents)
	if v.Events, err = p.events(ctx, "", n.ID); err != nil {
		return nil, err
	}
	if n.Status == NeedNew {
		if v.Duplicates, err = p.duplicates(ctx, v.Person); err != nil {
			return nil, err
		}
	}
	if v.Case, err = p.openCaseOf(ctx, p.db.R, n.PersonID); err != nil {
		return nil, err
	}
	err = p.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := read(ctx, tx, "porta_need", n.ID, "triage"); err != nil {
			return err
		}
		for _, d := range v.Duplicates { // their names are on the page too
			if err := read(ctx, tx, "porta_person", d.Person.ID, "duplicates"); err != nil {
				return err
			}
		}
		return read(ctx, tx, "porta_person", n.PersonID, "triage")
	})
	return v, err
}

// Coordinators lists the coordinators of u's territory (to assign to).
func (p *Porta) Coordinators(ctx context.Context, u *auth.User) ([]*auth.User, error) {
	return recipients(ctx, p.db.R, `u.role = 'coordinatore' AND u.territory_id = $1`, u.TerritoryID)
}

// Assign takes a need in charge: it joins the person's open case, or opens
// one for the chosen coordinator (the user themselves when empty). The
// person is told, the way they asked, and the assignee by e-mail.
func (p *Porta) Assign(ctx context.Context, u *auth.User, needID, coordinatorID string) (string, error) {
	n, err := p.needFor(ctx, u, needID, false)
	if err != nil {
		return "", err
	}
	if n.Status != NeedNew {
		return "", errs.New(errs.Conflict, "porta.errors.moved")
	}
	if coordinatorID == "" {
		coordinatorID = u.ID
	}
	if coordinatorID != u.ID {
		list, err := recipients(ctx, p.db.R, `u.id = $1 AND u.role = 'coordinatore' AND u.territory_id = $2`, coordinatorID, n.TerritoryID)
		if err != nil {
			return "", err
		}
		if len(list) == 0 {
			var f errs.Fields
			f.Add("coordinator_id", "porta.errors.choose")
			return "", f.Err()
		}
	}
	var caseID string
	err = p.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := p.processing(ctx, tx, n.PersonID); err != nil {
			return err
		}
		c, err := p.openCaseOf(ctx, tx, n.PersonID)
		if err != nil {
			return err
		}
		if c == nil {
			c = &Case{TerritoryID: n.TerritoryID, PersonID: n.PersonID, CoordinatorID: coordinatorID}
			if err := insertCase(ctx, tx, c); err != nil {
				return err
			}
			if coordinatorID != u.ID {
				if err := p.notifyAssignee(ctx, tx, coordinatorID, c.ID); err != nil {
					return err
				}
			}
		}
		caseID = c.ID
		if err := setNeedStatus(ctx, tx, n.ID, NeedNew, NeedInCharge, c.ID); err != nil {
			return err
		}
		if err := p.addEvent(ctx, tx, Event{PersonID: n.PersonID, NeedID: n.ID, CaseID: c.ID, Kind: EventAssigned,
			Detail: map[string]string{"coordinator": coordinatorID}}); err != nil {
			return err
		}
		pr, err := p.person(ctx, tx, n.PersonID)
		if err != nil {
			return err
		}
		return p.tell(ctx, tx, pr, n, c.ID, "taken")
	})
	return caseID, err
}

// Merge joins a new need to another person of the territory who is the
// same one: the need, its consents and its timeline move to that person,
// the duplicate person record is deleted; when that person has an open
// case the need joins it.
func (p *Porta) Merge(ctx context.Context, u *auth.User, needID, intoPersonID string) error {
	n, err := p.needFor(ctx, u, needID, false)
	if err != nil {
		return err
	}
	if n.Status != NeedNew {
		return errs.New(errs.Conflict, "porta.errors.moved")
	}
	t, err := p.personTerritory(ctx, intoPersonID)
	if err != nil || t != n.TerritoryID || intoPersonID == n.PersonID {
		return errs.NotFoundErr()
	}
	return p.db.Tx(ctx, func(tx *sql.Tx) error {
		old := n.PersonID
		for _, table := range []string{"porta_needs", "porta_consents", "porta_events", "porta_cases", "porta_referrals"} {
			if _, err := tx.ExecContext(ctx, `UPDATE `+table+` SET person_id = $1 WHERE person_id = $2`, intoPersonID, old); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM porta_persons WHERE id = $1`, old); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Entry{Action: "merge", Entity: "porta_person", EntityID: intoPersonID,
			Detail: map[string]any{"merged": old, "need": n.ID}}); err != nil {
			return err
		}
		n.PersonID = intoPersonID
		if err := p.addEvent(ctx, tx, Event{PersonID: intoPersonID, NeedID: n.ID, Kind: EventMerged}); err != nil {
			return err
		}
		c, err := p.openCaseOf(ctx, tx, intoPersonID)
		if err != nil || c == nil {
			return err
		}
		if err := setNeedStatus(ctx, tx, n.ID, NeedNew, NeedInCharge, c.ID); err != nil {
			return err
		}
		return p.addEvent(ctx, tx, Event{PersonID: intoPersonID, NeedID: n.ID, CaseID: c.ID, Kind: EventAssigned,
			Detail: map[string]string{"coordinator": c.CoordinatorID}})
	})
}

// NotPertinent closes a new need in triage, with the reason written down.
func (p *Porta) NotPertinent(ctx context.Context, u *auth.User, needID, reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		var f errs.Fields
		f.Add("reason", "porta.errors.reason_required")
		return f.Err()
	}
	n, err := p.needFor(ctx, u, needID, false)
	if err != nil {
		return err
	}
	if n.Status != NeedNew {
		return errs.New(errs.Conflict, "porta.errors.moved")
	}
	sealed, err := p.keys.Seal(reason)
	if err != nil {
		return err
	}
	return p.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := setNeedStatus(ctx, tx, n.ID, NeedNew, NeedNotPertinent, ""); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE porta_needs SET reason = $1 WHERE id = $2`, sealed, n.ID); err != nil {
			return err
		}
		return p.addEvent(ctx, tx, Event{PersonID: n.PersonID, NeedID: n.ID, Kind: EventNotPertinent, Body: reason})
	})
}

// EditNeed changes what a need is about (categories, urgency, description
// and the rest) as the coordinator understood it.
func (p *Porta) EditNeed(ctx context.Context, u *auth.User, needID string, categories []string, urgency int, d NeedDetails) error {
	n, err := p.needFor(ctx, u, needID, false)
	if err != nil {
		return err
	}
	var f errs.Fields
	p.checkCategories(ctx, categories, &f)
	if urgency < UrgencyLow || urgency > UrgencyHigh {
		f.Add("urgency", "porta.errors.choose")
	}
	if err := f.Err(); err != nil {
		return err
	}
	if !n.Open() {
		return errs.New(errs.Conflict, "porta.errors.closed")
	}
	details, err := p.sealJSON(d)
	if err != nil {
		return err
	}
	return p.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := p.processing(ctx, tx, n.PersonID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE porta_needs SET categories = $1, urgency = $2, details = $3, updated_at = $4
			WHERE id = $5`, joinCodes(categories), urgency, details, db.Now(), n.ID); err != nil {
			return err
		}
		return p.addEvent(ctx, tx, Event{PersonID: n.PersonID, NeedID: n.ID, CaseID: n.CaseID, Kind: EventEdited})
	})
}
