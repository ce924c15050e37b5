package volunteer

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/trama-welfare/trama/internal/people/common"
	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/web"
)

// Sign-up statuses. Pending and accepted sign-ups hold a place.
const (
	Pending   = "pending"
	Accepted  = "accepted"
	Waiting   = "waiting"
	Declined  = "declined"
	Cancelled = "cancelled"
)

// holdsPlace tells whether a status counts in the shift's places.
func holdsPlace(status string) bool { return status == Pending || status == Accepted }

// Signup is a person's sign-up to a shift.
type Signup struct {
	ID               string
	ShiftID          string
	UserID           string
	UserName         string
	UserEmail        string
	OpportunityID    string
	OpportunityTitle string
	OrganizationID   string
	OrganizationName string
	Start, End       time.Time
	Status           string
	Note             string
	CreatedAt        time.Time
	Position         int // place in the waiting list, from 1
	Logged           bool
}

// Active tells whether the sign-up still counts (held place or waiting).
func (g Signup) Active() bool { return holdsPlace(g.Status) || g.Status == Waiting }

const signupSelect = `SELECT g.id, g.shift_id, g.user_id, u.name, u.email, v.id, v.title, v.organization_id, o.name,
	s.starts_at, s.ends_at, g.status, g.note, g.created_at,
	CASE WHEN g.status = 'waiting' THEN (SELECT COUNT(*) FROM volunteer_signups w WHERE w.shift_id = g.shift_id
		AND w.status = 'waiting' AND (w.created_at < g.created_at OR w.created_at = g.created_at AND w.id <= g.id)) ELSE 0 END,
	EXISTS (SELECT 1 FROM volunteer_hours h WHERE h.signup_id = g.id)
	FROM volunteer_signups g
	JOIN volunteer_shifts s ON s.id = g.shift_id
	JOIN volunteer_opportunities v ON v.id = s.opportunity_id
	JOIN organizations o ON o.id = v.organization_id
	JOIN users u ON u.id = g.user_id`

func (s *Service) signupsIn(ctx context.Context, q db.Querier, where string, args ...any) ([]Signup, error) {
	rows, err := q.QueryContext(ctx, signupSelect+` WHERE `+where+` ORDER BY s.starts_at, g.created_at, g.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("volunteer: sign-ups: %w", err)
	}
	defer rows.Close()
	var out []Signup
	for rows.Next() {
		var g Signup
		if err := rows.Scan(&g.ID, &g.ShiftID, &g.UserID, &g.UserName, &g.UserEmail, &g.OpportunityID, &g.OpportunityTitle,
			&g.OrganizationID, &g.OrganizationName, &g.Start, &g.End, &g.Status, &g.Note, &g.CreatedAt, &g.Position, &g.Logged); err != nil {
			return nil, err
		}
		g.Start, g.End = g.Start.In(web.Rome), g.End.In(web.Rome)
		out = append(out, g)
	}
	return out, rows.Err()
}

func (s *Service) signupsWhere(ctx context.Context, where string, args ...any) ([]Signup, error) {
	return s.signupsIn(ctx, s.db.R, where, args...)
}

func (s *Service) signup(ctx context.Context, q db.Querier, id string) (*Signup, error) {
	list, err := s.signupsIn(ctx, q, `g.id = $1`, id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, errs.NotFoundErr()
	}
	return &list[0], nil
}

// MySignups lists a person's sign-ups: the active ones to come, and the
// past ones that held a place.
func (s *Service) MySignups(ctx context.Context, userID string) (upcoming, past []Signup, err error) {
	list, err := s.signupsWhere(ctx, `g.user_id = $1 AND g.status IN ('pending', 'accepted', 'waiting')`, userID)
	if err != nil {
		return nil, nil, err
	}
	now := s.Now()
	for _, g := range list {
		if g.Start.After(now) {
			upcoming = append(upcoming, g)
		} else if g.Status == Accepted {
			past = append(past, g)
		}
	}
	return upcoming, past, nil
}

// SignUp signs u up to the shift of opportunity oppID starting at start
// (Unix seconds). When a place is free it is taken — pending the
// organization's answer, or accepted at once for opportunities without
// approval — otherwise u joins the shift's waiting list.
func (s *Service) SignUp(ctx context.Context, u *auth.User, oppID string, start int64, note string) (*Signup, error) {
	o, err := s.Opportunity(ctx, oppID)
	if err != nil || !o.Public() {
		return nil, errs.NotFoundErr()
	}
	sh, err := s.occurrenceAt(o, start)
	if err != nil {
		return nil, err
	}
	if err := s.eligible(ctx, u, o, sh.Start); err != nil {
		return nil, err
	}
	note = strings.TrimSpace(note)
	if len([]rune(note)) > 500 {
		var f errs.Fields
		f.Add("note", "errors.too_long", 500)
		return nil, f.Err()
	}
	var id string
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		shiftID, err := s.materialize(ctx, tx, o, sh)
		if err != nil {
			return err
		}
		took, err := takePlace(ctx, tx, shiftID)
		if err != nil {
			return err
		}
		status := Waiting
		if took {
			status = Accepted
			if o.Approval {
				status = Pending
			}
		}
		id = common.NewID()
		now := db.Now()
		_, err = tx.ExecContext(ctx, `INSERT INTO volunteer_signups (id, shift_id, user_id, status, note, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $6)`, id, shiftID, u.ID, status, note, now)
		if db.IsUniqueViolation(err) {
			return errs.New(errs.Conflict, "people.errors.already_signed_up")
		}
		if err != nil {
			return fmt.Errorf("volunteer: sign up: %w", err)
		}
		if err := s.history(ctx, tx, id, "", status, ""); err != nil {
			return err
		}
		return s.announce(ctx, tx, id, o, status)
	})
	if err != nil {
		return nil, err
	}
	return s.signup(ctx, s.db.R, id)
}

// eligible checks the person: a volunteer profile, the minimum age on the
// day of the shift, the qualification required.
func (s *Service) eligible(ctx context.Context, u *auth.User, o *Opportunity, day time.Time) error {
	p, err := s.Profile(ctx, u.ID)
	if errs.Is(err, errs.NotFound) {
		return errNoProfile
	}
	if err != nil {
		return err
	}
	if o.MinimumAge > 0 {
		age, ok := p.Age(day)
		if !ok {
			return errs.New(errs.Conflict, "people.errors.birth_date_needed", o.MinimumAge)
		}
		if age < o.MinimumAge {
			return errs.New(errs.Conflict, "people.errors.too_young", o.MinimumAge)
		}
	}
	if o.Qualification != "" {
		ok, err := s.quals.HasQualification(ctx, u.ID, o.Qualification)
		if err != nil {
			return err
		}
		if !ok {
			return errs.New(errs.Conflict, "people.errors.qualification_needed")
		}
	}
	return nil
}

// announce sends the e-mails of a new or promoted sign-up: the
// organization's people when they must answer, the volunteer when accepted.
func (s *Service) announce(ctx context.Context, q db.Querier, signupID string, o *Opportunity, status string) error {
	g, err := s.signup(ctx, q, signupID)
	if err != nil {
		return err
	}
	switch status {
	case Pending:
		rows, err := q.QueryContext(ctx, `SELECT m.user_id FROM organization_members m JOIN users u ON u.id = m.user_id
			WHERE m.organization_id = $1 AND u.disabled_at IS NULL`, o.OrganizationID)
		if err != nil {
			return err
		}
		var members []string
		for rows.Next() {
			var id string
			rows.Scan(&id)
			members = append(members, id)
		}
		rows.Close()
		for _, m := range members {
			if err := s.mail.Send(ctx, q, m, "mail.people.signup_request", func(common.Translator) []any {
				return []any{g.UserName, o.Title, common.When(g.Start), s.mail.Link("/ente/" + o.OrganizationID + "/volontariato/" + o.ID)}
			}); err != nil {
				return err
			}
		}
	case Accepted:
		return s.mail.Send(ctx, q, g.UserID, "mail.people.signup_accepted", func(common.Translator) []any {
			return []any{o.Title, g.OrganizationName, common.When(g.Start), s.mail.Link("/volontariato/impegni")}
		})
	}
	return nil
}

// history records a change of a sign-up's status.
func (s *Service) history(ctx context.Context, q db.Querier, signupID, from, to, comment string) error {
	a := audit.ActorFrom(ctx)
	if _, err := q.ExecContext(ctx, `INSERT INTO volunteer_signup_history (signup_id, at, actor_id, actor_label, from_status, to_status, comment)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, signupID, db.Now(), a.ID, a.Label, from, to, comment); err != nil {
		return fmt.Errorf("volunteer: sign-up history: %w", err)
	}
	return audit.Record(ctx, q, audit.Entry{Action: "status", Entity: "volunteer_signup", EntityID: signupID,
		Detail: map[string]any{"from": from, "to": to}})
}

// move changes a sign-up's status if it still has the status from.
func (s *Service) move(ctx context.Context, tx *sql.Tx, g *Signup, to, comment string) error {
	res, err := tx.ExecContext(ctx, `UPDATE volunteer_signups SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4`,
		to, db.Now(), g.ID, g.Status)
	if err != nil {
		return fmt.Errorf("volunteer: move sign-up: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.New(errs.Conflict, "people.errors.signup_moved")
	}
	return s.history(ctx, tx, g.ID, g.Status, to, comment)
}

// Cancel withdraws u's own sign-up to a shift that has not begun; a place
// it held goes to the first person of the waiting list.
func (s *Service) Cancel(ctx context.Context, u *auth.User, signupID string) error {
	g, err := s.signup(ctx, s.db.R, signupID)
	if err != nil || g.UserID != u.ID || !g.Active() {
		return errs.NotFoundErr()
	}
	if !g.Start.After(s.Now()) {
		return errs.New(errs.Conflict, "people.errors.shift_past")
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.move(ctx, tx, g, Cancelled, ""); err != nil {
			return err
		}
		if holdsPlace(g.Status) {
			return s.release(ctx, tx, g.ShiftID)
		}
		return nil
	})
}

// Answer lets the organization accept a pending sign-up, or decline a
// pending or accepted one (its place goes to the waiting list).
func (s *Service) Answer(ctx context.Context, u *auth.User, orgID, signupID string, accept bool, comment string) (*Signup, error) {
	if err := s.dir.CanEdit(ctx, u, orgID); err != nil {
		return nil, err
	}
	g, err := s.signup(ctx, s.db.R, signupID)
	if err != nil || g.OrganizationID != orgID {
		return nil, errs.NotFoundErr()
	}
	to := Declined
	switch {
	case accept && g.Status == Pending:
		to = Accepted
	case !accept && holdsPlace(g.Status):
	default:
		return nil, errs.New(errs.Conflict, "people.errors.signup_moved")
	}
	comment = strings.TrimSpace(comment)
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.move(ctx, tx, g, to, comment); err != nil {
			return err
		}
		if to == Accepted {
			o, err := s.opportunity(ctx, tx, g.OpportunityID)
			if err != nil {
				return err
			}
			return s.announce(ctx, tx, g.ID, o, Accepted)
		}
		if err := s.mail.Send(ctx, tx, g.UserID, "mail.people.signup_declined", func(t common.Translator) []any {
			return []any{g.OpportunityTitle, g.OrganizationName, common.When(g.Start), comment}
		}); err != nil {
			return err
		}
		return s.release(ctx, tx, g.ShiftID)
	})
	if err != nil {
		return nil, err
	}
	g.Status = to
	return g, nil
}

// release frees a place of a shift and gives it to the waiting list.
func (s *Service) release(ctx context.Context, tx *sql.Tx, shiftID string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE volunteer_shifts SET taken = taken - 1 WHERE id = $1`, shiftID); err != nil {
		return fmt.Errorf("volunteer: release place: %w", err)
	}
	var oppID string
	if err := tx.QueryRowContext(ctx, `SELECT opportunity_id FROM volunteer_shifts WHERE id = $1`, shiftID).Scan(&oppID); err != nil {
		return err
	}
	o, err := s.opportunity(ctx, tx, oppID)
	if err != nil {
		return err
	}
	return s.promote(ctx, tx, shiftID, o)
}

// promote moves people from the waiting list of a shift, first come first
// served, into the places that are free, and tells them. The shift's row
// is locked by the caller's UPDATE, so nobody else takes those places
// meanwhile.
func (s *Service) promote(ctx context.Context, tx *sql.Tx, shiftID string, o *Opportunity) error {
	for {
		var g Signup
		err := tx.QueryRowContext(ctx, `SELECT id, user_id FROM volunteer_signups WHERE shift_id = $1 AND status = 'waiting'
			ORDER BY created_at, id LIMIT 1`, shiftID).Scan(&g.ID, &g.UserID)
		if err == sql.ErrNoRows {
			return nil
		}
		if err != nil {
			return fmt.Errorf("volunteer: waiting list: %w", err)
		}
		took, err := takePlace(ctx, tx, shiftID)
		if err != nil || !took {
			return err
		}
		g.Status = Waiting
		to, key := Accepted, "mail.people.signup_promoted"
		if o.Approval {
			to, key = Pending, "mail.people.signup_promoted_pending"
		}
		if err := s.move(ctx, tx, &g, to, ""); err != nil {
			return err
		}
		if to == Pending {
			if err := s.announce(ctx, tx, g.ID, o, Pending); err != nil {
				return err
			}
		}
		full, err := s.signup(ctx, tx, g.ID)
		if err != nil {
			return err
		}
		if err := s.mail.Send(ctx, tx, g.UserID, key, func(common.Translator) []any {
			return []any{o.Title, full.OrganizationName, common.When(full.Start), s.mail.Link("/volontariato/impegni")}
		}); err != nil {
			return err
		}
	}
}
