package pact

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/trama-welfare/trama/internal/participation/kit"
	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/validate"
)

// Service is the pact and the network.
type Service struct {
	*kit.Deps
	// Referrals, when set, adds the referrals exchanged between
	// organizations to the network (the porta capability provides them).
	Referrals ReferralSource
}

// New wires the service.
func New(d *kit.Deps) *Service { return &Service{Deps: d} }

// Pacts lists a territory's pacts.
func (s *Service) Pacts(ctx context.Context, territoryID string) ([]Pact, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT p.id, COALESCE(p.territory_id, ''), p.title, p.created_at,
		(SELECT MAX(number) FROM pact_versions v WHERE v.pact_id = p.id) FROM pacts p
		WHERE ($1 = '' OR p.territory_id = $1) ORDER BY p.created_at`, territoryID)
	if err != nil {
		return nil, fmt.Errorf("pact: list: %w", err)
	}
	defer rows.Close()
	var out []Pact
	for rows.Next() {
		var p Pact
		if err := rows.Scan(&p.ID, &p.TerritoryID, &p.Title, &p.CreatedAt, &p.Current); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Pact loads a pact.
func (s *Service) Pact(ctx context.Context, id string) (*Pact, error) {
	var p Pact
	err := s.DB.R.QueryRowContext(ctx, `SELECT p.id, COALESCE(p.territory_id, ''), p.title, p.created_at,
		(SELECT MAX(number) FROM pact_versions v WHERE v.pact_id = p.id) FROM pacts p WHERE p.id = $1`, id).
		Scan(&p.ID, &p.TerritoryID, &p.Title, &p.CreatedAt, &p.Current)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundErr()
	}
	return &p, err
}

// Versions lists a pact's versions, newest first.
func (s *Service) Versions(ctx context.Context, pactID string) ([]Version, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT number, body, changes, published_by, published_at FROM pact_versions
		WHERE pact_id = $1 ORDER BY number DESC`, pactID)
	if err != nil {
		return nil, fmt.Errorf("pact: versions: %w", err)
	}
	defer rows.Close()
	var out []Version
	for rows.Next() {
		var v Version
		if err := rows.Scan(&v.Number, &v.Body, &v.Changes, &v.PublishedBy, &v.PublishedAt); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func checkText(title *string, body, changes *string, withTitle bool) error {
	var c validate.Checker
	if withTitle {
		*title = c.MaxLength("title", c.Required("title", *title), 200)
	}
	*body = c.MaxLength("body", c.Required("body", *body), 50000)
	*changes = c.MaxLength("changes", *changes, 2000)
	return c.Err()
}

// Create writes a new pact with its first version in the coordinator's
// territory.
func (s *Service) Create(ctx context.Context, u *auth.User, title, body string) (*Pact, error) {
	changes := ""
	if err := checkText(&title, &body, &changes, true); err != nil {
		return nil, err
	}
	if u.TerritoryID == "" {
		return nil, errs.E("participation.labs.errors.no_territory")
	}
	p := &Pact{ID: kit.NewID(), TerritoryID: u.TerritoryID, Title: title, Current: 1}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		now := db.Now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO pacts (id, territory_id, title, created_at) VALUES ($1, $2, $3, $4)`,
			p.ID, p.TerritoryID, p.Title, now); err != nil {
			return fmt.Errorf("pact: create: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO pact_versions (id, pact_id, number, body, changes, published_by, published_at)
			VALUES ($1, $2, 1, $3, '', $4, $5)`, kit.NewID(), p.ID, body, u.Email, now); err != nil {
			return fmt.Errorf("pact: version: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "create", Entity: "pact", EntityID: p.ID})
	})
	return p, err
}

// Publish adds a new version and asks every signatory to confirm it.
func (s *Service) Publish(ctx context.Context, u *auth.User, p *Pact, body, changes string) (int, error) {
	if !kit.Coordinates(u, p.TerritoryID) {
		return 0, errs.NotFoundErr()
	}
	if err := checkText(nil, &body, &changes, false); err != nil {
		return 0, err
	}
	number := 0
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(number), 0) + 1 FROM pact_versions WHERE pact_id = $1`, p.ID).
			Scan(&number); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO pact_versions (id, pact_id, number, body, changes, published_by, published_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, kit.NewID(), p.ID, number, body, changes, u.Email, db.Now())
		if db.IsUniqueViolation(err) {
			return errs.New(errs.Conflict, "participation.pact.errors.concurrent")
		}
		if err != nil {
			return fmt.Errorf("pact: publish: %w", err)
		}
		if err := audit.Record(ctx, tx, audit.Entry{Action: "publish", Entity: "pact", EntityID: p.ID,
			Detail: map[string]any{"version": number}}); err != nil {
			return err
		}
		return s.askConfirmation(ctx, tx, p, number, changes)
	})
	return number, err
}

// askConfirmation e-mails the signatories (the citizens, the people of the
// organizations) that a new version waits for their confirmation.
func (s *Service) askConfirmation(ctx context.Context, q db.Querier, p *Pact, number int, changes string) error {
	list, err := kit.Recipients(ctx, q, `SELECT DISTINCT u.email, u.name, u.lang FROM pact_signatures ps
		JOIN users u ON (ps.organization_id IS NULL AND u.id = ps.user_id)
			OR (ps.organization_id IS NOT NULL AND u.id IN (SELECT user_id FROM organization_members m WHERE m.organization_id = ps.organization_id))
		WHERE ps.pact_id = $1 AND ps.withdrawn_at IS NULL AND u.disabled_at IS NULL ORDER BY u.email`, p.ID)
	if err != nil {
		return err
	}
	for _, r := range list {
		if err := s.Mail(ctx, q, r.Email, r.Lang, "participation.mail.pact_version", nil, r.Name, p.Title, number, changes,
			s.Link("/patto/"+p.ID)); err != nil {
			return err
		}
	}
	return nil
}

// Signatures lists a pact's active signatures: organizations by name, then
// citizens.
func (s *Service) Signatures(ctx context.Context, pactID string) ([]Signature, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT ps.id, ps.pact_id, COALESCE(ps.organization_id, ''), COALESCE(o.name, ''),
		COALESCE(ps.user_id, ''), ps.signer_name, ps.brings_value, ps.brings_resources, ps.brings_hours, ps.brings_spaces,
		ps.signed_version, ps.confirmed_version, ps.signed_at, ps.confirmed_at, COALESCE(r.role, '')
		FROM pact_signatures ps LEFT JOIN organizations o ON o.id = ps.organization_id
		LEFT JOIN network_roles r ON r.organization_id = ps.organization_id
		WHERE ps.pact_id = $1 AND ps.withdrawn_at IS NULL
		ORDER BY CASE WHEN ps.organization_id IS NULL THEN 1 ELSE 0 END, COALESCE(o.name, ps.signer_name)`, pactID)
	if err != nil {
		return nil, fmt.Errorf("pact: signatures: %w", err)
	}
	defer rows.Close()
	var out []Signature
	for rows.Next() {
		var g Signature
		var hours sql.NullInt64
		if err := rows.Scan(&g.ID, &g.PactID, &g.OrganizationID, &g.OrgName, &g.UserID, &g.SignerName, &g.Value, &g.Resources,
			&hours, &g.Spaces, &g.SignedVersion, &g.ConfirmedVersion, &g.SignedAt, &g.ConfirmedAt, &g.Role); err != nil {
			return nil, err
		}
		if hours.Valid {
			n := int(hours.Int64)
			g.Hours = &n
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// Brings is what a signatory says they bring.
type Brings struct {
	Value, Resources, Hours, Spaces string
}

func (b Brings) check(orgRequired bool) (Brings, *int, error) {
	var c validate.Checker
	if orgRequired {
		b.Value = c.Required("brings_value", b.Value)
	}
	b.Value = c.MaxLength("brings_value", b.Value, 2000)
	b.Resources = c.MaxLength("brings_resources", b.Resources, 2000)
	b.Spaces = c.MaxLength("brings_spaces", b.Spaces, 1000)
	var hours *int
	if h := strings.TrimSpace(b.Hours); h != "" {
		n, err := strconv.Atoi(h)
		if err != nil || n < 0 || n > 10000 {
			c.Fail("brings_hours", "participation.pact.errors.hours")
		} else {
			hours = &n
		}
	}
	return b, hours, c.Err()
}

// SignForOrganization records an organization's adhesion, signed by u, one
// of its people.
func (s *Service) SignForOrganization(ctx context.Context, u *auth.User, p *Pact, orgID string, b Brings) error {
	o, err := s.OrgByID(ctx, orgID)
	if err != nil || !s.MemberOf(ctx, u, orgID) || o.TerritoryID != p.TerritoryID {
		var f errs.Fields
		f.Add("organization_id", "participation.pact.errors.organization")
		return f.Err()
	}
	return s.sign(ctx, u, p, orgID, b)
}

// SignAsCitizen records a citizen's adhesion.
func (s *Service) SignAsCitizen(ctx context.Context, u *auth.User, p *Pact, b Brings) error {
	return s.sign(ctx, u, p, "", b)
}

func (s *Service) sign(ctx context.Context, u *auth.User, p *Pact, orgID string, b Brings) error {
	b, hours, err := b.check(orgID != "")
	if err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		now := db.Now()
		id := kit.NewID()
		var org any
		if orgID != "" {
			org = orgID
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO pact_signatures (id, pact_id, organization_id, user_id, signer_name,
			brings_value, brings_resources, brings_hours, brings_spaces, signed_version, confirmed_version, signed_at, confirmed_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11, $11)`,
			id, p.ID, org, u.ID, u.Name, b.Value, b.Resources, hours, b.Spaces, p.Current, now)
		if db.IsUniqueViolation(err) {
			return errs.New(errs.Conflict, "participation.pact.errors.already_signed")
		}
		if err != nil {
			return fmt.Errorf("pact: sign: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "sign", Entity: "pact", EntityID: p.ID,
			Detail: map[string]any{"signature_id": id, "organization_id": orgID}})
	})
}

// mine loads a signature u may act on: their own as a citizen, or their
// organization's.
func (s *Service) mine(ctx context.Context, u *auth.User, p *Pact, sigID string) (*Signature, error) {
	list, err := s.Signatures(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	for _, g := range list {
		if g.ID == sigID && (g.Organization() && s.MemberOf(ctx, u, g.OrganizationID) || !g.Organization() && g.UserID == u.ID) {
			return &g, nil
		}
	}
	return nil, errs.NotFoundErr()
}

// Confirm confirms a signature on the current version.
func (s *Service) Confirm(ctx context.Context, u *auth.User, p *Pact, sigID string) error {
	g, err := s.mine(ctx, u, p, sigID)
	if err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE pact_signatures SET confirmed_version = $1, confirmed_at = $2 WHERE id = $3`,
			p.Current, db.Now(), g.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "confirm", Entity: "pact", EntityID: p.ID,
			Detail: map[string]any{"signature_id": g.ID, "version": p.Current}})
	})
}

// Withdraw ends a signature (kept for the history).
func (s *Service) Withdraw(ctx context.Context, u *auth.User, p *Pact, sigID string) error {
	g, err := s.mine(ctx, u, p, sigID)
	if err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE pact_signatures SET withdrawn_at = $1 WHERE id = $2`, db.Now(), g.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "withdraw", Entity: "pact", EntityID: p.ID,
			Detail: map[string]any{"signature_id": g.ID}})
	})
}
