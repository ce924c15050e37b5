package porta_test

import (
	"net/url"
	"slices"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/trama-welfare/trama/internal/platform/i18n/i18ntest"
	"github.com/trama-welfare/trama/internal/porta"
)

// FuzzReadIntake feeds arbitrary form bodies to the decoder of the three
// ways in (the public "chiedi aiuto" form, a sentinel's signal, a desk's
// intake). It must never panic; every message is translated; what it
// accepts stays within the limits the pages and the store rely on.
func FuzzReadIntake(f *testing.F) {
	f.Add(askForm().Encode())
	f.Add(with(askForm(), "consent", "on", "consent_referrals", "on").Encode())
	f.Add(with(askForm(), "consent", "on", "birth_year", "", "birth_date", "2150-01-01").Encode())
	f.Add(with(askForm(), "consent", "on", "birth_year", "", "birth_date", "1850-10-14").Encode())
	f.Add(with(askForm(), "birth_date", "31/12/1999", "birth_year", "", "contact_pref", "phone", "phone", "").Encode())
	f.Add(with(askForm(), "children_ages", "3;-1, 18", "adults", "tre", "minors", "99", "urgency", "9").Encode())
	f.Add(with(askForm(), "first_name", "<script>alert(1)</script>", "description", "\u202egnp.exe", "email", "=1+1@x").Encode())
	f.Add("person_knows=no&person_agrees=yes&recognize=la+signora+del+terzo+piano&description=x&categories=other")
	f.Add("consent_method=phone&organization_id=x&consent=on&birth_date=2999-01-01&days=XX&parts=night")
	f.Add("categories=&categories=other&istat_code=%20&language=klingon&contact_pref=pigeon")
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, body string) {
		v, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		for _, source := range []string{porta.SourceWeb, porta.SourceSignal, porta.SourceDesk} {
			in, fields := porta.ReadIntake(v, source, now)
			i18ntest.Fields(t, fields)
			if len(fields) > 0 {
				continue
			}
			p := in.Person
			if !slices.Contains(porta.Urgencies, in.Urgency) || slices.Contains(in.Categories, porta.OtherCategory) {
				t.Fatalf("%s: accepted urgency %d, categories %v", source, in.Urgency, in.Categories)
			}
			if utf8.RuneCountInString(p.FirstName) > 80 || utf8.RuneCountInString(p.LastName) > 80 ||
				utf8.RuneCountInString(in.Need.Description) > 2000 || in.Need.Description == "" {
				t.Fatalf("%s: accepted lengths %q %q %d", source, p.FirstName, p.LastName, len(in.Need.Description))
			}
			if p.BirthYear != 0 && (p.BirthYear < 1900 || p.BirthYear > now.Year()) {
				t.Fatalf("%s: accepted birth year %d (date %q)", source, p.BirthYear, p.BirthDate)
			}
			if p.Adults < 0 || p.Adults > 30 || p.Minors < 0 || p.Minors > 30 {
				t.Fatalf("%s: accepted household %d + %d", source, p.Adults, p.Minors)
			}
			for _, a := range in.Need.ChildrenAges {
				if a < 0 || a > 17 {
					t.Fatalf("%s: accepted child age %d", source, a)
				}
			}
			if source != porta.SourceSignal && !slices.Contains(in.Scopes, porta.ScopeCoordination) {
				t.Fatalf("%s: accepted without consent: %v", source, in.Scopes)
			}
		}
	})
}
