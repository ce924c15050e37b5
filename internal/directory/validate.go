package directory

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/validate"
)

// Kinds of organization: the RUNTS sections of the Terzo settore first,
// then the bodies that are not ETS. Labels are directory.kind.<code>.
var Kinds = []string{
	"odv", "aps", "impresa_sociale", "ente_filantropico", "rete_associativa", "sms", "altro_ets",
	"parrocchia", "scuola", "comitato", "servizio_pubblico", "gruppo_informale", "impresa",
}

// LegalStatuses are the suggestions of the legal status field (free text,
// as in HSDS); labels are directory.legal_status.<code>.
var LegalStatuses = []string{"associazione_non_riconosciuta", "associazione_riconosciuta", "fondazione",
	"cooperativa_sociale", "impresa_sociale", "ente_ecclesiastico", "ente_pubblico", "comitato", "societa"}

// RUNTS tells whether a kind is a section of the RUNTS (an ETS).
func RUNTS(kind string) bool { return slices.Index(Kinds, kind) >= 0 && slices.Index(Kinds, kind) < 7 }

// Languages offered in forms (ISO 639-1), the most spoken in Italy first.
var Languages = []string{"it", "en", "fr", "es", "de", "ro", "ar", "sq", "uk", "ru", "zh", "ur", "bn", "hi", "pa", "tl", "wo", "pt", "pl"}

func maxLen(v *validate.Checker, field, s string, n int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > n {
		v.Fail(field, "errors.too_long", n)
	}
	return s
}

// validateOrganization checks and normalises the organization's own fields.
func (d *Directory) validateOrganization(ctx context.Context, o *Organization) errs.Fields {
	var v validate.Checker
	o.Name = maxLen(&v, "name", v.Required("name", o.Name), 200)
	o.AlternateName = maxLen(&v, "alternate_name", o.AlternateName, 200)
	o.LegalStatus = maxLen(&v, "legal_status", o.LegalStatus, 200)
	o.Description = maxLen(&v, "description", v.Required("description", o.Description), 5000)
	o.Email = v.Email("email", o.Email)
	o.Website = v.URL("website", o.Website)
	o.TaxID = v.CodiceFiscale("tax_id", o.TaxID)
	o.SocialUtility = maxLen(&v, "social_utility", o.SocialUtility, 5000)
	o.VolunteerManagement = maxLen(&v, "volunteer_management", o.VolunteerManagement, 5000)
	o.PartnerNotes = maxLen(&v, "partner_notes", o.PartnerNotes, 5000)
	if !slices.Contains(Kinds, o.Kind) {
		v.Fail("kind", "directory.errors.kind")
	}
	if o.VolunteersCount != nil && (*o.VolunteersCount < 0 || *o.VolunteersCount > 1_000_000) {
		v.Fail("volunteers_count", "directory.errors.volunteers_count")
	}
	for _, code := range o.Activities {
		if t, ok := d.Tax.ByCode(ctx, code); !ok || t.Taxonomy != TaxActivities {
			v.Fail("activities", "directory.errors.unknown_term", code)
		}
	}
	for i := range o.TrainingPlans {
		p := &o.TrainingPlans[i]
		p.Title = maxLen(&v, fmt.Sprintf("plan_title_%d", i), v.Required(fmt.Sprintf("plan_title_%d", i), p.Title), 200)
		p.Period = maxLen(&v, fmt.Sprintf("plan_period_%d", i), p.Period, 200)
		p.Audience = maxLen(&v, fmt.Sprintf("plan_audience_%d", i), p.Audience, 200)
	}
	for i := range o.Phones {
		o.Phones[i].Number = v.Phone("phone", o.Phones[i].Number)
	}
	return v.Fields
}

// validateService checks a service within its record.
func (d *Directory) validateService(ctx context.Context, r *Record, s *Service) errs.Fields {
	var v validate.Checker
	s.Name = maxLen(&v, "name", v.Required("name", s.Name), 200)
	s.Description = maxLen(&v, "description", v.Required("description", s.Description), 5000)
	s.EligibilityDescription = maxLen(&v, "eligibility_description", s.EligibilityDescription, 2000)
	s.ApplicationProcess = maxLen(&v, "application_process", s.ApplicationProcess, 2000)
	s.FeesDescription = maxLen(&v, "fees_description", s.FeesDescription, 2000)
	s.AccessibilityNotes = maxLen(&v, "accessibility_notes", s.AccessibilityNotes, 2000)
	s.PartnerNotes = maxLen(&v, "partner_notes", s.PartnerNotes, 5000)
	s.Alert = maxLen(&v, "alert", s.Alert, 500)
	s.Email = v.Email("email", s.Email)
	s.URL = v.URL("url", s.URL)
	if !slices.Contains(ServiceStatuses, s.Status) {
		v.Fail("status", "directory.errors.status")
	}
	if s.MinimumAge != nil && (*s.MinimumAge < 0 || *s.MinimumAge > validate.MaxAge) {
		v.Fail("minimum_age", "validate.errors.age")
	}
	if s.MaximumAge != nil && (*s.MaximumAge < 0 || *s.MaximumAge > validate.MaxAge) {
		v.Fail("maximum_age", "validate.errors.age")
	}
	if s.MinimumAge != nil && s.MaximumAge != nil && *s.MinimumAge > *s.MaximumAge {
		v.Fail("maximum_age", "validate.errors.age_range")
	}
	if s.Capacity != nil && *s.Capacity < 0 {
		v.Fail("capacity", "directory.errors.capacity")
	}
	if len(s.Categories) == 0 {
		v.Fail("categories", "directory.errors.category_required")
	}
	for _, code := range s.Categories {
		if t, ok := d.Tax.ByCode(ctx, code); !ok || t.Taxonomy != TaxServices {
			v.Fail("categories", "directory.errors.unknown_term", code)
		}
	}
	for _, code := range s.TargetGroups {
		if t, ok := d.Tax.ByCode(ctx, code); !ok || t.Taxonomy != TaxTargets {
			v.Fail("target_groups", "directory.errors.unknown_term", code)
		}
	}
	for _, c := range s.CostOptions {
		if c.Amount != nil && (*c.Amount < 0 || *c.Amount > 1_000_000) {
			v.Fail("cost_amount", "directory.errors.amount")
		}
		if s.Free && c.Amount != nil && *c.Amount > 0 {
			v.Fail("free", "directory.errors.free_with_cost")
		}
	}
	for _, l := range s.Languages {
		if !slices.Contains(Languages, l.Code) {
			v.Fail("languages", "directory.errors.language")
		}
	}
	for _, sal := range s.ServiceAtLocations {
		if r.Location(sal.LocationID) == nil {
			v.Fail("locations", "directory.errors.unknown_location")
		}
	}
	for i := range s.Phones {
		s.Phones[i].Number = v.Phone("phone", s.Phones[i].Number)
	}
	for i := range s.Schedules {
		if err := validateSchedule(&s.Schedules[i]); err != nil {
			v.Fail(fmt.Sprintf("schedule_%d", i), err.Key, err.Args...)
		}
	}
	return v.Fields
}

// validateLocation checks a place (address, comune, coordinates) or an
// online location (link).
func (d *Directory) validateLocation(ctx context.Context, l *Location, comuneExists func(string) bool) errs.Fields {
	var v validate.Checker
	l.Name = maxLen(&v, "name", v.Required("name", l.Name), 200)
	l.Description = maxLen(&v, "description", l.Description, 2000)
	l.Transportation = maxLen(&v, "transportation", l.Transportation, 1000)
	switch l.LocationType {
	case LocationVirtual:
		l.URL = v.URL("url", v.Required("url", l.URL))
	case LocationPhysical:
		if len(l.Addresses) == 0 {
			l.Addresses = []Address{{}}
		}
		a := &l.Addresses[0]
		a.Address1 = maxLen(&v, "address_1", v.Required("address_1", a.Address1), 200)
		a.PostalCode = v.CAP("postal_code", v.Required("postal_code", a.PostalCode))
		if l.ISTATCode == "" {
			v.Fail("istat_code", "errors.required")
		} else if !comuneExists(l.ISTATCode) {
			v.Fail("istat_code", "directory.errors.comune")
		}
		if (l.Latitude == nil) != (l.Longitude == nil) {
			v.Fail("latitude", "directory.errors.coordinates")
		}
		if l.Latitude != nil && l.Longitude != nil && (*l.Latitude < 35 || *l.Latitude > 48 || *l.Longitude < 6 || *l.Longitude > 19) {
			v.Fail("latitude", "directory.errors.coordinates_italy")
		}
	default:
		v.Fail("location_type", "directory.errors.location_type")
	}
	for i := range l.Accessibility {
		l.Accessibility[i].Description = maxLen(&v, "accessibility", l.Accessibility[i].Description, 2000)
	}
	return v.Fields
}

// ValidateRecord checks the whole record before it is submitted or
// published; the message names what to fix first.
func (d *Directory) ValidateRecord(ctx context.Context, r *Record) error {
	if f := d.validateOrganization(ctx, &r.Organization); len(f) > 0 {
		return errs.E("directory.errors.fix_organization")
	}
	for i := range r.Locations {
		if f := d.validateLocation(ctx, &r.Locations[i], d.comuneExists(ctx)); len(f) > 0 {
			return errs.E("directory.errors.fix_location", r.Locations[i].Name)
		}
	}
	if len(r.Services) == 0 {
		return errs.E("directory.errors.no_services")
	}
	for i := range r.Services {
		if f := d.validateService(ctx, r, &r.Services[i]); len(f) > 0 {
			return errs.E("directory.errors.fix_service", r.Services[i].Name)
		}
	}
	return nil
}

func (d *Directory) comuneExists(ctx context.Context) func(string) bool {
	return func(code string) bool {
		var n int
		d.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM comuni WHERE istat_code = $1`, code).Scan(&n)
		return n == 1
	}
}
