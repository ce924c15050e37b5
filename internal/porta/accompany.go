package porta

import (
	"context"
	"database/sql"
	"time"

	"github.com/trama-welfare/trama/internal/people/qualification"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
)

// Natural helpers (persone attive) accompany a person in a case: the
// coordinator assigns one on the case page; the helper sees only what the
// accompaniment needs — the person's first name and how to reach them, and
// the services they go to — never the needs' descriptions nor the notes.

// People is what the porta asks of persone attive: qualifications (the
// sentinels) and natural helpers accompanying cases. people/qualification's
// Service is one.
type People interface {
	Qualifications
	EligibleHelpers(ctx context.Context, territoryID string) ([]qualification.Person, error)
	AssignHelper(ctx context.Context, q db.Querier, by *auth.User, caseID, helperID string) (*qualification.Assignment, error)
	EndAssignment(ctx context.Context, q db.Querier, by *auth.User, assignmentID string) error
	IsAssigned(ctx context.Context, helperID, caseID string) (bool, error)
	Assignments(ctx context.Context, caseID, helperID string) ([]qualification.Assignment, error)
}

// AssignHelper makes a natural helper of the territory accompany the case;
// the helper gets an e-mail with the link to what they may see.
func (p *Porta) AssignHelper(ctx context.Context, u *auth.User, caseID, helperID string) error {
	return p.onActiveCase(ctx, u, caseID, func(tx *sql.Tx, c *Case) error {
		if _, err := p.people.AssignHelper(ctx, tx, u, c.ID, helperID); err != nil {
			return err
		}
		users, err := recipients(ctx, tx, `u.id = $1`, helperID)
		if err != nil {
			return err
		}
		if err := p.mailAll(ctx, tx, users, "porta.mail.accompany", p.auth.BaseURL()+"/accompagnamenti/"+c.ID); err != nil {
			return err
		}
		return p.addEvent(ctx, tx, Event{PersonID: c.PersonID, CaseID: c.ID, Kind: EventHelper,
			Detail: map[string]string{"helper": helperID}})
	})
}

// EndHelper ends an accompaniment of the case.
func (p *Porta) EndHelper(ctx context.Context, u *auth.User, caseID, assignmentID string) error {
	c, err := p.caseFor(ctx, u, caseID)
	if err != nil {
		return err
	}
	return p.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := p.people.EndAssignment(ctx, tx, u, assignmentID); err != nil {
			return err
		}
		return p.addEvent(ctx, tx, Event{PersonID: c.PersonID, CaseID: c.ID, Kind: EventHelperEnded})
	})
}

// Accompaniment is what a helper sees of a case they accompany.
type Accompaniment struct {
	CaseID    string
	Since     time.Time
	Open      bool
	ISTATCode string
	FirstName string
	Phone     string
	Times     string
	Language  string
	Services  []FollowedReferral // taken in, waiting list or in progress
}

// PhoneDisplay is the phone number grouped for reading.
func (a *Accompaniment) PhoneDisplay() string { return PersonDetails{Phone: a.Phone}.PhoneDisplay() }

// accompaniment reads the part of a case a helper may see.
func (p *Porta) accompaniment(ctx context.Context, a qualification.Assignment) (*Accompaniment, error) {
	c, err := p.getCase(ctx, p.db.R, a.CaseID)
	if err != nil {
		return nil, err
	}
	pr, err := p.person(ctx, p.db.R, c.PersonID)
	if err != nil {
		return nil, err
	}
	v := &Accompaniment{CaseID: c.ID, Since: a.AssignedAt, Open: c.Status == CaseOpen, ISTATCode: pr.ISTATCode,
		FirstName: pr.Details.FirstName, Phone: pr.Details.Phone, Times: pr.Details.ContactTimes, Language: pr.Details.Language}
	refs, err := p.referrals(ctx, p.db.R, false, `r.case_id = $1 AND r.status IN ('accepted', 'waitlisted', 'in_progress')`, c.ID)
	if err != nil {
		return nil, err
	}
	for _, r := range refs {
		v.Services = append(v.Services, FollowedReferral{Service: r.ServiceName, Organization: r.OrganizationName,
			Status: r.Status, At: r.UpdatedAt})
	}
	return v, p.db.Tx(ctx, func(tx *sql.Tx) error { return read(ctx, tx, "porta_person", c.PersonID, "accompaniment") })
}

// Accompaniments lists the cases the helper accompanies now.
func (p *Porta) Accompaniments(ctx context.Context, u *auth.User) ([]*Accompaniment, error) {
	list, err := p.people.Assignments(ctx, "", u.ID)
	if err != nil {
		return nil, err
	}
	var out []*Accompaniment
	for _, a := range list {
		if a.EndedAt != nil {
			continue
		}
		v, err := p.accompaniment(ctx, a)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// OpenAccompaniment reads a case for the helper who accompanies it; anyone
// else gets 404, and the attempt is logged.
func (p *Porta) OpenAccompaniment(ctx context.Context, u *auth.User, caseID string) (*Accompaniment, error) {
	list, err := p.people.Assignments(ctx, caseID, u.ID)
	if err != nil {
		return nil, err
	}
	for _, a := range list {
		if a.EndedAt == nil && a.CaseID == caseID {
			return p.accompaniment(ctx, a)
		}
	}
	return nil, p.denied(ctx, "porta_case", caseID, "not an accompanying helper")
}
