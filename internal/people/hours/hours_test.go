package hours_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/people/hours"
	"github.com/trama-welfare/trama/internal/people/peopletest"
	"github.com/trama-welfare/trama/internal/people/volunteer"
	"github.com/trama-welfare/trama/internal/platform/web"
)

func TestParseDuration(t *testing.T) {
	for in, want := range map[string]int{"3": 180, "2,5": 150, "2.5": 150, "2:30": 150, "1h30": 90, "45min": 45, " 1 h ": 60} {
		if got, ok := hours.ParseDuration(in); !ok || got != want {
			t.Errorf("ParseDuration(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "0", "-1", "25", "abc", "2:75", "24:01"} {
		if got, ok := hours.ParseDuration(in); ok {
			t.Errorf("ParseDuration(%q) = %d, want refused", in, got)
		}
	}
}

// A volunteer logs the hours of a shift and free hours; the organization
// confirms one and corrects the other; nobody confirms their own hours and
// an organization sees only the hours given to it; the attestation sums
// the confirmed hours, in HTML and PDF.
func TestHoursLogReviewAndAttestation(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		now := time.Date(2030, 3, 4, 10, 0, 0, 0, web.Rome)
		e.App.People.SetClock(func() time.Time { return now })
		w := peopletest.New(t, e)
		org, op := w.Org(t, "Emporio solidale", "op@emporio.example")
		other, otherOp := w.Org(t, "Altra associazione", "op@altra.example")
		svc := e.App.People.Volunteers
		form := volunteer.ReadOpportunityForm(peopletest.Weekly("Magazzino", "3", "2030-03-09"))
		form.Approval = false
		o, err := svc.SaveOpportunity(e.Ctx, op, org, "", form)
		if err != nil {
			t.Fatal(err)
		}
		svc.SetStatus(e.Ctx, op, org, o.ID, volunteer.StatusPublished)
		vera := w.Volunteer(t, "vera@example.org", volunteer.ProfileForm{})
		g, err := svc.SignUp(e.Ctx, vera, o.ID, time.Date(2030, 3, 9, 9, 0, 0, 0, web.Rome).Unix(), "")
		if err != nil {
			t.Fatal(err)
		}
		vc := e.As(vera)
		// Before the shift its hours cannot be logged.
		vc.PostForm("/volontariato/ore", url.Values{"signup_id": {g.ID}, "hours": {"3"}}).Status(t, 422).Contains(t, "non è ancora iniziato")
		// A week later the shift has happened.
		now = now.AddDate(0, 0, 7)
		vc.Get("/volontariato/ore").Status(t, 200).Contains(t, "Magazzino · Emporio solidale")
		vc.PostForm("/volontariato/ore", url.Values{"signup_id": {g.ID}, "hours": {"3"}, "description": {"Scaffali"}}).
			RedirectsTo(t, "/volontariato/ore")
		vc.PostForm("/volontariato/ore", url.Values{"signup_id": {g.ID}, "hours": {"3"}}).Status(t, 422).Contains(t, "già registrato")
		vc.PostForm("/volontariato/ore", url.Values{"organization_id": {org}, "day": {"2030-03-12"}, "hours": {"zero"}}).
			Status(t, 422).Contains(t, "Scrivi le ore")
		vc.PostForm("/volontariato/ore", url.Values{"organization_id": {org}, "day": {"2030-04-12"}, "hours": {"2"}}).
			Status(t, 422).Contains(t, "non può essere nel futuro")
		vc.PostForm("/volontariato/ore", url.Values{"organization_id": {org}, "day": {"10/03/2030"}, "hours": {"2,5"},
			"description": {"Raccolta alimentare"}}).RedirectsTo(t, "/volontariato/ore")
		vc.Get("/volontariato/ore").Contains(t, "In attesa di conferma: 5 h 30 min")

		// The organization reviews; another one sees nothing.
		opc := e.As(op)
		page := opc.Get("/ente/"+org+"/ore").Status(t, 200).Contains(t, "vera", "Raccolta alimentare")
		e.As(otherOp).Get("/ente/"+org+"/ore").Status(t, 404)
		e.As(otherOp).Get("/ente/"+other+"/ore").Status(t, 200).Lacks(t, "vera", "Raccolta")
		var ids []string
		for _, part := range strings.Split(page.Body, `action="/ente/`+org+`/ore/`)[1:] {
			ids = append(ids, part[:strings.IndexByte(part, '"')])
		}
		if len(ids) != 2 {
			t.Fatalf("review forms: %v", ids)
		}
		e.As(otherOp).PostForm("/ente/"+other+"/ore/"+ids[0], url.Values{"action": {"confirm"}}).Status(t, 404)
		e.As(vera).PostForm("/ente/"+org+"/ore/"+ids[0], url.Values{"action": {"confirm"}}).Status(t, 403)
		opc.PostForm("/ente/"+org+"/ore/"+ids[0], url.Values{"action": {"reject"}}).Status(t, 422).Contains(t, "Scrivi perché")
		for _, id := range ids {
			action := url.Values{"action": {"confirm"}}
			if e.Count(`SELECT minutes FROM volunteer_hours WHERE id = $1`, id) == 150 {
				action = url.Values{"action": {"correct"}, "hours": {"2"}, "note": {"Eravamo in due, due ore"}}
			}
			opc.PostForm("/ente/"+org+"/ore/"+id, action).RedirectsTo(t, "/ente/"+org+"/ore")
		}
		if mails := strings.Join(e.Outbox(), "\n"); !strings.Contains(mails, "vera@example.org | Le tue ore sono state corrette") {
			t.Fatalf("no correction e-mail:\n%s", mails)
		}

		// An operator who volunteers for their own organization cannot
		// confirm their own hours.
		if _, err := svc.SaveProfile(e.Ctx, op, volunteer.ProfileForm{Skills: []string{"cucina"}, Comuni: []string{peopletest.Buccinasco}, Consent: true}); err != nil {
			t.Fatal(err)
		}
		own, err := e.App.People.Hours.Log(e.Ctx, op, hours.LogForm{OrganizationID: org, Day: "2030-03-10", Hours: "1"})
		if err != nil {
			t.Fatal(err)
		}
		opc.PostForm("/ente/"+org+"/ore/"+own.ID, url.Values{"action": {"confirm"}}).Status(t, 403).Contains(t, "Non puoi confermare le tue ore")

		// The attestation: confirmed hours only (3 h + 2 h), by month.
		vc.Get("/volontariato/attestato").Status(t, 200).Contains(t, "Attestato delle ore di volontariato", "vera", "5 h",
			"Emporio solidale", "marzo 2030", `media="print"`, "/static/css/people.")
		pdf := vc.Get("/volontariato/attestato.pdf").Status(t, 200)
		if ct := pdf.Header.Get("Content-Type"); ct != "application/pdf" || !strings.HasPrefix(pdf.Body, "%PDF-") || len(pdf.Body) < 2000 {
			t.Fatalf("PDF: %s, %d bytes, starts %q", ct, len(pdf.Body), pdf.Body[:min(8, len(pdf.Body))])
		}
		opc.Get("/ente/"+org+"/ore/persone/"+vera.ID+"/attestato").Status(t, 200).Contains(t, "Rilasciato da Emporio solidale", "5 h")
		e.As(otherOp).Get("/ente/"+other+"/ore/persone/"+vera.ID+"/attestato").Status(t, 404)
		if n := e.Count(`SELECT COUNT(*) FROM audit_log WHERE action = 'read' AND entity = 'volunteer_hours'`); n != 1 {
			t.Errorf("the organization's read of the record audited %d times", n)
		}

		// A period with both ends counts only the hours of its days; one
		// end is enough; a wrong period prints nothing and says why.
		vc.Get("/volontariato/attestato?dal=2030-03-10&al=2030-03-10").Status(t, 200).
			Contains(t, "per 2 h,", "Periodo: dal 10/03/2030 al 10/03/2030.", `value="2030-03-10"`).Lacks(t, "5 h")
		vc.Get("/volontariato/attestato?dal=01/03/2030&al=09/03/2030").Status(t, 200).
			Contains(t, "per 3 h,", "Periodo: dal 01/03/2030 al 09/03/2030.", "attestato.pdf?dal=01/03/2030&amp;al=09/03/2030")
		vc.Get("/volontariato/attestato?al=2030-03-09").Status(t, 200).Contains(t, "per 3 h,", "Periodo: fino al 09/03/2030.")
		vc.Get("/volontariato/attestato?dal=2030-03-10").Status(t, 200).Contains(t, "per 2 h,", "Periodo: dal 10/03/2030.")
		vc.Get("/volontariato/attestato?dal=2030-03-10&al=2030-03-01").Status(t, 422).
			Contains(t, "La fine del periodo viene prima dell&#39;inizio", `id="al-err"`, "Correggi le date").Lacks(t, "Emporio solidale", "per 5 h")
		vc.Get("/volontariato/attestato?dal=ieri").Status(t, 422).Contains(t, `id="dal-err"`).Lacks(t, "Emporio solidale")
		vc.Get("/volontariato/attestato.pdf?dal=2030-03-10&al=2030-03-01").Status(t, 422)
		if pdf := vc.Get("/volontariato/attestato.pdf?dal=2030-03-10&al=2030-03-10").Status(t, 200); !strings.HasPrefix(pdf.Body, "%PDF-") {
			t.Fatal("no PDF of a period")
		}
		opc.Get("/ente/"+org+"/ore/persone/"+vera.ID+"/attestato?dal=2030-03-09&al=2030-03-09").Status(t, 200).
			Contains(t, "Rilasciato da Emporio solidale", "per 3 h,", "Periodo: dal 09/03/2030 al 09/03/2030.")
		// The hours pages pass both ends of their period to the attestation,
		// and tell a wrong date next to its field.
		vc.Get("/volontariato/ore?dal=2030-03-01&al=2030-03-09").Status(t, 200).
			Contains(t, `href="/volontariato/attestato?al=2030-03-09&amp;dal=2030-03-01"`)
		opc.Get("/ente/"+org+"/ore?dal=2030-03-01&al=2030-03-09").Status(t, 200).
			Contains(t, `/ore/persone/`+vera.ID+`/attestato?al=2030-03-09&amp;dal=2030-03-01"`)
		vc.Get("/volontariato/ore?dal=2030-03-10&al=2030-03-01").Contains(t, `id="al-err"`, "La fine del periodo viene prima dell&#39;inizio")
	})
}
