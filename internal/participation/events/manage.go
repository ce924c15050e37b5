package events

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/text"
)

// CancelByToken cancels the registration of the person holding its link.
func (s *Events) CancelByToken(ctx context.Context, token string) (*Registration, *Event, error) {
	r, e, err := s.ByToken(ctx, token)
	if err != nil {
		return nil, nil, err
	}
	return r, e, s.cancel(ctx, e, r.ID, "")
}

// CancelRegistration is the organizer cancelling someone's registration.
func (s *Events) CancelRegistration(ctx context.Context, u *auth.User, eventID, regID string) error {
	e, err := s.Store.Event(ctx, eventID)
	if err != nil {
		return err
	}
	if err := s.CanSeeRegistrants(ctx, u, e); err != nil {
		return err
	}
	return s.cancel(ctx, e, regID, "organizer")
}

// cancel frees a place (or a place in line) and gives it to the first in
// the waiting list.
func (s *Events) cancel(ctx context.Context, e *Event, regID, reason string) error {
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		l, err := s.lock(ctx, tx, e.ID)
		if err != nil {
			return err
		}
		e.Capacity, e.Status = l.capacity, l.status
		list, err := s.registrations(ctx, tx, e.ID, "r.id = $2", regID)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return errs.NotFoundErr()
		}
		r := list[0]
		if r.Status == RegCancelled {
			return errs.New(errs.Conflict, "participation.events.errors.already_cancelled")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE event_registrations SET status = 'cancelled', cancelled_at = $1 WHERE id = $2`,
			db.Now(), r.ID); err != nil {
			return err
		}
		if err := s.history(ctx, tx, r.ID, r.Status, RegCancelled, reason); err != nil {
			return err
		}
		if r.Email != "" {
			if err := s.Mail(ctx, tx, r.Email, r.Lang, "participation.mail.cancelled", nil, r.Name, e.Title); err != nil {
				return err
			}
		}
		if r.Status == RegConfirmed && e.Status == StatusPublished {
			return s.promote(ctx, tx, e)
		}
		return nil
	})
}

// CheckIn records that a confirmed registrant arrived.
func (s *Events) CheckIn(ctx context.Context, u *auth.User, eventID, regID string) (*Registration, error) {
	e, err := s.Store.Event(ctx, eventID)
	if err != nil {
		return nil, err
	}
	if err := s.CanSeeRegistrants(ctx, u, e); err != nil {
		return nil, err
	}
	var reg *Registration
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		list, err := s.registrations(ctx, tx, e.ID, "r.id = $2", regID)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return errs.NotFoundErr()
		}
		reg = list[0]
		if reg.Status != RegConfirmed {
			return errs.New(errs.Conflict, "participation.events.errors.not_confirmed")
		}
		if reg.CheckedInAt != nil {
			return nil // twice at the door: once is enough
		}
		now := db.Now()
		if _, err := tx.ExecContext(ctx, `UPDATE event_registrations SET checked_in_at = $1 WHERE id = $2 AND checked_in_at IS NULL`,
			now, reg.ID); err != nil {
			return err
		}
		reg.CheckedInAt = &now
		return s.history(ctx, tx, reg.ID, RegConfirmed, "checked_in", "")
	})
	return reg, err
}

// ByCheckinCode finds the registration a QR code stands for, for its
// organizer.
func (s *Events) ByCheckinCode(ctx context.Context, u *auth.User, eventID, code string) (*Registration, *Event, error) {
	e, err := s.Store.Event(ctx, eventID)
	if err != nil {
		return nil, nil, err
	}
	if err := s.CanSeeRegistrants(ctx, u, e); err != nil {
		return nil, nil, err
	}
	list, err := s.registrations(ctx, s.DB.R, e.ID, "r.checkin_hash = $2", auth.HashToken(code))
	if err != nil {
		return nil, nil, err
	}
	if len(list) == 0 || code == "" {
		return nil, nil, errs.NotFoundErr()
	}
	return list[0], e, s.auditRead(ctx, e.ID, "checkin")
}

// Registrants lists an event's registrations for its organizer: confirmed
// by name, then the waiting list in order, then the cancelled ones. Only
// the organizer may read them, and every read is in the audit log.
func (s *Events) Registrants(ctx context.Context, u *auth.User, eventID, query string) (*Event, []*Registration, error) {
	e, err := s.Store.Event(ctx, eventID)
	if err != nil {
		return nil, nil, err
	}
	if err := s.CanSeeRegistrants(ctx, u, e); err != nil {
		return nil, nil, err
	}
	list, err := s.registrations(ctx, s.DB.R, e.ID, "1 = 1 ORDER BY r.seq")
	if err != nil {
		return nil, nil, err
	}
	rank := map[string]int{RegConfirmed: 0, RegWaiting: 1, RegCancelled: 2}
	waiting := 0
	for _, r := range list {
		if r.Status == RegWaiting {
			waiting++
			r.Position = waiting
		}
	}
	q := text.Fold(query)
	list = slices.DeleteFunc(list, func(r *Registration) bool { return q != "" && !strings.Contains(text.Fold(r.Name), q) })
	slices.SortStableFunc(list, func(a, b *Registration) int {
		if d := rank[a.Status] - rank[b.Status]; d != 0 || a.Status != RegConfirmed {
			return d
		}
		return strings.Compare(text.Fold(a.Name), text.Fold(b.Name))
	})
	return e, list, s.auditRead(ctx, e.ID, "registrants")
}

func (s *Events) auditRead(ctx context.Context, eventID, what string) error {
	return audit.Record(ctx, s.DB.W, audit.Entry{Action: "read", Entity: "event_registrations", EntityID: eventID,
		Detail: map[string]any{"what": what}})
}

// Purge removes the personal data of the registrants of events that ended
// more than the retention period ago. Status, order and check-in stay, so
// counts are still right. It returns how many registrations it purged.
func (s *Events) Purge(ctx context.Context, now time.Time) (int, error) {
	cutoff := now.Add(-s.Config.RegistrantRetention).UTC()
	var n int64
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE event_registrations SET name = '', email = '', email_hash = '', answers = '',
			token_hash = '', checkin_hash = '', user_id = NULL, purged_at = $1
			WHERE purged_at IS NULL AND event_id IN (SELECT id FROM events WHERE ends_at < $2)`, db.Now(), cutoff)
		if err != nil {
			return fmt.Errorf("events: purge: %w", err)
		}
		n, _ = res.RowsAffected()
		if n == 0 {
			return nil
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "purge", Entity: "event_registrations",
			Detail: map[string]any{"count": n, "ended_before": cutoff.Format(time.RFC3339)}})
	})
	return int(n), err
}

// PurgeJob is the handler of the purge job.
func (s *Events) PurgeJob(ctx context.Context, _ json.RawMessage) error {
	_, err := s.Purge(ctx, time.Now())
	return err
}

// remindAhead is how long before an occurrence registrants are reminded.
const remindAhead = 36 * time.Hour

// Remind e-mails the confirmed registrants of the events whose next
// occurrence starts within remindAhead, once per occurrence.
func (s *Events) Remind(ctx context.Context, now time.Time) (int, error) {
	list, err := s.Store.List(ctx, Filter{From: now, To: now.Add(remindAhead), Limit: 500})
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, e := range list {
		if e.Registration == RegNone {
			continue
		}
		occ, ok := e.Schedule.Next(now)
		if !ok || occ.Start.After(now.Add(remindAhead)) {
			continue
		}
		err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
			res, err := tx.ExecContext(ctx, `UPDATE events SET reminded_for = $1 WHERE id = $2
				AND (reminded_for IS NULL OR reminded_for < $1)`, occ.Start.UTC(), e.ID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return nil
			}
			regs, err := s.registrations(ctx, tx, e.ID, "r.status = 'confirmed' AND r.purged_at IS NULL")
			if err != nil {
				return err
			}
			for _, r := range regs {
				if err := s.Mail(ctx, tx, r.Email, r.Lang, "participation.mail.reminder", nil, r.Name, e.Title,
					s.when(e, r.Lang), s.where(e), s.Link("/iscrizioni/"+s.Token(r.ID))); err != nil {
					return err
				}
				sent++
			}
			return nil
		})
		if err != nil {
			return sent, err
		}
	}
	return sent, nil
}

// RemindJob is the handler of the reminders job.
func (s *Events) RemindJob(ctx context.Context, _ json.RawMessage) error {
	_, err := s.Remind(ctx, time.Now())
	return err
}
