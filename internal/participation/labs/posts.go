package labs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/trama-welfare/trama/internal/participation/kit"
	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/validate"
)

const postCols = `p.id, p.lab_id, p.kind, COALESCE(p.author_id, ''), p.author_name, p.title, p.body, p.state, p.merged_into,
	p.hidden_at, p.hidden_reason, p.answer, p.answered_at, p.created_at,
	(SELECT COUNT(*) FROM lab_supports s WHERE s.post_id = p.id AND s.confirmed_at IS NOT NULL),
	(SELECT COUNT(*) FROM lab_comments c WHERE c.post_id = p.id AND c.hidden_at IS NULL)`

func scanPost(s kit.Scanner) (*Post, error) {
	var p Post
	var hidden, answered sql.NullTime
	err := s.Scan(&p.ID, &p.LabID, &p.Kind, &p.AuthorID, &p.AuthorName, &p.Title, &p.Body, &p.State, &p.MergedInto,
		&hidden, &p.HiddenReason, &p.Answer, &answered, &p.CreatedAt, &p.Supports, &p.Comments)
	if hidden.Valid {
		p.HiddenAt = &hidden.Time
	}
	if answered.Valid {
		p.AnsweredAt = &answered.Time
	}
	return &p, err
}

// Posts lists a lab's contributions of a kind: proposals by supports,
// problems by date.
func (s *Labs) Posts(ctx context.Context, labID, kind string) ([]*Post, error) {
	order := "p.created_at"
	if kind == KindProposal {
		order = "15 DESC, p.created_at"
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT `+postCols+` FROM lab_posts p WHERE p.lab_id = $1 AND p.kind = $2 ORDER BY `+order,
		labID, kind)
	list, err := kit.Collect(rows, err, scanPost)
	if err != nil {
		return nil, fmt.Errorf("labs: posts: %w", err)
	}
	return list, nil
}

// Post loads a contribution of a lab.
func (s *Labs) Post(ctx context.Context, labID, id string) (*Post, error) {
	p, err := scanPost(s.DB.R.QueryRowContext(ctx, `SELECT `+postCols+` FROM lab_posts p WHERE p.id = $1 AND p.lab_id = $2`, id, labID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundErr()
	}
	return p, err
}

// Contribute posts a problem (listening phase) or a proposal (proposals
// phase) signed with the author's name.
func (s *Labs) Contribute(ctx context.Context, u *auth.User, l *Lab, title, body string) (*Post, error) {
	kind := KindProblem
	if l.Phase == PhaseProposals {
		kind = KindProposal
	}
	if !l.Accepts(kind) {
		return nil, errs.New(errs.Conflict, "participation.labs.errors.closed")
	}
	var c validate.Checker
	p := &Post{ID: kit.NewID(), LabID: l.ID, Kind: kind, AuthorID: u.ID, AuthorName: u.Name, State: StateOpen,
		Title: c.MaxLength("title", c.Required("title", title), maxTitle), Body: c.MaxLength("body", c.Required("body", body), maxBody)}
	if err := c.Err(); err != nil {
		return nil, err
	}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		now := db.Now()
		p.CreatedAt = now
		if _, err := tx.ExecContext(ctx, `INSERT INTO lab_posts (id, lab_id, kind, author_id, author_name, title, body, state,
			created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
			p.ID, p.LabID, p.Kind, p.AuthorID, p.AuthorName, p.Title, p.Body, p.State, now); err != nil {
			return fmt.Errorf("labs: contribute: %w", err)
		}
		if err := history(ctx, tx, p.ID, "", StateOpen, ""); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "create", Entity: "lab_post", EntityID: p.ID,
			Detail: map[string]any{"lab_id": l.ID, "kind": kind}})
	})
	return p, err
}

func history(ctx context.Context, q db.Querier, postID, from, to, reason string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO lab_post_history (post_id, at, actor_label, from_state, to_state, reason)
		VALUES ($1, $2, $3, $4, $5, $6)`, postID, db.Now(), audit.ActorFrom(ctx).Label, from, to, reason)
	if err != nil {
		return fmt.Errorf("labs: history: %w", err)
	}
	return nil
}

// Comments lists a post's comments, oldest first.
func (s *Labs) Comments(ctx context.Context, postID string) ([]Comment, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT id, author_name, body, facilitator, hidden_at, hidden_reason, created_at
		FROM lab_comments WHERE post_id = $1 ORDER BY created_at`, postID)
	if err != nil {
		return nil, fmt.Errorf("labs: comments: %w", err)
	}
	defer rows.Close()
	var out []Comment
	for rows.Next() {
		var c Comment
		var hidden sql.NullTime
		if err := rows.Scan(&c.ID, &c.AuthorName, &c.Body, &c.Facilitator, &hidden, &c.HiddenReason, &c.CreatedAt); err != nil {
			return nil, err
		}
		if hidden.Valid {
			c.HiddenAt = &hidden.Time
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Comment adds a remark to a proposal or a problem while the lab discusses.
func (s *Labs) Comment(ctx context.Context, u *auth.User, l *Lab, p *Post, body string) error {
	if !l.Discussing() && l.Phase != PhaseListening || p.Hidden() || p.State == StateMerged {
		return errs.New(errs.Conflict, "participation.labs.errors.closed")
	}
	var c validate.Checker
	body = c.MaxLength("comment", c.Required("comment", body), maxComment)
	if err := c.Err(); err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		id := kit.NewID()
		if _, err := tx.ExecContext(ctx, `INSERT INTO lab_comments (id, post_id, author_id, author_name, body, facilitator, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, p.ID, u.ID, u.Name, body, s.CanFacilitate(u, l) == nil, db.Now()); err != nil {
			return fmt.Errorf("labs: comment: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "create", Entity: "lab_comment", EntityID: id})
	})
}

// Hide hides (or shows again, with an empty reason) a post: the public sees
// that it was hidden and why. Its author — and the supporters of a
// proposal — are told by e-mail, with the reason; and again when it is
// shown again.
func (s *Labs) Hide(ctx context.Context, u *auth.User, l *Lab, p *Post, hide bool, reason string) error {
	if err := s.CanFacilitate(u, l); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if hide && reason == "" {
		var f errs.Fields
		f.Add("reason", "participation.labs.errors.reason")
		return f.Err()
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var at any
		to := "shown"
		if hide {
			at, to = db.Now(), "hidden"
		}
		if _, err := tx.ExecContext(ctx, `UPDATE lab_posts SET hidden_at = $1, hidden_reason = $2, updated_at = $3 WHERE id = $4`,
			at, reason, db.Now(), p.ID); err != nil {
			return err
		}
		if err := history(ctx, tx, p.ID, p.State, to, reason); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Entry{Action: to, Entity: "lab_post", EntityID: p.ID}); err != nil {
			return err
		}
		if hide == p.Hidden() {
			return nil // no change to tell (a new reason is not news)
		}
		if p.Kind == KindProposal {
			return s.notify(ctx, tx, l, p, to, reason)
		}
		return s.notifyAuthor(ctx, tx, l, p, "participation.mail.post_"+to, reason)
	})
}

// HideComment hides a comment with a reason.
func (s *Labs) HideComment(ctx context.Context, u *auth.User, l *Lab, commentID, reason string) (string, error) {
	if err := s.CanFacilitate(u, l); err != nil {
		return "", err
	}
	if strings.TrimSpace(reason) == "" {
		return "", errs.E("participation.labs.errors.reason")
	}
	var postID string
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `UPDATE lab_comments SET hidden_at = $1, hidden_reason = $2 WHERE id = $3
			AND post_id IN (SELECT id FROM lab_posts WHERE lab_id = $4) RETURNING post_id`,
			db.Now(), strings.TrimSpace(reason), commentID, l.ID).Scan(&postID)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.NotFoundErr()
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "hidden", Entity: "lab_comment", EntityID: commentID})
	})
	return postID, err
}

// Merge folds a duplicate proposal into another: its supporters support
// the other one (once each), and it points there.
func (s *Labs) Merge(ctx context.Context, u *auth.User, l *Lab, p *Post, intoID string) error {
	if err := s.CanFacilitate(u, l); err != nil {
		return err
	}
	into, err := s.Post(ctx, l.ID, intoID)
	if err != nil || into.ID == p.ID || into.Kind != p.Kind || into.State == StateMerged {
		var f errs.Fields
		f.Add("into", "participation.labs.errors.merge")
		return f.Err()
	}
	if p.State == StateMerged {
		return errs.New(errs.Conflict, "participation.labs.errors.merged")
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO lab_supports (id, post_id, supporter, user_id, email, lang, token_hash, created_at, confirmed_at)
			SELECT id || '-m', $1, supporter, user_id, email, lang, '', created_at, confirmed_at FROM lab_supports WHERE post_id = $2
			ON CONFLICT (post_id, supporter) DO NOTHING`, into.ID, p.ID); err != nil {
			return fmt.Errorf("labs: merge supports: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE lab_posts SET state = $1, merged_into = $2, updated_at = $3 WHERE id = $4`,
			StateMerged, into.ID, db.Now(), p.ID); err != nil {
			return err
		}
		if err := history(ctx, tx, p.ID, p.State, StateMerged, into.ID); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Entry{Action: "merge", Entity: "lab_post", EntityID: p.ID,
			Detail: map[string]any{"into": into.ID}}); err != nil {
			return err
		}
		return s.notify(ctx, tx, l, p, StateMerged, into.Title)
	})
}

// SetAnswer records the facilitators' answer to a contribution and tells
// its author.
func (s *Labs) SetAnswer(ctx context.Context, u *auth.User, l *Lab, p *Post, answer string) error {
	if err := s.CanFacilitate(u, l); err != nil {
		return err
	}
	var c validate.Checker
	answer = c.MaxLength("answer", c.Required("answer", answer), maxComment)
	if err := c.Err(); err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE lab_posts SET answer = $1, answered_by = $2, answered_at = $3, updated_at = $3
			WHERE id = $4`, answer, u.Email, db.Now(), p.ID); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Entry{Action: "answer", Entity: "lab_post", EntityID: p.ID}); err != nil {
			return err
		}
		return s.notifyAuthor(ctx, tx, l, p, "participation.mail.lab_answer", answer)
	})
}
