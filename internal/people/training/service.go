package training

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/people/common"
	"github.com/trama-welfare/trama/internal/people/qualification"
	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/web"
	"github.com/trama-welfare/trama/internal/search/analysis"
)

// Service holds the rules of training. A course run by an organization is
// managed by its people (and its territory's coordinators); one run by the
// coordinators, by the coordinators of its territory.
type Service struct {
	db    *db.DB
	dir   *directory.Directory
	quals *qualification.Store
	mail  common.Mail
	// Now is the clock (tests move it).
	Now func() time.Time
}

// NewService wires the service.
func NewService(d *db.DB, dir *directory.Directory, q *qualification.Store, m common.Mail) *Service {
	return &Service{db: d, dir: dir, quals: q, mail: m, Now: time.Now}
}

const courseSelect = `SELECT c.id, c.territory_id, c.organization_id, COALESCE(o.name, ''), c.training_plan_id, COALESCE(p.title, ''),
	c.title, c.description, c.organizer, c.audience, c.capacity, c.enrolled, c.qualification, c.validity_months, c.min_attendance,
	c.confirm_required, c.status, c.created_at, c.concluded_at,
	(SELECT COUNT(*) FROM course_enrolments e WHERE e.course_id = c.id AND e.status = 'waiting')
	FROM courses c
	LEFT JOIN organizations o ON o.id = c.organization_id
	LEFT JOIN organization_training_plans p ON p.id = c.training_plan_id AND p.organization_id = c.organization_id`

func (s *Service) courses(ctx context.Context, q db.Querier, where string, args ...any) ([]*Course, error) {
	rows, err := q.QueryContext(ctx, courseSelect+` WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("training: courses: %w", err)
	}
	var out []*Course
	for rows.Next() {
		c := &Course{}
		var audience string
		if err := rows.Scan(&c.ID, &c.TerritoryID, &c.OrganizationID, &c.OrganizationName, &c.TrainingPlanID, &c.TrainingPlanTitle,
			&c.Title, &c.Description, &c.Organizer, &audience, &c.Capacity, &c.Enrolled, &c.Qualification, &c.ValidityMonths,
			&c.MinAttendance, &c.ConfirmRequired, &c.Status, &c.CreatedAt, &c.ConcludedAt, &c.Waiting); err != nil {
			rows.Close()
			return nil, err
		}
		c.Audience = common.ParseList(audience)
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, c := range out {
		if c.Sessions, err = s.sessions(ctx, q, c.ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s *Service) sessions(ctx context.Context, q db.Querier, courseID string) ([]Session, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, course_id, starts_at, ends_at, place, istat_code, online_url FROM course_sessions
		WHERE course_id = $1 ORDER BY starts_at`, courseID)
	if err != nil {
		return nil, fmt.Errorf("training: sessions: %w", err)
	}
	defer rows.Close()
	var out []Session
	for rows.Next() {
		var x Session
		if err := rows.Scan(&x.ID, &x.CourseID, &x.Start, &x.End, &x.Place, &x.ISTAT, &x.OnlineURL); err != nil {
			return nil, err
		}
		x.Start, x.End = x.Start.In(web.Rome), x.End.In(web.Rome)
		out = append(out, x)
	}
	return out, rows.Err()
}

func (s *Service) course(ctx context.Context, q db.Querier, id string) (*Course, error) {
	list, err := s.courses(ctx, q, `c.id = $1`, id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, errs.NotFoundErr()
	}
	return list[0], nil
}

// CanManage tells whether u runs course c (nil) or not (NotFound).
func (s *Service) CanManage(ctx context.Context, u *auth.User, c *Course) error {
	if c.OrganizationID != "" {
		return s.dir.CanEdit(ctx, u, c.OrganizationID)
	}
	if common.Manages(u, c.TerritoryID) {
		return nil
	}
	return errs.NotFoundErr()
}

// Visible returns a course u may see: a public one, or one u manages.
func (s *Service) Visible(ctx context.Context, u *auth.User, id string) (*Course, error) {
	c, err := s.course(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	if c.Public() || u != nil && s.CanManage(ctx, u, c) == nil {
		return c, nil
	}
	return nil, errs.NotFoundErr()
}

// Managed returns a course u manages.
func (s *Service) Managed(ctx context.Context, u *auth.User, id string) (*Course, error) {
	c, err := s.course(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	if err := s.CanManage(ctx, u, c); err != nil {
		return nil, err
	}
	return c, nil
}

// ManagedBy lists the courses u runs: an admin's all, a coordinator's
// those of their territory, an operator's those of their organizations.
func (s *Service) ManagedBy(ctx context.Context, u *auth.User) ([]*Course, error) {
	switch auth.RoleOf(u) {
	case auth.Admin:
		return s.courses(ctx, s.db.R, `1 = 1 ORDER BY c.status = 'concluded', c.created_at DESC`)
	case auth.Coordinator:
		return s.courses(ctx, s.db.R, `c.territory_id = $1 ORDER BY c.status = 'concluded', c.created_at DESC`, u.TerritoryID)
	}
	return s.courses(ctx, s.db.R, `c.organization_id IN (SELECT organization_id FROM organization_members WHERE user_id = $1)
		ORDER BY c.status = 'concluded', c.created_at DESC`, u.ID)
}

// OfOrganization lists an organization's courses (public ones unless all).
func (s *Service) OfOrganization(ctx context.Context, orgID string, all bool) ([]*Course, error) {
	return s.courses(ctx, s.db.R, `c.organization_id = $1 AND ($2 OR c.status IN ('open', 'concluded')) ORDER BY c.created_at DESC`, orgID, all)
}

// Plan is a training plan of an organization's directory record.
type Plan struct {
	ID, Title, Period, Audience, Description string
}

// Plans lists an organization's published training plans.
func (s *Service) Plans(ctx context.Context, orgID string) ([]Plan, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, title, period, audience, description FROM organization_training_plans
		WHERE organization_id = $1 ORDER BY position`, orgID)
	if err != nil {
		return nil, fmt.Errorf("training: plans: %w", err)
	}
	defer rows.Close()
	var out []Plan
	for rows.Next() {
		var p Plan
		if err := rows.Scan(&p.ID, &p.Title, &p.Period, &p.Audience, &p.Description); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Save creates (id empty) or updates a course from the form. An
// organization's course lives in the organization's territory; the
// coordinators' in the coordinator's (territoryID for admins).
func (s *Service) Save(ctx context.Context, u *auth.User, id, territoryID string, f Form) (*Course, error) {
	c := &Course{Status: Draft}
	if id != "" {
		old, err := s.Managed(ctx, u, id)
		if err != nil {
			return nil, err
		}
		c = old
		f.OrganizationID = old.OrganizationID
	}
	v := f.build(c)
	if id == "" {
		c.OrganizationID = f.OrganizationID
		if c.OrganizationID != "" {
			if err := s.dir.CanEdit(ctx, u, c.OrganizationID); err != nil {
				v.Fail("organization_id", "people.errors.organization_required")
			} else if _, t, err := s.dir.Store.Status(ctx, c.OrganizationID); err == nil {
				c.TerritoryID = t
			}
		} else {
			c.TerritoryID = territoryID
			if auth.RoleOf(u) == auth.Coordinator {
				c.TerritoryID = u.TerritoryID
			}
			if !common.Manages(u, c.TerritoryID) {
				v.Fail("organization_id", "people.errors.organization_required")
			}
		}
	}
	c.TrainingPlanID = ""
	if f.TrainingPlanID != "" && c.OrganizationID != "" {
		plans, err := s.Plans(ctx, c.OrganizationID)
		if err != nil {
			return c, err
		}
		for _, p := range plans {
			if p.ID == f.TrainingPlanID {
				c.TrainingPlanID = p.ID
			}
		}
		if c.TrainingPlanID == "" {
			v.Fail("training_plan_id", "people.errors.plan_unknown")
		}
	}
	if id != "" && c.Capacity < c.Enrolled {
		v.Fail("capacity", "people.errors.capacity_below", c.Enrolled)
	}
	if err := v.Err(); err != nil {
		return c, err
	}
	index := analysis.IndexText(c.Title, c.Description, c.Organizer, c.OrganizationName)
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		now := db.Now()
		args := []any{c.Title, c.Description, c.Organizer, c.Audience.String(), c.Capacity, c.Qualification, c.ValidityMonths,
			c.MinAttendance, c.ConfirmRequired, c.TrainingPlanID, index, now}
		action := "update"
		if id == "" {
			c.ID, action = common.NewID(), "create"
			if _, err := tx.ExecContext(ctx, `INSERT INTO courses (title, description, organizer, audience, capacity, qualification,
				validity_months, min_attendance, confirm_required, training_plan_id, index_text, created_at, updated_at, id, territory_id,
				organization_id, status, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13, $14, $15, $16, $17)`,
				append(args, c.ID, c.TerritoryID, c.OrganizationID, Draft, u.Email)...); err != nil {
				return fmt.Errorf("training: create: %w", err)
			}
		} else {
			if _, err := tx.ExecContext(ctx, `UPDATE courses SET title = $1, description = $2, organizer = $3, audience = $4, capacity = $5,
				qualification = $6, validity_months = $7, min_attendance = $8, confirm_required = $9, training_plan_id = $10,
				index_text = $11, updated_at = $12 WHERE id = $13`, append(args, c.ID)...); err != nil {
				return fmt.Errorf("training: update: %w", err)
			}
			if err := s.promote(ctx, tx, c.ID); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Entry{Action: action, Entity: "course", EntityID: c.ID,
			Detail: map[string]any{"organization_id": c.OrganizationID, "territory_id": c.TerritoryID}})
	})
	return c, err
}

// Open publishes a draft course: the public sees it and may enrol.
func (s *Service) Open(ctx context.Context, u *auth.User, id string) error {
	c, err := s.Managed(ctx, u, id)
	if err != nil {
		return err
	}
	if c.Status != Draft {
		return errs.New(errs.Conflict, "people.errors.course_not_draft")
	}
	if len(c.Sessions) == 0 {
		return errs.New(errs.Conflict, "people.errors.no_sessions")
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE courses SET status = $1, updated_at = $2 WHERE id = $3`, Open, db.Now(), id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "open", Entity: "course", EntityID: id})
	})
}

// userOf reads who owns an enrolment.
func userOf(ctx context.Context, q db.Querier, enrolmentID string) (string, error) {
	var id string
	err := q.QueryRowContext(ctx, `SELECT user_id FROM course_enrolments WHERE id = $1`, enrolmentID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errs.NotFoundErr()
	}
	return id, err
}
