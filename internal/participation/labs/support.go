package labs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/trama-welfare/trama/internal/participation/kit"
	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/validate"
)

// Outcomes of a support request.
const (
	Supported = "supported" // counted now
	Pending   = "pending"   // counted once the e-mail is confirmed
)

// ErrAlreadySupported answers a second support by the same person.
var ErrAlreadySupported = errs.New(errs.Conflict, "participation.labs.errors.already_supported")

// Support counts one support for a proposal, one per person: the person
// is their e-mail address (keyed hash), whether they have an account or
// not, and a unique index keeps a second support out even when both
// arrive at once. Without a verified account the support counts once the
// link sent to the address is opened and confirmed.
func (s *Labs) Support(ctx context.Context, l *Lab, p *Post, u *auth.User, email, lang string) (string, error) {
	if p.Kind != KindProposal || !l.Discussing() || l.Hidden() || p.Hidden() || p.State != StateOpen {
		return "", errs.New(errs.Conflict, "participation.labs.errors.support_closed")
	}
	verified := false
	if u != nil {
		email, lang, verified = u.Email, u.Lang, u.Verified()
	}
	var c validate.Checker
	email = c.Email("email", c.Required("email", email))
	if err := c.Err(); err != nil {
		return "", err
	}
	sealed, err := s.Keys.Seal(email)
	if err != nil {
		return "", err
	}
	supporter := "e:" + s.Keys.Hash("email|"+email)
	token, tokenHash := "", ""
	var confirmed any
	if verified {
		confirmed = db.Now()
	} else {
		token, tokenHash = auth.NewToken()
	}
	var userID any
	if u != nil {
		userID = u.ID
	}
	result := Supported
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		id := kit.NewID()
		res, err := tx.ExecContext(ctx, `INSERT INTO lab_supports (id, post_id, supporter, user_id, email, lang, token_hash, created_at, confirmed_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (post_id, supporter) DO NOTHING`,
			id, p.ID, supporter, userID, sealed, lang, tokenHash, db.Now(), confirmed)
		if err != nil {
			return fmt.Errorf("labs: support: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			// Already there: counted, or waiting for its e-mail.
			var pending bool
			if err := tx.QueryRowContext(ctx, `SELECT confirmed_at IS NULL FROM lab_supports WHERE post_id = $1 AND supporter = $2`,
				p.ID, supporter).Scan(&pending); err != nil {
				return err
			}
			if !pending {
				return ErrAlreadySupported
			}
			if verified {
				// The person now comes with a verified account: their
				// pending support counts at once (still one per person).
				if _, err := tx.ExecContext(ctx, `UPDATE lab_supports SET confirmed_at = $1, token_hash = '', user_id = $2
					WHERE post_id = $3 AND supporter = $4 AND confirmed_at IS NULL`, confirmed, userID, p.ID, supporter); err != nil {
					return err
				}
				return audit.Record(ctx, tx, audit.Entry{Action: "support", Entity: "lab_post", EntityID: p.ID,
					Detail: map[string]any{"confirmed": true}})
			}
			// Send a new link.
			if _, err := tx.ExecContext(ctx, `UPDATE lab_supports SET token_hash = $1 WHERE post_id = $2 AND supporter = $3`,
				tokenHash, p.ID, supporter); err != nil {
				return err
			}
		} else if err := audit.Record(ctx, tx, audit.Entry{Action: "support", Entity: "lab_post", EntityID: p.ID,
			Detail: map[string]any{"confirmed": verified}}); err != nil {
			return err
		}
		if token == "" {
			return nil
		}
		result = Pending
		return s.Mail(ctx, tx, email, lang, "participation.mail.support_confirm", nil, p.Title, s.Link("/sostegni/"+token))
	})
	return result, err
}

// PendingSupport returns the proposal a support link is for.
func (s *Labs) PendingSupport(ctx context.Context, token string) (*Lab, *Post, error) {
	var labID, postID string
	err := s.DB.R.QueryRowContext(ctx, `SELECT p.lab_id, p.id FROM lab_supports s JOIN lab_posts p ON p.id = s.post_id
		WHERE s.token_hash = $1 AND s.confirmed_at IS NULL`, auth.HashToken(token)).Scan(&labID, &postID)
	if errors.Is(err, sql.ErrNoRows) || token == "" {
		return nil, nil, errs.New(errs.NotFound, "errors.link_expired")
	}
	if err != nil {
		return nil, nil, err
	}
	l, err := s.Lab(ctx, labID)
	if err != nil {
		return nil, nil, err
	}
	p, err := s.Post(ctx, labID, postID)
	return l, p, err
}

// ConfirmSupport counts the support whose link was opened.
func (s *Labs) ConfirmSupport(ctx context.Context, token string) (*Lab, *Post, error) {
	l, p, err := s.PendingSupport(ctx, token)
	if err != nil {
		return nil, nil, err
	}
	if p.State != StateOpen || p.Hidden() || l.Hidden() {
		return nil, nil, errs.New(errs.Conflict, "participation.labs.errors.support_closed")
	}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE lab_supports SET confirmed_at = $1, token_hash = '' WHERE token_hash = $2
			AND confirmed_at IS NULL`, db.Now(), auth.HashToken(token))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.New(errs.NotFound, "errors.link_expired")
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "support", Entity: "lab_post", EntityID: p.ID,
			Detail: map[string]any{"confirmed": true}})
	})
	return l, p, err
}

// notify tells the author and the supporters of a proposal that its state
// changed; detail says why or where.
func (s *Labs) notify(ctx context.Context, q db.Querier, l *Lab, p *Post, state, detail string) error {
	link := s.Link("/laboratori/" + l.ID + "/contributi/" + p.ID)
	sent := map[string]bool{}
	send := func(email, lang string) error {
		if email == "" || sent[email] {
			return nil
		}
		sent[email] = true
		return s.Mail(ctx, q, email, lang, "participation.mail.proposal_state", nil, p.Title, l.Title,
			s.Cat.T(lang, "participation.labs.state."+state), detail, link)
	}
	if p.AuthorID != "" {
		var email, lang string
		if err := q.QueryRowContext(ctx, `SELECT email, lang FROM users WHERE id = $1 AND disabled_at IS NULL`, p.AuthorID).
			Scan(&email, &lang); err == nil {
			if err := send(email, lang); err != nil {
				return err
			}
		}
	}
	list, err := s.supporters(ctx, q, `p.id = $1`, p.ID)
	if err != nil {
		return err
	}
	for _, r := range list {
		if err := send(r.email, r.lang); err != nil {
			return err
		}
	}
	return nil
}

// notifyAuthor e-mails a contribution's author.
func (s *Labs) notifyAuthor(ctx context.Context, q db.Querier, l *Lab, p *Post, key, text string) error {
	if p.AuthorID == "" {
		return nil
	}
	var email, lang string
	if err := q.QueryRowContext(ctx, `SELECT email, lang FROM users WHERE id = $1 AND disabled_at IS NULL`, p.AuthorID).
		Scan(&email, &lang); err != nil {
		return nil
	}
	return s.Mail(ctx, q, email, lang, key, nil, p.Title, l.Title, text, s.Link("/laboratori/"+l.ID+"/contributi/"+p.ID))
}
