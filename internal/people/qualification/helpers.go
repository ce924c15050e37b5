package qualification

import (
	"context"
	"fmt"
	"time"

	"github.com/trama-welfare/trama/internal/people/common"
	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
)

// Natural helpers accompany a person in a case of the porta di comunità.
// The porta owns cases and decides what a helper may read of one; this
// file keeps who accompanies whom, and checks that only coordinators
// assign, and only qualified helpers of their territory.

// Assignment is a helper accompanying a case.
type Assignment struct {
	ID         string
	CaseID     string
	HelperID   string
	HelperName string
	AssignedBy string
	AssignedAt time.Time
	EndedAt    *time.Time
}

// Person is someone who may be chosen (a helper).
type Person struct {
	ID, Name, Email string
	ValidUntil      string
}

// EligibleHelpers lists the people of a territory who are natural helpers
// today, by name: those a coordinator may assign to a case.
func (s *Store) EligibleHelpers(ctx context.Context, territoryID string) ([]Person, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT u.id, u.name, u.email, MAX(q.valid_until) FROM user_qualifications q
		JOIN users u ON u.id = q.user_id
		WHERE u.territory_id = $1 AND u.disabled_at IS NULL AND q.code = $2 AND `+activeSQL(3)+`
		GROUP BY u.id, u.name, u.email ORDER BY u.name`, territoryID, NaturalHelper, common.Today(time.Now()))
	if err != nil {
		return nil, fmt.Errorf("qualification: helpers: %w", err)
	}
	defer rows.Close()
	var out []Person
	for rows.Next() {
		var p Person
		if err := rows.Scan(&p.ID, &p.Name, &p.Email, &p.ValidUntil); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// AssignHelper makes helperID accompany caseID, in q (the porta's
// transaction that records the case change). by must coordinate the
// helper's territory (or be an admin), and the helper must be a natural
// helper today. Assigning twice is a Conflict.
func (s *Store) AssignHelper(ctx context.Context, q db.Querier, by *auth.User, caseID, helperID string) (*Assignment, error) {
	t, err := userTerritory(ctx, q, helperID)
	if err != nil {
		return nil, err
	}
	if !common.Manages(by, t) {
		return nil, errs.NotFoundErr()
	}
	ok, err := s.HasQualificationIn(ctx, q, helperID, NaturalHelper)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errs.E("people.errors.not_a_helper")
	}
	a := &Assignment{ID: common.NewID(), CaseID: caseID, HelperID: helperID, AssignedBy: by.ID, AssignedAt: db.Now()}
	_, err = q.ExecContext(ctx, `INSERT INTO helper_assignments (id, case_id, helper_id, assigned_by, assigned_at) VALUES ($1, $2, $3, $4, $5)`,
		a.ID, a.CaseID, a.HelperID, a.AssignedBy, a.AssignedAt)
	if db.IsUniqueViolation(err) {
		return nil, errs.New(errs.Conflict, "people.errors.already_assigned")
	}
	if err != nil {
		return nil, fmt.Errorf("qualification: assign helper: %w", err)
	}
	return a, audit.Record(ctx, q, audit.Entry{Action: "assign_helper", Entity: "case", EntityID: caseID,
		Detail: map[string]any{"helper_id": helperID, "assignment_id": a.ID}})
}

// EndAssignment ends an accompaniment, in q.
func (s *Store) EndAssignment(ctx context.Context, q db.Querier, by *auth.User, assignmentID string) error {
	var caseID, helperID string
	err := q.QueryRowContext(ctx, `SELECT case_id, helper_id FROM helper_assignments WHERE id = $1 AND ended_at IS NULL`, assignmentID).
		Scan(&caseID, &helperID)
	if err != nil {
		return errs.NotFoundErr()
	}
	t, err := userTerritory(ctx, q, helperID)
	if err != nil {
		return err
	}
	if !common.Manages(by, t) {
		return errs.NotFoundErr()
	}
	if _, err := q.ExecContext(ctx, `UPDATE helper_assignments SET ended_at = $1, ended_by = $2 WHERE id = $3`,
		db.Now(), by.ID, assignmentID); err != nil {
		return fmt.Errorf("qualification: end assignment: %w", err)
	}
	return audit.Record(ctx, q, audit.Entry{Action: "end_helper", Entity: "case", EntityID: caseID,
		Detail: map[string]any{"helper_id": helperID, "assignment_id": assignmentID}})
}

// IsAssigned tells whether a helper accompanies a case now: the porta asks
// it before showing a helper the part of a case they need.
func (s *Store) IsAssigned(ctx context.Context, helperID, caseID string) (bool, error) {
	var n int
	err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM helper_assignments WHERE helper_id = $1 AND case_id = $2 AND ended_at IS NULL`,
		helperID, caseID).Scan(&n)
	return n > 0, err
}

// Assignments lists the accompaniments of a case (caseID set) or of a
// helper (helperID set), current first.
func (s *Store) Assignments(ctx context.Context, caseID, helperID string) ([]Assignment, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT a.id, a.case_id, a.helper_id, u.name, a.assigned_by, a.assigned_at, a.ended_at
		FROM helper_assignments a JOIN users u ON u.id = a.helper_id
		WHERE ($1 = '' OR a.case_id = $1) AND ($2 = '' OR a.helper_id = $2) AND ($1 <> '' OR $2 <> '')
		ORDER BY a.ended_at IS NOT NULL, a.assigned_at DESC`, caseID, helperID)
	if err != nil {
		return nil, fmt.Errorf("qualification: assignments: %w", err)
	}
	defer rows.Close()
	var out []Assignment
	for rows.Next() {
		var a Assignment
		if err := rows.Scan(&a.ID, &a.CaseID, &a.HelperID, &a.HelperName, &a.AssignedBy, &a.AssignedAt, &a.EndedAt); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
