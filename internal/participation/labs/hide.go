package labs

import (
	"context"
	"database/sql"
	"strings"

	"github.com/trama-welfare/trama/internal/participation/kit"
	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
)

// SetHidden hides a whole lab (or shows it again, with hide false): the
// coordinators of its territory and admins decide, with a reason when
// hiding. A hidden lab disappears from the public (list, pages, links
// from its meetings) and stops taking contributions and supports; those
// who run it still see it. Its facilitators and participants — authors of
// problems and proposals, commenters, confirmed supporters — are told by
// e-mail, in their language, once each.
func (s *Labs) SetHidden(ctx context.Context, u *auth.User, l *Lab, hide bool, reason string) error {
	if !kit.Coordinates(u, l.TerritoryID) {
		return errs.NotFoundErr()
	}
	reason = strings.TrimSpace(reason)
	if hide && reason == "" {
		var f errs.Fields
		f.Add("lab_reason", "participation.labs.errors.reason")
		return f.Err()
	}
	if hide == l.Hidden() {
		return errs.New(errs.Conflict, "participation.labs.errors.hidden_already")
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var at any
		action, key := "shown", "participation.mail.lab_shown"
		if hide {
			at, action, key = db.Now(), "hidden", "participation.mail.lab_hidden"
		} else {
			reason = ""
		}
		res, err := tx.ExecContext(ctx, `UPDATE labs SET hidden_at = $1, hidden_reason = $2, updated_at = $3
			WHERE id = $4 AND (hidden_at IS NULL) = $5`, at, reason, db.Now(), l.ID, hide)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.New(errs.Conflict, "participation.labs.errors.hidden_already")
		}
		if err := audit.Record(ctx, tx, audit.Entry{Action: action, Entity: "lab", EntityID: l.ID,
			Detail: map[string]any{"reason": reason}}); err != nil {
			return err
		}
		people, err := s.participants(ctx, tx, l)
		if err != nil {
			return err
		}
		for _, p := range people {
			if err := s.Mail(ctx, tx, p.email, p.lang, key, nil, l.Title, reason, s.Link("/laboratori/"+l.ID)); err != nil {
				return err
			}
		}
		return nil
	})
}

type recipient struct{ email, lang string }

// participants are the people of a lab, once each by e-mail address: its
// facilitators, the authors of its contributions and comments (active
// accounts), the confirmed supporters of its proposals.
func (s *Labs) participants(ctx context.Context, q db.Querier, l *Lab) ([]recipient, error) {
	rows, err := q.QueryContext(ctx, `SELECT u.email, u.lang FROM users u WHERE u.disabled_at IS NULL AND u.id IN (
			SELECT user_id FROM lab_facilitators WHERE lab_id = $1
			UNION SELECT author_id FROM lab_posts WHERE lab_id = $1 AND author_id IS NOT NULL
			UNION SELECT c.author_id FROM lab_comments c JOIN lab_posts p ON p.id = c.post_id WHERE p.lab_id = $1 AND c.author_id IS NOT NULL)
		ORDER BY u.email`, l.ID)
	if err != nil {
		return nil, err
	}
	var out []recipient
	seen := map[string]bool{}
	add := func(email, lang string) {
		if email != "" && !seen[email] {
			seen[email] = true
			out = append(out, recipient{email, lang})
		}
	}
	for rows.Next() {
		var r recipient
		if err := rows.Scan(&r.email, &r.lang); err != nil {
			rows.Close()
			return nil, err
		}
		add(r.email, r.lang)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	supporters, err := s.supporters(ctx, q, `p.lab_id = $1`, l.ID)
	for _, r := range supporters {
		add(r.email, r.lang)
	}
	return out, err
}

// supporters are the confirmed supporters of the proposals p (lab_posts)
// that meet cond on parameter $1, their addresses opened.
func (s *Labs) supporters(ctx context.Context, q db.Querier, cond, arg string) ([]recipient, error) {
	rows, err := q.QueryContext(ctx, `SELECT s.email, s.lang FROM lab_supports s JOIN lab_posts p ON p.id = s.post_id
		WHERE `+cond+` AND s.confirmed_at IS NOT NULL ORDER BY s.created_at`, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []recipient
	for rows.Next() {
		var sealed, lang string
		if err := rows.Scan(&sealed, &lang); err != nil {
			return nil, err
		}
		email, err := s.Keys.Open(sealed)
		if err != nil {
			return nil, err
		}
		out = append(out, recipient{email, lang})
	}
	return out, rows.Err()
}
