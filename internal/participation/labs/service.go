package labs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/trama-welfare/trama/internal/participation/kit"
	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/validate"
)

// Labs is the labs service.
type Labs struct{ *kit.Deps }

// New wires the service.
func New(d *kit.Deps) *Labs { return &Labs{Deps: d} }

const labCols = `l.id, COALESCE(l.territory_id, ''), l.title, l.theme, l.istat_code, COALESCE(c.name, ''), l.description, l.phase,
	l.listening_on, l.proposals_on, l.design_on, l.outcomes_on, l.created_by, l.created_at, l.hidden_at, l.hidden_reason`

func scanLab(s kit.Scanner) (*Lab, error) {
	var l Lab
	var hidden sql.NullTime
	err := s.Scan(&l.ID, &l.TerritoryID, &l.Title, &l.Theme, &l.ISTATCode, &l.Comune, &l.Description, &l.Phase,
		&l.PhaseDates[0], &l.PhaseDates[1], &l.PhaseDates[2], &l.PhaseDates[3], &l.CreatedBy, &l.CreatedAt, &hidden, &l.HiddenReason)
	if hidden.Valid {
		l.HiddenAt = &hidden.Time
	}
	return &l, err
}

// Lab loads a lab with its facilitators.
func (s *Labs) Lab(ctx context.Context, id string) (*Lab, error) {
	l, err := scanLab(s.DB.R.QueryRowContext(ctx, `SELECT `+labCols+` FROM labs l LEFT JOIN comuni c ON c.istat_code = l.istat_code
		WHERE l.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundErr()
	}
	if err != nil {
		return nil, fmt.Errorf("labs: load: %w", err)
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT u.id, u.name, u.email FROM lab_facilitators f JOIN users u ON u.id = f.user_id
		WHERE f.lab_id = $1 ORDER BY u.name`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var p Person
		if err := rows.Scan(&p.ID, &p.Name, &p.Email); err != nil {
			return nil, err
		}
		l.Facilitators = append(l.Facilitators, p)
	}
	return l, rows.Err()
}

// List returns a territory's labs, newest first; hidden ones only when
// withHidden (for its coordinators).
func (s *Labs) List(ctx context.Context, territoryID string, withHidden bool) ([]*Lab, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT `+labCols+` FROM labs l LEFT JOIN comuni c ON c.istat_code = l.istat_code
		WHERE ($1 = '' OR l.territory_id = $1) AND (l.hidden_at IS NULL OR $2) ORDER BY l.created_at DESC`, territoryID, withHidden)
	list, err := kit.Collect(rows, err, scanLab)
	if err != nil {
		return nil, fmt.Errorf("labs: list: %w", err)
	}
	return list, nil
}

// CanFacilitate tells whether u runs the lab: its facilitators, the
// coordinators of its territory, admins. Others get NotFound.
func (s *Labs) CanFacilitate(u *auth.User, l *Lab) error {
	if kit.Coordinates(u, l.TerritoryID) {
		return nil
	}
	if u != nil && slices.ContainsFunc(l.Facilitators, func(p Person) bool { return p.ID == u.ID }) {
		return nil
	}
	return errs.NotFoundErr()
}

// ReadForm reads the lab form; facilitators come as e-mail addresses, one
// per line, of accounts that may facilitate.
func (s *Labs) ReadForm(ctx context.Context, v url.Values, territoryID string) (*Lab, []string, error) {
	var c validate.Checker
	l := &Lab{Title: c.MaxLength("title", c.Required("title", v.Get("title")), 160),
		Theme:       c.MaxLength("theme", c.Required("theme", v.Get("theme")), 200),
		ISTATCode:   strings.TrimSpace(v.Get("istat_code")),
		Description: c.MaxLength("description", c.Required("description", v.Get("description")), 5000)}
	prev := ""
	for i, p := range Phases {
		l.PhaseDates[i] = c.Date("date_"+p, v.Get("date_"+p))
		if l.PhaseDates[i] != "" && prev != "" && l.PhaseDates[i] < prev && c.OK() {
			c.Fail("date_"+p, "participation.labs.errors.phase_order")
		}
		if l.PhaseDates[i] != "" {
			prev = l.PhaseDates[i]
		}
	}
	if l.ISTATCode != "" {
		var n int
		s.DB.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM territory_comuni WHERE territory_id = $1 AND istat_code = $2`,
			territoryID, l.ISTATCode).Scan(&n)
		if n == 0 {
			c.Fail("istat_code", "participation.events.errors.comune")
		}
	}
	var ids []string
	for _, line := range strings.FieldsFunc(v.Get("facilitators"), func(r rune) bool { return r == '\n' || r == ',' || r == ';' }) {
		email := auth.NormalizeEmail(line)
		if email == "" {
			continue
		}
		u, err := s.Auth.Store.UserByEmail(ctx, email)
		if err != nil || !(u.Role == auth.Operator || u.Role == auth.Coordinator || u.Role == auth.Admin) || u.Disabled() {
			c.Fail("facilitators", "participation.labs.errors.facilitator", email)
			continue
		}
		ids = append(ids, u.ID)
	}
	return l, ids, c.Err()
}

// Create opens a lab in the coordinator's territory, in the listening phase.
func (s *Labs) Create(ctx context.Context, u *auth.User, l *Lab, facilitators []string) error {
	if u.TerritoryID == "" {
		return errs.E("participation.labs.errors.no_territory")
	}
	l.ID, l.TerritoryID, l.Phase, l.CreatedBy = kit.NewID(), u.TerritoryID, PhaseListening, u.Email
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		now := db.Now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO labs (id, territory_id, title, theme, istat_code, description, phase,
			listening_on, proposals_on, design_on, outcomes_on, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)`, l.ID, l.TerritoryID, l.Title, l.Theme, l.ISTATCode,
			l.Description, l.Phase, l.PhaseDates[0], l.PhaseDates[1], l.PhaseDates[2], l.PhaseDates[3], l.CreatedBy, now); err != nil {
			return fmt.Errorf("labs: create: %w", err)
		}
		if err := setFacilitators(ctx, tx, l.ID, facilitators); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "create", Entity: "lab", EntityID: l.ID})
	})
}

// Update saves a lab's description, dates and facilitators.
func (s *Labs) Update(ctx context.Context, u *auth.User, old, l *Lab, facilitators []string) error {
	if err := s.CanFacilitate(u, old); err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE labs SET title = $1, theme = $2, istat_code = $3, description = $4,
			listening_on = $5, proposals_on = $6, design_on = $7, outcomes_on = $8, updated_at = $9 WHERE id = $10`,
			l.Title, l.Theme, l.ISTATCode, l.Description, l.PhaseDates[0], l.PhaseDates[1], l.PhaseDates[2], l.PhaseDates[3],
			db.Now(), old.ID); err != nil {
			return fmt.Errorf("labs: update: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM lab_facilitators WHERE lab_id = $1`, old.ID); err != nil {
			return err
		}
		if err := setFacilitators(ctx, tx, old.ID, facilitators); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "update", Entity: "lab", EntityID: old.ID})
	})
}

func setFacilitators(ctx context.Context, q db.Querier, labID string, ids []string) error {
	for _, id := range ids {
		if _, err := q.ExecContext(ctx, `INSERT INTO lab_facilitators (lab_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
			labID, id); err != nil {
			return fmt.Errorf("labs: facilitator: %w", err)
		}
	}
	return nil
}

// SetPhase moves the lab to a phase.
func (s *Labs) SetPhase(ctx context.Context, u *auth.User, l *Lab, phase string) error {
	if err := s.CanFacilitate(u, l); err != nil {
		return err
	}
	if !slices.Contains(Phases, phase) {
		return errs.E("participation.labs.errors.phase")
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE labs SET phase = $1, updated_at = $2 WHERE id = $3`, phase, db.Now(), l.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "phase", Entity: "lab", EntityID: l.ID,
			Detail: map[string]any{"from": l.Phase, "to": phase}})
	})
}
