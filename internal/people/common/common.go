// Package common holds the few helpers the parts of Persone attive share:
// lists of codes stored comma-separated, ids, dates in Rome, e-mails to a
// user by id, and the resolution of the territory a coordinator works on.
package common

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/i18n"
	"github.com/trama-welfare/trama/internal/platform/web"
)

// NewID returns a new time-ordered id.
func NewID() string { return uuid.Must(uuid.NewV7()).String() }

// IsID tells whether s looks like an id Trama makes (ids in addresses).
func IsID(s string) bool {
	_, err := uuid.Parse(s)
	return err == nil && len(s) == 36
}

// List is a set of codes, stored as "a,b,c".
type List []string

// ParseList reads a stored list, dropping blanks and duplicates.
func ParseList(s string) List {
	var out List
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// Clean keeps the values that are allowed (when allowed is not nil), once
// each, in the order given.
func Clean(values []string, allowed func(string) bool) List {
	var out List
	for _, v := range values {
		v = strings.TrimSpace(v)
		if v != "" && (allowed == nil || allowed(v)) && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// String is the stored form.
func (l List) String() string { return strings.Join(l, ",") }

// Has tells whether the list holds v.
func (l List) Has(v string) bool { return slices.Contains(l, v) }

// Common returns the values of l that are also in m.
func (l List) Common(m List) List {
	var out List
	for _, v := range l {
		if m.Has(v) {
			out = append(out, v)
		}
	}
	return out
}

// ListHas is the SQL condition "the list in column col holds the value of
// parameter $n"; pass HasArg(value) as that parameter.
func ListHas(col string, n int) string {
	return fmt.Sprintf(`(',' || %s || ',') LIKE $%d ESCAPE '\'`, col, n)
}

// HasArg is the parameter of ListHas.
func HasArg(v string) string { return "%," + db.Like(v) + ",%" }

// Today is the date in Rome, YYYY-MM-DD.
func Today(now time.Time) string { return now.In(web.Rome).Format(time.DateOnly) }

// User reads a recipient in q (a transaction sees its own writes).
func User(ctx context.Context, q db.Querier, id string) (*auth.User, error) {
	u := &auth.User{ID: id}
	err := q.QueryRowContext(ctx, `SELECT email, name, lang, role, COALESCE(territory_id, '') FROM users WHERE id = $1`, id).
		Scan(&u.Email, &u.Name, &u.Lang, &u.Role, &u.TerritoryID)
	if err != nil {
		return nil, fmt.Errorf("people: user %s: %w", id, err)
	}
	return u, nil
}

// Mail e-mails people by id, in their language, through the jobs queue.
type Mail struct {
	Auth *auth.Service
	Cat  *i18n.Catalog
}

// Translator translates keys in the recipient's language.
type Translator func(key string, args ...any) string

// Send e-mails user id the message key (key.subject, key.body) in q. The
// body's arguments are the recipient's name, then what args returns in
// their language (nil args: none).
func (m Mail) Send(ctx context.Context, q db.Querier, id, key string, args func(t Translator) []any) error {
	u, err := User(ctx, q, id)
	if err != nil {
		return err
	}
	all := []any{u.Name}
	if args != nil {
		all = append(all, args(func(k string, a ...any) string { return m.Cat.T(u.Lang, k, a...) })...)
	}
	return m.Auth.Notify(ctx, q, u, key, all...)
}

// Link is an absolute address of the site, for e-mails.
func (m Mail) Link(path string) string { return m.Auth.BaseURL() + path }

// When writes a time for e-mails: "22/11/2026 15:00" in Rome.
func When(t time.Time) string { return t.In(web.Rome).Format("02/01/2006 15:04") }

// TerritoryOf is the territory a coordinator works on: their own; an admin
// chooses one (asked), else the first there is.
func TerritoryOf(ctx context.Context, d *db.DB, u *auth.User, asked string) (string, error) {
	if auth.RoleOf(u) != auth.Admin {
		return u.TerritoryID, nil
	}
	var id string
	err := d.R.QueryRowContext(ctx, `SELECT id FROM territories WHERE id = $1 OR $1 = '' ORDER BY (id = $1) DESC, name LIMIT 1`, asked).Scan(&id)
	if err != nil {
		return "", nil
	}
	return id, nil
}

// Manages tells whether u coordinates territory: its coordinators, admins.
func Manages(u *auth.User, territory string) bool {
	switch auth.RoleOf(u) {
	case auth.Admin:
		return true
	case auth.Coordinator:
		return territory != "" && u.TerritoryID == territory
	}
	return false
}

// AsFormError turns a Conflict (a rule of the workflow) into a message on the form
// (status 422), so that what the user typed is shown again.
func AsFormError(err error) error {
	if e, ok := errs.As(err); ok && e.Code == errs.Conflict {
		return &errs.Error{Code: errs.Invalid, Key: e.Key, Args: e.Args}
	}
	return err
}
