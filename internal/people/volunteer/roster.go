package volunteer

import (
	"context"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/trama-welfare/trama/internal/people/common"
	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/csvsafe"
)

// The organization's view of its volunteers: who signed up to which
// shift, with the part of their profile they made visible, and the CSV
// export of the same. Name and e-mail are shared with the organizations a
// volunteer signs up with (they consented to it when becoming volunteers).

// RosterShift is a shift with its sign-ups, for the organization.
type RosterShift struct {
	Start, End time.Time
	Places     int
	Taken      int
	Signups    []Signup
}

// Roster is an opportunity's shifts from a month ago on, with sign-ups.
type Roster struct {
	Shifts   []RosterShift
	Profiles map[string]Profile // public views, by user id
}

// Roster returns the sign-ups of opportunity id for u, who manages orgID.
func (s *Service) Roster(ctx context.Context, u *auth.User, orgID, id string) (*Opportunity, *Roster, error) {
	o, err := s.Managed(ctx, u, orgID, id)
	if err != nil {
		return nil, nil, err
	}
	list, err := s.signupsWhere(ctx, `v.id = $1 AND s.starts_at > $2 AND g.status IN ('pending', 'accepted', 'waiting')`,
		o.ID, s.Now().AddDate(0, -1, 0).UTC())
	if err != nil {
		return nil, nil, err
	}
	r := &Roster{}
	var users []string
	for _, g := range list {
		if n := len(r.Shifts); n == 0 || !r.Shifts[n-1].Start.Equal(g.Start) {
			r.Shifts = append(r.Shifts, RosterShift{Start: g.Start, End: g.End})
		}
		sh := &r.Shifts[len(r.Shifts)-1]
		sh.Signups = append(sh.Signups, g)
		if holdsPlace(g.Status) {
			sh.Taken++
		}
		users = append(users, g.UserID)
	}
	if r.Profiles, err = s.publicProfiles(ctx, users); err != nil {
		return nil, nil, err
	}
	return o, r, nil
}

// publicProfiles returns the public views of some people's profiles.
func (s *Service) publicProfiles(ctx context.Context, ids []string) (map[string]Profile, error) {
	out := map[string]Profile{}
	ids = common.Clean(ids, nil)
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	marks := make([]string, len(ids))
	for i, id := range ids {
		args[i], marks[i] = id, "$"+strconv.Itoa(i+1)
	}
	list, err := s.profiles(ctx, `p.user_id IN (`+strings.Join(marks, ", ")+`)`, args...)
	if err != nil {
		return nil, err
	}
	for _, p := range list {
		out[p.UserID] = s.public(ctx, p)
	}
	return out, nil
}

// Labeler names codes in the reader's language.
type Labeler func(key string, args ...any) string

// ExportCSV writes the organization's volunteers — everyone with a place
// in one of its shifts — with the visible part of their profiles.
func (s *Service) ExportCSV(ctx context.Context, u *auth.User, orgID string, w io.Writer, t Labeler) error {
	if err := s.dir.CanEdit(ctx, u, orgID); err != nil {
		return err
	}
	list, err := s.signupsWhere(ctx, `v.organization_id = $1 AND g.status IN ('pending', 'accepted')`, orgID)
	if err != nil {
		return err
	}
	type person struct {
		name, email string
		shifts      int
		last        time.Time
	}
	var order []string
	people := map[string]*person{}
	for _, g := range list {
		p, ok := people[g.UserID]
		if !ok {
			p = &person{name: g.UserName, email: g.UserEmail}
			people[g.UserID] = p
			order = append(order, g.UserID)
		}
		p.shifts++
		if g.Start.After(p.last) {
			p.last = g.Start
		}
	}
	profiles, err := s.publicProfiles(ctx, order)
	if err != nil {
		return err
	}
	cw := csvsafe.NewWriter(w)
	cw.Write([]string{t("people.csv.name"), t("people.csv.email"), t("people.csv.shifts"), t("people.csv.last_shift"),
		t("people.field.skills"), t("people.field.languages"), t("people.field.availability"), t("people.field.comuni"),
		t("people.field.driving_licence")})
	for _, id := range order {
		p, pr := people[id], profiles[id]
		labels := func(prefix string, codes common.List) string {
			out := make([]string, len(codes))
			for i, c := range codes {
				out[i] = t(prefix + c)
			}
			return strings.Join(out, "; ")
		}
		skills := labels("people.skill.", pr.Skills)
		if pr.SkillsOther != "" {
			skills = strings.TrimPrefix(skills+"; "+pr.SkillsOther, "; ")
		}
		licence := ""
		if pr.Shows("driving_licence") {
			licence = t("people.no")
			if pr.DrivingLicence {
				licence = t("people.yes")
			}
		}
		cw.Write([]string{p.name, p.email, strconv.Itoa(p.shifts), common.When(p.last), skills,
			labels("people.lang.", pr.Languages), slotLabels(t, pr.Availability), strings.Join(pr.ComuneNames, "; "), licence})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return audit.Record(ctx, s.db.W, audit.Entry{Action: "export", Entity: "volunteers", EntityID: orgID,
		Detail: map[string]any{"people": len(order)}})
}

func slotLabels(t Labeler, slots common.List) string {
	out := make([]string, len(slots))
	for i, s := range slots {
		out[i] = SlotLabel(t, s)
	}
	return strings.Join(out, "; ")
}

// public is the public view of a profile, with the names of its visible
// comuni.
func (s *Service) public(ctx context.Context, p *Profile) Profile {
	out := p.Public()
	out.ComuneNames = s.ComuneNames(ctx, out.Comuni)
	return out
}
