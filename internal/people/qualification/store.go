package qualification

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/trama-welfare/trama/internal/people/common"
	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
)

// Store reads and writes qualifications.
type Store struct{ db *db.DB }

// NewStore returns a Store on d.
func NewStore(d *db.DB) *Store { return &Store{db: d} }

// activeSQL is the condition "q. holds today ($N)".
func activeSQL(n int) string {
	return fmt.Sprintf(`q.revoked_at IS NULL AND (q.valid_until = '' OR q.valid_until >= $%d)`, n)
}

// HasQualification tells whether a user holds a valid qualification today:
// granted, not revoked, not expired. The porta di comunità asks it before
// accepting a signal from a sentinel (code Sentinel).
func (s *Store) HasQualification(ctx context.Context, userID, code string) (bool, error) {
	return s.has(ctx, s.db.R, userID, code, time.Now())
}

// HasQualificationIn is HasQualification inside the caller's transaction.
func (s *Store) HasQualificationIn(ctx context.Context, q db.Querier, userID, code string) (bool, error) {
	return s.has(ctx, q, userID, code, time.Now())
}

func (s *Store) has(ctx context.Context, q db.Querier, userID, code string, now time.Time) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM user_qualifications q WHERE q.user_id = $1 AND q.code = $2 AND `+activeSQL(3),
		userID, code, common.Today(now)).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("qualification: check %s: %w", code, err)
	}
	return n > 0, nil
}

// Grant is a qualification to record.
type Grant struct {
	UserID     string
	Code       string
	GrantedBy  string // user id; "" for the system
	ValidUntil string // YYYY-MM-DD or ""
	CourseID   string
	Note       string
	// TerritoryID is the territory the holder joins when they have none
	// (the coordinator's, the course's).
	TerritoryID string
}

// Insert records a grant in q (the caller's transaction) and returns its
// id. A qualification makes its holder a volunteer (common.BecomeVolunteer):
// a cittadino who completes the sentinel course can then send signals.
func (s *Store) Insert(ctx context.Context, q db.Querier, g Grant) (string, error) {
	if !Valid(g.Code) {
		return "", errs.E("people.errors.qualification_unknown")
	}
	id := common.NewID()
	_, err := q.ExecContext(ctx, `INSERT INTO user_qualifications (id, user_id, code, granted_by, granted_at, valid_until, course_id, note)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, id, g.UserID, g.Code, g.GrantedBy, db.Now(), g.ValidUntil, g.CourseID, g.Note)
	if err != nil {
		return "", fmt.Errorf("qualification: grant: %w", err)
	}
	if err := common.BecomeVolunteer(ctx, q, g.UserID, g.TerritoryID, nil); err != nil {
		return "", err
	}
	return id, audit.Record(ctx, q, audit.Entry{Action: "grant", Entity: "qualification", EntityID: id,
		Detail: map[string]any{"user_id": g.UserID, "code": g.Code, "valid_until": g.ValidUntil, "course_id": g.CourseID}})
}

const selectSQL = `SELECT q.id, q.user_id, u.name, u.email, q.code, q.granted_by, COALESCE(g.name, ''), q.granted_at,
		q.valid_until, q.course_id, COALESCE(c.title, ''), q.note, q.revoked_at
	FROM user_qualifications q
	JOIN users u ON u.id = q.user_id
	LEFT JOIN users g ON g.id = q.granted_by
	LEFT JOIN courses c ON c.id = q.course_id`

func scan(rows *sql.Rows) ([]Qualification, error) {
	defer rows.Close()
	var out []Qualification
	for rows.Next() {
		var q Qualification
		if err := rows.Scan(&q.ID, &q.UserID, &q.UserName, &q.UserEmail, &q.Code, &q.GrantedBy, &q.GrantorName, &q.GrantedAt,
			&q.ValidUntil, &q.CourseID, &q.CourseTitle, &q.Note, &q.RevokedAt); err != nil {
			return nil, fmt.Errorf("qualification: scan: %w", err)
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

// Get returns one qualification.
func (s *Store) Get(ctx context.Context, id string) (*Qualification, error) {
	rows, err := s.db.R.QueryContext(ctx, selectSQL+` WHERE q.id = $1`, id)
	if err != nil {
		return nil, fmt.Errorf("qualification: get: %w", err)
	}
	list, err := scan(rows)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, errs.NotFoundErr()
	}
	return &list[0], nil
}

// OfUser lists a person's qualifications, newest first, revoked included.
func (s *Store) OfUser(ctx context.Context, userID string) ([]Qualification, error) {
	rows, err := s.db.R.QueryContext(ctx, selectSQL+` WHERE q.user_id = $1 ORDER BY q.granted_at DESC`, userID)
	if err != nil {
		return nil, fmt.Errorf("qualification: of user: %w", err)
	}
	return scan(rows)
}

// ActiveCodes lists the codes a person holds today.
func (s *Store) ActiveCodes(ctx context.Context, userID string) (common.List, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT DISTINCT q.code FROM user_qualifications q WHERE q.user_id = $1 AND `+activeSQL(2)+
		` ORDER BY q.code`, userID, common.Today(time.Now()))
	if err != nil {
		return nil, fmt.Errorf("qualification: codes: %w", err)
	}
	defer rows.Close()
	var out common.List
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// InTerritory lists the qualifications held today by the people of a
// territory, optionally of one code, by name.
func (s *Store) InTerritory(ctx context.Context, territoryID, code string) ([]Qualification, error) {
	rows, err := s.db.R.QueryContext(ctx, selectSQL+` WHERE u.territory_id = $1 AND ($2 = '' OR q.code = $2) AND `+activeSQL(3)+
		` AND u.disabled_at IS NULL ORDER BY u.name, q.code`, territoryID, code, common.Today(time.Now()))
	if err != nil {
		return nil, fmt.Errorf("qualification: in territory: %w", err)
	}
	return scan(rows)
}

// Revoke ends a qualification now, in q.
func (s *Store) Revoke(ctx context.Context, q db.Querier, id, by string) error {
	res, err := q.ExecContext(ctx, `UPDATE user_qualifications SET revoked_at = $1, revoked_by = $2 WHERE id = $3 AND revoked_at IS NULL`,
		db.Now(), by, id)
	if err != nil {
		return fmt.Errorf("qualification: revoke: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.New(errs.Conflict, "people.errors.already_revoked")
	}
	return audit.Record(ctx, q, audit.Entry{Action: "revoke", Entity: "qualification", EntityID: id})
}

// userTerritory reads a user's territory in q ("" when none).
func userTerritory(ctx context.Context, q db.Querier, userID string) (string, error) {
	var t sql.NullString
	err := q.QueryRowContext(ctx, `SELECT territory_id FROM users WHERE id = $1`, userID).Scan(&t)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errs.NotFoundErr()
	}
	return t.String, err
}
