package porta

import (
	"context"
	"database/sql"
	"slices"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/errs"
)

// Ask records a request from the public form. The person gave consent on
// the form; they get a receipt code to follow the request. It returns the
// need and the code (shown once, never stored in clear).
func (p *Porta) Ask(ctx context.Context, in Intake, fields errs.Fields) (*Need, string, error) {
	in.Source = SourceWeb
	if !slices.Contains(in.Scopes, ScopeCoordination) {
		fields.Add("consent", "porta.errors.consent_required")
	}
	receipt := NewReceipt()
	n, err := p.intake(ctx, in, fields, receipt, "")
	if err != nil {
		return nil, "", err
	}
	return n, receipt, nil
}

// Signal records a sentinel's signal. Only volunteers holding the sentinel
// qualification may send one.
func (p *Porta) Signal(ctx context.Context, u *auth.User, in Intake, fields errs.Fields) (*Need, error) {
	ok, err := p.IsSentinel(ctx, u)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errs.New(errs.Forbidden, "porta.errors.not_sentinel")
	}
	in.Source = SourceSignal
	return p.intake(ctx, in, fields, "", u.ID)
}

// Desk records a need met at a desk by an operator (for one of their
// organizations) or a coordinator, with the consent they collected.
func (p *Porta) Desk(ctx context.Context, u *auth.User, in Intake, fields errs.Fields) (*Need, error) {
	in.Source = SourceDesk
	if auth.RoleOf(u) == auth.Operator {
		if in.OrganizationID == "" {
			fields.Add("organization_id", "errors.required")
		} else if ok, err := p.dir.Store.IsMember(ctx, in.OrganizationID, u.ID); err != nil {
			return nil, err
		} else if !ok {
			fields.Add("organization_id", "porta.errors.choose")
		}
	} else {
		in.OrganizationID = ""
	}
	return p.intake(ctx, in, fields, "", u.ID)
}

// territoryOf finds the territory that serves a comune.
func (p *Porta) territoryOf(ctx context.Context, istat string) (string, error) {
	list, err := p.territories.OfComune(ctx, istat)
	if err != nil || len(list) == 0 {
		return "", err
	}
	return list[0].ID, nil
}

// checkCategories accepts codes of the service categories only.
func (p *Porta) checkCategories(ctx context.Context, codes []string, f *errs.Fields) {
	for _, c := range codes {
		if t, ok := p.dir.Tax.ByCode(ctx, c); !ok || t.Taxonomy != directory.TaxServices {
			f.Add("categories", "porta.errors.choose")
		}
	}
}

// intake stores a person, their need, the consent given and the first line
// of the timeline, all or nothing, then tells the territory's coordinators.
func (p *Porta) intake(ctx context.Context, in Intake, fields errs.Fields, receipt, createdBy string) (*Need, error) {
	territoryID := ""
	if in.ISTATCode != "" {
		var err error
		if territoryID, err = p.territoryOf(ctx, in.ISTATCode); err != nil {
			return nil, err
		}
		if territoryID == "" {
			fields.Add("istat_code", "porta.errors.comune_not_served")
		}
	}
	p.checkCategories(ctx, in.Categories, &fields)
	if err := fields.Err(); err != nil {
		return nil, err
	}
	pr := &Person{TerritoryID: territoryID, ISTATCode: in.ISTATCode, Lang: in.Lang, Details: in.Person,
		HasMinors: in.Need.Involves("children")}
	n := &Need{TerritoryID: territoryID, Source: in.Source, Urgency: in.Urgency, Categories: in.Categories,
		Details: in.Need, CreatedBy: createdBy, OrganizationID: in.OrganizationID}
	err := p.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := p.insertPerson(ctx, tx, pr); err != nil {
			return err
		}
		n.PersonID = pr.ID
		if err := p.insertNeed(ctx, tx, n, receipt); err != nil {
			return err
		}
		if len(in.Scopes) > 0 {
			if err := insertConsent(ctx, tx, &Consent{PersonID: pr.ID, Scope: in.Scopes, Method: in.Method}); err != nil {
				return err
			}
		}
		if err := p.addEvent(ctx, tx, Event{PersonID: pr.ID, NeedID: n.ID, Kind: EventReceived,
			Detail: map[string]string{"source": n.Source}}); err != nil {
			return err
		}
		if err := p.notifyCoordinators(ctx, tx, n); err != nil {
			return err
		}
		if in.Source == SourceWeb && pr.Details.Email != "" {
			return p.notifyCitizen(ctx, tx, pr, "porta.mail.received")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return n, nil
}
