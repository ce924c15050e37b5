package demo

import (
	"context"
	"database/sql"
	"fmt"
	"hash/fnv"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/geo"
)

// Coordinator is the demo account that validates the network.
const Coordinator = "coordinatore@trama.example"

// Stats counts what Network made.
type Stats struct {
	Organizations, Services, Places int
}

// Deps are the parts of Trama the network is published through.
type Deps struct {
	DB        *db.DB
	Directory *directory.Directory
	Auth      *auth.Service
	Geo       *geo.Store
}

// Network publishes the demo organizations of data/*.toml in w's territory
// through the directory's workflow, as the demo accounts: the coordinator
// creates and publishes most organizations; members sign theirs up and
// submit them. It records the ids in w.
func Network(ctx context.Context, deps Deps, w *World) (Stats, error) {
	var st Stats
	orgs, err := readData(dataFS)
	if err != nil {
		return st, err
	}
	coord := w.Users[Coordinator]
	if coord == nil {
		return st, fmt.Errorf("demo: no account %s", Coordinator)
	}
	comuni := map[string]geo.Comune{}
	for code := range capOf {
		c, ok, err := deps.Geo.Comune(ctx, code)
		if err != nil || !ok {
			return st, fmt.Errorf("demo: comune %s: %v", code, err)
		}
		comuni[code] = c
	}
	p := &publisher{Deps: deps, w: w, coord: coord, comuni: comuni}
	for _, o := range orgs {
		b, err := p.publish(ctx, o)
		if err != nil {
			return st, fmt.Errorf("demo: %s: %w", o.Key, err)
		}
		st.Organizations++
		st.Services += len(b.services)
		st.Places += len(b.places)
	}
	return st, nil
}

// publisher runs the workflow for each organization.
type publisher struct {
	Deps
	w      *World
	coord  *auth.User
	comuni map[string]geo.Comune
}

// as is ctx acting as u (the audit log and the history name them).
func as(ctx context.Context, u *auth.User) context.Context {
	return audit.WithActor(ctx, audit.Actor{ID: u.ID, Label: u.Email})
}

func (p *publisher) publish(ctx context.Context, o org) (*built, error) {
	owner := p.coord
	if len(o.Members) > 0 {
		if owner = p.w.Users[o.Members[0]]; owner == nil {
			return nil, fmt.Errorf("no demo account %s", o.Members[0])
		}
	}
	n := directory.NewOrganization{Name: o.Name, Kind: o.Kind, Email: o.Email, Description: o.Description,
		TerritoryID: p.w.TerritoryID}
	var v *directory.Version
	var err error
	if owner == p.coord {
		v, err = p.Directory.CreateOrganization(as(ctx, p.coord), p.coord, n)
	} else {
		v, err = p.Directory.SignUp(as(ctx, owner), p.Auth, owner, n)
	}
	if err != nil {
		return nil, fmt.Errorf("create: %w", err)
	}
	orgID := v.OrganizationID
	if err := p.addMembers(ctx, orgID, o.Members); err != nil {
		return nil, err
	}
	b, err := build(o, orgID, p.w.TerritoryID, p.w.Today, p.comuni)
	if err != nil {
		return nil, err
	}
	p.remember(o, b)

	// The first version: everything but the later places and services.
	places, services := b.record(false)
	v, err = p.Directory.Change(as(ctx, owner), owner, orgID, v.Revision, func(r *directory.Record) error {
		r.Organization = b.org
		r.Locations, r.Services = places, services
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("first draft: %w", err)
	}
	if owner != p.coord {
		if v, err = p.Directory.Submit(as(ctx, owner), owner, orgID); err != nil {
			return nil, fmt.Errorf("submit: %w", err)
		}
	}
	if o.State == statePending {
		return b, backdate(ctx, p.DB, orgID, 2)
	}
	if _, err := p.Directory.Approve(as(ctx, p.coord), p.coord, v.ID, ""); err != nil {
		return nil, fmt.Errorf("approve: %w", err)
	}
	if err := backdate(ctx, p.DB, orgID, age(o, p.w)); err != nil {
		return nil, err
	}
	switch o.State {
	case stateArchived:
		if err := p.Directory.SetArchived(as(ctx, p.coord), p.coord, orgID, true, o.Comment); err != nil {
			return nil, fmt.Errorf("archive: %w", err)
		}
	case stateChangesRequested, stateUpdateSubmitted:
		if err := p.update(ctx, o, b, owner, orgID); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// update has the owner add the later places and services to a new draft
// and submit it; the coordinator sends it back when the data says so.
func (p *publisher) update(ctx context.Context, o org, b *built, owner *auth.User, orgID string) error {
	v, err := p.Directory.Draft(as(ctx, owner), owner, orgID)
	if err != nil {
		return fmt.Errorf("update draft: %w", err)
	}
	places, services := b.record(true)
	_, err = p.Directory.Change(as(ctx, owner), owner, orgID, v.Revision, func(r *directory.Record) error {
		r.Locations = append(r.Locations, places...)
		r.Services = append(r.Services, services...)
		return nil
	})
	if err != nil {
		return fmt.Errorf("update: %w", err)
	}
	if v, err = p.Directory.Submit(as(ctx, owner), owner, orgID); err != nil {
		return fmt.Errorf("submit update: %w", err)
	}
	if o.State == stateChangesRequested {
		if _, err := p.Directory.RequestChanges(as(ctx, p.coord), p.coord, v.ID, o.Comment); err != nil {
			return fmt.Errorf("request changes: %w", err)
		}
	}
	return nil
}

// addMembers links the organization's other demo accounts to it (the
// first one signed it up).
func (p *publisher) addMembers(ctx context.Context, orgID string, members []string) error {
	for i, email := range members {
		u := p.w.Users[email]
		if u == nil {
			return fmt.Errorf("no demo account %s", email)
		}
		if i == 0 {
			continue
		}
		err := p.DB.Tx(ctx, func(tx *sql.Tx) error { return p.Directory.Store.AddMember(as(ctx, p.coord), tx, orgID, u.ID) })
		if err != nil {
			return err
		}
	}
	return nil
}

// remember records the ids of an organization's parts in the World.
func (p *publisher) remember(o org, b *built) {
	p.w.Orgs[o.Key] = b.org.ID
	for key, id := range b.placeIDs {
		p.w.Places[o.Key+"/"+key] = id
	}
	for key, id := range b.svcIDs {
		p.w.Services[o.Key+"/"+key] = id
	}
}

// age is how many days ago an organization was published and last
// verified: the data's verified months ago (7 to 9 make stale data), or
// between two weeks and four months, the same on every load.
func age(o org, w *World) int {
	if o.Verified > 0 {
		then := w.Today.AddDate(0, -o.Verified, 0)
		return int(w.Today.Sub(then).Hours()/24 + 0.5)
	}
	h := fnv.New32a()
	h.Write([]byte(o.Key))
	return 14 + int(h.Sum32()%110)
}
