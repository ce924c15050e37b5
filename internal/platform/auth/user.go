// Package auth holds accounts, roles, sessions and the permission table.
package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
)

// User is an account.
type User struct {
	ID              string
	Email           string
	Name            string
	Role            Role
	TerritoryID     string // empty: none (admins, citizens without one)
	Lang            string
	EmailVerifiedAt *time.Time
	DisabledAt      *time.Time
	// PrivacyAcceptedAt records when the user accepted the privacy notice
	// at registration (nil for accounts created by others).
	PrivacyAcceptedAt *time.Time
	CreatedAt         time.Time
	UpdatedAt         time.Time

	passwordHash      string
	passwordChangedAt time.Time
}

// Verified tells whether the user confirmed their e-mail address.
func (u *User) Verified() bool { return u.EmailVerifiedAt != nil }

// Disabled tells whether the account is switched off.
func (u *User) Disabled() bool { return u.DisabledAt != nil }

// RoleOf returns u's role, Anonymous for nil.
func RoleOf(u *User) Role {
	if u == nil {
		return Anonymous
	}
	return u.Role
}

// NormalizeEmail trims and lowercases an address.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// ValidEmail tells whether s is one plain address (no display name).
func ValidEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && len(s) <= 254 && strings.Contains(s[strings.LastIndexByte(s, '@'):], ".")
}

// Validate checks the fields a user can type.
func (u *User) Validate() error {
	var f errs.Fields
	u.Email = NormalizeEmail(u.Email)
	u.Name = strings.TrimSpace(u.Name)
	if !ValidEmail(u.Email) {
		f.Add("email", "errors.email_invalid")
	}
	if u.Name == "" {
		f.Add("name", "errors.required")
	} else if utf8.RuneCountInString(u.Name) > 120 {
		f.Add("name", "errors.too_long", 120)
	}
	if !u.Role.Valid() {
		f.Add("role", "errors.role_invalid")
	}
	if u.Lang == "" {
		u.Lang = "it"
	}
	return f.Err()
}

// ValidatePassword checks a new password.
func ValidatePassword(pw string) error {
	var f errs.Fields
	switch n := utf8.RuneCountInString(pw); {
	case n < MinPasswordLen:
		f.Add("password", "errors.password_short", MinPasswordLen)
	case n > 256:
		f.Add("password", "errors.too_long", 256)
	}
	return f.Err()
}

// Store reads and writes accounts.
type Store struct{ db *db.DB }

// NewStore returns a Store on d.
func NewStore(d *db.DB) *Store { return &Store{db: d} }

// userColumns lists the columns scanUser reads, each prefixed with alias.
func userColumns(alias string) string {
	return fmt.Sprintf(`%[1]sid, %[1]semail, %[1]sname, %[1]srole, COALESCE(%[1]sterritory_id, ''), %[1]slang,
		%[1]semail_verified_at, %[1]sdisabled_at, %[1]sprivacy_accepted_at, %[1]screated_at, %[1]supdated_at, %[1]spassword_hash,
		%[1]spassword_changed_at`, alias)
}

var userCols = userColumns("")

// scanUser reads the userColumns, then extra destinations if any.
func scanUser(s interface{ Scan(...any) error }, extra ...any) (*User, error) {
	var u User
	var verified, disabled, privacy sql.NullTime
	dest := append([]any{&u.ID, &u.Email, &u.Name, &u.Role, &u.TerritoryID, &u.Lang, &verified, &disabled, &privacy,
		&u.CreatedAt, &u.UpdatedAt, &u.passwordHash, &u.passwordChangedAt}, extra...)
	err := s.Scan(dest...)
	if err != nil {
		return nil, err
	}
	if verified.Valid {
		u.EmailVerifiedAt = &verified.Time
	}
	if disabled.Valid {
		u.DisabledAt = &disabled.Time
	}
	if privacy.Valid {
		u.PrivacyAcceptedAt = &privacy.Time
	}
	return &u, nil
}

func (s *Store) one(ctx context.Context, q db.Querier, where string, arg any) (*User, error) {
	u, err := scanUser(q.QueryRowContext(ctx, "SELECT "+userCols+" FROM users WHERE "+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundErr()
	}
	if err != nil {
		return nil, fmt.Errorf("auth: load user: %w", err)
	}
	return u, nil
}

// User returns a user by id.
func (s *Store) User(ctx context.Context, id string) (*User, error) {
	return s.one(ctx, s.db.R, "id = $1", id)
}

// UserByEmail returns a user by e-mail address.
func (s *Store) UserByEmail(ctx context.Context, email string) (*User, error) {
	return s.one(ctx, s.db.R, "email = $1", NormalizeEmail(email))
}

// Create inserts u with a password hash (in q, with an audit line). The id
// is set when empty.
func (s *Store) Create(ctx context.Context, q db.Querier, u *User, passwordHash string) error {
	if err := u.Validate(); err != nil {
		return err
	}
	if u.ID == "" {
		u.ID = uuid.Must(uuid.NewV7()).String()
	}
	now := db.Now()
	u.CreatedAt, u.UpdatedAt, u.passwordChangedAt, u.passwordHash = now, now, now, passwordHash
	_, err := q.ExecContext(ctx, `INSERT INTO users (id, email, name, password_hash, role, territory_id, lang,
		email_verified_at, privacy_accepted_at, password_changed_at, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $10)`,
		u.ID, u.Email, u.Name, passwordHash, u.Role, nullString(u.TerritoryID), u.Lang, u.EmailVerifiedAt,
		u.PrivacyAcceptedAt, now)
	if err != nil {
		return writeErr("create", err)
	}
	return audit.Record(ctx, q, audit.Entry{Action: "create", Entity: "user", EntityID: u.ID,
		Detail: map[string]any{"role": u.Role, "territory_id": u.TerritoryID}})
}

// Update saves name, role, territory, language and the disabled flag.
func (s *Store) Update(ctx context.Context, q db.Querier, u *User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	before, err := s.one(ctx, q, "id = $1", u.ID)
	if err != nil {
		return err
	}
	u.UpdatedAt = db.Now()
	_, err = q.ExecContext(ctx, `UPDATE users SET email = $1, name = $2, role = $3, territory_id = $4, lang = $5,
		disabled_at = $6, email_verified_at = $7, updated_at = $8 WHERE id = $9`,
		u.Email, u.Name, u.Role, nullString(u.TerritoryID), u.Lang, u.DisabledAt, u.EmailVerifiedAt, u.UpdatedAt, u.ID)
	if err != nil {
		return writeErr("update", err)
	}
	return audit.Record(ctx, q, audit.Entry{Action: "update", Entity: "user", EntityID: u.ID,
		Detail: changedFields(before, u)})
}

// writeErr turns constraint violations of a user write into field messages.
func writeErr(op string, err error) error {
	var f errs.Fields
	switch {
	case db.IsUniqueViolation(err):
		f.Add("email", "errors.email_taken")
	case db.IsForeignKeyViolation(err):
		f.Add("territory_id", "errors.territory_unknown")
	default:
		return fmt.Errorf("auth: %s user: %w", op, err)
	}
	return f.Err()
}

func changedFields(a, b *User) map[string]any {
	d := map[string]any{}
	if a.Email != b.Email {
		d["email"] = "changed"
	}
	if a.Name != b.Name {
		d["name"] = "changed"
	}
	if a.Role != b.Role {
		d["role"] = map[string]any{"from": a.Role, "to": b.Role}
	}
	if a.TerritoryID != b.TerritoryID {
		d["territory_id"] = map[string]any{"from": a.TerritoryID, "to": b.TerritoryID}
	}
	if a.Lang != b.Lang {
		d["lang"] = b.Lang
	}
	if a.Disabled() != b.Disabled() {
		d["disabled"] = b.Disabled()
	}
	if a.Verified() != b.Verified() {
		d["email_verified"] = b.Verified()
	}
	return d
}

// SetPasswordHash replaces a user's password.
func (s *Store) SetPasswordHash(ctx context.Context, q db.Querier, userID, hash string) error {
	now := db.Now()
	res, err := q.ExecContext(ctx, `UPDATE users SET password_hash = $1, password_changed_at = $2, updated_at = $2 WHERE id = $3`,
		hash, now, userID)
	if err != nil {
		return fmt.Errorf("auth: set password: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.NotFoundErr()
	}
	return audit.Record(ctx, q, audit.Entry{Action: "password_change", Entity: "user", EntityID: userID})
}

// UserFilter narrows List.
type UserFilter struct {
	Query       string // e-mail or name contains
	Role        Role
	TerritoryID string
	Offset      int
	Limit       int
}

// List returns users by name, and how many match in all.
func (s *Store) List(ctx context.Context, f UserFilter) ([]*User, int, error) {
	where := "1=1"
	var args []any
	if q := strings.TrimSpace(f.Query); q != "" {
		args = append(args, "%"+db.Like(strings.ToLower(q))+"%")
		where += fmt.Sprintf(` AND (email LIKE $%d ESCAPE '\' OR LOWER(name) LIKE $%d ESCAPE '\')`, len(args), len(args))
	}
	if f.Role != "" {
		args = append(args, f.Role)
		where += fmt.Sprintf(" AND role = $%d", len(args))
	}
	if f.TerritoryID != "" {
		args = append(args, f.TerritoryID)
		where += fmt.Sprintf(" AND territory_id = $%d", len(args))
	}
	var total int
	if err := s.db.R.QueryRowContext(ctx, "SELECT COUNT(*) FROM users WHERE "+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("auth: count users: %w", err)
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	args = append(args, f.Limit, max(0, f.Offset))
	rows, err := s.db.R.QueryContext(ctx, "SELECT "+userCols+" FROM users WHERE "+where+
		fmt.Sprintf(" ORDER BY name, email LIMIT $%d OFFSET $%d", len(args)-1, len(args)), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("auth: list users: %w", err)
	}
	defer rows.Close()
	var out []*User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("auth: scan user: %w", err)
		}
		out = append(out, u)
	}
	return out, total, rows.Err()
}

// CountByRole counts active users with a role.
func (s *Store) CountByRole(ctx context.Context, r Role) (int, error) {
	var n int
	err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE role = $1 AND disabled_at IS NULL`, r).Scan(&n)
	return n, err
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}
