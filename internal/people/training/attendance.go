package training

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/trama-welfare/trama/internal/people/common"
	"github.com/trama-welfare/trama/internal/people/qualification"
	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
)

// RecordAttendance saves the register of a session that has begun: who of
// the enrolled was there (present lists their user ids), everyone else
// absent.
func (s *Service) RecordAttendance(ctx context.Context, u *auth.User, courseID, sessionID string, present []string) error {
	c, err := s.Managed(ctx, u, courseID)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(c.Sessions, func(x Session) bool { return x.ID == sessionID })
	if i < 0 {
		return errs.NotFoundErr()
	}
	if c.Sessions[i].Start.After(s.Now()) {
		return errs.New(errs.Conflict, "people.errors.session_not_begun")
	}
	if c.Status == Concluded {
		return errs.New(errs.Conflict, "people.errors.course_concluded")
	}
	list, err := s.Enrolments(ctx, courseID)
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		now := db.Now()
		marked := 0
		for _, e := range list {
			if e.Status != Enrolled {
				continue
			}
			here := slices.Contains(present, e.UserID)
			if here {
				marked++
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO course_attendance (session_id, user_id, present, recorded_by, recorded_at)
				VALUES ($1, $2, $3, $4, $5) ON CONFLICT (session_id, user_id) DO UPDATE SET present = $3, recorded_by = $4, recorded_at = $5`,
				sessionID, e.UserID, here, u.ID, now); err != nil {
				return fmt.Errorf("training: attendance: %w", err)
			}
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "attendance", Entity: "course", EntityID: courseID,
			Detail: map[string]any{"session_id": sessionID, "present": marked}})
	})
}

// Conclude closes a course whose sessions have all begun and applies the
// completion rule: whoever attended at least MinAttendance percent of the
// sessions completes it and, when the course grants a qualification,
// receives it at once — or after the trainer's confirmation when the
// course asks for it.
func (s *Service) Conclude(ctx context.Context, u *auth.User, courseID string) error {
	c, err := s.Managed(ctx, u, courseID)
	if err != nil {
		return err
	}
	if c.Status != Open {
		return errs.New(errs.Conflict, "people.errors.course_not_open")
	}
	if len(c.Sessions) == 0 || c.Sessions[len(c.Sessions)-1].Start.After(s.Now()) {
		return errs.New(errs.Conflict, "people.errors.sessions_to_come")
	}
	list, err := s.Enrolments(ctx, courseID)
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE courses SET status = $1, concluded_at = $2, updated_at = $2 WHERE id = $3 AND status = $4`,
			Concluded, db.Now(), courseID, Open)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.New(errs.Conflict, "people.errors.course_not_open")
		}
		for _, e := range list {
			if e.Status != Enrolled {
				continue
			}
			attended := len(e.Present)
			status := NotCompleted
			if attended*100 >= len(c.Sessions)*c.MinAttendance {
				status = Completed
			}
			if _, err := tx.ExecContext(ctx, `UPDATE course_enrolments SET status = $1, attended = $2, updated_at = $3 WHERE id = $4`,
				status, attended, db.Now(), e.ID); err != nil {
				return err
			}
			if status == Completed && c.Qualification != "" && !c.ConfirmRequired {
				if err := s.grant(ctx, tx, c, e.ID, e.UserID, u.ID); err != nil {
					return err
				}
				continue
			}
			key := "mail.people.course_" + status
			if status == Completed && c.Qualification != "" {
				key = "mail.people.course_to_confirm"
			}
			if err := s.mail.Send(ctx, tx, e.UserID, key, func(common.Translator) []any {
				return []any{c.Title, attended, len(c.Sessions)}
			}); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "conclude", Entity: "course", EntityID: courseID})
	})
}

// Confirm grants the course's qualification to a person who completed it,
// when the course asks for the trainer's confirmation.
func (s *Service) Confirm(ctx context.Context, u *auth.User, courseID, enrolmentID string) error {
	c, err := s.Managed(ctx, u, courseID)
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var userID, status, granted string
		err := tx.QueryRowContext(ctx, `SELECT user_id, status, qualification_id FROM course_enrolments WHERE id = $1 AND course_id = $2`,
			enrolmentID, courseID).Scan(&userID, &status, &granted)
		if err != nil {
			return errs.NotFoundErr()
		}
		if status != Completed || granted != "" || c.Qualification == "" {
			return errs.New(errs.Conflict, "people.errors.nothing_to_confirm")
		}
		return s.grant(ctx, tx, c, enrolmentID, userID, u.ID)
	})
}

// grant records the course's qualification for a person, with the course's
// validity, and tells them; someone without a territory joins the course's
// and a cittadino becomes a volontario (qualification.Store.Insert).
func (s *Service) grant(ctx context.Context, tx *sql.Tx, c *Course, enrolmentID, userID, by string) error {
	until := ""
	if c.ValidityMonths > 0 {
		until = common.Today(s.Now().AddDate(0, c.ValidityMonths, 0))
	}
	qid, err := s.quals.Insert(ctx, tx, qualification.Grant{UserID: userID, Code: c.Qualification, GrantedBy: by,
		ValidUntil: until, CourseID: c.ID, TerritoryID: c.TerritoryID})
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE course_enrolments SET qualification_id = $1, confirmed_by = $2, updated_at = $3 WHERE id = $4`,
		qid, by, db.Now(), enrolmentID); err != nil {
		return err
	}
	return qualification.NotifyGranted(ctx, tx, s.mail, userID, c.Qualification, until)
}

// Upcoming lists the sessions of the courses a person is enrolled in, from
// a time on (for their calendar).
func (s *Service) Upcoming(ctx context.Context, userID string, from time.Time) ([]Session, map[string]string, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT x.id, x.course_id, x.starts_at, x.ends_at, x.place, x.istat_code, x.online_url, c.title
		FROM course_sessions x JOIN courses c ON c.id = x.course_id JOIN course_enrolments e ON e.course_id = c.id
		WHERE e.user_id = $1 AND e.status = 'enrolled' AND x.ends_at >= $2 ORDER BY x.starts_at`, userID, from.UTC())
	if err != nil {
		return nil, nil, fmt.Errorf("training: upcoming: %w", err)
	}
	defer rows.Close()
	var out []Session
	titles := map[string]string{}
	for rows.Next() {
		var x Session
		var title string
		if err := rows.Scan(&x.ID, &x.CourseID, &x.Start, &x.End, &x.Place, &x.ISTAT, &x.OnlineURL, &title); err != nil {
			return nil, nil, err
		}
		titles[x.CourseID] = title
		out = append(out, x)
	}
	return out, titles, rows.Err()
}
