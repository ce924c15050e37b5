package porta

import (
	"context"
	"database/sql"

	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/errs"
)

// PersonView is a person's page: their data, consents, cases and access log.
type PersonView struct {
	Person    *Person
	Consents  []Consent
	Consent   ConsentState
	Cases     []CaseRow
	AccessLog []Access
}

// OpenPerson reads a person for a coordinator of their territory; the read
// is audited.
func (p *Porta) OpenPerson(ctx context.Context, u *auth.User, id string) (*PersonView, error) {
	if err := p.canSeePerson(ctx, u, id); err != nil {
		return nil, err
	}
	pr, err := p.person(ctx, p.db.R, id)
	if err != nil {
		return nil, err
	}
	v := &PersonView{Person: pr}
	if v.Consents, err = consents(ctx, p.db.R, id); err != nil {
		return nil, err
	}
	v.Consent = consentState(v.Consents)
	if v.Cases, err = p.listCases(ctx, CaseFilter{TerritoryID: pr.TerritoryID, PersonIDs: []string{id}}); err != nil {
		return nil, err
	}
	if err := p.db.Tx(ctx, func(tx *sql.Tx) error { return read(ctx, tx, "porta_person", id, "person") }); err != nil {
		return nil, err
	}
	v.AccessLog, err = p.accessLog(ctx, id)
	return v, err
}

// UpdatePerson saves a coordinator's corrections to a person's data.
func (p *Porta) UpdatePerson(ctx context.Context, u *auth.User, id, istat string, d PersonDetails, fields errs.Fields) error {
	if err := p.canSeePerson(ctx, u, id); err != nil {
		return err
	}
	if t, err := p.territoryOf(ctx, istat); err != nil {
		return err
	} else if t != u.TerritoryID {
		fields.Add("istat_code", "porta.errors.comune_other_territory")
	}
	if err := fields.Err(); err != nil {
		return err
	}
	return p.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := p.processing(ctx, tx, id); err != nil {
			return err
		}
		pr, err := p.person(ctx, tx, id)
		if err != nil {
			return err
		}
		if pr.AnonymisedAt != nil {
			return errs.New(errs.Conflict, "porta.errors.anonymised")
		}
		d.Recognize = pr.Details.Recognize
		pr.ISTATCode, pr.Details = istat, d
		if err := p.updatePerson(ctx, tx, pr); err != nil {
			return err
		}
		return p.addEvent(ctx, tx, Event{PersonID: id, Kind: EventEdited})
	})
}

// WithdrawConsent records that the person withdrew their consent (told to
// a coordinator): processing stops.
func (p *Porta) WithdrawConsent(ctx context.Context, u *auth.User, personID string) error {
	if err := p.canSeePerson(ctx, u, personID); err != nil {
		return err
	}
	return p.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := p.withdrawConsent(ctx, tx, personID); err != nil {
			return err
		}
		return p.addEvent(ctx, tx, Event{PersonID: personID, Kind: EventWithdrawn, Detail: map[string]string{"by": "coordinator"}})
	})
}
