package porta

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/trama-welfare/trama/internal/platform/web"
)

// JobReminders is the daily job that reminds organizations of referrals
// they have not answered and alerts the coordinators.
const JobReminders = "porta.referral_reminders"

var rome = web.Rome

// easter returns Easter Sunday of year y (Gregorian, anonymous algorithm).
func easter(y int) time.Time {
	a, b, c := y%19, y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(y, time.Month(month), day, 0, 0, 0, 0, rome)
}

// Holiday tells whether a date is an Italian national holiday.
func Holiday(t time.Time) bool {
	t = t.In(rome)
	switch fmt.Sprintf("%02d-%02d", t.Month(), t.Day()) {
	case "01-01", "01-06", "04-25", "05-01", "06-02", "08-15", "11-01", "12-08", "12-25", "12-26":
		return true
	}
	em := easter(t.Year()).AddDate(0, 0, 1) // Pasquetta
	return t.Month() == em.Month() && t.Day() == em.Day()
}

// WorkingDay tells whether a date is a working day: Monday to Friday,
// national holidays excluded.
func WorkingDay(t time.Time) bool {
	t = t.In(rome)
	return t.Weekday() != time.Saturday && t.Weekday() != time.Sunday && !Holiday(t)
}

// WorkingDaysBetween counts the working days after from's date, up to and
// including to's date (a referral sent on Friday has waited one working
// day on Monday).
func WorkingDaysBetween(from, to time.Time) int {
	d := time.Date(from.In(rome).Year(), from.In(rome).Month(), from.In(rome).Day(), 12, 0, 0, 0, rome)
	end := to.In(rome)
	n := 0
	for {
		d = d.AddDate(0, 0, 1)
		if d.Year() > end.Year() || (d.Year() == end.Year() && d.YearDay() > end.YearDay()) {
			return n
		}
		if WorkingDay(d) {
			n++
		}
	}
}

// SendReminders reminds, for each referral still waiting for an answer
// ReminderDays working days after it was sent (or last reminded), the
// receiving organization, and alerts the case's coordinator. It returns
// how many referrals it reminded about.
func (p *Porta) SendReminders(ctx context.Context, now time.Time) (int, error) {
	refs, err := p.referrals(ctx, p.db.R, false, `r.status = 'sent'`)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range refs {
		since := r.CreatedAt
		if r.RemindedAt != nil {
			since = *r.RemindedAt
		}
		if WorkingDaysBetween(since, now) < p.cfg.ReminderDays {
			continue
		}
		err := p.db.Tx(ctx, func(tx *sql.Tx) error {
			res, err := tx.ExecContext(ctx, `UPDATE porta_referrals SET reminded_at = $1, reminders = reminders + 1
				WHERE id = $2 AND status = 'sent'`, now.UTC().Truncate(time.Microsecond), r.ID)
			if err != nil {
				return err
			}
			if k, _ := res.RowsAffected(); k == 0 {
				return nil // answered meanwhile
			}
			if err := p.notifyOrganization(ctx, tx, r, "porta.mail.reminder"); err != nil {
				return err
			}
			if err := p.notifyCaseCoordinator(ctx, tx, r, "porta.mail.alert"); err != nil {
				return err
			}
			return p.addEvent(ctx, tx, Event{PersonID: r.PersonID, NeedID: r.NeedID, CaseID: r.CaseID, Kind: EventReminder,
				Detail: map[string]string{"referral": r.ID, "service": r.ServiceName, "organization": r.OrganizationName}})
		})
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// ReminderJob is the handler of JobReminders.
func (p *Porta) ReminderJob() func(context.Context, json.RawMessage) error {
	return func(ctx context.Context, _ json.RawMessage) error {
		_, err := p.SendReminders(ctx, time.Now())
		return err
	}
}
