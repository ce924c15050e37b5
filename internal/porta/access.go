package porta

import (
	"context"

	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/errs"
)

// Least privilege, in one place. Coordinators see the needs, cases and
// persons of their territory; an organization's people see the referrals
// sent to it; nobody else sees any of it. Whoever may not see something is
// told it does not exist, and the attempt is logged.

// canSeePerson lets the coordinators of the person's territory in.
func (p *Porta) canSeePerson(ctx context.Context, u *auth.User, personID string) error {
	t, err := p.personTerritory(ctx, personID)
	if err != nil {
		return err
	}
	if !coordinates(u, t) {
		return p.denied(ctx, "porta_person", personID, "territory")
	}
	return nil
}

// needFor reads a need a coordinator of its territory may handle.
func (p *Porta) needFor(ctx context.Context, u *auth.User, id string, open bool) (*Need, error) {
	n, err := p.need(ctx, p.db.R, id, open)
	if err != nil {
		return nil, err
	}
	if !coordinates(u, n.TerritoryID) {
		return nil, p.denied(ctx, "porta_need", id, "territory")
	}
	return n, nil
}

// caseFor reads a case a coordinator of its territory may handle.
func (p *Porta) caseFor(ctx context.Context, u *auth.User, id string) (*Case, error) {
	c, err := p.getCase(ctx, p.db.R, id)
	if err != nil {
		return nil, err
	}
	if !coordinates(u, c.TerritoryID) {
		return nil, p.denied(ctx, "porta_case", id, "territory")
	}
	return c, nil
}

// Receiver tells how u relates to a referral: "organization" when they
// work for the receiving organization, "coordinator" when they coordinate
// its territory, "" when they may not see it.
func (p *Porta) receiver(ctx context.Context, u *auth.User, r *Referral) (string, error) {
	if u == nil {
		return "", nil
	}
	member, err := p.dir.Store.IsMember(ctx, r.OrganizationID, u.ID)
	if err != nil {
		return "", err
	}
	switch {
	case member:
		return "organization", nil
	case coordinates(u, r.TerritoryID):
		return "coordinator", nil
	}
	return "", nil
}

// referralFor reads a referral for its receiving organization's people (or
// the territory's coordinators when asCoordinator). Anyone else gets 404,
// and the attempt goes to the audit log.
func (p *Porta) referralFor(ctx context.Context, u *auth.User, id string, asCoordinator bool) (*Referral, string, error) {
	r, err := p.referral(ctx, p.db.R, id, true)
	if err != nil {
		return nil, "", err
	}
	who, err := p.receiver(ctx, u, r)
	if err != nil {
		return nil, "", err
	}
	if who == "" || (who == "coordinator" && !asCoordinator) {
		return nil, "", p.denied(ctx, "porta_referral", id, "not the receiving organization")
	}
	return r, who, nil
}

// notFound is the error for things that are not there.
func notFound() error { return errs.NotFoundErr() }
