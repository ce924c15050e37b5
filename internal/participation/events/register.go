package events

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/trama-welfare/trama/internal/participation/kit"
	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/mail"
	"github.com/trama-welfare/trama/internal/platform/validate"
	"github.com/trama-welfare/trama/internal/schedule/ical"
)

// Input is what a person sends to register.
type Input struct {
	Name    string
	Email   string
	Answers map[string]string // question id → value ("on" for a ticked consent)
	User    *auth.User        // nil without an account
	Lang    string
}

// Token is the secret of a registration's own page (status, QR, cancel).
// It is derived from the id with the installation's key, so e-mails can
// carry it again (promotion, reminders) without storing it in clear.
func (s *Events) Token(regID string) string { return s.Keys.Hash("event-registration|" + regID)[:40] }

// CheckinCode is what the QR code of a registration carries.
func (s *Events) CheckinCode(regID string) string { return s.Keys.Hash("event-checkin|" + regID)[:40] }

// checkAnswers validates the answers against the event's questions.
func checkAnswers(c *validate.Checker, e *Event, in map[string]string) []Answer {
	var out []Answer
	for _, q := range e.Questions {
		field := "answer_" + q.ID
		v := strings.TrimSpace(in[q.ID])
		switch q.Kind {
		case "consent":
			if v != "on" {
				v = ""
				if q.Required {
					c.Fail(field, "participation.events.errors.consent")
				}
			}
		case "choice":
			if v != "" && !slices.Contains(q.Options, v) {
				c.Fail(field, "participation.events.errors.choice")
			}
		default:
			v = c.MaxLength(field, v, 1000)
		}
		if q.Required && v == "" {
			c.Fail(field, "errors.required")
		}
		out = append(out, Answer{QuestionID: q.ID, Label: q.Label, Value: v})
	}
	return out
}

// checkRegistration reads what a person typed to register for e (an
// account's name and address win): the name, the normalised address and
// the answers, or the messages of the fields that are wrong.
func checkRegistration(e *Event, in Input) (name, email string, answers []Answer, err error) {
	var c validate.Checker
	if in.User != nil {
		in.Email, in.Name = in.User.Email, strings.TrimSpace(in.User.Name)
	}
	name = c.MaxLength("name", c.Required("name", in.Name), 120)
	email = c.Email("email", c.Required("email", in.Email))
	answers = checkAnswers(&c, e, in.Answers)
	return name, email, answers, c.Err()
}

// Register takes a place at the event, or a place in the waiting list when
// every place is taken. The event's row is locked first (a conditional
// update every registration change makes), so on both engines the count
// of confirmed places cannot be outrun by concurrent registrations.
func (s *Events) Register(ctx context.Context, eventID string, in Input) (*Registration, error) {
	e, err := s.Store.Event(ctx, eventID)
	if err != nil {
		return nil, err
	}
	if e.Status != StatusPublished {
		return nil, errs.NotFoundErr()
	}
	if !e.Open(time.Now()) {
		return nil, errs.New(errs.Conflict, "participation.events.errors.closed")
	}
	name, email, answers, err := checkRegistration(e, in)
	if err != nil {
		return nil, err
	}
	r := &Registration{ID: kit.NewID(), EventID: e.ID, Name: name, Email: email, Answers: answers, Lang: in.Lang,
		CreatedAt: db.Now()}
	if in.User != nil {
		r.UserID, r.Lang = in.User.ID, in.User.Lang
	}
	if r.Lang == "" {
		r.Lang = "it"
	}
	sealed, err := s.seal(r)
	if err != nil {
		return nil, err
	}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		l, err := s.lock(ctx, tx, e.ID)
		if err != nil {
			return err
		}
		if l.status != StatusPublished {
			return errs.New(errs.Conflict, "participation.events.errors.closed")
		}
		confirmed, err := s.countConfirmed(ctx, tx, e.ID)
		if err != nil {
			return err
		}
		e.Capacity = l.capacity
		r.Seq, r.Status = l.seq, RegConfirmed
		if l.full(confirmed) {
			r.Status = RegWaiting
		} else {
			r.ConfirmedAt = &r.CreatedAt
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO event_registrations (id, event_id, user_id, status, seq, name, email, email_hash,
			answers, lang, token_hash, checkin_hash, created_at, confirmed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
			r.ID, r.EventID, kit.Null(r.UserID), r.Status, r.Seq, sealed[0], sealed[1], s.Keys.Hash("email|"+email), sealed[2], r.Lang,
			auth.HashToken(s.Token(r.ID)), auth.HashToken(s.CheckinCode(r.ID)), r.CreatedAt, r.ConfirmedAt)
		if db.IsUniqueViolation(err) {
			var f errs.Fields
			f.Add("email", "participation.events.errors.already")
			return f.Err()
		}
		if err != nil {
			return fmt.Errorf("events: register: %w", err)
		}
		if err := s.history(ctx, tx, r.ID, "", r.Status, ""); err != nil {
			return err
		}
		if r.Status == RegWaiting {
			r.Position, _ = s.position(ctx, tx, r)
			return s.Mail(ctx, tx, r.Email, r.Lang, "participation.mail.waiting", nil, r.Name, e.Title, s.when(e, r.Lang),
				r.Position, s.Link("/iscrizioni/"+s.Token(r.ID)))
		}
		return s.mailConfirmed(ctx, tx, e, r, "participation.mail.registered")
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// locked is an event's registration state read under its lock.
type locked struct {
	seq      int    // the new sequence number
	capacity *int   // places, nil = no limit
	status   string // draft, published, cancelled …
}

// full tells whether confirmed registrations fill the places.
func (l locked) full(confirmed int) bool { return l.capacity != nil && confirmed >= *l.capacity }

// lock bumps the event's registration sequence: on PostgreSQL the row stays
// locked until the transaction ends, on SQLite the single writer already
// serialises. It returns the new sequence number with the capacity and the
// status as they are now: decisions about places use these, never a copy
// read before the lock (an organizer may have changed the places, or
// called the event off, meanwhile).
func (s *Events) lock(ctx context.Context, q db.Querier, eventID string) (locked, error) {
	var l locked
	var capacity sql.NullInt64
	err := q.QueryRowContext(ctx, `UPDATE events SET reg_seq = reg_seq + 1 WHERE id = $1 RETURNING reg_seq, capacity, status`,
		eventID).Scan(&l.seq, &capacity, &l.status)
	if errors.Is(err, sql.ErrNoRows) {
		return l, errs.NotFoundErr()
	}
	if capacity.Valid {
		n := int(capacity.Int64)
		l.capacity = &n
	}
	return l, err
}

func (s *Events) countConfirmed(ctx context.Context, q db.Querier, eventID string) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM event_registrations WHERE event_id = $1 AND status = 'confirmed'`, eventID).Scan(&n)
	return n, err
}

// position is a waiting registration's place in line, from 1.
func (s *Events) position(ctx context.Context, q db.Querier, r *Registration) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM event_registrations WHERE event_id = $1 AND status = 'waiting' AND seq <= $2`,
		r.EventID, r.Seq).Scan(&n)
	return n, err
}

// seal encrypts name, e-mail and answers.
func (s *Events) seal(r *Registration) ([3]string, error) {
	var out [3]string
	answers, err := json.Marshal(r.Answers)
	if err != nil {
		return out, err
	}
	for i, v := range []string{r.Name, r.Email, string(answers)} {
		if out[i], err = s.Keys.Seal(v); err != nil {
			return out, err
		}
	}
	return out, nil
}

// history writes a registration's change of status.
func (s *Events) history(ctx context.Context, q db.Querier, regID, from, to, reason string) error {
	if _, err := q.ExecContext(ctx, `INSERT INTO event_registration_history (registration_id, at, actor_label, from_status, to_status, reason)
		VALUES ($1, $2, $3, $4, $5, $6)`, regID, db.Now(), audit.ActorFrom(ctx).Label, from, to, reason); err != nil {
		return fmt.Errorf("events: history: %w", err)
	}
	return audit.Record(ctx, q, audit.Entry{Action: "registration_" + to, Entity: "event_registration", EntityID: regID,
		Detail: map[string]any{"from": from}})
}

// promote gives free places to the waiting list, first come first served.
func (s *Events) promote(ctx context.Context, q db.Querier, e *Event) error {
	for {
		confirmed, err := s.countConfirmed(ctx, q, e.ID)
		if err != nil {
			return err
		}
		if e.Capacity != nil && confirmed >= *e.Capacity {
			return nil
		}
		next, err := s.registrations(ctx, q, e.ID, "r.status = 'waiting' ORDER BY r.seq LIMIT 1")
		if err != nil || len(next) == 0 {
			return err
		}
		r := next[0]
		now := db.Now()
		if _, err := q.ExecContext(ctx, `UPDATE event_registrations SET status = 'confirmed', confirmed_at = $1 WHERE id = $2`, now, r.ID); err != nil {
			return err
		}
		r.Status, r.ConfirmedAt = RegConfirmed, &now
		if err := s.history(ctx, q, r.ID, RegWaiting, RegConfirmed, "promoted"); err != nil {
			return err
		}
		if r.Email != "" {
			if err := s.mailConfirmed(ctx, q, e, r, "participation.mail.promoted"); err != nil {
				return err
			}
		}
	}
}

// mailConfirmed sends the confirmation of a place: the link to the
// registration's page (to cancel), the QR code for the check-in and the
// event for the calendar.
func (s *Events) mailConfirmed(ctx context.Context, q db.Querier, e *Event, r *Registration, key string) error {
	png, err := kit.QRPNG(s.Link("/eventi/" + e.ID + "/ingresso/" + s.CheckinCode(r.ID)))
	if err != nil {
		return err
	}
	var cal bytes.Buffer
	if _, err := s.Calendar(e.Title, []*Event{e}).WriteTo(&cal); err != nil {
		return err
	}
	attach := []mail.Attachment{
		{Name: "evento.ics", ContentType: "text/calendar; charset=utf-8; method=PUBLISH", Data: cal.Bytes()},
		{Name: "ingresso-qr.png", ContentType: "image/png", Data: png},
	}
	return s.Mail(ctx, q, r.Email, r.Lang, key, attach, r.Name, e.Title, s.when(e, r.Lang), s.where(e),
		s.Link("/iscrizioni/"+s.Token(r.ID)))
}

// Calendar builds the iCalendar of events.
func (s *Events) Calendar(name string, list []*Event) *ical.Calendar {
	cal := &ical.Calendar{Name: name}
	for _, e := range list {
		tmpl := ical.Event{UID: e.ID + "@trama", Summary: e.Title, Description: e.Description, Location: s.where(e),
			URL: s.Link("/eventi/" + e.ID), Categories: []string{e.Category}, Status: ical.Confirmed}
		if e.Status == StatusCancelled {
			tmpl.Status = ical.Cancelled
		}
		evs, err := ical.EventsFor(e.Schedule, tmpl, e.StartsAt)
		if err == nil {
			cal.Events = append(cal.Events, evs...)
		}
	}
	return cal
}

// when describes the event's dates in lang.
func (s *Events) when(e *Event, lang string) string { return e.Schedule.Describe(lang) }

// where is the event's place in one line. It reads nothing from the
// database: it runs inside transactions.
func (s *Events) where(e *Event) string {
	var parts []string
	for _, p := range []string{e.PlaceName, e.Address, e.Comune, e.OnlineURL} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

// registrations loads an event's registrations matching cond (on r.),
// opened.
func (s *Events) registrations(ctx context.Context, q db.Querier, eventID, cond string, args ...any) ([]*Registration, error) {
	rows, err := q.QueryContext(ctx, `SELECT r.id, r.event_id, COALESCE(r.user_id, ''), r.status, r.seq, r.name, r.email, r.answers,
		r.lang, r.created_at, r.confirmed_at, r.cancelled_at, r.checked_in_at, r.purged_at
		FROM event_registrations r WHERE r.event_id = $1 AND `+cond, append([]any{eventID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("events: registrations: %w", err)
	}
	defer rows.Close()
	var out []*Registration
	for rows.Next() {
		var r Registration
		var name, email, answers string
		var confirmed, cancelled, checked, purged sql.NullTime
		if err := rows.Scan(&r.ID, &r.EventID, &r.UserID, &r.Status, &r.Seq, &name, &email, &answers, &r.Lang, &r.CreatedAt,
			&confirmed, &cancelled, &checked, &purged); err != nil {
			return nil, err
		}
		r.ConfirmedAt, r.CancelledAt, r.CheckedInAt, r.PurgedAt = ptr(confirmed), ptr(cancelled), ptr(checked), ptr(purged)
		if r.PurgedAt == nil {
			if r.Name, err = s.Keys.Open(name); err != nil {
				return nil, err
			}
			if r.Email, err = s.Keys.Open(email); err != nil {
				return nil, err
			}
			plain, err := s.Keys.Open(answers)
			if err != nil {
				return nil, err
			}
			if plain != "" {
				json.Unmarshal([]byte(plain), &r.Answers)
			}
		}
		out = append(out, &r)
	}
	return out, rows.Err()
}

func ptr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	return &t.Time
}

// ByToken returns the registration of a token and its event.
func (s *Events) ByToken(ctx context.Context, token string) (*Registration, *Event, error) {
	if utf8.RuneCountInString(token) != 40 {
		return nil, nil, errs.NotFoundErr()
	}
	var eventID, id string
	err := s.DB.R.QueryRowContext(ctx, `SELECT event_id, id FROM event_registrations WHERE token_hash = $1`, auth.HashToken(token)).
		Scan(&eventID, &id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, errs.NotFoundErr()
	}
	if err != nil {
		return nil, nil, err
	}
	return s.registration(ctx, eventID, id)
}

func (s *Events) registration(ctx context.Context, eventID, id string) (*Registration, *Event, error) {
	e, err := s.Store.Event(ctx, eventID)
	if err != nil {
		return nil, nil, err
	}
	list, err := s.registrations(ctx, s.DB.R, eventID, "r.id = $2", id)
	if err != nil {
		return nil, nil, err
	}
	if len(list) == 0 {
		return nil, nil, errs.NotFoundErr()
	}
	r := list[0]
	if r.Status == RegWaiting {
		r.Position, _ = s.position(ctx, s.DB.R, r)
	}
	return r, e, nil
}
