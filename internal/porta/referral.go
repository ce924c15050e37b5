package porta

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/validate"
)

// Refer sends a person to one or more services at once for one of their
// needs. It needs the person's consent to share their data with the
// organizations. Each organization's people get an e-mail; the person is
// told the way they asked.
func (p *Porta) Refer(ctx context.Context, u *auth.User, caseID, needID string, serviceIDs []string, message string) ([]*Referral, error) {
	message = strings.TrimSpace(message)
	var f errs.Fields
	if len(serviceIDs) == 0 {
		f.Add("service", "porta.errors.services_required")
	}
	if message == "" {
		f.Add("message", "porta.errors.message_required")
	} else if len([]rune(message)) > maxDescription {
		f.Add("message", "errors.too_long", maxDescription)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	var out []*Referral
	err := p.onActiveCase(ctx, u, caseID, func(tx *sql.Tx, c *Case) error {
		st, err := p.consentOf(ctx, tx, c.PersonID)
		if err != nil {
			return err
		}
		if !st.Referrals {
			return errs.E("porta.errors.no_referral_consent")
		}
		n, err := p.need(ctx, tx, needID, false)
		if err != nil || n.CaseID != c.ID || !n.Open() {
			return errs.E("porta.errors.need_closed")
		}
		for _, sid := range dedupe(serviceIDs) {
			r, err := p.newReferral(ctx, tx, c, n, sid, message, u.ID)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		if err := p.addEvent(ctx, tx, Event{PersonID: c.PersonID, NeedID: n.ID, CaseID: c.ID, Kind: EventReferred,
			Body: message, Detail: map[string]string{"count": fmt.Sprint(len(out))}}); err != nil {
			return err
		}
		pr, err := p.person(ctx, tx, c.PersonID)
		if err != nil {
			return err
		}
		return p.tell(ctx, tx, pr, n, c.ID, "referred")
	})
	return out, err
}

func dedupe(ids []string) []string {
	var out []string
	for _, id := range ids {
		if id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// newReferral creates one referral to a published, active service of the
// case's territory, unless the need is already with that service.
func (p *Porta) newReferral(ctx context.Context, tx *sql.Tx, c *Case, n *Need, serviceID, message, by string) (*Referral, error) {
	r := &Referral{TerritoryID: c.TerritoryID, CaseID: c.ID, NeedID: n.ID, PersonID: c.PersonID, ServiceID: serviceID,
		Message: message, CreatedBy: by}
	err := tx.QueryRowContext(ctx, `SELECT s.organization_id, s.name, o.name FROM services s JOIN organizations o ON o.id = s.organization_id
		WHERE s.id = $1 AND s.deleted_at IS NULL AND s.status = 'active' AND o.status = 'active' AND s.territory_id = $2`,
		serviceID, c.TerritoryID).Scan(&r.OrganizationID, &r.ServiceName, &r.OrganizationName)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.E("porta.errors.service_unavailable")
	}
	if err != nil {
		return nil, fmt.Errorf("porta: service %s: %w", serviceID, err)
	}
	var open int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM porta_referrals WHERE need_id = $1 AND service_id = $2
		AND status NOT IN ('declined', 'concluded', 'withdrawn')`, n.ID, serviceID).Scan(&open); err != nil {
		return nil, err
	}
	if open > 0 {
		return nil, errs.E("porta.errors.already_referred", r.ServiceName)
	}
	if err := p.insertReferral(ctx, tx, r); err != nil {
		return nil, err
	}
	return r, p.notifyOrganization(ctx, tx, r, "porta.mail.referral")
}

// InboxRow is a received referral as listed to an organization.
type InboxRow struct {
	ID           string
	ServiceName  string
	Organization string
	Status       string
	CreatedAt    time.Time
	Reminders    int
}

// Inbox lists the referrals sent to the organizations u works for, those
// waiting for an answer first. It shows no personal data.
func (p *Porta) Inbox(ctx context.Context, u *auth.User, status string) ([]InboxRow, error) {
	where, args := `r.organization_id IN (SELECT organization_id FROM organization_members WHERE user_id = $1)`, []any{u.ID}
	if status != "" {
		args = append(args, status)
		where += " AND r.status = $2"
	}
	rows, err := p.db.R.QueryContext(ctx, `SELECT r.id, r.service_name, r.organization_name, r.status, r.created_at, r.reminders
		FROM porta_referrals r WHERE `+where+` ORDER BY CASE r.status WHEN 'sent' THEN 0 WHEN 'waitlisted' THEN 1
		WHEN 'accepted' THEN 2 WHEN 'in_progress' THEN 3 ELSE 4 END, r.created_at DESC LIMIT 500`, args...)
	if err != nil {
		return nil, fmt.Errorf("porta: inbox: %w", err)
	}
	defer rows.Close()
	var out []InboxRow
	for rows.Next() {
		var r InboxRow
		if err := rows.Scan(&r.ID, &r.ServiceName, &r.Organization, &r.Status, &r.CreatedAt, &r.Reminders); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Received is a referral as its organization sees it: only what it needs
// to call the person back and answer.
type Received struct {
	Referral    *Referral
	History     []HistoryLine
	FirstName   string
	Phone       string
	Email       string
	Times       string
	Language    string
	Coordinator *auth.User // who to ask for more
}

// PhoneDisplay is the phone number grouped for reading.
func (v *Received) PhoneDisplay() string { return validate.FormatPhone(v.Phone) }

// OpenReceived reads a referral for its receiving organization. Anyone
// else gets 404 and the attempt is logged; the read is audited.
func (p *Porta) OpenReceived(ctx context.Context, u *auth.User, id string) (*Received, error) {
	r, _, err := p.referralFor(ctx, u, id, false)
	if err != nil {
		return nil, err
	}
	pr, err := p.person(ctx, p.db.R, r.PersonID)
	if err != nil {
		return nil, err
	}
	v := &Received{Referral: r, FirstName: pr.Details.FirstName, Phone: pr.Details.Phone, Email: pr.Details.Email,
		Times: pr.Details.ContactTimes, Language: pr.Details.Language}
	h, err := p.history(ctx, []string{r.ID})
	if err != nil {
		return nil, err
	}
	v.History = h[r.ID]
	list, err := recipients(ctx, p.db.R, `u.id = (SELECT coordinator_id FROM porta_cases WHERE id = $1)`, r.CaseID)
	if err != nil {
		return nil, err
	}
	if len(list) > 0 {
		v.Coordinator = list[0]
	}
	err = p.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := read(ctx, tx, "porta_referral", r.ID, "inbox"); err != nil {
			return err
		}
		return read(ctx, tx, "porta_person", r.PersonID, "referral")
	})
	return v, err
}

// checkMove checks what a move needs: an outcome to conclude, a reason to
// decline.
func checkMove(m Move) error {
	var f errs.Fields
	if !slices.Contains(RefStatuses, m.To) {
		f.Add("to", "porta.errors.choose")
	}
	if m.To == RefConcluded && !slices.Contains(Outcomes, m.Outcome) {
		f.Add("outcome", "porta.errors.outcome_required")
	}
	if (m.To == RefDeclined || m.Reason != "") && !slices.Contains(DeclineReasons, m.Reason) {
		f.Add("reason", "porta.errors.decline_reason")
	}
	if len([]rune(m.Note)) > maxDescription {
		f.Add("note", "errors.too_long", maxDescription)
	}
	return f.Err()
}

// Answer moves a referral on behalf of its receiving organization (accept,
// decline with a reason, waiting list, in progress, concluded with an
// outcome). Organizations cannot withdraw a referral: the coordinator does.
// A decline alerts the case's coordinator.
func (p *Porta) Answer(ctx context.Context, u *auth.User, id string, m Move) error {
	r, _, err := p.referralFor(ctx, u, id, false)
	if err != nil {
		return err
	}
	if m.To == RefWithdrawn {
		return errs.New(errs.Conflict, "porta.errors.transition")
	}
	return p.move(ctx, r, m)
}

// Update moves a referral on behalf of a coordinator of its territory:
// withdraw it, or record what the organization said by phone.
func (p *Porta) Update(ctx context.Context, u *auth.User, id string, m Move) (*Referral, error) {
	r, who, err := p.referralFor(ctx, u, id, true)
	if err != nil {
		return nil, err
	}
	if who != "coordinator" {
		return nil, errs.NotFoundErr()
	}
	return r, p.move(ctx, r, m)
}

func (p *Porta) move(ctx context.Context, r *Referral, m Move) error {
	m.Note = strings.TrimSpace(m.Note)
	if !CanMove(r.Status, m.To) {
		return errs.New(errs.Conflict, "porta.errors.transition")
	}
	if err := checkMove(m); err != nil {
		return err
	}
	return p.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := p.processing(ctx, tx, r.PersonID); err != nil {
			return err
		}
		if err := p.moveReferral(ctx, tx, r, m); err != nil {
			return err
		}
		if m.To == RefDeclined {
			return p.notifyCaseCoordinator(ctx, tx, r, "porta.mail.declined")
		}
		return nil
	})
}

// movesFor lists the statuses a role may move a referral to.
func movesFor(status, who string) []string {
	var out []string
	for _, s := range Next(status) {
		if who == "organization" && s == RefWithdrawn {
			continue
		}
		out = append(out, s)
	}
	return out
}

// Moves lists the statuses an organization may move a referral to.
func (r *Received) Moves() []string { return movesFor(r.Referral.Status, "organization") }

// CoordinatorMoves lists the statuses a coordinator may move r to.
func CoordinatorMoves(r *Referral) []string { return movesFor(r.Status, "coordinator") }
