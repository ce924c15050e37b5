package porta

import (
	"context"

	"github.com/trama-welfare/trama/internal/platform/auth"
)

// QualSentinel is the qualification that lets a volunteer send signals
// (qualification.Sentinel of persone attive).
const QualSentinel = "sentinella"

// Qualifications tells whether a person holds a qualification (sentinel,
// natural helper …). The persone attive capability grants them after
// training or by a coordinator (people/qualification, wired in app).
type Qualifications interface {
	HasQualification(ctx context.Context, userID, code string) (bool, error)
}

// IsSentinel tells whether u may send signals.
func (p *Porta) IsSentinel(ctx context.Context, u *auth.User) (bool, error) {
	if auth.RoleOf(u) != auth.Volunteer {
		return false, nil
	}
	return p.people.HasQualification(ctx, u.ID, QualSentinel)
}
