package labs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/trama-welfare/trama/internal/participation/kit"
	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/validate"
)

// Outcomes lists a lab's decisions with the proposals they answer.
func (s *Labs) Outcomes(ctx context.Context, labID string) ([]*Outcome, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT id, title, body, state, reason, created_at FROM lab_outcomes
		WHERE lab_id = $1 ORDER BY created_at`, labID)
	if err != nil {
		return nil, fmt.Errorf("labs: outcomes: %w", err)
	}
	var out []*Outcome
	for rows.Next() {
		var o Outcome
		if err := rows.Scan(&o.ID, &o.Title, &o.Body, &o.State, &o.Reason, &o.CreatedAt); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, &o)
	}
	rows.Close()
	for _, o := range out {
		prow, err := s.DB.R.QueryContext(ctx, `SELECT p.id, p.title FROM lab_outcome_posts op JOIN lab_posts p ON p.id = op.post_id
			WHERE op.outcome_id = $1 ORDER BY p.title`, o.ID)
		if err != nil {
			return nil, err
		}
		for prow.Next() {
			var p Post
			if err := prow.Scan(&p.ID, &p.Title); err != nil {
				prow.Close()
				return nil, err
			}
			o.Posts = append(o.Posts, p)
		}
		prow.Close()
	}
	return out, rows.Err()
}

// checkOutcome validates an outcome's fields.
func checkOutcome(o *Outcome) error {
	var c validate.Checker
	o.Title = c.MaxLength("outcome_title", c.Required("outcome_title", o.Title), maxTitle)
	o.Body = c.MaxLength("outcome_body", o.Body, maxBody)
	o.Reason = c.MaxLength("outcome_reason", o.Reason, maxWhy)
	if !slices.Contains(OutcomeStates, o.State) {
		c.Fail("outcome_state", "errors.required")
	}
	if o.State == StateNotFeasible && o.Reason == "" {
		c.Fail("outcome_reason", "participation.labs.errors.why")
	}
	return c.Err()
}

// PublishOutcome publishes a decision in the outcomes phase and links it to
// the proposals it answers: they take its state, and their authors and
// supporters are told.
func (s *Labs) PublishOutcome(ctx context.Context, u *auth.User, l *Lab, o *Outcome, postIDs []string) error {
	if err := s.CanFacilitate(u, l); err != nil {
		return err
	}
	if l.Phase != PhaseOutcomes {
		return errs.New(errs.Conflict, "participation.labs.errors.not_outcomes")
	}
	o.Title, o.Body, o.Reason = strings.TrimSpace(o.Title), strings.TrimSpace(o.Body), strings.TrimSpace(o.Reason)
	if err := checkOutcome(o); err != nil {
		return err
	}
	var posts []*Post
	for _, id := range postIDs {
		p, err := s.Post(ctx, l.ID, id)
		if err != nil || p.Kind != KindProposal || p.State == StateMerged {
			var f errs.Fields
			f.Add("outcome_posts", "participation.labs.errors.merge")
			return f.Err()
		}
		posts = append(posts, p)
	}
	o.ID = kit.NewID()
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		now := db.Now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO lab_outcomes (id, lab_id, title, body, state, reason, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`, o.ID, l.ID, o.Title, o.Body, o.State, o.Reason, now); err != nil {
			return fmt.Errorf("labs: outcome: %w", err)
		}
		for _, p := range posts {
			if _, err := tx.ExecContext(ctx, `INSERT INTO lab_outcome_posts (outcome_id, post_id) VALUES ($1, $2)`, o.ID, p.ID); err != nil {
				return err
			}
		}
		if err := audit.Record(ctx, tx, audit.Entry{Action: "create", Entity: "lab_outcome", EntityID: o.ID}); err != nil {
			return err
		}
		return s.applyState(ctx, tx, l, posts, o)
	})
}

// UpdateOutcome changes a decision's state (in corso → realizzato …).
func (s *Labs) UpdateOutcome(ctx context.Context, u *auth.User, l *Lab, id, state, reason string) error {
	if err := s.CanFacilitate(u, l); err != nil {
		return err
	}
	var o Outcome
	err := s.DB.R.QueryRowContext(ctx, `SELECT id, title, body, state, reason FROM lab_outcomes WHERE id = $1 AND lab_id = $2`, id, l.ID).
		Scan(&o.ID, &o.Title, &o.Body, &o.State, &o.Reason)
	if errors.Is(err, sql.ErrNoRows) {
		return errs.NotFoundErr()
	}
	if err != nil {
		return err
	}
	if o.State == state && o.Reason == strings.TrimSpace(reason) {
		return nil
	}
	o.State, o.Reason = state, strings.TrimSpace(reason)
	if err := checkOutcome(&o); err != nil {
		return err
	}
	var posts []*Post
	rows, err := s.DB.R.QueryContext(ctx, `SELECT post_id FROM lab_outcome_posts WHERE outcome_id = $1`, id)
	if err != nil {
		return err
	}
	var ids []string
	for rows.Next() {
		var pid string
		rows.Scan(&pid)
		ids = append(ids, pid)
	}
	rows.Close()
	for _, pid := range ids {
		if p, err := s.Post(ctx, l.ID, pid); err == nil {
			posts = append(posts, p)
		}
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE lab_outcomes SET state = $1, reason = $2, updated_at = $3 WHERE id = $4`,
			o.State, o.Reason, db.Now(), id); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Entry{Action: "update", Entity: "lab_outcome", EntityID: id,
			Detail: map[string]any{"state": o.State}}); err != nil {
			return err
		}
		return s.applyState(ctx, tx, l, posts, &o)
	})
}

// applyState gives the proposals the outcome's state, with history and
// notifications.
func (s *Labs) applyState(ctx context.Context, q db.Querier, l *Lab, posts []*Post, o *Outcome) error {
	detail := o.Title
	if o.Reason != "" {
		detail += " — " + o.Reason
	}
	for _, p := range posts {
		if p.State == o.State {
			continue
		}
		if _, err := q.ExecContext(ctx, `UPDATE lab_posts SET state = $1, updated_at = $2 WHERE id = $3`, o.State, db.Now(), p.ID); err != nil {
			return err
		}
		if err := history(ctx, q, p.ID, p.State, o.State, o.ID); err != nil {
			return err
		}
		if err := s.notify(ctx, q, l, p, o.State, detail); err != nil {
			return err
		}
	}
	return nil
}
