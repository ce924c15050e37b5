package porta

import (
	"context"
	"fmt"

	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
)

// E-mails never carry anything about the person: they say that something
// is waiting and link to the page where those allowed can read it.

// recipients lists active users matching a condition on users (u.).
func recipients(ctx context.Context, q db.Querier, where string, args ...any) ([]*auth.User, error) {
	rows, err := q.QueryContext(ctx, `SELECT u.id, u.email, u.name, u.lang FROM users u WHERE u.disabled_at IS NULL AND `+where+
		` ORDER BY u.email`, args...)
	if err != nil {
		return nil, fmt.Errorf("porta: recipients: %w", err)
	}
	defer rows.Close()
	var out []*auth.User
	for rows.Next() {
		u := &auth.User{}
		if err := rows.Scan(&u.ID, &u.Email, &u.Name, &u.Lang); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

func (p *Porta) mailAll(ctx context.Context, q db.Querier, users []*auth.User, key string, args ...any) error {
	for _, u := range users {
		if err := p.auth.Notify(ctx, q, u, key, append([]any{u.Name}, args...)...); err != nil {
			return err
		}
	}
	return nil
}

// notifyCoordinators tells the territory's coordinators a need is waiting.
func (p *Porta) notifyCoordinators(ctx context.Context, q db.Querier, n *Need) error {
	users, err := recipients(ctx, q, `u.role = 'coordinatore' AND u.territory_id = $1`, n.TerritoryID)
	if err != nil {
		return err
	}
	link := p.auth.BaseURL() + "/coordinamento/porta/richieste/" + n.ID
	return p.mailAll(ctx, q, users, "porta.mail.new_need", n.Urgency, link)
}

// notifyAssignee tells a coordinator a case was given to them.
func (p *Porta) notifyAssignee(ctx context.Context, q db.Querier, userID, caseID string) error {
	users, err := recipients(ctx, q, `u.id = $1`, userID)
	if err != nil {
		return err
	}
	return p.mailAll(ctx, q, users, "porta.mail.assigned", p.auth.BaseURL()+"/coordinamento/porta/casi/"+caseID)
}

// notifyOrganization tells an organization's people a referral arrived.
func (p *Porta) notifyOrganization(ctx context.Context, q db.Querier, r *Referral, key string) error {
	users, err := recipients(ctx, q, `u.id IN (SELECT user_id FROM organization_members WHERE organization_id = $1)`, r.OrganizationID)
	if err != nil {
		return err
	}
	return p.mailAll(ctx, q, users, key, r.ServiceName, p.auth.BaseURL()+"/invii/"+r.ID)
}

// notifyCaseCoordinator tells the case's coordinator about a referral.
func (p *Porta) notifyCaseCoordinator(ctx context.Context, q db.Querier, r *Referral, key string) error {
	users, err := recipients(ctx, q, `u.id = (SELECT coordinator_id FROM porta_cases WHERE id = $1)`, r.CaseID)
	if err != nil {
		return err
	}
	return p.mailAll(ctx, q, users, key, r.ServiceName, r.OrganizationName, p.auth.BaseURL()+"/coordinamento/porta/casi/"+r.CaseID)
}

// notifyCitizen e-mails a person who asked through the public form; the
// message names nobody and links to the page where they type their code.
func (p *Porta) notifyCitizen(ctx context.Context, q db.Querier, pr *Person, key string) error {
	if pr.Details.Email == "" {
		return nil
	}
	return p.auth.Notify(ctx, q, &auth.User{Email: pr.Details.Email, Lang: pr.Lang}, key,
		p.auth.BaseURL()+"/chiedi-aiuto/segui")
}

// tell tells a person an event of their request (taken in charge,
// referred) the way they asked: an e-mail now, or a notice on the case for
// the coordinator to call them or tell the organization they named.
func (p *Porta) tell(ctx context.Context, q db.Querier, pr *Person, n *Need, caseID, event string) error {
	if n.Source != SourceWeb {
		return nil
	}
	channel := pr.Details.ContactPref
	if channel == ContactEmail && pr.Details.Email == "" {
		channel = ContactPhone
	}
	notice := &Notice{NeedID: n.ID, CaseID: caseID, Event: event, Channel: channel}
	if channel == ContactEmail {
		if err := p.notifyCitizen(ctx, q, pr, "porta.mail."+event); err != nil {
			return err
		}
		now := db.Now()
		notice.DoneAt, notice.DoneBy = &now, "e-mail"
	}
	return insertNotice(ctx, q, notice)
}
