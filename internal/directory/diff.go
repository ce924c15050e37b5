package directory

import (
	"context"

	"fmt"
	"github.com/trama-welfare/trama/internal/platform/validate"
	"strconv"
	"strings"
)

// Change is one field that differs between two versions.
type Change struct {
	Field    string // i18n key of the field's label
	Old, New string // as shown to people
}

// DiffSection groups the changes of one entity.
type DiffSection struct {
	Kind   string // "organization", "service", "location"
	Title  string // its name
	Status string // "added", "removed", "changed"
	Items  []Change
}

// field is a labelled value of an entity, as shown in a diff.
type field struct{ key, value string }

// Presenter turns stored values into what people read (labels, schedules).
type Presenter struct {
	Lang     string
	T        func(key string, args ...any) string
	Term     func(code string) string
	Schedule func(s Schedule) string
	Comune   func(istat string) string
}

func (p Presenter) yesNo(b bool) string {
	if b {
		return p.T("directory.yes")
	}
	return p.T("directory.no")
}

func intp(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

func (p Presenter) terms(codes []string) string {
	names := make([]string, 0, len(codes))
	for _, c := range codes {
		names = append(names, p.Term(c))
	}
	return strings.Join(names, ", ")
}

func phones(list []Phone) string {
	var out []string
	for _, ph := range list {
		out = append(out, strings.TrimSpace(validate.FormatPhone(ph.Number)+" "+ph.Description))
	}
	return strings.Join(out, "; ")
}

func (p Presenter) orgFields(o *Organization) []field {
	var plans []string
	for _, tp := range o.TrainingPlans {
		plans = append(plans, strings.Join(nonEmpty(tp.Title, tp.Period, tp.Audience), " · "))
	}
	return []field{
		{"directory.field.name", o.Name}, {"directory.field.alternate_name", o.AlternateName},
		{"directory.field.kind", kindLabel(p, o.Kind)}, {"directory.field.legal_status", o.LegalStatus},
		{"directory.field.logo", o.Logo}, {"directory.field.tax_id", o.TaxID},
		{"directory.field.description", o.Description}, {"directory.field.email", o.Email},
		{"directory.field.website", o.Website}, {"directory.field.phones", phones(o.Phones)},
		{"directory.field.activities", p.terms(o.Activities)}, {"directory.field.social_utility", o.SocialUtility},
		{"directory.field.volunteers_count", intp(o.VolunteersCount)},
		{"directory.field.volunteer_management", o.VolunteerManagement},
		{"directory.field.training_plans", strings.Join(plans, "; ")},
		{"directory.field.partner_notes", o.PartnerNotes},
	}
}

func kindLabel(p Presenter, kind string) string {
	if kind == "" {
		return ""
	}
	return p.T("directory.kind." + kind)
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

func (p Presenter) serviceFields(r *Record, s *Service) []field {
	var costs, langs, places []string
	for _, c := range s.CostOptions {
		amount := ""
		if c.Amount != nil {
			amount = strconv.FormatFloat(*c.Amount, 'f', 2, 64) + " €"
		}
		costs = append(costs, strings.Join(nonEmpty(c.Option, amount, c.AmountDescription), " "))
	}
	for _, l := range s.Languages {
		langs = append(langs, p.T("lang."+l.Code))
	}
	for _, sal := range s.ServiceAtLocations {
		if l := r.Location(sal.LocationID); l != nil {
			places = append(places, l.Name)
		}
	}
	return []field{
		{"directory.field.name", s.Name}, {"directory.field.status", p.T("directory.status." + s.Status)},
		{"directory.field.description", s.Description}, {"directory.field.categories", p.terms(s.Categories)},
		{"directory.field.target_groups", p.terms(s.TargetGroups)},
		{"directory.field.minimum_age", intp(s.MinimumAge)}, {"directory.field.maximum_age", intp(s.MaximumAge)},
		{"directory.field.eligibility_description", s.EligibilityDescription},
		{"directory.field.application_process", s.ApplicationProcess},
		{"directory.field.referral_required", p.yesNo(s.ReferralRequired)},
		{"directory.field.free", p.yesNo(s.Free)}, {"directory.field.fees_description", s.FeesDescription},
		{"directory.field.cost_options", strings.Join(costs, "; ")},
		{"directory.field.languages", strings.Join(langs, ", ")},
		{"directory.field.capacity", intp(s.Capacity)}, {"directory.field.waiting_list", p.yesNo(s.WaitingList)},
		{"directory.field.volunteers_wanted", p.yesNo(s.VolunteersWanted)},
		{"directory.field.accessibility_notes", s.AccessibilityNotes},
		{"directory.field.locations", strings.Join(places, ", ")},
		{"directory.field.schedules", strings.Join(p.schedules(s.Schedules), "; ")},
		{"directory.field.url", s.URL}, {"directory.field.email", s.Email}, {"directory.field.phones", phones(s.Phones)},
		{"directory.field.alert", s.Alert}, {"directory.field.partner_notes", s.PartnerNotes},
	}
}

func (p Presenter) locationFields(l *Location) []field {
	var addr, cap string
	if len(l.Addresses) > 0 {
		addr, cap = strings.TrimSpace(l.Addresses[0].Address1+" "+l.Addresses[0].Address2), l.Addresses[0].PostalCode
	}
	coords := ""
	if l.Latitude != nil && l.Longitude != nil {
		coords = fmt.Sprintf("%.5f, %.5f", *l.Latitude, *l.Longitude)
	}
	var access []string
	for _, a := range l.Accessibility {
		access = append(access, a.Description)
	}
	return []field{
		{"directory.field.name", l.Name}, {"directory.field.location_type", p.T("directory.location_type." + l.LocationType)},
		{"directory.field.address", addr}, {"directory.field.postal_code", cap},
		{"directory.field.comune", p.Comune(l.ISTATCode)}, {"directory.field.coordinates", coords},
		{"directory.field.confidential", p.yesNo(l.Confidential)}, {"directory.field.url", l.URL},
		{"directory.field.description", l.Description}, {"directory.field.transportation", l.Transportation},
		{"directory.field.accessibility", strings.Join(access, "; ")},
		{"directory.location_form.hours", strings.Join(p.schedules(l.Schedules), "; ")},
	}
}

func compare(before, after []field) []Change {
	var out []Change
	old := map[string]string{}
	for _, f := range before {
		old[f.key] = f.value
	}
	for _, f := range after {
		if old[f.key] != f.value {
			out = append(out, Change{Field: f.key, Old: old[f.key], New: f.value})
		}
	}
	return out
}

func section(kind, title string, before, after []field) (DiffSection, bool) {
	s := DiffSection{Kind: kind, Title: title}
	switch {
	case before == nil:
		s.Status = "added"
		s.Items = compare(nil, after)
	case after == nil:
		s.Status = "removed"
		s.Items = compare(nil, before)
		for i := range s.Items {
			s.Items[i].Old, s.Items[i].New = s.Items[i].New, ""
		}
	default:
		s.Status = "changed"
		s.Items = compare(before, after)
	}
	return s, len(s.Items) > 0
}

// Diff lists, field by field, what next changes in old (nil for a record
// never published): the organization, then each service and place.
func (p Presenter) Diff(ctx context.Context, old, next *Record) []DiffSection {
	if old == nil {
		old = &Record{}
	}
	var out []DiffSection
	var before []field
	if old.Organization.ID != "" && old.Organization.Name != "" {
		before = p.orgFields(&old.Organization)
	}
	if s, ok := section("organization", next.Organization.Name, before, p.orgFields(&next.Organization)); ok {
		out = append(out, s)
	}
	for i := range next.Services {
		s := &next.Services[i]
		var prev []field
		if o := old.Service(s.ID); o != nil {
			prev = p.serviceFields(old, o)
		}
		if sec, ok := section("service", s.Name, prev, p.serviceFields(next, s)); ok {
			out = append(out, sec)
		}
	}
	for i := range old.Services {
		if next.Service(old.Services[i].ID) == nil {
			if sec, ok := section("service", old.Services[i].Name, p.serviceFields(old, &old.Services[i]), nil); ok {
				out = append(out, sec)
			}
		}
	}
	for i := range next.Locations {
		l := &next.Locations[i]
		var prev []field
		if o := old.Location(l.ID); o != nil {
			prev = p.locationFields(o)
		}
		if sec, ok := section("location", l.Name, prev, p.locationFields(l)); ok {
			out = append(out, sec)
		}
	}
	for i := range old.Locations {
		if next.Location(old.Locations[i].ID) == nil {
			if sec, ok := section("location", old.Locations[i].Name, p.locationFields(&old.Locations[i]), nil); ok {
				out = append(out, sec)
			}
		}
	}
	return out
}

// schedules are schedules in words, one per line.
func (p Presenter) schedules(list []Schedule) []string {
	var out []string
	for _, sc := range list {
		out = append(out, p.Schedule(sc))
	}
	return out
}
