package hours

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/errs"
)

// Attestation states the hours a volunteer gave, as confirmed by the
// organizations: printed by the volunteer (every organization) or by one
// organization for one of its volunteers.
type Attestation struct {
	UserID   string
	Person   string
	Issuer   string // the organization issuing it, or "" (printed by the volunteer)
	Period   Period
	Orgs     []OrgHours
	Total    Minutes
	IssuedAt time.Time
}

// OrgHours are the confirmed hours given to one organization.
type OrgHours struct {
	Name    string
	Months  []MonthHours
	Minutes Minutes
}

// MonthHours are the confirmed minutes of one month ("2026-11").
type MonthHours struct {
	Month   string
	Minutes Minutes
}

// Attestation builds the attestation of person userID for u: their own
// (orgID empty), or one issued by orgID, which u must manage and which the
// person gave hours to. Only confirmed (or corrected) hours count.
func (s *Service) Attestation(ctx context.Context, u *auth.User, orgID, userID string, p Period) (*Attestation, error) {
	if orgID == "" && userID != u.ID {
		return nil, errs.NotFoundErr()
	}
	a := &Attestation{UserID: userID, Period: p, IssuedAt: s.Now()}
	if orgID != "" {
		if err := s.dir.CanEdit(ctx, u, orgID); err != nil {
			return nil, err
		}
		var n int
		s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM volunteer_hours WHERE organization_id = $1 AND user_id = $2`, orgID, userID).Scan(&n)
		if n == 0 {
			return nil, errs.NotFoundErr()
		}
		if err := s.db.R.QueryRowContext(ctx, `SELECT name FROM organizations WHERE id = $1`, orgID).Scan(&a.Issuer); err != nil {
			return nil, err
		}
	}
	err := s.db.R.QueryRowContext(ctx, `SELECT name FROM users WHERE id = $1`, userID).Scan(&a.Person)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundErr()
	}
	if err != nil {
		return nil, err
	}
	where, args := p.where([]any{userID, orgID})
	list, err := s.entries(ctx, `h.user_id = $1 AND ($2 = '' OR h.organization_id = $2) AND h.status IN ('confirmed', 'corrected')`+where, args...)
	if err != nil {
		return nil, err
	}
	orgs := map[string]int{}
	for i := len(list) - 1; i >= 0; i-- { // oldest first
		e := list[i]
		k, ok := orgs[e.OrganizationID]
		if !ok {
			k = len(a.Orgs)
			orgs[e.OrganizationID] = k
			a.Orgs = append(a.Orgs, OrgHours{Name: e.OrganizationName})
		}
		o := &a.Orgs[k]
		m := monthOf(e.Day)
		if n := len(o.Months); n == 0 || o.Months[n-1].Month != m {
			o.Months = append(o.Months, MonthHours{Month: m})
		}
		o.Months[len(o.Months)-1].Minutes += e.Counted()
		o.Minutes += e.Counted()
		a.Total += e.Counted()
	}
	if orgID != "" {
		// An organization reading a volunteer's record is a read of
		// personal data: it is logged.
		if err := audit.Record(ctx, s.db.W, audit.Entry{Action: "read", Entity: "volunteer_hours", EntityID: userID,
			Detail: map[string]any{"organization_id": orgID, "what": "attestation"}}); err != nil {
			return nil, err
		}
	}
	return a, nil
}
