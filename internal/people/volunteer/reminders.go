package volunteer

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/trama-welfare/trama/internal/people/common"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/web"
)

// JobReminders is the periodic job that reminds volunteers of tomorrow's
// shifts.
const JobReminders = "people.shift_reminders"

// ReminderHour is the hour (in Rome) from which the day-before reminders
// go out: nobody gets one at night, unless the shift is less than a day
// away.
const ReminderHour = 8

// SendReminders e-mails, once, every accepted volunteer whose shift starts
// tomorrow (or within a day), and returns how many were sent.
func (s *Service) SendReminders(ctx context.Context, now time.Time) (int, error) {
	local := now.In(web.Rome)
	y, m, d := local.Date()
	endOfTomorrow := time.Date(y, m, d+2, 0, 0, 0, 0, web.Rome)
	until := endOfTomorrow
	if local.Hour() < ReminderHour {
		until = now.Add(24 * time.Hour)
	}
	list, err := s.signupsWhere(ctx, `g.status = 'accepted' AND g.reminded_at IS NULL AND s.starts_at > $1 AND s.starts_at < $2`,
		now.UTC(), until.UTC())
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, g := range list {
		err := s.db.Tx(ctx, func(tx *sql.Tx) error {
			res, err := tx.ExecContext(ctx, `UPDATE volunteer_signups SET reminded_at = $1 WHERE id = $2 AND reminded_at IS NULL AND status = 'accepted'`,
				db.Now(), g.ID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return nil
			}
			sent++
			return s.mail.Send(ctx, tx, g.UserID, "mail.people.shift_reminder", func(common.Translator) []any {
				return []any{g.OpportunityTitle, g.OrganizationName, common.When(g.Start), s.mail.Link("/volontariato/impegni")}
			})
		})
		if err != nil {
			return sent, err
		}
	}
	return sent, nil
}

// ReminderJob is the handler of JobReminders.
func (s *Service) ReminderJob(ctx context.Context, _ json.RawMessage) error {
	_, err := s.SendReminders(ctx, s.Now())
	return err
}
