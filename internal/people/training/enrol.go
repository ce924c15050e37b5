package training

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/trama-welfare/trama/internal/people/common"
	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/validate"
	"github.com/trama-welfare/trama/internal/platform/web"
)

// SessionForm is a session to add.
type SessionForm struct{ Date, Start, End, Place, ISTAT, OnlineURL string }

// AddSession adds a session to a course u manages (not concluded).
func (s *Service) AddSession(ctx context.Context, u *auth.User, courseID string, f SessionForm) error {
	c, err := s.Managed(ctx, u, courseID)
	if err != nil {
		return err
	}
	if c.Status == Concluded {
		return errs.New(errs.Conflict, "people.errors.course_concluded")
	}
	var v validate.Checker
	day := v.Date("session_date", f.Date)
	if day == "" && !v.Fields.Has("session_date") {
		v.Fail("session_date", "errors.required")
	}
	from, to := v.TimeOfDay("session_start", f.Start), v.TimeOfDay("session_end", f.End)
	if from == "" && !v.Fields.Has("session_start") {
		v.Fail("session_start", "errors.required")
	}
	if to == "" && !v.Fields.Has("session_end") {
		v.Fail("session_end", "errors.required")
	}
	if v.OK() && to <= from {
		v.Fail("session_end", "people.errors.closes_before_opens")
	}
	place := v.MaxLength("session_place", f.Place, 300)
	link := v.URL("session_url", f.OnlineURL)
	if place == "" && link == "" && v.OK() {
		v.Fail("session_place", "people.errors.place_or_link")
	}
	if err := v.Err(); err != nil {
		return err
	}
	start, _ := time.ParseInLocation("2006-01-02 15:04", day+" "+from, web.Rome)
	end, _ := time.ParseInLocation("2006-01-02 15:04", day+" "+to, web.Rome)
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		id := common.NewID()
		if _, err := tx.ExecContext(ctx, `INSERT INTO course_sessions (id, course_id, starts_at, ends_at, place, istat_code, online_url)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, courseID, start.UTC(), end.UTC(), place, f.ISTAT, link); err != nil {
			return fmt.Errorf("training: add session: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "add_session", Entity: "course", EntityID: courseID,
			Detail: map[string]any{"session_id": id}})
	})
}

// RemoveSession deletes a session without attendance recorded.
func (s *Service) RemoveSession(ctx context.Context, u *auth.User, courseID, sessionID string) error {
	if _, err := s.Managed(ctx, u, courseID); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var n int
		tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM course_attendance WHERE session_id = $1`, sessionID).Scan(&n)
		if n > 0 {
			return errs.New(errs.Conflict, "people.errors.session_has_attendance")
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM course_sessions WHERE id = $1 AND course_id = $2`, sessionID, courseID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.NotFoundErr()
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "remove_session", Entity: "course", EntityID: courseID,
			Detail: map[string]any{"session_id": sessionID}})
	})
}

// admits tells whether the course's audience includes u.
func (s *Service) admits(ctx context.Context, c *Course, u *auth.User) bool {
	switch {
	case len(c.Audience) == 0 || c.Audience.Has("citizens"):
		return true
	case c.Audience.Has("operators") && (u.Role == auth.Operator || u.Role == auth.Coordinator || u.Role == auth.Admin):
		return true
	case c.Audience.Has("volunteers"):
		var n int
		s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM volunteer_profiles WHERE user_id = $1`, u.ID).Scan(&n)
		return u.Role == auth.Volunteer || n > 0
	}
	return false
}

// Enrol gives u a place in an open course, or a place in its waiting list
// when it is full. The place is taken with a conditional UPDATE: the
// course can never be over-booked.
func (s *Service) Enrol(ctx context.Context, u *auth.User, courseID string) (string, error) {
	c, err := s.course(ctx, s.db.R, courseID)
	if err != nil || c.Status != Open {
		return "", errs.NotFoundErr()
	}
	if !s.admits(ctx, c, u) {
		return "", errs.New(errs.Conflict, "people.errors.audience")
	}
	status := Waiting
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE courses SET enrolled = enrolled + 1 WHERE id = $1 AND enrolled < capacity`, courseID)
		if err != nil {
			return fmt.Errorf("training: take place: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			status = Enrolled
		}
		id, now := common.NewID(), db.Now()
		_, err = tx.ExecContext(ctx, `INSERT INTO course_enrolments (id, course_id, user_id, status, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $5)`, id, courseID, u.ID, status, now)
		if db.IsUniqueViolation(err) {
			return errs.New(errs.Conflict, "people.errors.already_enrolled")
		}
		if err != nil {
			return fmt.Errorf("training: enrol: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "enrol", Entity: "course", EntityID: courseID,
			Detail: map[string]any{"enrolment_id": id, "status": status}})
	})
	return status, err
}

// CancelEnrolment withdraws u from a course not concluded; the place goes
// to the waiting list.
func (s *Service) CancelEnrolment(ctx context.Context, u *auth.User, courseID string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var id, status, courseStatus string
		err := tx.QueryRowContext(ctx, `SELECT e.id, e.status, c.status FROM course_enrolments e JOIN courses c ON c.id = e.course_id
			WHERE e.course_id = $1 AND e.user_id = $2 AND e.status IN ('enrolled', 'waiting')`, courseID, u.ID).Scan(&id, &status, &courseStatus)
		if err != nil || courseStatus == Concluded {
			return errs.NotFoundErr()
		}
		// Conditional: of two withdrawals at once (a double click) only one
		// frees the place; the other finds it gone.
		res, err := tx.ExecContext(ctx, `UPDATE course_enrolments SET status = 'cancelled', updated_at = $1 WHERE id = $2 AND status = $3`,
			db.Now(), id, status)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.NotFoundErr()
		}
		if err := audit.Record(ctx, tx, audit.Entry{Action: "cancel_enrolment", Entity: "course", EntityID: courseID,
			Detail: map[string]any{"enrolment_id": id}}); err != nil {
			return err
		}
		if status != Enrolled {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE courses SET enrolled = enrolled - 1 WHERE id = $1`, courseID); err != nil {
			return err
		}
		return s.promote(ctx, tx, courseID)
	})
}

// promote fills a course's free places from its waiting list, first come
// first served, and tells the people promoted.
func (s *Service) promote(ctx context.Context, tx *sql.Tx, courseID string) error {
	for {
		var id, userID, title string
		err := tx.QueryRowContext(ctx, `SELECT e.id, e.user_id, c.title FROM course_enrolments e JOIN courses c ON c.id = e.course_id
			WHERE e.course_id = $1 AND e.status = 'waiting' ORDER BY e.created_at, e.id LIMIT 1`, courseID).Scan(&id, &userID, &title)
		if err == sql.ErrNoRows {
			return nil
		}
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE courses SET enrolled = enrolled + 1 WHERE id = $1 AND enrolled < capacity`, courseID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE course_enrolments SET status = 'enrolled', updated_at = $1 WHERE id = $2`, db.Now(), id); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Entry{Action: "promote", Entity: "course", EntityID: courseID,
			Detail: map[string]any{"enrolment_id": id}}); err != nil {
			return err
		}
		if err := s.mail.Send(ctx, tx, userID, "mail.people.course_promoted", func(common.Translator) []any {
			return []any{title, s.mail.Link("/formazione/corsi/" + courseID)}
		}); err != nil {
			return err
		}
	}
}

// Enrolments lists a course's enrolments (cancelled ones left out) with
// the attendance recorded, in order of arrival.
func (s *Service) Enrolments(ctx context.Context, courseID string) ([]Enrolment, error) {
	return s.enrolments(ctx, `e.course_id = $1 AND e.status <> 'cancelled'`, courseID)
}

// Mine lists a person's enrolments, newest first.
func (s *Service) Mine(ctx context.Context, userID string) ([]Enrolment, error) {
	return s.enrolments(ctx, `e.user_id = $1 AND e.status <> 'cancelled'`, userID)
}

func (s *Service) enrolments(ctx context.Context, where string, args ...any) ([]Enrolment, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT e.id, e.course_id, c.title, e.user_id, u.name, u.email, e.status, e.created_at,
		e.attended, e.qualification_id,
		CASE WHEN e.status = 'waiting' THEN (SELECT COUNT(*) FROM course_enrolments w WHERE w.course_id = e.course_id
			AND w.status = 'waiting' AND (w.created_at < e.created_at OR w.created_at = e.created_at AND w.id <= e.id)) ELSE 0 END
		FROM course_enrolments e JOIN courses c ON c.id = e.course_id JOIN users u ON u.id = e.user_id
		WHERE `+where+` ORDER BY e.status = 'waiting', e.created_at, e.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("training: enrolments: %w", err)
	}
	var out []Enrolment
	for rows.Next() {
		e := Enrolment{Present: map[string]bool{}}
		if err := rows.Scan(&e.ID, &e.CourseID, &e.CourseTitle, &e.UserID, &e.UserName, &e.UserEmail, &e.Status, &e.CreatedAt,
			&e.Attended, &e.QualificationID, &e.Position); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		r, err := s.db.R.QueryContext(ctx, `SELECT a.session_id FROM course_attendance a JOIN course_sessions x ON x.id = a.session_id
			WHERE x.course_id = $1 AND a.user_id = $2 AND a.present = TRUE`, out[i].CourseID, out[i].UserID)
		if err != nil {
			return nil, err
		}
		for r.Next() {
			var sid string
			r.Scan(&sid)
			out[i].Present[sid] = true
		}
		r.Close()
	}
	return out, nil
}
