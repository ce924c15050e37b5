package pact

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/trama-welfare/trama/internal/participation/kit"
	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/validate"
)

// Referral is how many referrals went from one organization to another.
type Referral struct {
	From, To string // organization ids
	Count    int
}

// ReferralSource gives the referrals exchanged between the organizations
// of a territory. The porta capability implements it; without it the
// network shows partnerships and shared events only.
type ReferralSource interface {
	Referrals(ctx context.Context, territoryID string) ([]Referral, error)
}

// Kinds of links between organizations.
const (
	LinkPartnership = "partnership"
	LinkEvent       = "event"
	LinkReferral    = "referral"
)

// Member is an organization in the network graph.
type Member struct {
	ID, Name string
	Member   bool      // adhered to a pact of the territory
	Since    time.Time // first adhesion
	Role     string
	Degree   int
}

// Link joins two organizations, with the kinds of their ties.
type Link struct {
	A, B  string // ids, A < B
	Kinds []string
	Count int
}

// Network is the territory's network.
type Network struct {
	Members  []*Member
	Links    []*Link
	Isolated int
	Outside  int // linked organizations that have not adhered
}

// Member returns a node by id.
func (n *Network) Member(id string) *Member {
	for _, m := range n.Members {
		if m.ID == id {
			return m
		}
	}
	return nil
}

// MemberCount counts the organizations that adhered.
func (n *Network) MemberCount() int {
	c := 0
	for _, m := range n.Members {
		if m.Member {
			c++
		}
	}
	return c
}

// LinksOf lists the links of a node.
func (n *Network) LinksOf(id string) []*Link {
	var out []*Link
	for _, l := range n.Links {
		if l.A == id || l.B == id {
			out = append(out, l)
		}
	}
	return out
}

// Other is the node at the other end of l from id.
func (l *Link) Other(id string) string {
	if l.A == id {
		return l.B
	}
	return l.A
}

// Network builds a territory's network: the organizations that adhered to
// one of its pacts, the links between organizations (declared
// partnerships, events organised together, referrals) and the
// organizations outside the pact those links reach.
func (s *Service) Network(ctx context.Context, territoryID string) (*Network, error) {
	n := &Network{}
	byID := map[string]*Member{}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT o.id, o.name, ps.signed_at, COALESCE(r.role, '')
		FROM pact_signatures ps JOIN pacts p ON p.id = ps.pact_id JOIN organizations o ON o.id = ps.organization_id
		LEFT JOIN network_roles r ON r.organization_id = o.id
		WHERE p.territory_id = $1 AND ps.withdrawn_at IS NULL AND o.status <> 'archived'
		ORDER BY o.name, o.id, ps.signed_at`, territoryID)
	if err != nil {
		return nil, fmt.Errorf("pact: network members: %w", err)
	}
	for rows.Next() {
		m := &Member{Member: true}
		if err := rows.Scan(&m.ID, &m.Name, &m.Since, &m.Role); err != nil {
			rows.Close()
			return nil, err
		}
		if byID[m.ID] != nil {
			continue // signed more than one pact: the first adhesion counts
		}
		n.Members = append(n.Members, m)
		byID[m.ID] = m
	}
	rows.Close()
	links := map[[2]string]*Link{}
	add := func(a, b, kind string, count int) {
		if a == b || a == "" || b == "" {
			return
		}
		if b < a {
			a, b = b, a
		}
		l := links[[2]string{a, b}]
		if l == nil {
			l = &Link{A: a, B: b}
			links[[2]string{a, b}] = l
		}
		if !slices.Contains(l.Kinds, kind) {
			l.Kinds = append(l.Kinds, kind)
		}
		l.Count += count
	}
	pairs, err := s.pairs(ctx, `SELECT np.from_org, np.to_org FROM network_partnerships np JOIN organizations o ON o.id = np.from_org
		WHERE o.territory_id = $1`, territoryID)
	if err != nil {
		return nil, err
	}
	for _, p := range pairs {
		add(p[0], p[1], LinkPartnership, 1)
	}
	// Events organised together: the organizer with each partner, and the
	// partners with one another.
	pairs, err = s.pairs(ctx, `SELECT e.organization_id, ep.organization_id FROM event_partners ep JOIN events e ON e.id = ep.event_id
		WHERE e.territory_id = $1 AND e.status <> 'draft' AND e.organization_id IS NOT NULL
		UNION ALL SELECT a.organization_id, b.organization_id FROM event_partners a JOIN event_partners b ON a.event_id = b.event_id
		AND a.organization_id < b.organization_id JOIN events e ON e.id = a.event_id WHERE e.territory_id = $1 AND e.status <> 'draft'`, territoryID)
	if err != nil {
		return nil, err
	}
	for _, p := range pairs {
		add(p[0], p[1], LinkEvent, 1)
	}
	if s.Referrals != nil {
		refs, err := s.Referrals.Referrals(ctx, territoryID)
		if err != nil {
			return nil, err
		}
		for _, r := range refs {
			add(r.From, r.To, LinkReferral, r.Count)
		}
	}
	for _, l := range links {
		for _, id := range []string{l.A, l.B} {
			if byID[id] == nil {
				m := &Member{ID: id}
				if err := s.DB.R.QueryRowContext(ctx, `SELECT name FROM organizations WHERE id = $1`, id).Scan(&m.Name); err != nil {
					if errors.Is(err, sql.ErrNoRows) {
						continue
					}
					return nil, err
				}
				byID[id] = m
				n.Members = append(n.Members, m)
				n.Outside++
			}
			byID[id].Degree++
		}
		n.Links = append(n.Links, l)
	}
	sort.Slice(n.Links, func(i, j int) bool {
		if n.Links[i].A != n.Links[j].A {
			return n.Links[i].A < n.Links[j].A
		}
		return n.Links[i].B < n.Links[j].B
	})
	sort.SliceStable(n.Members, func(i, j int) bool { return strings.ToLower(n.Members[i].Name) < strings.ToLower(n.Members[j].Name) })
	for _, m := range n.Members {
		if m.Member && m.Degree == 0 {
			n.Isolated++
		}
	}
	return n, nil
}

func (s *Service) pairs(ctx context.Context, query string, args ...any) ([][2]string, error) {
	rows, err := s.DB.R.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("pact: network links: %w", err)
	}
	defer rows.Close()
	var out [][2]string
	for rows.Next() {
		var p [2]string
		if err := rows.Scan(&p[0], &p[1]); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// SetRole gives an organization a role in the network ("" removes it).
func (s *Service) SetRole(ctx context.Context, u *auth.User, orgID, role string) error {
	o, err := s.OrgByID(ctx, orgID)
	if err != nil || !kit.Coordinates(u, o.TerritoryID) {
		return errs.NotFoundErr()
	}
	if role != "" && !slices.Contains(Roles, role) {
		return errs.E("participation.pact.errors.role")
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if role == "" {
			_, err = tx.ExecContext(ctx, `DELETE FROM network_roles WHERE organization_id = $1`, orgID)
		} else {
			_, err = tx.ExecContext(ctx, `INSERT INTO network_roles (organization_id, role, updated_by, updated_at) VALUES ($1, $2, $3, $4)
				ON CONFLICT (organization_id) DO UPDATE SET role = $2, updated_by = $3, updated_at = $4`, orgID, role, u.Email, db.Now())
		}
		if err != nil {
			return fmt.Errorf("pact: role: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "role", Entity: "organization", EntityID: orgID,
			Detail: map[string]any{"role": role}})
	})
}

// Partnership is a declared collaboration.
type Partnership struct {
	ID, From, FromName, To, ToName, Description string
	CreatedAt                                   time.Time
}

// Partnerships lists the partnerships declared by or with organizations.
func (s *Service) Partnerships(ctx context.Context, orgIDs []string) ([]Partnership, error) {
	if len(orgIDs) == 0 {
		return nil, nil
	}
	args := make([]any, len(orgIDs))
	for i, id := range orgIDs {
		args[i] = id
	}
	in := db.Placeholders(1, len(orgIDs))
	rows, err := s.DB.R.QueryContext(ctx, `SELECT np.id, np.from_org, a.name, np.to_org, b.name, np.description, np.created_at
		FROM network_partnerships np JOIN organizations a ON a.id = np.from_org JOIN organizations b ON b.id = np.to_org
		WHERE np.from_org IN (`+in+`) OR np.to_org IN (`+in+`) ORDER BY np.created_at DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("pact: partnerships: %w", err)
	}
	defer rows.Close()
	var out []Partnership
	for rows.Next() {
		var p Partnership
		if err := rows.Scan(&p.ID, &p.From, &p.FromName, &p.To, &p.ToName, &p.Description, &p.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Declare records a partnership of an organization of u with another of
// the same territory, and tells the other's people.
func (s *Service) Declare(ctx context.Context, u *auth.User, from, to, description string) error {
	var c validate.Checker
	description = c.MaxLength("description", c.Required("description", description), 1000)
	a, errA := s.OrgByID(ctx, from)
	if errA != nil || !s.MemberOf(ctx, u, from) && !kit.Coordinates(u, a.TerritoryID) {
		c.Fail("from_org", "participation.pact.errors.organization")
	}
	b, errB := s.OrgByID(ctx, to)
	if errB != nil || errA == nil && (b.TerritoryID != a.TerritoryID || b.ID == a.ID) {
		c.Fail("to_org", "participation.pact.errors.partner")
	}
	if err := c.Err(); err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		id := kit.NewID()
		_, err := tx.ExecContext(ctx, `INSERT INTO network_partnerships (id, from_org, to_org, description, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, id, from, to, description, u.Email, db.Now())
		if db.IsUniqueViolation(err) {
			var f errs.Fields
			f.Add("to_org", "participation.pact.errors.partner_twice")
			return f.Err()
		}
		if err != nil {
			return fmt.Errorf("pact: declare: %w", err)
		}
		if err := audit.Record(ctx, tx, audit.Entry{Action: "create", Entity: "network_partnership", EntityID: id}); err != nil {
			return err
		}
		return s.MailMembers(ctx, tx, to, "participation.mail.partnership", a.Name, b.Name, description, s.Link("/rete/mappa"))
	})
}

// RemovePartnership deletes a partnership one of u's organizations is in.
func (s *Service) RemovePartnership(ctx context.Context, u *auth.User, id string) error {
	var from, to, territory string
	err := s.DB.R.QueryRowContext(ctx, `SELECT np.from_org, np.to_org, COALESCE(o.territory_id, '') FROM network_partnerships np
		JOIN organizations o ON o.id = np.from_org WHERE np.id = $1`, id).Scan(&from, &to, &territory)
	if errors.Is(err, sql.ErrNoRows) {
		return errs.NotFoundErr()
	}
	if err != nil {
		return err
	}
	if !s.MemberOf(ctx, u, from) && !s.MemberOf(ctx, u, to) && !kit.Coordinates(u, territory) {
		return errs.NotFoundErr()
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM network_partnerships WHERE id = $1`, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "delete", Entity: "network_partnership", EntityID: id})
	})
}
