package porta

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
)

// Access is a line of a person's access log: who read or changed their
// data, and when.
type Access struct {
	At     time.Time `json:"at"`
	Who    string    `json:"who"`
	Action string    `json:"action"`
	What   string    `json:"what"`
}

// accessLog lists the audit lines about a person, their needs, cases and
// referrals, newest first.
func (p *Porta) accessLog(ctx context.Context, personID string) ([]Access, error) {
	ids := []any{personID}
	for _, q := range []string{
		`SELECT id FROM porta_needs WHERE person_id = $1`,
		`SELECT id FROM porta_cases WHERE person_id = $1`,
		`SELECT id FROM porta_referrals WHERE person_id = $1`,
	} {
		rows, err := p.db.R.QueryContext(ctx, q, personID)
		if err != nil {
			return nil, fmt.Errorf("porta: access log: %w", err)
		}
		for rows.Next() {
			var id string
			rows.Scan(&id)
			ids = append(ids, id)
		}
		rows.Close()
	}
	rows, err := p.db.R.QueryContext(ctx, `SELECT at, actor_label, action, entity FROM audit_log
		WHERE entity IN ('porta_person', 'porta_need', 'porta_case', 'porta_referral') AND `+in("entity_id", 1, len(ids))+`
		ORDER BY id DESC LIMIT 1000`, ids...)
	if err != nil {
		return nil, fmt.Errorf("porta: access log: %w", err)
	}
	defer rows.Close()
	var out []Access
	for rows.Next() {
		var a Access
		if err := rows.Scan(&a.At, &a.Who, &a.Action, &a.What); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Export is everything the porta holds about a person, for their right of
// access (GDPR art. 15): their data, needs, cases, timeline, consents,
// referrals with their history, and who accessed all of it.
type Export struct {
	Generated time.Time        `json:"generated"`
	Person    ExportPerson     `json:"person"`
	Needs     []ExportNeed     `json:"needs"`
	Cases     []ExportCase     `json:"cases"`
	Consents  []Consent        `json:"consents"`
	Referrals []ExportReferral `json:"referrals"`
	Timeline  []ExportEvent    `json:"timeline"`
	AccessLog []Access         `json:"access_log"`
}

// ExportPerson is the person part of an export.
type ExportPerson struct {
	ID           string        `json:"id"`
	Comune       string        `json:"comune_istat"`
	CreatedAt    time.Time     `json:"created_at"`
	AnonymisedAt *time.Time    `json:"anonymised_at,omitempty"`
	Details      PersonDetails `json:"details"`
}

// ExportNeed is a need in an export.
type ExportNeed struct {
	ID         string      `json:"id"`
	Source     string      `json:"source"`
	Status     string      `json:"status"`
	Urgency    int         `json:"urgency"`
	Categories []string    `json:"categories"`
	Details    NeedDetails `json:"details"`
	CreatedAt  time.Time   `json:"created_at"`
	ClosedAt   *time.Time  `json:"closed_at,omitempty"`
}

// ExportCase is a case in an export.
type ExportCase struct {
	ID          string     `json:"id"`
	Coordinator string     `json:"coordinator"`
	Status      string     `json:"status"`
	Outcome     string     `json:"outcome,omitempty"`
	OpenedAt    time.Time  `json:"opened_at"`
	ClosedAt    *time.Time `json:"closed_at,omitempty"`
}

// ExportReferral is a referral in an export.
type ExportReferral struct {
	Service      string        `json:"service"`
	Organization string        `json:"organization"`
	Status       string        `json:"status"`
	Outcome      string        `json:"outcome,omitempty"`
	Message      string        `json:"message"`
	CreatedAt    time.Time     `json:"created_at"`
	History      []HistoryLine `json:"history"`
}

// ExportEvent is a timeline line in an export.
type ExportEvent struct {
	At   time.Time `json:"at"`
	By   string    `json:"by"`
	Kind string    `json:"kind"`
	Text string    `json:"text,omitempty"`
}

// Export gathers a person's data (the command line; the operator acts).
// The export itself is written to the audit log.
func (p *Porta) Export(ctx context.Context, personID string) (*Export, error) {
	pr, err := p.person(ctx, p.db.R, personID)
	if err != nil {
		return nil, err
	}
	x := &Export{Generated: db.Now(), Person: ExportPerson{ID: pr.ID, Comune: pr.ISTATCode, CreatedAt: pr.CreatedAt,
		AnonymisedAt: pr.AnonymisedAt, Details: pr.Details}}
	needs, err := p.needs(ctx, p.db.R, true, `n.person_id = $1 ORDER BY n.created_at`, personID)
	if err != nil {
		return nil, err
	}
	for _, n := range needs {
		x.Needs = append(x.Needs, ExportNeed{ID: n.ID, Source: n.Source, Status: n.Status, Urgency: n.Urgency,
			Categories: n.Categories, Details: n.Details, CreatedAt: n.CreatedAt, ClosedAt: n.ClosedAt})
	}
	evs, err := p.eventsWhere(ctx, `person_id = $1`, personID)
	if err != nil {
		return nil, err
	}
	for _, e := range evs {
		x.Timeline = append(x.Timeline, ExportEvent{At: e.At, By: e.ActorLabel, Kind: e.Kind, Text: e.Body})
	}
	rows, err := p.db.R.QueryContext(ctx, `SELECT `+caseCols+caseFrom+` WHERE c.person_id = $1 ORDER BY c.opened_at`, personID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		x.Cases = append(x.Cases, ExportCase{ID: c.ID, Coordinator: c.Coordinator, Status: c.Status, Outcome: c.Outcome,
			OpenedAt: c.OpenedAt, ClosedAt: c.ClosedAt})
	}
	rows.Close()
	if x.Consents, err = consents(ctx, p.db.R, personID); err != nil {
		return nil, err
	}
	if err := p.exportReferrals(ctx, x, personID); err != nil {
		return nil, err
	}
	if x.AccessLog, err = p.accessLog(ctx, personID); err != nil {
		return nil, err
	}
	return x, p.db.Tx(ctx, func(tx *sql.Tx) error {
		return audit.Record(ctx, tx, audit.Entry{Action: "export", Entity: "porta_person", EntityID: personID})
	})
}

func (p *Porta) exportReferrals(ctx context.Context, x *Export, personID string) error {
	refs, err := p.referrals(ctx, p.db.R, true, `r.person_id = $1`, personID)
	if err != nil {
		return err
	}
	ids := make([]string, len(refs))
	for i, r := range refs {
		ids[i] = r.ID
	}
	h, err := p.history(ctx, ids)
	if err != nil {
		return err
	}
	for _, r := range refs {
		x.Referrals = append(x.Referrals, ExportReferral{Service: r.ServiceName, Organization: r.OrganizationName,
			Status: r.Status, Outcome: r.Outcome, Message: r.Message, CreatedAt: r.CreatedAt, History: h[r.ID]})
	}
	return nil
}

// ExportFor is Export by a coordinator of the person's territory.
func (p *Porta) ExportFor(ctx context.Context, u *auth.User, personID string) (*Export, error) {
	if err := p.canSeePerson(ctx, u, personID); err != nil {
		return nil, err
	}
	return p.Export(ctx, personID)
}
