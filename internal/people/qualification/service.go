package qualification

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/trama-welfare/trama/internal/people/common"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/validate"
)

// Service is what coordinators do with qualifications: grant, revoke,
// assign natural helpers; and the renewal reminders.
type Service struct {
	*Store
	db   *db.DB
	auth *auth.Service
	mail common.Mail
}

// NewService wires the service.
func NewService(d *db.DB, a *auth.Service, m common.Mail) *Service {
	return &Service{Store: NewStore(d), db: d, auth: a, mail: m}
}

// GrantRequest is what a coordinator fills in.
type GrantRequest struct {
	Email      string
	Code       string
	ValidUntil string
	Note       string
}

// GrantByCoordinator records a qualification a coordinator grants to a
// person of their territory (or to someone not yet in any territory, who
// joins theirs); a cittadino becomes a volontario. The person is told by
// e-mail.
func (s *Service) GrantByCoordinator(ctx context.Context, u *auth.User, territoryID string, g GrantRequest) error {
	if !common.Manages(u, territoryID) {
		return errs.NotFoundErr()
	}
	var v validate.Checker
	g.Email = v.Email("email", g.Email)
	if !Valid(g.Code) {
		v.Fail("code", "people.errors.qualification_unknown")
	}
	g.ValidUntil = v.Date("valid_until", g.ValidUntil)
	if v.OK() && g.ValidUntil != "" && g.ValidUntil < common.Today(time.Now()) {
		v.Fail("valid_until", "people.errors.past_date")
	}
	g.Note = v.MaxLength("note", g.Note, 500)
	if err := v.Err(); err != nil {
		return err
	}
	holder, err := s.auth.Store.UserByEmail(ctx, g.Email)
	if err != nil || holder.Disabled() || (holder.TerritoryID != "" && holder.TerritoryID != territoryID) {
		var f errs.Fields
		f.Add("email", "people.errors.person_unknown")
		return f.Err()
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.Insert(ctx, tx, Grant{UserID: holder.ID, Code: g.Code, GrantedBy: u.ID, ValidUntil: g.ValidUntil,
			Note: strings.TrimSpace(g.Note), TerritoryID: territoryID}); err != nil {
			return err
		}
		return NotifyGranted(ctx, tx, s.mail, holder.ID, g.Code, g.ValidUntil)
	})
}

// NotifyGranted tells a person about a new qualification, in q.
func NotifyGranted(ctx context.Context, q db.Querier, m common.Mail, userID, code, validUntil string) error {
	return m.Send(ctx, q, userID, "mail.people.qualification_granted", func(t common.Translator) []any {
		until := validUntil
		if until == "" {
			until = t("people.qualification.no_expiry")
		}
		return []any{t(LabelKey(code)), until, m.Link("/volontariato/impegni")}
	})
}

// RevokeByCoordinator ends a qualification held in the coordinator's
// territory.
func (s *Service) RevokeByCoordinator(ctx context.Context, u *auth.User, id string) error {
	q, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	t, err := userTerritory(ctx, s.db.R, q.UserID)
	if err != nil {
		return err
	}
	if !common.Manages(u, t) {
		return errs.NotFoundErr()
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error { return s.Revoke(ctx, tx, id, u.ID) })
}

// RenewalNotice is how long before expiry the holder is reminded.
const RenewalNotice = 30 * 24 * time.Hour

// SendRenewalReminders e-mails the holders of qualifications that expire
// within RenewalNotice and have no newer grant of the same kind, once.
func (s *Service) SendRenewalReminders(ctx context.Context, now time.Time) (int, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT q.id, q.user_id, q.code, q.valid_until FROM user_qualifications q
		WHERE q.revoked_at IS NULL AND q.reminded_at IS NULL AND q.valid_until <> '' AND q.valid_until >= $1 AND q.valid_until <= $2
		AND NOT EXISTS (SELECT 1 FROM user_qualifications n WHERE n.user_id = q.user_id AND n.code = q.code
			AND n.revoked_at IS NULL AND n.granted_at > q.granted_at)`,
		common.Today(now), common.Today(now.Add(RenewalNotice)))
	if err != nil {
		return 0, fmt.Errorf("qualification: expiring: %w", err)
	}
	type due struct{ id, user, code, until string }
	var list []due
	for rows.Next() {
		var d due
		if err := rows.Scan(&d.id, &d.user, &d.code, &d.until); err != nil {
			rows.Close()
			return 0, err
		}
		list = append(list, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, d := range list {
		err := s.db.Tx(ctx, func(tx *sql.Tx) error {
			res, err := tx.ExecContext(ctx, `UPDATE user_qualifications SET reminded_at = $1 WHERE id = $2 AND reminded_at IS NULL`, db.Now(), d.id)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return nil // another instance sent it
			}
			return s.mail.Send(ctx, tx, d.user, "mail.people.qualification_expiring", func(t common.Translator) []any {
				return []any{t(LabelKey(d.code)), d.until, s.mail.Link("/formazione")}
			})
		})
		if err != nil {
			return 0, err
		}
	}
	return len(list), nil
}
