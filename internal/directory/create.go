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

// SignUp joins an organization to the network (the public "aderisci"
// form): a pending organization with its first draft, and its first
// operator — the logged-in user, or a new operatore account for the
// applicant, who gets an e-mail to confirm the address. Nothing is written
// unless everything is valid.
func (d *Directory) SignUp(ctx context.Context, authSvc *auth.Service, current *auth.User, n NewOrganization, a Applicant) (*Version, *auth.User, error) {
	f := d.checkNew(ctx, &n)
	var newUser *auth.User
	if current == nil {
		newUser = &auth.User{Name: a.Name, Email: a.Email, Role: auth.Operator, TerritoryID: n.TerritoryID, Lang: a.Lang}
		if err := newUser.Validate(); err != nil {
			e, _ := errs.As(err)
			for k, v := range e.Fields {
				f.Add("person_"+k, v.Key, v.Args...)
			}
		}
		if err := auth.ValidatePassword(a.Password); err != nil {
			e, _ := errs.As(err)
			f.Add("person_password", e.Fields["password"].Key, e.Fields["password"].Args...)
		}
		if !a.PrivacyAccepted {
			f.Add("privacy", "errors.privacy_required")
		}
		if _, err := authSvc.Store.UserByEmail(ctx, newUser.Email); err == nil {
			f.Add("person_email", "directory.errors.account_exists")
		}
	}
	if len(f) > 0 {
		return nil, nil, f.Err()
	}
	var v *Version
	member := current
	err := d.db.Tx(ctx, func(tx *sql.Tx) error {
		if current == nil {
			u, err := authSvc.CreateApplicant(ctx, tx, newUser, a.Password)
			if err != nil {
				return err
			}
			member = u
			ctx = audit.WithActor(ctx, audit.Actor{ID: u.ID, Label: u.Email, IP: audit.ActorFrom(ctx).IP})
		} else if current.Role == auth.Citizen {
			up := *current
			up.Role = auth.Operator
			if up.TerritoryID == "" {
				up.TerritoryID = n.TerritoryID
			}
			if err := authSvc.Store.Update(ctx, tx, &up); err != nil {
				return err
			}
		}
		var err error
		if v, err = d.create(ctx, tx, n, member.Email); err != nil {
			return err
		}
		return d.Store.AddMember(ctx, tx, v.OrganizationID, member.ID)
	})
	if err != nil {
		return nil, nil, err
	}
	return v, member, nil
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
