package porta_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/people/qualification"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/porta/portatest"
)

func signalForm() url.Values {
	return url.Values{"recognize": {"Il signore anziano del civico 12, vive solo"}, "istat_code": {"015093"},
		"categories": {"ANZ-COMPAGNIA"}, "description": {"Non esce più di casa da settimane e non ha parenti vicini."},
		"involved": {"elderly"}, "urgency": {"2"}, "person_knows": {"yes"}, "person_agrees": {"yes"}}
}

// TestSentinelSignalBecomesCase: a volunteer can signal only once they hold
// the sentinel qualification of persone attive; the signal becomes a case; the
// sentinel then sees only that it was taken in charge.
func TestSentinelSignalBecomesCase(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		w := portatest.Setup(t, e)
		coord := e.As(w.Coordinator)
		vol, volUser := e.AsRole(auth.Volunteer)

		vol.Get("/segnalazioni").Status(t, 403).Contains(t, "serve la qualifica di sentinella")
		vol.PostForm("/segnalazioni/nuova", signalForm()).Status(t, 403)

		// The qualification of persone attive is what the porta asks.
		coord.PostForm("/coordinamento/qualifiche", url.Values{"email": {volUser.Email}, "code": {qualification.Sentinel}}).
			RedirectsTo(t, "/coordinamento/qualifiche")
		vol.Get("/segnalazioni").Status(t, 200).Contains(t, "Non hai ancora inviato nulla")
		bad := with(signalForm(), "recognize", "", "person_knows", "no")
		vol.PostForm("/segnalazioni/nuova", bad).Status(t, 422).Contains(t, "oppure come riconoscere", "non può averne accettato",
			"Non esce più di casa")
		vol.PostForm("/segnalazioni/nuova", signalForm()).RedirectsTo(t, "/segnalazioni")
		vol.Get("/segnalazioni").Contains(t, "Corsico (MI)", "ricevuta").Lacks(t, "Non esce più di casa", "civico 12")

		queue := coord.Get("/coordinamento/porta").Contains(t, "Segnalazione di una sentinella")
		needID := between(queue.Body, `href="/coordinamento/porta/richieste/`, `"`)
		coord.Get("/coordinamento/porta/richieste/"+needID).Contains(t, "civico 12", "chiesto dalla sentinella")
		// Assign to a colleague: they are told by e-mail.
		r := coord.PostForm("/coordinamento/porta/richieste/"+needID+"/assegna", url.Values{"coordinator_id": {w.Colleague.ID}}).
			RedirectsTo(t, "/coordinamento/porta/casi/")
		if box := mails(t, e); !strings.Contains(box, "collega@comune.example | Ti è stato affidato un caso") {
			t.Fatalf("colleague not told:\n%s", box)
		}
		e.As(w.Colleague).Get(r.Header.Get("Location")).Status(t, 200).Contains(t, "Collega")
		vol.Get("/segnalazioni").Contains(t, "presa in carico").Lacks(t, "Collega", "Non esce")

		// The sentinel's consent (asked to the person) covers the coordination,
		// not referrals: the case page says so and refusing a referral works.
		e.As(w.Colleague).PostForm(r.Header.Get("Location")+"/invii", url.Values{"need_id": {needID},
			"service": {w.ServiceB}, "message": {"Compagnia"}}).Status(t, 422).Contains(t, "registra prima il consenso")
	})
}

// TestWhoSeesWhat is the resource half of the role × action matrix: the
// routes table (internal/app) checks roles; here each role meets a need,
// a case, a person and a referral that are not theirs.
func TestWhoSeesWhat(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		w := portatest.Setup(t, e)
		ask(t, e, askForm())
		coord := e.As(w.Coordinator)
		needID := between(coord.Get("/coordinamento/porta").Body, `href="/coordinamento/porta/richieste/`, `"`)
		caseURL := coord.PostForm("/coordinamento/porta/richieste/"+needID+"/assegna", nil).Header.Get("Location")
		coord.PostForm(caseURL+"/invii", url.Values{"need_id": {needID}, "service": {w.ServiceA}, "message": {"Doposcuola"}}).
			RedirectsTo(t, caseURL)
		refID := between(e.As(w.OperatorA).Get("/invii").Body, `href="/invii/`, `"`)
		var personID string
		e.App.DB.R.QueryRow(`SELECT person_id FROM porta_needs WHERE id = $1`, needID).Scan(&personID)

		far := e.As(w.FarCoordinator)
		for _, path := range []string{"/coordinamento/porta/richieste/" + needID, caseURL, "/coordinamento/porta/persone/" + personID,
			"/coordinamento/porta/persone/" + personID + "/esporta"} {
			far.Get(path).Status(t, 404).Lacks(t, "Giulia")
		}
		far.PostForm(caseURL+"/note", url.Values{"kind": {"note"}, "body": {"x"}}).Status(t, 404)
		far.PostForm("/coordinamento/porta/invii/"+refID+"/stato", url.Values{"to": {"withdrawn"}}).Status(t, 404)
		far.PostForm("/coordinamento/porta/persone/"+personID+"/cancella", url.Values{"confirm_erase": {"on"}}).Status(t, 404)
		if far.Get("/coordinamento/porta").Lacks(t, needID); e.Count(`SELECT COUNT(*) FROM audit_log WHERE action = 'denied'
			AND actor_id = $1`, w.FarCoordinator.ID) < 5 {
			t.Fatal("denied reads of another territory are not logged")
		}

		// Organizations: only their referrals; no triage, no cases.
		for _, u := range []*auth.User{w.OperatorB, w.OperatorFar, w.Stranger} {
			c := e.As(u)
			c.Get("/invii/"+refID).Status(t, 404)
			c.Get("/invii").Lacks(t, "Doposcuola Il Melograno")
			c.Get(caseURL).Status(t, 403)
		}
		// The receiving organization cannot withdraw; the coordinator can.
		opA := e.As(w.OperatorA)
		opA.PostForm("/invii/"+refID+"/stato", url.Values{"to": {"withdrawn"}}).Status(t, 422)
		opA.PostForm("/coordinamento/porta/invii/"+refID+"/stato", url.Values{"to": {"withdrawn"}}).Status(t, 403)
		// A coordinator is not the organization: the inbox page of a referral is 404.
		coord.Get("/invii/"+refID).Status(t, 404)
		coord.PostForm("/coordinamento/porta/invii/"+refID+"/stato", url.Values{"to": {"withdrawn"}, "note": {"Trovato altro"}}).
			RedirectsTo(t, caseURL)
		opA.Get("/invii/"+refID).Contains(t, "ritirato", "Trovato altro")

		// Admins do not read case contents; sentinels and citizens see nothing.
		admin, _ := e.AsRole(auth.Admin)
		admin.Get(caseURL).Status(t, 403)
		admin.Get("/coordinamento/porta/persone/"+personID).Status(t, 403)
		admin.Get("/invii/"+refID).Status(t, 403)
		admin.Get("/admin/registro").Status(t, 200).Lacks(t, "Giulia", "doposcuola per i miei")
		e.As(w.Volunteer).Get(caseURL).Status(t, 403)
		cit, _ := e.AsRole(auth.Citizen)
		cit.Get("/coordinamento/porta/richieste/"+needID).Status(t, 403)
		e.Anonymous().Get(caseURL).RedirectsTo(t, "/accedi")

		// The desk author sees only the stage of what they recorded.
		desk := e.As(w.OperatorA)
		desk.PostForm("/sportello/nuovo", url.Values{"organization_id": {w.OrgB}, "first_name": {"Anna"}, "istat_code": {"015036"},
			"categories": {"BEN"}, "description": {"Spesa"}, "urgency": {"1"}, "consent": {"on"}, "consent_method": {"in_person"}}).
			Status(t, 422).Contains(t, "Scegli una delle voci")
		desk.PostForm("/sportello/nuovo", url.Values{"organization_id": {w.OrgA}, "first_name": {"Anna"}, "istat_code": {"015036"},
			"categories": {"BEN"}, "description": {"Ha bisogno di aiuto per la spesa."}, "urgency": {"1"}, "consent_method": {"in_person"}}).
			Status(t, 422).Contains(t, "consenso")
		desk.PostForm("/sportello/nuovo", url.Values{"organization_id": {w.OrgA}, "first_name": {"Anna"}, "istat_code": {"015036"},
			"categories": {"BEN"}, "description": {"Ha bisogno di aiuto per la spesa."}, "urgency": {"1"}, "consent": {"on"},
			"consent_method": {"in_person"}}).RedirectsTo(t, "/sportello")
		desk.Get("/sportello").Contains(t, "ricevuta").Lacks(t, "Anna", "spesa.")
		e.As(w.OperatorB).Get("/sportello").Contains(t, "Non hai ancora inviato nulla")
	})
}
