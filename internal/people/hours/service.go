package hours

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/people/common"
	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/validate"
	"github.com/trama-welfare/trama/internal/platform/web"
)

// Service holds the rules of hours: volunteers log their own, the
// organization they gave them to reviews them, never the volunteer.
type Service struct {
	db   *db.DB
	dir  *directory.Directory
	mail common.Mail
	// Now is the clock (tests move it).
	Now func() time.Time
}

// NewService wires the service.
func NewService(d *db.DB, dir *directory.Directory, m common.Mail) *Service {
	return &Service{db: d, dir: dir, mail: m, Now: time.Now}
}

const entrySelect = `SELECT h.id, h.user_id, u.name, h.organization_id, o.name, h.opportunity_id, COALESCE(v.title, ''), h.signup_id,
	h.day, h.minutes, h.description, h.status, h.confirmed_minutes, h.review_note, COALESCE(r.name, ''), h.reviewed_at, h.created_at
	FROM volunteer_hours h
	JOIN users u ON u.id = h.user_id
	JOIN organizations o ON o.id = h.organization_id
	LEFT JOIN volunteer_opportunities v ON v.id = h.opportunity_id
	LEFT JOIN users r ON r.id = h.reviewed_by`

func (s *Service) entries(ctx context.Context, where string, args ...any) ([]Entry, error) {
	rows, err := s.db.R.QueryContext(ctx, entrySelect+` WHERE `+where+` ORDER BY h.day DESC, h.created_at DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("hours: list: %w", err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		if err := rows.Scan(&e.ID, &e.UserID, &e.UserName, &e.OrganizationID, &e.OrganizationName, &e.OpportunityID, &e.OpportunityTitle,
			&e.SignupID, &e.Day, &e.Minutes, &e.Description, &e.Status, &e.ConfirmedMinutes, &e.ReviewNote, &e.ReviewerName,
			&e.ReviewedAt, &e.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func (s *Service) entry(ctx context.Context, id string) (*Entry, error) {
	list, err := s.entries(ctx, `h.id = $1`, id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, errs.NotFoundErr()
	}
	return &list[0], nil
}

// LogForm is what a volunteer sends.
type LogForm struct {
	SignupID       string // hours of a shift
	OrganizationID string // free hours: for which organization
	Day            string
	Hours          string
	Description    string
}

// Log records hours u gave: for one of their past accepted shifts (once),
// or freely for an organization of the network.
func (s *Service) Log(ctx context.Context, u *auth.User, f LogForm) (*Entry, error) {
	var v validate.Checker
	e := Entry{UserID: u.ID, Status: Logged}
	e.Description = v.MaxLength("description", f.Description, 1000)
	minutes, ok := ParseDuration(f.Hours)
	if !ok {
		v.Fail("hours", "people.errors.hours")
	}
	e.Minutes = Minutes(minutes)
	today := common.Today(s.Now())
	if f.SignupID != "" {
		var start time.Time
		err := s.db.R.QueryRowContext(ctx, `SELECT v.organization_id, v.id, s.starts_at FROM volunteer_signups g
			JOIN volunteer_shifts s ON s.id = g.shift_id JOIN volunteer_opportunities v ON v.id = s.opportunity_id
			WHERE g.id = $1 AND g.user_id = $2 AND g.status = 'accepted'`, f.SignupID, u.ID).Scan(&e.OrganizationID, &e.OpportunityID, &start)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, errs.NotFoundErr()
		}
		if err != nil {
			return nil, fmt.Errorf("hours: shift: %w", err)
		}
		if start.After(s.Now()) {
			return nil, errs.New(errs.Conflict, "people.errors.shift_not_yet")
		}
		e.SignupID, e.Day = f.SignupID, common.Today(start)
	} else {
		e.OrganizationID = f.OrganizationID
		var st string
		if s.db.R.QueryRowContext(ctx, `SELECT status FROM organizations WHERE id = $1`, e.OrganizationID).Scan(&st) != nil || st != "active" {
			v.Fail("organization_id", "people.errors.organization_required")
		}
		e.Day = v.Date("day", f.Day)
		if strings.TrimSpace(f.Day) == "" {
			v.Fail("day", "errors.required")
		} else if v.OK() && e.Day > today {
			v.Fail("day", "people.errors.future_day")
		}
	}
	if err := v.Err(); err != nil {
		return &e, err
	}
	e.ID = common.NewID()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		now := db.Now()
		_, err := tx.ExecContext(ctx, `INSERT INTO volunteer_hours (id, user_id, organization_id, opportunity_id, signup_id, day, minutes,
			description, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
			e.ID, u.ID, e.OrganizationID, e.OpportunityID, e.SignupID, e.Day, e.Minutes, e.Description, Logged, now)
		if db.IsUniqueViolation(err) {
			return errs.New(errs.Conflict, "people.errors.hours_already_logged")
		}
		if err != nil {
			return fmt.Errorf("hours: log: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "create", Entity: "volunteer_hours", EntityID: e.ID,
			Detail: map[string]any{"organization_id": e.OrganizationID, "minutes": e.Minutes}})
	})
	return &e, err
}

// Delete removes hours u logged that nobody reviewed yet.
func (s *Service) Delete(ctx context.Context, u *auth.User, id string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM volunteer_hours WHERE id = $1 AND user_id = $2 AND status = 'logged'`, id, u.ID)
		if err != nil {
			return fmt.Errorf("hours: delete: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.NotFoundErr()
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "delete", Entity: "volunteer_hours", EntityID: id})
	})
}

// Review actions.
const (
	ActionConfirm = "confirm"
	ActionCorrect = "correct"
	ActionReject  = "reject"
)

// Review lets a person who manages the organization confirm, correct (with
// the right duration) or reject hours given to it. Nobody reviews their
// own hours.
func (s *Service) Review(ctx context.Context, u *auth.User, orgID, id, action, hours, note string) (*Entry, error) {
	if err := s.dir.CanEdit(ctx, u, orgID); err != nil {
		return nil, err
	}
	e, err := s.entry(ctx, id)
	if err != nil || e.OrganizationID != orgID {
		return nil, errs.NotFoundErr()
	}
	if e.UserID == u.ID {
		return nil, errs.New(errs.Forbidden, "people.errors.own_hours")
	}
	var f errs.Fields
	note = strings.TrimSpace(note)
	if len([]rune(note)) > 500 {
		f.Add("note", "errors.too_long", 500)
	}
	status, confirmed := Confirmed, e.Minutes
	switch action {
	case ActionConfirm:
	case ActionCorrect:
		m, ok := ParseDuration(hours)
		if !ok {
			f.Add("hours", "people.errors.hours")
		}
		status, confirmed = Corrected, Minutes(m)
		if Minutes(m) == e.Minutes {
			status = Confirmed
		}
	case ActionReject:
		status, confirmed = Rejected, 0
		if note == "" {
			f.Add("note", "people.errors.reject_note")
		}
	default:
		return nil, errs.E("people.errors.review_action")
	}
	if err := f.Err(); err != nil {
		return e, err
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE volunteer_hours SET status = $1, confirmed_minutes = $2, review_note = $3,
			reviewed_by = $4, reviewed_at = $5, updated_at = $5 WHERE id = $6`, status, confirmed, note, u.ID, db.Now(), id); err != nil {
			return fmt.Errorf("hours: review: %w", err)
		}
		if err := audit.Record(ctx, tx, audit.Entry{Action: "review", Entity: "volunteer_hours", EntityID: id,
			Detail: map[string]any{"from": e.Status, "to": status, "minutes": confirmed}}); err != nil {
			return err
		}
		if status == Confirmed {
			return nil
		}
		return s.mail.Send(ctx, tx, e.UserID, "mail.people.hours_"+status, func(common.Translator) []any {
			return []any{e.OrganizationName, e.Day, e.Minutes.String(), confirmed.String(), note, s.mail.Link("/volontariato/ore")}
		})
	})
	e.Status, e.ConfirmedMinutes, e.ReviewNote = status, confirmed, note
	return e, err
}

// Period bounds a listing by day, both ends included; empty ends are open.
type Period struct{ From, To string }

// ParsePeriod reads "dal" and "al" as typed (ISO or Italian dates); the
// messages name the fields dal and al.
func ParsePeriod(from, to string) (Period, error) {
	var v validate.Checker
	p := Period{From: v.Date("dal", from), To: v.Date("al", to)}
	if v.OK() && p.From != "" && p.To != "" && p.To < p.From {
		v.Fail("al", "people.errors.period")
	}
	return p, v.Err()
}

// Query is the period as the query of an address ("?dal=…&al=…"), "" when
// it is open at both ends.
func (p Period) Query() string {
	q := url.Values{}
	if p.From != "" {
		q.Set("dal", p.From)
	}
	if p.To != "" {
		q.Set("al", p.To)
	}
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

// Text says the period in words with t: "Periodo: dal 01/01/2030 al
// 31/03/2030.", "Dal 01/01/2030.", "Fino al 31/03/2030."; "" when open.
func (p Period) Text(t func(string, ...any) string) string {
	day := func(s string) string {
		if d, err := time.Parse(time.DateOnly, s); err == nil {
			return d.Format("02/01/2006")
		}
		return s
	}
	switch {
	case p.From != "" && p.To != "":
		return t("people.attestation.period", day(p.From), day(p.To))
	case p.From != "":
		return t("people.attestation.period_from", day(p.From))
	case p.To != "":
		return t("people.attestation.period_to", day(p.To))
	}
	return ""
}

func (p Period) where(args []any) (string, []any) {
	where := ""
	if p.From != "" {
		args = append(args, p.From)
		where += fmt.Sprintf(" AND h.day >= $%d", len(args))
	}
	if p.To != "" {
		args = append(args, p.To)
		where += fmt.Sprintf(" AND h.day <= $%d", len(args))
	}
	return where, args
}

// Mine lists a person's hours in a period, with totals.
func (s *Service) Mine(ctx context.Context, userID string, p Period) ([]Entry, Totals, error) {
	where, args := p.where([]any{userID})
	list, err := s.entries(ctx, `h.user_id = $1`+where, args...)
	var t Totals
	for _, e := range list {
		t.Add(e)
	}
	return list, t, err
}

// PersonTotal is one volunteer's totals with an organization.
type PersonTotal struct {
	UserID string
	Name   string
	Totals
}

// OfOrganization lists the hours given to an organization u manages, in a
// period and optionally of one status, with totals overall and per person.
func (s *Service) OfOrganization(ctx context.Context, u *auth.User, orgID, status string, p Period) ([]Entry, Totals, []PersonTotal, error) {
	if err := s.dir.CanEdit(ctx, u, orgID); err != nil {
		return nil, Totals{}, nil, err
	}
	where, args := p.where([]any{orgID, status})
	list, err := s.entries(ctx, `h.organization_id = $1 AND ($2 = '' OR h.status = $2)`+where, args...)
	if err != nil {
		return nil, Totals{}, nil, err
	}
	var total Totals
	var people []PersonTotal
	index := map[string]int{}
	for _, e := range list {
		total.Add(e)
		i, ok := index[e.UserID]
		if !ok {
			i = len(people)
			index[e.UserID] = i
			people = append(people, PersonTotal{UserID: e.UserID, Name: e.UserName})
		}
		people[i].Add(e)
	}
	return list, total, people, nil
}

// monthOf is "2026-11" for a day.
func monthOf(day string) string {
	if len(day) >= 7 {
		return day[:7]
	}
	return day
}

// Rome is the zone of the attestation's dates.
var Rome = web.Rome
