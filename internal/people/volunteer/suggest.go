package volunteer

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/trama-welfare/trama/internal/people/common"
	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
)

// Suggestions: for an opportunity, the volunteers whose skills,
// availability and comuni fit, among those who chose to be suggested.
// Only the fields each volunteer made visible are read, so a hidden field
// can neither appear nor decide anything.

// Reason is why a volunteer fits: a kind ("skills", "availability",
// "comune", "licence", "qualification") and the matching codes.
type Reason struct {
	Kind   string
	Values []string
}

// Slots returns an availability reason's values as days and parts.
func (r Reason) Slots() []Slot {
	var out []Slot
	for _, v := range r.Values {
		day, part, _ := strings.Cut(v, "-")
		out = append(out, Slot{day, part})
	}
	return out
}

// Suggestion is a volunteer who fits an opportunity.
type Suggestion struct {
	Profile Profile // the public view only
	Reasons []Reason
	Invited bool
	score   int
}

// dayParts are the minutes of the availability grid's parts of the day.
var dayParts = map[string][2]int{"am": {0, 13 * 60}, "pm": {13 * 60, 18 * 60}, "ev": {18 * 60, 24 * 60}}

// slotsOf returns the availability slots ("SA-am") in which o's shifts fall.
func slotsOf(o *Opportunity) common.List {
	var out common.List
	for i, day := range Days {
		wd := time.Weekday((i + 1) % 7)
		for _, part := range DayParts {
			r := dayParts[part]
			if o.Rule.Overlaps(wd, r[0], r[1]) {
				out = append(out, day+"-"+part)
			}
		}
	}
	return out
}

// Suggest lists the volunteers who fit opportunity id of orgID, best
// first; u must manage the organization.
func (s *Service) Suggest(ctx context.Context, u *auth.User, orgID, id string) (*Opportunity, []Suggestion, error) {
	o, err := s.Managed(ctx, u, orgID, id)
	if err != nil {
		return nil, nil, err
	}
	candidates, err := s.profiles(ctx, `p.discoverable = TRUE AND p.user_id NOT IN (SELECT g.user_id FROM volunteer_signups g
		JOIN volunteer_shifts sh ON sh.id = g.shift_id WHERE sh.opportunity_id = $1 AND g.status IN ('pending', 'accepted', 'waiting'))`, o.ID)
	if err != nil {
		return nil, nil, err
	}
	invited := map[string]bool{}
	rows, err := s.db.R.QueryContext(ctx, `SELECT user_id FROM volunteer_invitations WHERE opportunity_id = $1`, o.ID)
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var id string
		rows.Scan(&id)
		invited[id] = true
	}
	rows.Close()
	slots := slotsOf(o)
	var out []Suggestion
	for _, full := range candidates {
		sg, ok := s.fit(ctx, o, full, slots)
		if ok {
			sg.Invited = invited[full.UserID]
			out = append(out, sg)
		}
	}
	slices.SortStableFunc(out, func(a, b Suggestion) int { return cmp.Compare(b.score, a.score) })
	return o, out, nil
}

// fit scores one volunteer from the visible part of their profile.
func (s *Service) fit(ctx context.Context, o *Opportunity, full *Profile, slots common.List) (Suggestion, bool) {
	p := s.public(ctx, full)
	sg := Suggestion{Profile: p}
	if !o.Online {
		if p.Comuni.Has(o.ISTAT) {
			sg.Reasons = append(sg.Reasons, Reason{Kind: "comune", Values: []string{o.ISTAT}})
			sg.score += 2
		} else if !s.sameTerritory(ctx, p.UserID, o.TerritoryID) {
			return sg, false
		}
	}
	fits := false
	if shared := p.Skills.Common(o.Skills); len(shared) > 0 {
		sg.Reasons = append(sg.Reasons, Reason{Kind: "skills", Values: shared})
		sg.score += 3 * len(shared)
		fits = true
	}
	if shared := p.Availability.Common(slots); len(shared) > 0 {
		sg.Reasons = append(sg.Reasons, Reason{Kind: "availability", Values: shared})
		sg.score += 2
		fits = true
	}
	if o.Skills.Has("guida") && p.DrivingLicence {
		sg.Reasons = append(sg.Reasons, Reason{Kind: "licence"})
		sg.score++
	}
	if o.Qualification != "" && full.Shows("qualifications") {
		ok, _ := s.quals.HasQualification(ctx, p.UserID, o.Qualification)
		if !ok {
			return sg, false
		}
		sg.Reasons = append(sg.Reasons, Reason{Kind: "qualification", Values: []string{o.Qualification}})
		sg.score += 2
	}
	return sg, fits
}

func (s *Service) sameTerritory(ctx context.Context, userID, territoryID string) bool {
	var n int
	s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE id = $1 AND territory_id = $2`, userID, territoryID).Scan(&n)
	return n > 0
}

// Invite e-mails a suggested volunteer a link to the opportunity, once;
// the organization never sees their address.
func (s *Service) Invite(ctx context.Context, u *auth.User, orgID, id, userID string) error {
	o, list, err := s.Suggest(ctx, u, orgID, id)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(list, func(sg Suggestion) bool { return sg.Profile.UserID == userID }) {
		return errs.NotFoundErr()
	}
	if !o.Public() {
		return errs.New(errs.Conflict, "people.errors.not_published")
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO volunteer_invitations (opportunity_id, user_id, invited_by, invited_at)
			VALUES ($1, $2, $3, $4) ON CONFLICT (opportunity_id, user_id) DO NOTHING`, o.ID, userID, u.ID, db.Now())
		if err != nil {
			return fmt.Errorf("volunteer: invite: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.New(errs.Conflict, "people.errors.already_invited")
		}
		if err := audit.Record(ctx, tx, audit.Entry{Action: "invite", Entity: "volunteer_opportunity", EntityID: o.ID,
			Detail: map[string]any{"user_id": userID}}); err != nil {
			return err
		}
		return s.mail.Send(ctx, tx, userID, "mail.people.invitation", func(common.Translator) []any {
			return []any{o.OrganizationName, o.Title, s.mail.Link("/volontariato/opportunita/" + o.ID)}
		})
	})
}
