package kit

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
)

// Scanner is a row to scan (*sql.Row or *sql.Rows).
type Scanner interface{ Scan(...any) error }

// Collect reads every row of a query (rows, err are what QueryContext
// returned) with scan, and closes the rows.
func Collect[T any](rows *sql.Rows, err error, scan func(Scanner) (T, error)) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Null stores an empty id as NULL.
func Null(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// Recipients runs a query selecting e-mail, name and language.
func Recipients(ctx context.Context, q db.Querier, query string, args ...any) ([]Recipient, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	list, err := Collect(rows, err, func(s Scanner) (Recipient, error) {
		var r Recipient
		err := s.Scan(&r.Email, &r.Name, &r.Lang)
		return r, err
	})
	if err != nil {
		return nil, fmt.Errorf("participation: recipients: %w", err)
	}
	return list, nil
}

// MemberRecipients lists the active people of an organization.
func MemberRecipients(ctx context.Context, q db.Querier, orgID string) ([]Recipient, error) {
	return Recipients(ctx, q, `SELECT u.email, u.name, u.lang FROM organization_members m JOIN users u ON u.id = m.user_id
		WHERE m.organization_id = $1 AND u.disabled_at IS NULL ORDER BY u.email`, orgID)
}

// Comuni lists a territory's comuni as [istat code, name] pairs, by name.
func (d *Deps) Comuni(ctx context.Context, territoryID string) ([][2]string, error) {
	rows, err := d.DB.R.QueryContext(ctx, `SELECT c.istat_code, c.name FROM territory_comuni tc
		JOIN comuni c ON c.istat_code = tc.istat_code WHERE tc.territory_id = $1 ORDER BY c.name`, territoryID)
	return Collect(rows, err, func(s Scanner) ([2]string, error) {
		var c [2]string
		err := s.Scan(&c[0], &c[1])
		return c, err
	})
}

// FormError shows a conflict (a rule or a concurrent change) as a message
// on the form, so that what the person typed is not lost.
func FormError(err error) error {
	if e, ok := errs.As(err); ok && e.Code == errs.Conflict {
		return &errs.Error{Code: errs.Invalid, Key: e.Key, Args: e.Args}
	}
	return err
}

// MailMembers e-mails the message key to the people of an organization,
// each in their language; the recipient's name comes before args.
func (d *Deps) MailMembers(ctx context.Context, q db.Querier, orgID, key string, args ...any) error {
	people, err := MemberRecipients(ctx, q, orgID)
	if err != nil {
		return err
	}
	for _, r := range people {
		if err := d.Mail(ctx, q, r.Email, r.Lang, key, nil, append([]any{r.Name}, args...)...); err != nil {
			return err
		}
	}
	return nil
}
