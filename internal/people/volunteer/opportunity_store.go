package volunteer

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/trama-welfare/trama/internal/people/common"
	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/schedule"
	"github.com/trama-welfare/trama/internal/search/analysis"
)

const opportunityColumns = `v.id, v.organization_id, o.name, o.status, COALESCE(o.territory_id, ''), v.title, v.role, v.description,
	v.skills, v.istat_code, v.place, v.online, v.rrule, v.dtstart, v.opens_at, v.closes_at, v.exceptions, v.places,
	v.minimum_age, v.qualification, v.training_note, v.approval, v.status, v.created_by, v.created_at, v.updated_at`

const opportunityFrom = ` FROM volunteer_opportunities v JOIN organizations o ON o.id = v.organization_id`

func scanOpportunity(sc interface{ Scan(...any) error }) (*Opportunity, error) {
	var o Opportunity
	var skills, rrule, dtstart, opens, closes, exceptions string
	if err := sc.Scan(&o.ID, &o.OrganizationID, &o.OrganizationName, &o.OrgStatus, &o.TerritoryID, &o.Title, &o.Role, &o.Description,
		&skills, &o.ISTAT, &o.Place, &o.Online, &rrule, &dtstart, &opens, &closes, &exceptions, &o.Places,
		&o.MinimumAge, &o.Qualification, &o.TrainingNote, &o.Approval, &o.Status, &o.CreatedBy, &o.CreatedAt, &o.UpdatedAt); err != nil {
		return nil, err
	}
	o.Skills = common.ParseList(skills)
	r, err := schedule.ParseRRULE(rrule)
	if err != nil {
		return nil, fmt.Errorf("volunteer: opportunity %s: %w", o.ID, err)
	}
	r.DTStart, _ = schedule.ParseDate(dtstart)
	r.OpensAt, r.ClosesAt = opens, closes
	for _, p := range common.ParseList(exceptions) {
		if d, err := schedule.ParseDate(p); err == nil {
			r.Exceptions = append(r.Exceptions, d)
		}
	}
	o.Rule = r
	return &o, nil
}

// Opportunity returns an opportunity, whoever may see it.
func (s *Service) Opportunity(ctx context.Context, id string) (*Opportunity, error) {
	return s.opportunity(ctx, s.db.R, id)
}

func (s *Service) opportunity(ctx context.Context, q db.Querier, id string) (*Opportunity, error) {
	o, err := scanOpportunity(q.QueryRowContext(ctx, `SELECT `+opportunityColumns+opportunityFrom+` WHERE v.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundErr()
	}
	if err != nil {
		return nil, fmt.Errorf("volunteer: opportunity: %w", err)
	}
	return o, nil
}

// Visible returns an opportunity u may see: a public one, or any of an
// organization u manages.
func (s *Service) Visible(ctx context.Context, u *auth.User, id string) (*Opportunity, error) {
	o, err := s.Opportunity(ctx, id)
	if err != nil {
		return nil, err
	}
	if o.Public() || u != nil && s.dir.CanEdit(ctx, u, o.OrganizationID) == nil {
		return o, nil
	}
	return nil, errs.NotFoundErr()
}

// Managed returns an opportunity of orgID that u manages.
func (s *Service) Managed(ctx context.Context, u *auth.User, orgID, id string) (*Opportunity, error) {
	if err := s.dir.CanEdit(ctx, u, orgID); err != nil {
		return nil, err
	}
	o, err := s.Opportunity(ctx, id)
	if err != nil || o.OrganizationID != orgID {
		return nil, errs.NotFoundErr()
	}
	return o, nil
}

// list runs a query for opportunities.
func (s *Service) list(ctx context.Context, where string, args ...any) ([]*Opportunity, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+opportunityColumns+opportunityFrom+` WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("volunteer: list opportunities: %w", err)
	}
	defer rows.Close()
	var out []*Opportunity
	for rows.Next() {
		o, err := scanOpportunity(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// OfOrganization lists an organization's opportunities for u, who must
// manage it.
func (s *Service) OfOrganization(ctx context.Context, u *auth.User, orgID string) ([]*Opportunity, error) {
	if err := s.dir.CanEdit(ctx, u, orgID); err != nil {
		return nil, err
	}
	return s.list(ctx, `v.organization_id = $1 ORDER BY v.status = 'closed', v.created_at DESC`, orgID)
}

// indexText is what the public search matches: the texts, the skills and
// the comune, in Italian.
func (s *Service) indexText(ctx context.Context, o *Opportunity) string {
	fields := []string{o.Title, o.Role, o.Description, o.Place, o.TrainingNote}
	for _, sk := range o.Skills {
		fields = append(fields, s.mail.Cat.T("it", "people.skill."+sk))
	}
	if c, ok, _ := s.geo.Comune(ctx, o.ISTAT); ok {
		fields = append(fields, c.Name)
	}
	var name string
	if s.db.R.QueryRowContext(ctx, `SELECT name FROM organizations WHERE id = $1`, o.OrganizationID).Scan(&name) == nil {
		fields = append(fields, name)
	}
	return analysis.IndexText(fields...)
}

func exceptionsText(r schedule.Schedule) string {
	var out []string
	for _, d := range r.Exceptions {
		out = append(out, d.String())
	}
	return strings.Join(out, ",")
}

// SaveOpportunity creates (o.ID empty) or updates an opportunity of orgID
// from the form. A new one starts as a draft. Changing the places updates
// the future shifts (never below the places already taken) and promotes
// people from their waiting lists.
func (s *Service) SaveOpportunity(ctx context.Context, u *auth.User, orgID, id string, f OpportunityForm) (*Opportunity, error) {
	o := &Opportunity{OrganizationID: orgID, Status: StatusDraft, CreatedBy: u.Email}
	if id != "" {
		old, err := s.Managed(ctx, u, orgID, id)
		if err != nil {
			return nil, err
		}
		o = old
	} else if err := s.dir.CanEdit(ctx, u, orgID); err != nil {
		return nil, err
	}
	known := func(c string) bool { _, ok, _ := s.geo.Comune(ctx, c); return ok }
	if err := f.Build(o, known, common.Today(s.Now())); err != nil {
		return o, err
	}
	index := s.indexText(ctx, o)
	now := db.Now()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		args := []any{o.Title, o.Role, o.Description, o.Skills.String(), o.ISTAT, o.Place, o.Online, o.Rule.RRULE(),
			o.Rule.DTStart.String(), o.Rule.Until.String(), o.Rule.OpensAt, o.Rule.ClosesAt, exceptionsText(o.Rule), o.Places,
			o.MinimumAge, o.Qualification, o.TrainingNote, o.Approval, index, now}
		action := "update"
		if id == "" {
			o.ID, action = common.NewID(), "create"
			_, err := tx.ExecContext(ctx, `INSERT INTO volunteer_opportunities (title, role, description, skills, istat_code, place,
				online, rrule, dtstart, until, opens_at, closes_at, exceptions, places, minimum_age, qualification, training_note,
				approval, index_text, created_at, updated_at, id, organization_id, status, created_by)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20, $21, $22, $23, $24)`,
				append(args, o.ID, orgID, StatusDraft, u.Email)...)
			if err != nil {
				return fmt.Errorf("volunteer: create opportunity: %w", err)
			}
		} else {
			_, err := tx.ExecContext(ctx, `UPDATE volunteer_opportunities SET title = $1, role = $2, description = $3, skills = $4,
				istat_code = $5, place = $6, online = $7, rrule = $8, dtstart = $9, until = $10, opens_at = $11, closes_at = $12,
				exceptions = $13, places = $14, minimum_age = $15, qualification = $16, training_note = $17, approval = $18,
				index_text = $19, updated_at = $20 WHERE id = $21`, append(args, o.ID)...)
			if err != nil {
				return fmt.Errorf("volunteer: update opportunity: %w", err)
			}
			if err := s.resize(ctx, tx, o); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Entry{Action: action, Entity: "volunteer_opportunity", EntityID: o.ID,
			Detail: map[string]any{"organization_id": orgID}})
	})
	return o, err
}

// SetStatus publishes, closes or reopens an opportunity.
func (s *Service) SetStatus(ctx context.Context, u *auth.User, orgID, id, status string) error {
	if status != StatusPublished && status != StatusClosed && status != StatusDraft {
		return errs.E("people.errors.status")
	}
	o, err := s.Managed(ctx, u, orgID, id)
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE volunteer_opportunities SET status = $1, updated_at = $2 WHERE id = $3`,
			status, db.Now(), o.ID); err != nil {
			return fmt.Errorf("volunteer: set status: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "status", Entity: "volunteer_opportunity", EntityID: o.ID,
			Detail: map[string]any{"from": o.Status, "to": status}})
	})
}
