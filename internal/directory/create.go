package directory

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
)

// NewOrganization is what is needed to start an organization's record.
type NewOrganization struct {
	Name        string
	Kind        string
	TaxID       string
	Email       string
	Description string
	TerritoryID string
}

func (d *Directory) checkNew(ctx context.Context, n *NewOrganization) errs.Fields {
	o := Organization{Name: n.Name, Kind: n.Kind, TaxID: n.TaxID, Email: n.Email, Description: n.Description}
	f := d.validateOrganization(ctx, &o)
	n.Name, n.TaxID, n.Email, n.Description = o.Name, o.TaxID, o.Email, o.Description
	var exists int
	d.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM territories WHERE id = $1`, n.TerritoryID).Scan(&exists)
	if exists == 0 {
		f.Add("territory_id", "errors.territory_unknown")
	}
	if n.TaxID != "" {
		var dup int
		d.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM organizations WHERE tax_id = $1`, n.TaxID).Scan(&dup)
		if dup > 0 {
			f.Add("tax_id", "directory.errors.tax_id_taken")
		}
	}
	return f
}

// create inserts a pending organization and its first draft, in tx.
func (d *Directory) create(ctx context.Context, tx *sql.Tx, n NewOrganization, createdBy string) (*Version, error) {
	now := db.Now()
	org := Organization{ID: NewID(), Name: n.Name, Kind: n.Kind, TaxID: n.TaxID, Email: n.Email,
		Description: n.Description, TerritoryID: n.TerritoryID}
	if _, err := tx.ExecContext(ctx, `INSERT INTO organizations (id, name, description, email, tax_id, territory_id, status, kind,
		created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
		org.ID, org.Name, org.Description, org.Email, org.TaxID, org.TerritoryID, OrgPending, org.Kind, now); err != nil {
		return nil, fmt.Errorf("directory: create organization: %w", err)
	}
	v := &Version{OrganizationID: org.ID, Status: VersionDraft, Record: Record{Organization: org}, CreatedBy: createdBy}
	if err := d.Store.insertVersion(ctx, tx, v); err != nil {
		return nil, err
	}
	if err := audit.Record(ctx, tx, audit.Entry{Action: "create", Entity: "organization", EntityID: org.ID}); err != nil {
		return nil, err
	}
	return v, d.Store.history(ctx, tx, org.ID, v.Number, "", VersionDraft, "")
}

// CreateOrganization lets a coordinator (or admin) add an organization to
// the network; it starts as a draft they can fill in and publish.
func (d *Directory) CreateOrganization(ctx context.Context, u *auth.User, n NewOrganization) (*Version, error) {
	if r := auth.RoleOf(u); r != auth.Admin && !(r == auth.Coordinator && u.TerritoryID == n.TerritoryID) {
		return nil, errs.ForbiddenErr()
	}
	if f := d.checkNew(ctx, &n); len(f) > 0 {
		return nil, f.Err()
	}
	var v *Version
	err := d.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		v, err = d.create(ctx, tx, n, u.Email)
		return err
	})
	return v, err
}

// Applicant is the person who signs an organization up, when not logged in.
type Applicant struct {
	Name, Email, Password, Lang string
	PrivacyAccepted             bool
}

// SignUp joins an organization to the network for current, a logged-in
// user (the "aderisci" form, or its confirmation page): a pending
// organization with its first draft, and current as its first operator (a
// citizen becomes an operatore). Nothing is written unless everything is
// valid. Visitors not logged in go through Apply and FinishJoin.
func (d *Directory) SignUp(ctx context.Context, authSvc *auth.Service, current *auth.User, n NewOrganization) (*Version, error) {
	if f := d.checkNew(ctx, &n); len(f) > 0 {
		return nil, f.Err()
	}
	var v *Version
	err := d.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		v, err = d.join(ctx, tx, authSvc, current, n)
		return err
	})
	return v, err
}

// join writes, in tx, the organization n with member as its first
// operator; a citizen member becomes an operatore.
func (d *Directory) join(ctx context.Context, tx *sql.Tx, authSvc *auth.Service, member *auth.User, n NewOrganization) (*Version, error) {
	if member.Role == auth.Citizen {
		up := *member
		up.Role = auth.Operator
		if up.TerritoryID == "" {
			up.TerritoryID = n.TerritoryID
		}
		if err := authSvc.Store.Update(ctx, tx, &up); err != nil {
			return nil, err
		}
	}
	v, err := d.create(ctx, tx, n, member.Email)
	if err != nil {
		return nil, err
	}
	return v, d.Store.AddMember(ctx, tx, v.OrganizationID, member.ID)
}

// InviteMember gives someone access to an organization: an existing account
// is linked (and told by e-mail), a new address gets an operatore account
// and an invitation to choose a password.
func (d *Directory) InviteMember(ctx context.Context, authSvc *auth.Service, u *auth.User, orgID, name, email, lang string) error {
	if err := d.CanEdit(ctx, u, orgID); err != nil {
		return err
	}
	_, territory, err := d.Store.Status(ctx, orgID)
	if err != nil {
		return err
	}
	var orgName string
	d.db.R.QueryRowContext(ctx, `SELECT name FROM organizations WHERE id = $1`, orgID).Scan(&orgName)
	return d.db.Tx(ctx, func(tx *sql.Tx) error {
		member, err := authSvc.Store.UserByEmail(ctx, email)
		switch {
		case errs.Is(err, errs.NotFound):
			member, err = authSvc.InviteIn(ctx, tx, auth.NewUser{Email: email, Name: name, Role: auth.Operator,
				TerritoryID: territory, Lang: lang}, u.Name+" ("+orgName+")")
			if err != nil {
				return err
			}
		case err != nil:
			return err
		default:
			if err := authSvc.Notify(ctx, tx, member, "mail.member_added", member.Name, u.Name, orgName,
				authSvc.BaseURL()+"/ente/"+orgID); err != nil {
				return err
			}
		}
		return d.Store.AddMember(ctx, tx, orgID, member.ID)
	})
}
