package directory

import (
	"context"
	"fmt"

	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
)

// MailNotifier e-mails coordinators when a version waits for them, and an
// organization's people when their version is published or sent back.
type MailNotifier struct {
	Auth *auth.Service
	DB   *db.DB
}

// recipients lists the active users matching a condition on users (u.).
func (m MailNotifier) recipients(ctx context.Context, q db.Querier, where string, args ...any) ([]*auth.User, error) {
	rows, err := q.QueryContext(ctx, `SELECT u.email, u.name, u.lang FROM users u WHERE u.disabled_at IS NULL AND `+where+
		` ORDER BY u.email`, args...)
	if err != nil {
		return nil, fmt.Errorf("directory: recipients: %w", err)
	}
	defer rows.Close()
	var out []*auth.User
	for rows.Next() {
		u := &auth.User{}
		if err := rows.Scan(&u.Email, &u.Name, &u.Lang); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// Submitted tells the coordinators of the organization's territory.
func (m MailNotifier) Submitted(ctx context.Context, q db.Querier, org *Organization, v *Version) error {
	users, err := m.recipients(ctx, q, `u.role = 'coordinatore' AND u.territory_id = $1`, org.TerritoryID)
	if err != nil {
		return err
	}
	link := m.Auth.BaseURL() + "/coordinamento/validazioni/" + v.ID
	for _, u := range users {
		if err := m.Auth.Notify(ctx, q, u, "mail.directory_submitted", u.Name, org.Name, link); err != nil {
			return err
		}
	}
	return nil
}

// Reviewed tells the organization's people the outcome.
func (m MailNotifier) Reviewed(ctx context.Context, q db.Querier, org *Organization, v *Version) error {
	users, err := m.recipients(ctx, q, `u.id IN (SELECT user_id FROM organization_members WHERE organization_id = $1)`, org.ID)
	if err != nil {
		return err
	}
	key := "mail.directory_published"
	if v.Status == VersionChangesRequested {
		key = "mail.directory_changes"
	}
	link := m.Auth.BaseURL() + "/ente/" + org.ID
	for _, u := range users {
		if err := m.Auth.Notify(ctx, q, u, key, u.Name, org.Name, v.Comment, link); err != nil {
			return err
		}
	}
	return nil
}
