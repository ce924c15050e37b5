package porta

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/validate"
)

// Intake is a need as it comes in through one of the three ways in.
type Intake struct {
	Source         string
	ISTATCode      string
	Categories     []string
	Urgency        int
	Person         PersonDetails
	Need           NeedDetails
	Lang           string
	Scopes         []string // consent given; none for a signal about someone not asked
	Method         string   // how consent was collected
	OrganizationID string   // desk: the organization of the operator
}

// OtherCategory is the "something else / I don't know" choice of the
// public form: no category.
const OtherCategory = "other"

// Weekdays and day parts of the availability checkboxes.
var (
	Weekdays = []string{"MO", "TU", "WE", "TH", "FR", "SA", "SU"}
	DayParts = []string{"morning", "afternoon", "evening"}
)

// Languages people may prefer to speak: those of the directory's services.
var Languages = directory.Languages

// Limits of the free text fields.
const (
	maxDescription = 2000
	maxName        = 80
	maxShort       = 200
)

// ReadIntake reads and checks a form of one of the ways in. It returns what
// it could read and the messages for the fields that are wrong; territory
// and category codes are checked by the porta afterwards.
func ReadIntake(v url.Values, source string, now time.Time) (Intake, errs.Fields) {
	var c validate.Checker
	in := Intake{Source: source, ISTATCode: strings.TrimSpace(v.Get("istat_code")), Lang: v.Get("lang")}
	if in.ISTATCode == "" {
		c.Fail("istat_code", "errors.required")
	}
	for _, code := range v["categories"] {
		if code != OtherCategory && code != "" {
			in.Categories = append(in.Categories, code)
		}
	}
	if len(v["categories"]) == 0 {
		c.Fail("categories", "porta.errors.categories")
	}
	in.Urgency = atoi(v.Get("urgency"))
	if source == SourceWeb && v.Get("urgency") == "" {
		in.Urgency = UrgencyLow
	}
	if !slices.Contains(Urgencies, in.Urgency) {
		c.Fail("urgency", "porta.errors.choose")
	}
	readNeedDetails(&c, v, &in.Need, source)
	readPerson(&c, v, &in.Person, source, now)
	readConsent(&c, v, &in, source)
	return in, c.Fields
}

func readNeedDetails(c *validate.Checker, v url.Values, d *NeedDetails, source string) {
	limit := maxDescription
	if source == SourceSignal {
		limit = 1000
	}
	d.Description = c.MaxLength("description", c.Required("description", v.Get("description")), limit)
	d.Involved = subset(c, "involved", v["involved"], Involved)
	d.Days = subset(c, "days", v["days"], Weekdays)
	d.Parts = subset(c, "parts", v["parts"], DayParts)
	d.FreeOnly = v.Get("free_only") == "on"
	if ages := strings.TrimSpace(v.Get("children_ages")); ages != "" {
		for _, f := range strings.FieldsFunc(ages, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
			n, err := strconv.Atoi(f)
			if err != nil || n < 0 || n > 17 {
				c.Fail("children_ages", "porta.errors.children_ages")
				break
			}
			d.ChildrenAges = append(d.ChildrenAges, n)
		}
		if len(d.ChildrenAges) > 0 && !d.Involves("children") {
			d.Involved = append(d.Involved, "children")
		}
	}
	if source == SourceSignal {
		d.PersonKnows = oneOf(c, "person_knows", v.Get("person_knows"), []string{"yes", "no"})
		d.PersonAgrees = oneOf(c, "person_agrees", v.Get("person_agrees"), []string{"yes", "no", "not_asked"})
		if d.PersonKnows == "no" && d.PersonAgrees == "yes" {
			c.Fail("person_agrees", "porta.errors.agrees_without_knowing")
		}
	}
}

func readPerson(c *validate.Checker, v url.Values, pd *PersonDetails, source string, now time.Time) {
	pd.FirstName = c.MaxLength("first_name", v.Get("first_name"), maxName)
	pd.LastName = c.MaxLength("last_name", v.Get("last_name"), maxName)
	pd.Recognize = c.MaxLength("recognize", v.Get("recognize"), maxShort)
	if source == SourceSignal {
		if pd.FirstName == "" && pd.Recognize == "" {
			c.Fail("first_name", "porta.errors.name_or_recognize")
		}
	} else if pd.FirstName == "" {
		c.Fail("first_name", "errors.required")
	}
	if y := strings.TrimSpace(v.Get("birth_year")); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 1900 || n > now.Year() {
			c.Fail("birth_year", "porta.errors.birth_year", now.Year())
		}
		pd.BirthYear = n
	}
	pd.BirthDate = c.Date("birth_date", v.Get("birth_date"))
	if pd.BirthDate != "" && !c.Fields.Has("birth_date") {
		pd.BirthYear = atoi(pd.BirthDate[:4])
		// A date the validator accepts may still not be a birth: in the
		// future, or before 1900 (the fuzz target found both stored).
		if pd.BirthYear < 1900 || pd.BirthDate > now.Format(time.DateOnly) {
			c.Fail("birth_date", "porta.errors.birth_date", now.Format("02/01/2006"))
		}
	}
	pd.Phone = c.Phone("phone", v.Get("phone"))
	pd.Email = c.Email("email", v.Get("email"))
	pd.ContactTimes = c.MaxLength("contact_times", v.Get("contact_times"), maxShort)
	pd.ViaOrg = c.MaxLength("via_org", v.Get("via_org"), maxShort)
	pd.Language = v.Get("language")
	if pd.Language != "" && !slices.Contains(Languages, pd.Language) {
		c.Fail("language", "porta.errors.choose")
	}
	pd.Adults = count(c, "adults", v.Get("adults"))
	pd.Minors = count(c, "minors", v.Get("minors"))
	if source == SourceSignal {
		return // the porta reaches the person through the sentinel
	}
	pd.ContactPref = v.Get("contact_pref")
	switch {
	case pd.ContactPref == "" && source == SourceWeb:
		c.Fail("contact_pref", "porta.errors.contact_pref")
	case pd.ContactPref != "" && !slices.Contains(ContactPrefs, pd.ContactPref):
		c.Fail("contact_pref", "porta.errors.choose")
	case pd.ContactPref == ContactPhone && pd.Phone == "" && !c.Fields.Has("phone"):
		c.Fail("phone", "porta.errors.phone_needed")
	case pd.ContactPref == ContactEmail && pd.Email == "" && !c.Fields.Has("email"):
		c.Fail("email", "porta.errors.email_needed")
	case pd.ContactPref == ContactOrg && pd.ViaOrg == "":
		c.Fail("via_org", "porta.errors.via_org_needed")
	}
}

func readConsent(c *validate.Checker, v url.Values, in *Intake, source string) {
	switch source {
	case SourceSignal:
		if in.Need.PersonAgrees == "yes" {
			in.Scopes, in.Method = []string{ScopeCoordination}, MethodSignal
		}
		return
	case SourceWeb:
		in.Method = MethodWeb
	case SourceDesk:
		in.Method = oneOf(c, "consent_method", v.Get("consent_method"), Methods)
		in.OrganizationID = v.Get("organization_id")
	}
	if v.Get("consent") != "on" {
		c.Fail("consent", "porta.errors.consent_required")
		return
	}
	in.Scopes = []string{ScopeCoordination}
	if v.Get("consent_referrals") == "on" {
		in.Scopes = append(in.Scopes, ScopeReferrals)
	}
}

func subset(c *validate.Checker, field string, got, allowed []string) []string {
	var out []string
	for _, g := range got {
		if !slices.Contains(allowed, g) {
			c.Fail(field, "porta.errors.choose")
			return nil
		}
		if !slices.Contains(out, g) {
			out = append(out, g)
		}
	}
	return out
}

func oneOf(c *validate.Checker, field, got string, allowed []string) string {
	if !slices.Contains(allowed, got) {
		c.Fail(field, "porta.errors.choose")
	}
	return got
}

func count(c *validate.Checker, field, s string) int {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 30 {
		c.Fail(field, "porta.errors.count")
		return 0
	}
	return n
}
