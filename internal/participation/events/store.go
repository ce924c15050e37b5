package events

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/trama-welfare/trama/internal/participation/kit"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
)

// Store reads and writes events.
type Store struct{ db *db.DB }

const eventCols = `e.id, COALESCE(e.territory_id, ''), COALESCE(e.organization_id, ''), COALESCE(e.lab_id, ''), e.created_by,
	e.status, e.category, e.title, e.description, e.programme, e.schedule, e.starts_at, e.ends_at, e.place_name, e.address,
	e.istat_code, e.online_url, e.audience, e.accessibility, e.registration, e.capacity, e.deadline, e.created_at,
	e.updated_at, e.published_at, COALESCE(o.name, ''), COALESCE(c.name, ''),
	(SELECT COUNT(*) FROM event_registrations r WHERE r.event_id = e.id AND r.status = 'confirmed'),
	(SELECT COUNT(*) FROM event_registrations r WHERE r.event_id = e.id AND r.status = 'waiting'),
	(SELECT COUNT(*) FROM event_registrations r WHERE r.event_id = e.id AND r.status = 'cancelled'),
	(SELECT COUNT(*) FROM event_registrations r WHERE r.event_id = e.id AND r.checked_in_at IS NOT NULL)`

const eventFrom = ` FROM events e LEFT JOIN organizations o ON o.id = e.organization_id
	LEFT JOIN comuni c ON c.istat_code = e.istat_code`

func scanEvent(s kit.Scanner) (*Event, error) {
	var e Event
	var sched string
	var capacity sql.NullInt64
	var deadline, published sql.NullTime
	err := s.Scan(&e.ID, &e.TerritoryID, &e.OrganizationID, &e.LabID, &e.CreatedBy, &e.Status, &e.Category, &e.Title,
		&e.Description, &e.Programme, &sched, &e.StartsAt, &e.EndsAt, &e.PlaceName, &e.Address, &e.ISTATCode, &e.OnlineURL,
		&e.Audience, &e.Accessibility, &e.Registration, &capacity, &deadline, &e.CreatedAt, &e.UpdatedAt, &published,
		&e.OrgName, &e.Comune, &e.Counts.Confirmed, &e.Counts.Waiting, &e.Counts.Cancelled, &e.Counts.Attended)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(sched), &e.Schedule); err != nil {
		return nil, fmt.Errorf("events: schedule of %s: %w", e.ID, err)
	}
	if capacity.Valid {
		n := int(capacity.Int64)
		e.Capacity = &n
	}
	if deadline.Valid {
		e.Deadline = &deadline.Time
	}
	if published.Valid {
		e.PublishedAt = &published.Time
	}
	return &e, nil
}

// Event loads an event with its questions and partners.
func (s *Store) Event(ctx context.Context, id string) (*Event, error) {
	e, err := scanEvent(s.db.R.QueryRowContext(ctx, `SELECT `+eventCols+eventFrom+` WHERE e.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundErr()
	}
	if err != nil {
		return nil, fmt.Errorf("events: load %s: %w", id, err)
	}
	if e.Questions, err = s.questions(ctx, id); err != nil {
		return nil, err
	}
	e.Partners, err = s.partners(ctx, id)
	return e, err
}

func (s *Store) questions(ctx context.Context, eventID string) ([]Question, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, kind, label, options, required FROM event_questions
		WHERE event_id = $1 ORDER BY position`, eventID)
	if err != nil {
		return nil, fmt.Errorf("events: questions: %w", err)
	}
	defer rows.Close()
	var out []Question
	for rows.Next() {
		var q Question
		var opts string
		if err := rows.Scan(&q.ID, &q.Kind, &q.Label, &opts, &q.Required); err != nil {
			return nil, err
		}
		if opts != "" {
			q.Options = strings.Split(opts, "\n")
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

func (s *Store) partners(ctx context.Context, eventID string) ([]string, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT organization_id FROM event_partners WHERE event_id = $1 ORDER BY organization_id`, eventID)
	if err != nil {
		return nil, fmt.Errorf("events: partners: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// insert writes a new event in q.
func (s *Store) insert(ctx context.Context, q db.Querier, e *Event) error {
	sched, err := json.Marshal(e.Schedule)
	if err != nil {
		return err
	}
	now := db.Now()
	e.CreatedAt, e.UpdatedAt = now, now
	_, err = q.ExecContext(ctx, `INSERT INTO events (id, territory_id, organization_id, lab_id, created_by, status, category,
		title, description, programme, schedule, starts_at, ends_at, place_name, address, istat_code, online_url, audience,
		accessibility, registration, capacity, deadline, created_at, updated_at, published_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $23, $24)`,
		e.ID, kit.Null(e.TerritoryID), kit.Null(e.OrganizationID), kit.Null(e.LabID), e.CreatedBy, e.Status, e.Category, e.Title,
		e.Description, e.Programme, string(sched), e.StartsAt, e.EndsAt, e.PlaceName, e.Address, e.ISTATCode, e.OnlineURL,
		e.Audience, e.Accessibility, e.Registration, e.Capacity, e.Deadline, now, e.PublishedAt)
	if err != nil {
		return fmt.Errorf("events: insert: %w", err)
	}
	return s.saveChildren(ctx, q, e)
}

// update saves an event's fields in q.
func (s *Store) update(ctx context.Context, q db.Querier, e *Event) error {
	sched, err := json.Marshal(e.Schedule)
	if err != nil {
		return err
	}
	e.UpdatedAt = db.Now()
	_, err = q.ExecContext(ctx, `UPDATE events SET organization_id = $1, lab_id = $2, category = $3, title = $4,
		description = $5, programme = $6, schedule = $7, starts_at = $8, ends_at = $9, place_name = $10, address = $11,
		istat_code = $12, online_url = $13, audience = $14, accessibility = $15, registration = $16, capacity = $17,
		deadline = $18, updated_at = $19, reminded_for = NULL WHERE id = $20`,
		kit.Null(e.OrganizationID), kit.Null(e.LabID), e.Category, e.Title, e.Description, e.Programme, string(sched), e.StartsAt,
		e.EndsAt, e.PlaceName, e.Address, e.ISTATCode, e.OnlineURL, e.Audience, e.Accessibility, e.Registration, e.Capacity,
		e.Deadline, e.UpdatedAt, e.ID)
	if err != nil {
		return fmt.Errorf("events: update: %w", err)
	}
	if _, err := q.ExecContext(ctx, `DELETE FROM event_partners WHERE event_id = $1`, e.ID); err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `DELETE FROM event_questions WHERE event_id = $1`, e.ID); err != nil {
		return err
	}
	return s.saveChildren(ctx, q, e)
}

func (s *Store) saveChildren(ctx context.Context, q db.Querier, e *Event) error {
	for i, qu := range e.Questions {
		if _, err := q.ExecContext(ctx, `INSERT INTO event_questions (id, event_id, position, kind, label, options, required)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, qu.ID, e.ID, i, qu.Kind, qu.Label, strings.Join(qu.Options, "\n"), qu.Required); err != nil {
			return fmt.Errorf("events: question: %w", err)
		}
	}
	for _, p := range e.Partners {
		if p == e.OrganizationID {
			continue
		}
		if _, err := q.ExecContext(ctx, `INSERT INTO event_partners (event_id, organization_id) VALUES ($1, $2)
			ON CONFLICT DO NOTHING`, e.ID, p); err != nil {
			return fmt.Errorf("events: partner: %w", err)
		}
	}
	return nil
}

// Filter narrows the calendar.
type Filter struct {
	TerritoryID    string
	Category       string
	ISTATCode      string
	OrganizationID string // organised by it or with it
	LabID          string
	From, To       time.Time
	Status         string // "" published
	Managed        []string
	Limit          int
}

// Organizers lists the active organizations that organise published
// events of a territory ("" all), alone or as partners: the calendar's
// filter. (Not every active organization: a national directory has
// hundreds of thousands, and a filter on one without events finds nothing.)
func (s *Store) Organizers(ctx context.Context, territoryID string) ([]kit.Org, error) {
	// The organizers first, then their rows (CROSS JOIN keeps that order in
	// SQLite): with "o.id IN (…) ORDER BY o.name" SQLite walked every
	// active organization in name order (~1 s at 200,000).
	rows, err := s.db.R.QueryContext(ctx, `SELECT o.id, o.name, COALESCE(o.territory_id, '') FROM (
			SELECT e.organization_id AS id FROM events e WHERE e.status = $1 AND ($2 = '' OR e.territory_id = $2)
			UNION SELECT p.organization_id FROM event_partners p JOIN events e ON e.id = p.event_id
				WHERE e.status = $1 AND ($2 = '' OR e.territory_id = $2)) x
		CROSS JOIN organizations o WHERE o.id = x.id AND o.status = 'active' ORDER BY o.name`, StatusPublished, territoryID)
	list, err := kit.Collect(rows, err, func(sc kit.Scanner) (kit.Org, error) {
		var o kit.Org
		return o, sc.Scan(&o.ID, &o.Name, &o.TerritoryID)
	})
	if err != nil {
		return nil, fmt.Errorf("events: organizers: %w", err)
	}
	return list, nil
}

// List returns the events overlapping [From, To), by first start.
func (s *Store) List(ctx context.Context, f Filter) ([]*Event, error) {
	conds := []string{"e.status = $1"}
	st := f.Status
	if st == "" {
		st = StatusPublished
	}
	args := []any{st}
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, strings.ReplaceAll(cond, "?", fmt.Sprintf("$%d", len(args))))
	}
	if f.TerritoryID != "" {
		add("e.territory_id = ?", f.TerritoryID)
	}
	if f.Category != "" {
		add("e.category = ?", f.Category)
	}
	if f.ISTATCode != "" {
		add("e.istat_code = ?", f.ISTATCode)
	}
	if f.OrganizationID != "" {
		add("(e.organization_id = ? OR EXISTS (SELECT 1 FROM event_partners p WHERE p.event_id = e.id AND p.organization_id = ?))", f.OrganizationID)
	}
	if f.LabID != "" {
		add("e.lab_id = ?", f.LabID)
	}
	if !f.From.IsZero() {
		add("e.ends_at > ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		add("e.starts_at < ?", f.To.UTC())
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 200
	}
	args = append(args, f.Limit)
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+eventCols+eventFrom+` WHERE `+strings.Join(conds, " AND ")+
		fmt.Sprintf(` ORDER BY e.starts_at, e.id LIMIT $%d`, len(args)), args...)
	list, err := kit.Collect(rows, err, scanEvent)
	if err != nil {
		return nil, fmt.Errorf("events: list: %w", err)
	}
	return list, nil
}

// Managed lists the events of some organizations and, with territoryID,
// the territory's coordination events (any status), newest first.
func (s *Store) Managed(ctx context.Context, orgIDs []string, territoryID string, all bool) ([]*Event, error) {
	conds := []string{}
	var args []any
	if len(orgIDs) > 0 {
		conds = append(conds, "e.organization_id IN ("+db.Placeholders(1, len(orgIDs))+")")
		for _, id := range orgIDs {
			args = append(args, id)
		}
	}
	if territoryID != "" {
		args = append(args, territoryID)
		conds = append(conds, fmt.Sprintf("e.territory_id = $%d", len(args)))
	}
	if all {
		conds = append(conds, "1=1")
	}
	if len(conds) == 0 {
		return nil, nil
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+eventCols+eventFrom+` WHERE (`+strings.Join(conds, " OR ")+
		`) ORDER BY e.starts_at DESC LIMIT 200`, args...)
	list, err := kit.Collect(rows, err, scanEvent)
	if err != nil {
		return nil, fmt.Errorf("events: managed: %w", err)
	}
	return list, nil
}
