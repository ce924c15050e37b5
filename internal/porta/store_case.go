package porta

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
)

const caseCols = `c.id, c.territory_id, c.person_id, COALESCE(c.coordinator_id, ''), COALESCE(u.name, ''), c.status, c.outcome,
	c.opened_at, c.closed_at, c.updated_at`

const caseFrom = ` FROM porta_cases c LEFT JOIN users u ON u.id = c.coordinator_id`

func scanCase(s interface{ Scan(...any) error }) (*Case, error) {
	var c Case
	var closed sql.NullTime
	if err := s.Scan(&c.ID, &c.TerritoryID, &c.PersonID, &c.CoordinatorID, &c.Coordinator, &c.Status, &c.Outcome,
		&c.OpenedAt, &closed, &c.UpdatedAt); err != nil {
		return nil, err
	}
	if closed.Valid {
		c.ClosedAt = &closed.Time
	}
	return &c, nil
}

// getCase reads a case (no personal content in it).
func (p *Porta) getCase(ctx context.Context, q db.Querier, id string) (*Case, error) {
	c, err := scanCase(q.QueryRowContext(ctx, `SELECT `+caseCols+caseFrom+` WHERE c.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundErr()
	}
	if err != nil {
		return nil, fmt.Errorf("porta: case %s: %w", id, err)
	}
	return c, nil
}

// openCaseOf returns the person's open case, or nil.
func (p *Porta) openCaseOf(ctx context.Context, q db.Querier, personID string) (*Case, error) {
	c, err := scanCase(q.QueryRowContext(ctx, `SELECT `+caseCols+caseFrom+` WHERE c.person_id = $1 AND c.status = 'open'
		ORDER BY c.opened_at DESC LIMIT 1`, personID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("porta: open case of %s: %w", personID, err)
	}
	return c, nil
}

func insertCase(ctx context.Context, q db.Querier, c *Case) error {
	c.ID = newID()
	now := db.Now()
	c.OpenedAt, c.UpdatedAt, c.Status = now, now, CaseOpen
	_, err := q.ExecContext(ctx, `INSERT INTO porta_cases (id, territory_id, person_id, coordinator_id, status, opened_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $6)`, c.ID, c.TerritoryID, c.PersonID, c.CoordinatorID, c.Status, now)
	if err != nil {
		return fmt.Errorf("porta: insert case: %w", err)
	}
	return audit.Record(ctx, q, audit.Entry{Action: "create", Entity: "porta_case", EntityID: c.ID,
		Detail: map[string]any{"person": c.PersonID, "coordinator": c.CoordinatorID}})
}

// CaseRow is a case as listed: no names, so listing reads nobody's data.
type CaseRow struct {
	ID          string
	Coordinator string
	Status      string
	Outcome     string
	OpenedAt    time.Time
	ClosedAt    *time.Time
	ISTATCode   string
	HasMinors   bool
	Categories  []string
	Referrals   int
	Pending     int // referrals still waiting for an answer
	Notices     int // people still to be told something
}

// CaseFilter narrows the list of cases.
type CaseFilter struct {
	TerritoryID   string
	CoordinatorID string // only this coordinator's
	Status        string // open, closed, "" any
	PersonIDs     []string
	Limit         int
}

func (p *Porta) listCases(ctx context.Context, f CaseFilter) ([]CaseRow, error) {
	where, args := "c.territory_id = $1", []any{f.TerritoryID}
	if f.CoordinatorID != "" {
		args = append(args, f.CoordinatorID)
		where += fmt.Sprintf(" AND c.coordinator_id = $%d", len(args))
	}
	if f.Status != "" {
		args = append(args, f.Status)
		where += fmt.Sprintf(" AND c.status = $%d", len(args))
	}
	if f.PersonIDs != nil {
		where += " AND " + in("c.person_id", len(args)+1, len(f.PersonIDs))
		for _, id := range f.PersonIDs {
			args = append(args, id)
		}
	}
	if f.Limit <= 0 {
		f.Limit = 200
	}
	rows, err := p.db.R.QueryContext(ctx, `SELECT c.id, COALESCE(u.name, ''), c.status, c.outcome, c.opened_at, c.closed_at,
		pr.istat_code, pr.has_minors,
		COALESCE((SELECT n.categories FROM porta_needs n WHERE n.case_id = c.id ORDER BY n.created_at LIMIT 1), ''),
		(SELECT COUNT(*) FROM porta_referrals r WHERE r.case_id = c.id),
		(SELECT COUNT(*) FROM porta_referrals r WHERE r.case_id = c.id AND r.status = 'sent'),
		(SELECT COUNT(*) FROM porta_notices x WHERE x.case_id = c.id AND x.done_at IS NULL)
		FROM porta_cases c LEFT JOIN users u ON u.id = c.coordinator_id JOIN porta_persons pr ON pr.id = c.person_id
		WHERE `+where+fmt.Sprintf(` ORDER BY c.status DESC, c.opened_at DESC LIMIT %d`, f.Limit), args...)
	if err != nil {
		return nil, fmt.Errorf("porta: cases: %w", err)
	}
	defer rows.Close()
	var out []CaseRow
	for rows.Next() {
		var r CaseRow
		var closed sql.NullTime
		var cats string
		if err := rows.Scan(&r.ID, &r.Coordinator, &r.Status, &r.Outcome, &r.OpenedAt, &closed, &r.ISTATCode, &r.HasMinors,
			&cats, &r.Referrals, &r.Pending, &r.Notices); err != nil {
			return nil, err
		}
		if closed.Valid {
			r.ClosedAt = &closed.Time
		}
		r.Categories = splitCodes(cats)
		out = append(out, r)
	}
	return out, rows.Err()
}

// in builds "col IN ($n, …)"; with no values it is never true.
func in(col string, n, count int) string {
	if count == 0 {
		return "1 = 0"
	}
	return col + " IN (" + db.Placeholders(n, count) + ")"
}

// addEvent writes a line of the timeline (body sealed) and its audit line.
func (p *Porta) addEvent(ctx context.Context, q db.Querier, e Event) error {
	body, err := p.keys.Seal(e.Body)
	if err != nil {
		return err
	}
	detail := ""
	if len(e.Detail) > 0 {
		b, _ := json.Marshal(e.Detail)
		detail = string(b)
	}
	a := audit.ActorFrom(ctx)
	_, err = q.ExecContext(ctx, `INSERT INTO porta_events (person_id, need_id, case_id, at, actor_id, actor_label, kind, body, detail)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, e.PersonID, e.NeedID, e.CaseID, db.Now(), a.ID, a.Label, e.Kind, body, detail)
	if err != nil {
		return fmt.Errorf("porta: event: %w", err)
	}
	entity, id := "porta_person", e.PersonID
	switch {
	case e.CaseID != "":
		entity, id = "porta_case", e.CaseID
	case e.NeedID != "":
		entity, id = "porta_need", e.NeedID
	}
	return audit.Record(ctx, q, audit.Entry{Action: e.Kind, Entity: entity, EntityID: id})
}

// events lists the timeline of a case (with the events of its needs from
// before the case) or of a single need, oldest first, bodies opened.
func (p *Porta) events(ctx context.Context, caseID, needID string) ([]Event, error) {
	if caseID == "" {
		return p.eventsWhere(ctx, `need_id = $1`, needID)
	}
	return p.eventsWhere(ctx, `case_id = $1 OR need_id IN (SELECT id FROM porta_needs WHERE case_id = $1)`, caseID)
}

// eventsWhere lists events matching a condition, oldest first.
func (p *Porta) eventsWhere(ctx context.Context, where string, arg any) ([]Event, error) {
	rows, err := p.db.R.QueryContext(ctx, `SELECT id, person_id, need_id, case_id, at, actor_label, kind, body, detail
		FROM porta_events WHERE `+where+` ORDER BY at, id`, arg)
	if err != nil {
		return nil, fmt.Errorf("porta: events: %w", err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		var body, detail string
		if err := rows.Scan(&e.ID, &e.PersonID, &e.NeedID, &e.CaseID, &e.At, &e.ActorLabel, &e.Kind, &body, &detail); err != nil {
			return nil, err
		}
		if e.Body, err = p.keys.Open(body); err != nil {
			return nil, fmt.Errorf("porta: event %d: %w", e.ID, err)
		}
		if detail != "" {
			json.Unmarshal([]byte(detail), &e.Detail)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Notice is something a person is to be told (taken in charge, referred)
// through a channel staff must use by hand (phone, an organization); e-mail
// notices are sent at once and recorded as done.
type Notice struct {
	ID        string
	NeedID    string
	CaseID    string
	Event     string // taken, referred
	Channel   string // email, phone, organization
	CreatedAt time.Time
	DoneAt    *time.Time
	DoneBy    string
}

func insertNotice(ctx context.Context, q db.Querier, n *Notice) error {
	n.ID, n.CreatedAt = newID(), db.Now()
	var done any
	if n.DoneAt != nil {
		done = *n.DoneAt
	}
	_, err := q.ExecContext(ctx, `INSERT INTO porta_notices (id, need_id, case_id, event, channel, created_at, done_at, done_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, n.ID, n.NeedID, n.CaseID, n.Event, n.Channel, n.CreatedAt, done, n.DoneBy)
	if err != nil {
		return fmt.Errorf("porta: notice: %w", err)
	}
	return nil
}

func (p *Porta) notices(ctx context.Context, caseID string) ([]Notice, error) {
	rows, err := p.db.R.QueryContext(ctx, `SELECT id, need_id, case_id, event, channel, created_at, done_at, done_by
		FROM porta_notices WHERE case_id = $1 ORDER BY created_at, id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("porta: notices: %w", err)
	}
	defer rows.Close()
	var out []Notice
	for rows.Next() {
		var n Notice
		var done sql.NullTime
		if err := rows.Scan(&n.ID, &n.NeedID, &n.CaseID, &n.Event, &n.Channel, &n.CreatedAt, &done, &n.DoneBy); err != nil {
			return nil, err
		}
		if done.Valid {
			n.DoneAt = &done.Time
		}
		out = append(out, n)
	}
	return out, rows.Err()
}
