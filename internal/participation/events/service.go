package events

import (
	"context"
	"database/sql"
	"strings"

	"github.com/trama-welfare/trama/internal/participation/kit"
	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
)

// ActionManage lets operators and coordinators publish and run events; which
// events is decided by CanManage.
const ActionManage auth.Action = "participation.events.manage"

// Rules are the events' rows of the permission table.
var Rules = auth.Rules{ActionManage: {auth.Operator, auth.Coordinator, auth.Admin}}

// Events is the events service.
type Events struct {
	*kit.Deps
	Store *Store
}

// New wires the service.
func New(d *kit.Deps) *Events { return &Events{Deps: d, Store: &Store{db: d.DB}} }

// CanManage tells whether u organises e: the members of its organization,
// the coordinators of its territory and admins. Others get NotFound.
func (s *Events) CanManage(ctx context.Context, u *auth.User, e *Event) error {
	if kit.Coordinates(u, e.TerritoryID) || (e.OrganizationID != "" && s.MemberOf(ctx, u, e.OrganizationID)) {
		return nil
	}
	return errs.NotFoundErr()
}

// CanSeeRegistrants tells whether u organises e and so may read its
// registrants' personal data: the people of its organization or, for an
// event of the coordination, the territory's coordinators. Admins and the
// coordinators of an organization's event may manage it, not read who
// registered.
func (s *Events) CanSeeRegistrants(ctx context.Context, u *auth.User, e *Event) error {
	if e.OrganizationID != "" && s.MemberOf(ctx, u, e.OrganizationID) ||
		e.OrganizationID == "" && auth.RoleOf(u) == auth.Coordinator && u.TerritoryID == e.TerritoryID {
		return nil
	}
	return errs.NotFoundErr()
}

// Visible tells whether u may see e: published and cancelled events are
// public, drafts only for their organizers.
func (s *Events) Visible(ctx context.Context, u *auth.User, e *Event) bool {
	return e.Status != StatusDraft || s.CanManage(ctx, u, e) == nil
}

// checkOwner checks that u may publish for the organization chosen in e
// and sets the territory.
func (s *Events) checkOwner(ctx context.Context, u *auth.User, e *Event) error {
	var f errs.Fields
	if e.OrganizationID == "" {
		if !kit.Coordinates(u, u.TerritoryID) || u.TerritoryID == "" {
			f.Add("organization_id", "participation.events.errors.organization")
			return f.Err()
		}
		e.TerritoryID = u.TerritoryID
	} else {
		o, err := s.OrgByID(ctx, e.OrganizationID)
		if err != nil || !(s.MemberOf(ctx, u, o.ID) || kit.Coordinates(u, o.TerritoryID)) {
			f.Add("organization_id", "participation.events.errors.organization")
			return f.Err()
		}
		e.TerritoryID = o.TerritoryID
	}
	if e.LabID != "" {
		var n int
		s.DB.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM labs WHERE id = $1 AND territory_id = $2`, e.LabID, e.TerritoryID).Scan(&n)
		if n == 0 {
			f.Add("lab_id", "participation.events.errors.lab")
		}
	}
	if e.ISTATCode != "" {
		var n int
		s.DB.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM territory_comuni WHERE territory_id = $1 AND istat_code = $2`,
			e.TerritoryID, e.ISTATCode).Scan(&n)
		if n == 0 {
			f.Add("istat_code", "participation.events.errors.comune")
		}
	}
	var partners []string
	for _, p := range e.Partners {
		if o, err := s.OrgByID(ctx, p); err == nil && o.TerritoryID == e.TerritoryID && p != e.OrganizationID {
			partners = append(partners, p)
		}
	}
	e.Partners = partners
	return f.Err()
}

// Create saves a new event as a draft, or published when publish is set.
func (s *Events) Create(ctx context.Context, u *auth.User, e *Event, publish bool) error {
	if err := s.checkOwner(ctx, u, e); err != nil {
		return err
	}
	e.ID, e.CreatedBy, e.Status = kit.NewID(), u.Email, StatusDraft
	if publish {
		now := db.Now()
		e.Status, e.PublishedAt = StatusPublished, &now
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.Store.insert(ctx, tx, e); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "create", Entity: "event", EntityID: e.ID,
			Detail: map[string]any{"status": e.Status, "organization_id": e.OrganizationID}})
	})
}

// Update saves the organizer's changes. More places move people up from
// the waiting list.
func (s *Events) Update(ctx context.Context, u *auth.User, id string, e *Event) error {
	old, err := s.Store.Event(ctx, id)
	if err != nil {
		return err
	}
	if err := s.CanManage(ctx, u, old); err != nil {
		return err
	}
	if err := s.checkOwner(ctx, u, e); err != nil {
		return err
	}
	e.ID, e.Status = id, old.Status
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.lock(ctx, tx, id); err != nil {
			return err
		}
		// Fewer places than those taken are refused, counted under the
		// lock: registrations may come in while the organizer edits.
		confirmed, err := s.countConfirmed(ctx, tx, id)
		if err != nil {
			return err
		}
		if e.Capacity != nil && *e.Capacity < confirmed {
			var f errs.Fields
			f.Add("capacity", "participation.events.errors.capacity_below", confirmed)
			return f.Err()
		}
		if err := s.Store.update(ctx, tx, e); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Entry{Action: "update", Entity: "event", EntityID: id}); err != nil {
			return err
		}
		return s.promote(ctx, tx, e)
	})
}

// Publish makes a draft public.
func (s *Events) Publish(ctx context.Context, u *auth.User, id string) error {
	return s.setStatus(ctx, u, id, StatusDraft, StatusPublished, "")
}

// Cancel calls the event off and tells everyone registered.
func (s *Events) Cancel(ctx context.Context, u *auth.User, id, reason string) error {
	return s.setStatus(ctx, u, id, StatusPublished, StatusCancelled, strings.TrimSpace(reason))
}

func (s *Events) setStatus(ctx context.Context, u *auth.User, id, from, to, reason string) error {
	e, err := s.Store.Event(ctx, id)
	if err != nil {
		return err
	}
	if err := s.CanManage(ctx, u, e); err != nil {
		return err
	}
	if e.Status != from {
		return errs.New(errs.Conflict, "participation.events.errors.status")
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		now := db.Now()
		res, err := tx.ExecContext(ctx, `UPDATE events SET status = $1, updated_at = $2,
			published_at = CASE WHEN $1 = 'published' THEN $2 ELSE published_at END WHERE id = $3 AND status = $4`, to, now, id, from)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.New(errs.Conflict, "participation.events.errors.status")
		}
		if err := audit.Record(ctx, tx, audit.Entry{Action: to, Entity: "event", EntityID: id}); err != nil {
			return err
		}
		if to != StatusCancelled {
			return nil
		}
		regs, err := s.registrations(ctx, tx, id, "r.status <> 'cancelled'")
		if err != nil {
			return err
		}
		for _, r := range regs {
			if r.Email == "" {
				continue
			}
			if err := s.Mail(ctx, tx, r.Email, r.Lang, "participation.mail.event_cancelled", nil, r.Name, e.Title,
				s.when(e, r.Lang), reason); err != nil {
				return err
			}
		}
		return nil
	})
}
