// Package volunteer is volunteering in the network: a person's volunteer
// profile (what they can do, when, where, and what the network may see of
// it), organizations' opportunities with their shifts, sign-ups with
// waiting lists, reminders, and suggestions of volunteers for an
// opportunity.
package volunteer

import (
	"slices"
	"strings"
	"time"

	"github.com/trama-welfare/trama/internal/people/common"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/validate"
)

// Skills are the codes of the skills list; people.skill.<code> names them.
var Skills = []string{"ascolto", "accompagnamento", "anziani", "bambini", "doposcuola", "disabilita", "guida",
	"cucina", "logistica", "manutenzione", "giardinaggio", "informatica", "lingue", "amministrazione",
	"comunicazione", "sport", "musica_arte", "primo_soccorso"}

// Languages are the ISO 639-1 codes offered; people.lang.<code> names them.
var Languages = []string{"it", "en", "fr", "es", "de", "ar", "ro", "sq", "uk", "ru", "zh", "ur", "bn", "pt", "wo", "lis"}

// Parts of the day of the availability grid.
var DayParts = []string{"am", "pm", "ev"}

// Days of the week, Monday first, as RFC 5545 codes.
var Days = []string{"MO", "TU", "WE", "TH", "FR", "SA", "SU"}

// VisibleFields are the profile fields a volunteer may show the network,
// one by one.
var VisibleFields = []string{"skills", "languages", "availability", "comuni", "driving_licence", "about", "qualifications"}

// Profile is a person's volunteer profile.
type Profile struct {
	UserID         string
	Name           string
	Skills         common.List
	SkillsOther    string
	Languages      common.List
	Availability   common.List // "MO-am", "SA-pm" …
	Comuni         common.List
	DrivingLicence bool
	About          string
	BirthDate      string // YYYY-MM-DD, opened; never shown to others
	Visible        common.List
	Discoverable   bool
	ComuneNames    []string // filled for the public view when comuni are visible
	ConsentAt      time.Time
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Shows tells whether the volunteer lets the network see a field.
func (p Profile) Shows(field string) bool { return p.Visible.Has(field) }

// Public returns the profile as the network may see it: hidden fields
// emptied. Pages, suggestions and exports for organizations use only this.
func (p *Profile) Public() Profile {
	out := Profile{UserID: p.UserID, Name: p.Name, Visible: p.Visible, Discoverable: p.Discoverable}
	if p.Shows("skills") {
		out.Skills, out.SkillsOther = p.Skills, p.SkillsOther
	}
	if p.Shows("languages") {
		out.Languages = p.Languages
	}
	if p.Shows("availability") {
		out.Availability = p.Availability
	}
	if p.Shows("comuni") {
		out.Comuni = p.Comuni
	}
	if p.Shows("driving_licence") {
		out.DrivingLicence = p.DrivingLicence
	}
	if p.Shows("about") {
		out.About = p.About
	}
	return out
}

// Slot is a part of a day of the week.
type Slot struct{ Day, Part string }

// Slots returns the availability as days and parts, in the grid's order.
func (p Profile) Slots() []Slot {
	var out []Slot
	for _, d := range Days {
		for _, part := range DayParts {
			if p.Available(d, part) {
				out = append(out, Slot{d, part})
			}
		}
	}
	return out
}

// SlotLabel names a slot ("MO-am") with t: "lunedì mattina".
func SlotLabel(t func(string, ...any) string, slot string) string {
	day, part, _ := strings.Cut(slot, "-")
	return t("people.day."+day) + " " + t("people.part."+part)
}

// Available tells whether the grid has a slot.
func (p Profile) Available(day, part string) bool { return p.Availability.Has(day + "-" + part) }

// Age returns the age on day, and false when the birth date is unknown.
func (p *Profile) Age(on time.Time) (int, bool) {
	b, err := time.Parse(time.DateOnly, p.BirthDate)
	if err != nil {
		return 0, false
	}
	y, m, d := on.Date()
	age := y - b.Year()
	if m < b.Month() || m == b.Month() && d < b.Day() {
		age--
	}
	return age, true
}

// slots are the valid availability values.
func slot(v string) bool {
	day, part, ok := strings.Cut(v, "-")
	return ok && slices.Contains(Days, day) && slices.Contains(DayParts, part)
}

// ProfileForm is what the profile form sends.
type ProfileForm struct {
	Skills, Languages, Availability, Comuni, Visible []string
	OtherComune                                      string // typed: a comune to add, by name
	SkillsOther, About, BirthDate                    string
	DrivingLicence, Discoverable, Consent            bool
}

// Build checks the form and fills p. knownComune tells whether a code is a
// comune; resolve finds the code of the comune typed in OtherComune; isNew
// asks for the consent.
func (f ProfileForm) Build(p *Profile, knownComune func(string) bool, resolve func(string) (string, bool), isNew bool) error {
	var v validate.Checker
	if typed := strings.TrimSpace(f.OtherComune); typed != "" {
		if code, ok := resolve(typed); ok {
			f.Comuni = append(f.Comuni, code)
		} else {
			v.Fail("comune_altro", "people.errors.comune_not_found", typed)
		}
	}
	p.Skills = common.Clean(f.Skills, func(s string) bool { return slices.Contains(Skills, s) })
	p.SkillsOther = v.MaxLength("skills_other", f.SkillsOther, 300)
	p.Languages = common.Clean(f.Languages, func(s string) bool { return slices.Contains(Languages, s) })
	p.Availability = common.Clean(f.Availability, slot)
	p.Comuni = common.Clean(f.Comuni, nil)
	for _, c := range p.Comuni {
		if !knownComune(c) {
			v.Fail("comuni", "people.errors.comune_unknown")
		}
	}
	if len(p.Comuni) == 0 && strings.TrimSpace(f.OtherComune) == "" {
		v.Fail("comuni", "people.errors.comuni_required")
	}
	if len(p.Comuni) > 20 {
		v.Fail("comuni", "people.errors.too_many_comuni", 20)
	}
	if len(p.Skills) == 0 && strings.TrimSpace(p.SkillsOther) == "" {
		v.Fail("skills", "people.errors.skills_required")
	}
	p.About = v.MaxLength("about", f.About, 1000)
	p.BirthDate = v.Date("birth_date", f.BirthDate)
	if v.OK() && p.BirthDate != "" {
		if b, _ := time.Parse(time.DateOnly, p.BirthDate); b.After(time.Now()) || b.Before(time.Now().AddDate(-110, 0, 0)) {
			v.Fail("birth_date", "people.errors.birth_date")
		}
	}
	p.DrivingLicence = f.DrivingLicence
	p.Visible = common.Clean(f.Visible, func(s string) bool { return slices.Contains(VisibleFields, s) })
	p.Discoverable = f.Discoverable
	if isNew && !f.Consent {
		v.Fail("consent", "people.errors.consent_required")
	}
	if err := v.Err(); err != nil {
		return err
	}
	return nil
}

// errNoProfile sends people who are not volunteers yet to the profile form.
var errNoProfile = errs.New(errs.Conflict, "people.errors.no_profile")
