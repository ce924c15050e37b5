package events

import (
	"net/url"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/trama-welfare/trama/internal/platform/i18n/i18ntest"
	"github.com/trama-welfare/trama/internal/platform/validate"
)

// FuzzForms feeds arbitrary form bodies to the two event forms: the
// organizer's event form and the public registration (name, e-mail and the
// answers to the event's questions). They must never panic; a refusal has a
// translated message for each wrong field; what they accept respects the
// limits the database and the pages rely on.
func FuzzForms(f *testing.F) {
	for _, seed := range []string{
		"title=Festa&description=Per+tutti&category=culture&registration=open&place_name=Piazza&date=2026-10-03&opens=15:00&closes=18:00",
		"title=Corso&description=x&category=training&registration=none&online_url=https://meet.example&date=03/10/2026&opens=9&repeat=weekly&until=2026-12-31&capacity=20",
		"title=%3Cscript%3Ealert(1)%3C%2Fscript%3E&description=%E2%80%AEx&online_url=javascript:alert(1)&capacity=dieci&date=2026-02-30&opens=25:00",
		"q_0_label=Allergie&q_0_kind=text&q_1_label=Turno&q_1_kind=choice&q_1_options=mattina%0Apomeriggio&q_5_label=Privacy&q_5_kind=consent&q_5_required=on",
		"deadline=2027-01-01&date=2026-01-01&opens=10:00&repeat=monthly&until=2025-01-01",
		"name=Anna&email=anna@example.org&answer_a=Nessuna&answer_b=mattina&answer_c=on",
		"name=&email=not-an-email&answer_b=sera&answer_c=off",
		"name=" + url.QueryEscape(string(make([]byte, 200))) + "&email=%3D1%2B1@example.org",
	} {
		f.Add(seed)
	}
	e := &Event{Questions: []Question{
		{ID: "a", Kind: "text", Label: "Allergie"},
		{ID: "b", Kind: "choice", Label: "Turno", Options: []string{"mattina", "pomeriggio"}, Required: true},
		{ID: "c", Kind: "consent", Label: "Privacy", Required: true},
	}}
	f.Fuzz(func(t *testing.T, body string) {
		v, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		ev, err := ReadForm(v)
		i18ntest.Refusal(t, err)
		if err == nil {
			if ev.Title == "" || utf8.RuneCountInString(ev.Title) > 200 || !ev.EndsAt.After(ev.StartsAt) && !ev.EndsAt.Equal(ev.StartsAt) {
				t.Fatalf("accepted event %+v", ev)
			}
			if ev.OnlineURL != "" {
				if _, err := validate.URL(ev.OnlineURL); err != nil {
					t.Fatalf("accepted link %q: %v", ev.OnlineURL, err)
				}
			}
			for _, q := range ev.Questions {
				if !slices.Contains(QuestionKinds, q.Kind) || q.Kind == "choice" && len(q.Options) < 2 {
					t.Fatalf("accepted question %+v", q)
				}
			}
		}
		name, email, answers, err := checkRegistration(e, Input{Name: v.Get("name"), Email: v.Get("email"), Answers: answersFrom(v, e)})
		i18ntest.Refusal(t, err)
		if err != nil {
			return
		}
		if name == "" || utf8.RuneCountInString(name) > 120 {
			t.Fatalf("accepted name %q", name)
		}
		if n, err := validate.Email(email); err != nil || n != email {
			t.Fatalf("accepted address %q (%q, %v)", email, n, err)
		}
		for _, a := range answers {
			switch a.QuestionID {
			case "b":
				if !slices.Contains(e.Questions[1].Options, a.Value) {
					t.Fatalf("accepted choice %q", a.Value)
				}
			case "c":
				if a.Value != "on" {
					t.Fatalf("accepted consent %q", a.Value)
				}
			}
		}
	})
}
