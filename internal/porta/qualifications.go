package porta

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
)

// QualSentinel is the qualification that lets a volunteer send signals.
const QualSentinel = "sentinella"

// Qualifications tells whether a person holds a qualification (sentinel,
// natural helper …). The persone attive capability (issue 6) grants them
// after training; until it lands, TableQualifications reads the shared
// user_qualifications table and Grant/Revoke below let coordinators manage
// the sentinel qualification by hand.
type Qualifications interface {
	HasQualification(ctx context.Context, userID, code string) (bool, error)
}

// TableQualifications reads user_qualifications: a qualification counts
// while valid_until is empty or in the future.
type TableQualifications struct{ DB *db.DB }

// HasQualification implements Qualifications.
func (t TableQualifications) HasQualification(ctx context.Context, userID, code string) (bool, error) {
	var n int
	err := t.DB.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM user_qualifications WHERE user_id = $1 AND code = $2
		AND (valid_until IS NULL OR valid_until > $3)`, userID, code, db.Now()).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("porta: qualification: %w", err)
	}
	return n > 0, nil
}

// Qualified is a person holding a qualification, as listed to coordinators.
type Qualified struct {
	UserID     string
	Name       string
	Email      string
	GrantedBy  string
	GrantedAt  time.Time
	ValidUntil *time.Time
}

// Expired tells whether the qualification has lapsed.
func (q Qualified) Expired(now time.Time) bool {
	return q.ValidUntil != nil && !q.ValidUntil.After(now)
}

// Sentinels lists the sentinels a user may manage: for a coordinator, the
// volunteers of their territory and those granted by its coordinators;
// for an admin, all.
func (p *Porta) Sentinels(ctx context.Context, u *auth.User) ([]Qualified, error) {
	where, args := "q.code = $1", []any{QualSentinel}
	if auth.RoleOf(u) != auth.Admin {
		args = append(args, u.TerritoryID)
		where += ` AND (u.territory_id = $2 OR q.granted_by IN (SELECT id FROM users WHERE territory_id = $2))`
	}
	rows, err := p.db.R.QueryContext(ctx, `SELECT u.id, u.name, u.email, COALESCE(g.name, ''), q.granted_at, q.valid_until
		FROM user_qualifications q JOIN users u ON u.id = q.user_id LEFT JOIN users g ON g.id = q.granted_by
		WHERE `+where+` ORDER BY u.name, u.email`, args...)
	if err != nil {
		return nil, fmt.Errorf("porta: sentinels: %w", err)
	}
	defer rows.Close()
	var out []Qualified
	for rows.Next() {
		var q Qualified
		var until sql.NullTime
		if err := rows.Scan(&q.UserID, &q.Name, &q.Email, &q.GrantedBy, &q.GrantedAt, &until); err != nil {
			return nil, err
		}
		q.ValidUntil = nullTime(until)
		out = append(out, q)
	}
	return out, rows.Err()
}

// GrantSentinel gives the sentinel qualification to the volunteer with this
// e-mail, valid until a date (nil: no end). Granting again renews it.
func (p *Porta) GrantSentinel(ctx context.Context, u *auth.User, email string, validUntil *time.Time) error {
	var f errs.Fields
	email = auth.NormalizeEmail(email)
	target, err := p.auth.Store.UserByEmail(ctx, email)
	switch {
	case email == "":
		f.Add("email", "errors.required")
	case err != nil:
		f.Add("email", "porta.errors.no_such_user")
	case target.Role != auth.Volunteer:
		f.Add("email", "porta.errors.not_volunteer")
	case auth.RoleOf(u) != auth.Admin && target.TerritoryID != "" && target.TerritoryID != u.TerritoryID:
		f.Add("email", "porta.errors.other_territory")
	}
	if validUntil != nil && !validUntil.After(time.Now()) {
		f.Add("valid_until", "porta.errors.date_past")
	}
	if err := f.Err(); err != nil {
		return err
	}
	var until any
	if validUntil != nil {
		until = validUntil.UTC()
	}
	return p.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO user_qualifications (user_id, code, granted_by, granted_at, valid_until)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id, code) DO UPDATE SET granted_by = $3, granted_at = $4, valid_until = $5`,
			target.ID, QualSentinel, u.ID, db.Now(), until); err != nil {
			return fmt.Errorf("porta: grant: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "grant_qualification", Entity: "user", EntityID: target.ID,
			Detail: map[string]any{"code": QualSentinel}})
	})
}

// RevokeSentinel takes the qualification back.
func (p *Porta) RevokeSentinel(ctx context.Context, u *auth.User, userID string) error {
	list, err := p.Sentinels(ctx, u)
	if err != nil {
		return err
	}
	found := false
	for _, q := range list {
		found = found || q.UserID == userID
	}
	if !found {
		return errs.NotFoundErr()
	}
	return p.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM user_qualifications WHERE user_id = $1 AND code = $2`, userID, QualSentinel); err != nil {
			return fmt.Errorf("porta: revoke: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "revoke_qualification", Entity: "user", EntityID: userID,
			Detail: map[string]any{"code": QualSentinel}})
	})
}

// IsSentinel tells whether u may send signals.
func (p *Porta) IsSentinel(ctx context.Context, u *auth.User) (bool, error) {
	if auth.RoleOf(u) != auth.Volunteer {
		return false, nil
	}
	return p.quals.HasQualification(ctx, u.ID, QualSentinel)
}
