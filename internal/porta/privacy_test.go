package porta_test

import (
	"bytes"
	"encoding/json"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/platform/sealed"
	"github.com/trama-welfare/trama/internal/platform/secret"
	"github.com/trama-welfare/trama/internal/porta"
	"github.com/trama-welfare/trama/internal/porta/portatest"
)

// caseWithReferral asks, takes in charge and refers to service A with a
// note and a message; it returns the receipt code, the case URL and the
// person id.
func caseWithReferral(t *testing.T, e *apptest.Env, w *portatest.World, form url.Values, message string) (string, string, string) {
	t.Helper()
	code := ask(t, e, form)
	coord := e.As(w.Coordinator)
	needID := between(coord.Get("/coordinamento/porta").Body, `href="/coordinamento/porta/richieste/`, `"`)
	caseURL := coord.PostForm("/coordinamento/porta/richieste/"+needID+"/assegna", nil).Header.Get("Location")
	coord.PostForm(caseURL+"/note", url.Values{"kind": {"contact"}, "body": {"Telefonata: racconta del marito Osvaldo ricoverato."}}).
		RedirectsTo(t, caseURL)
	coord.PostForm(caseURL+"/invii", url.Values{"need_id": {needID}, "service": {w.ServiceA}, "message": {message}}).RedirectsTo(t, caseURL)
	var personID string
	e.App.DB.R.QueryRow(`SELECT person_id FROM porta_needs WHERE id = $1`, needID).Scan(&personID)
	return code, caseURL, personID
}

// TestNothingInClearOnDisk opens the raw SQLite files (database and WAL)
// and proves that what people told is not there in clear, while the
// comune, stored in clear, is found: the search itself works.
func TestNothingInClearOnDisk(t *testing.T) {
	e := apptest.SQLite(t)
	w := portatest.Setup(t, e)
	form := with(askForm(), "first_name", "Ermenegilda", "last_name", "Quarantotti", "phone", "347 555 0199",
		"email", "ermenegilda.q@posta.example", "contact_times", "dopo le diciassette e trenta",
		"description", "Situazione riservatissima: sfratto imminente per morosità incolpevole")
	_, _, _ = caseWithReferral(t, e, w, form, "Messaggio per l'ente con la parola Zafferanotto")
	refID := between(e.As(w.OperatorA).Get("/invii").Body, `href="/invii/`, `"`)
	e.As(w.OperatorA).PostForm("/invii/"+refID+"/stato", url.Values{"to": {"declined"}, "reason": {"other"},
		"note": {"Nota di rifiuto Pistacchiona"}}).RedirectsTo(t, "/invii/")
	e.Outbox() // run the e-mail jobs: their rows are in the file too

	var raw []byte
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(e.App.DB.Path + suffix)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		raw = append(raw, b...)
	}
	if !bytes.Contains(raw, []byte("015036")) {
		t.Fatal("the scan does not find the comune stored in clear: it proves nothing")
	}
	for _, secretText := range []string{"Ermenegilda", "Quarantotti", "3475550199", "dopo le diciassette", "sfratto imminente",
		"morosità", "Osvaldo", "Zafferanotto", "Pistacchiona"} {
		if bytes.Contains(raw, []byte(secretText)) {
			t.Errorf("%q is stored in clear in the database file", secretText)
		}
	}
}

// TestKeyRotation: after a new key is put first, `keys rotate` re-seals
// every value with it and recomputes the hashes, so that receipts and
// duplicate detection still work with the new key alone.
func TestKeyRotation(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		w := portatest.Setup(t, e)
		code, _, personID := caseWithReferral(t, e, w, askForm(), "Doposcuola")

		newKey := secret.NewKey()
		both, err := secret.Parse(newKey + "\n" + e.App.Config.SecretKey)
		if err != nil {
			t.Fatal(err)
		}
		counts, err := sealed.Rotate(e.Ctx, e.App.DB, both, e.App.Sealed)
		if err != nil {
			t.Fatal(err)
		}
		if counts["porta_persons"] != 1 || counts["porta_needs"] != 1 || counts["porta_referrals"] != 1 || counts["porta_events"] != 2 {
			t.Fatalf("rotated rows: %v", counts)
		}
		if again, _ := sealed.Rotate(e.Ctx, e.App.DB, both, e.App.Sealed); again["porta_persons"] != 0 || again["porta_events"] != 0 {
			t.Fatalf("a second rotation changed rows: %v", again)
		}
		// Only the new key from now on: everything still opens and is found.
		only, _ := secret.Parse(newKey)
		p := porta.New(e.App.DB, only, e.App.Auth, e.App.Directory, e.App.Geo, e.App.Territories,
			e.App.People.Qualifications, porta.Config{})
		f, err := p.Follow(e.Ctx, code)
		if err != nil || f.Status != porta.NeedInCharge {
			t.Fatalf("follow after rotation: %+v %v", f, err)
		}
		x, err := p.Export(e.Ctx, personID)
		if err != nil || x.Person.Details.FirstName != "Giulia" || x.Referrals[0].Message != "Doposcuola" {
			t.Fatalf("export after rotation: %+v %v", x, err)
		}
		ids, err := p.FindByContact(e.Ctx, w.Territory, "+393331234567", "")
		if err != nil || len(ids) != 1 || ids[0] != personID {
			t.Fatalf("phone look-up after rotation: %v %v", ids, err)
		}
		if n := e.Count(`SELECT COUNT(*) FROM audit_log WHERE action = 'rotate_keys'`); n != 2 {
			t.Fatalf("rotations audited: %d", n)
		}
	})
}

// TestConsentWithdrawalStopsProcessing: withdrawing with the receipt code
// withdraws the open referrals, closes the case and blocks any change.
func TestConsentWithdrawalStopsProcessing(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		w := portatest.Setup(t, e)
		code, caseURL, _ := caseWithReferral(t, e, w, askForm(), "Doposcuola")
		guest := e.Anonymous()
		guest.PostForm("/chiedi-aiuto/segui/ritira", url.Values{"code": {code}}).Status(t, 422).Contains(t, "Conferma spuntando")
		guest.PostForm("/chiedi-aiuto/segui/ritira", url.Values{"code": {code}, "confirm": {"on"}}).Status(t, 200).
			Contains(t, "Hai ritirato il consenso")
		coord := e.As(w.Coordinator)
		coord.Get(caseURL).Contains(t, "ritirato il consenso", "consenso ritirato").Lacks(t, "Aggiungi alla storia")
		coord.PostForm(caseURL+"/note", url.Values{"kind": {"note"}, "body": {"ancora"}}).Status(t, 422)
		refID := between(e.As(w.OperatorA).Get("/invii").Body, `href="/invii/`, `"`)
		e.As(w.OperatorA).Get("/invii/"+refID).Contains(t, "ritirato")
		e.As(w.OperatorA).PostForm("/invii/"+refID+"/stato", url.Values{"to": {"accepted"}}).Status(t, 422)
	})
}

// TestExportErasureRetention: the person's data can be exported (with the
// access log) and erased; retention anonymises closed cases after the
// period; referral history stays, anonymous, for statistics.
func TestExportErasureRetention(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		w := portatest.Setup(t, e)
		code, caseURL, personID := caseWithReferral(t, e, w, askForm(), "Doposcuola")
		coord := e.As(w.Coordinator)
		coord.Get("/coordinamento/porta/persone/"+personID).Status(t, 200).
			Contains(t, "Registro degli accessi", "coordinatrice@comune.example", "dati della persona", "modulo online")

		r := coord.Get("/coordinamento/porta/persone/"+personID+"/esporta").Status(t, 200)
		var x porta.Export
		if err := json.Unmarshal([]byte(r.Body), &x); err != nil {
			t.Fatal(err)
		}
		if x.Person.Details.LastName != "Bianchi" || len(x.Needs) != 1 || len(x.Referrals) != 1 || len(x.AccessLog) == 0 ||
			len(x.Consents) != 1 || !strings.Contains(r.Body, "racconta del marito") {
			t.Fatalf("export: %s", r.Body)
		}

		// Retention: nothing happens while the case is open or recently closed.
		p := e.App.Porta
		if n, err := p.ApplyRetention(e.Ctx, time.Now().AddDate(3, 0, 0)); err != nil || n != 0 {
			t.Fatalf("retention touched an open case: %d %v", n, err)
		}
		coord.PostForm(caseURL+"/chiudi", url.Values{"outcome": {"helped"}}).RedirectsTo(t, caseURL)
		refID := between(e.As(w.OperatorA).Get("/invii").Body, `href="/invii/`, `"`)
		e.As(w.OperatorA).PostForm("/invii/"+refID+"/stato", url.Values{"to": {"accepted"}}).RedirectsTo(t, "/invii/")
		e.As(w.OperatorA).PostForm("/invii/"+refID+"/stato", url.Values{"to": {"concluded"}, "outcome": {"helped"}}).RedirectsTo(t, "/invii/")
		if n, _ := p.ApplyRetention(e.Ctx, time.Now().AddDate(1, 0, 0)); n != 0 {
			t.Fatal("anonymised before the retention period")
		}
		if n, err := p.ApplyRetention(e.Ctx, time.Now().AddDate(2, 1, 0)); err != nil || n != 1 {
			t.Fatalf("retention after 25 months: %d %v", n, err)
		}
		e.Anonymous().PostForm("/chiedi-aiuto/segui", url.Values{"code": {code}}).Status(t, 422)
		coord.Get("/coordinamento/porta/persone/"+personID).Contains(t, "Persona anonimizzata").Lacks(t, "Giulia", "Bianchi")
		if n := e.Count(`SELECT COUNT(*) FROM porta_referral_history h JOIN porta_referrals r ON r.id = h.referral_id
			WHERE r.person_id = $1 AND h.note = ''`, personID); n != 3 {
			t.Fatalf("anonymous referral history rows kept: %d, want 3", n)
		}
		if n := e.Count(`SELECT COUNT(*) FROM porta_referrals WHERE person_id = $1 AND status = 'concluded' AND outcome = 'helped'
			AND message = ''`, personID); n != 1 {
			t.Fatal("the referral's outcome is not kept for statistics")
		}

		// Erasure on request, for another person, from the person page.
		_, _, other := caseWithReferral(t, e, w, with(askForm(), "phone", "340 000 1111", "email", "altra@posta.example",
			"last_name", "Verdi"), "Altro")
		coord.PostForm("/coordinamento/porta/persone/"+other+"/cancella", nil).Status(t, 422).Contains(t, "Conferma spuntando")
		coord.PostForm("/coordinamento/porta/persone/"+other+"/cancella", url.Values{"confirm_erase": {"on"}}).
			RedirectsTo(t, "/coordinamento/porta/persone/"+other)
		if n := e.Count(`SELECT COUNT(*) FROM porta_persons WHERE id = $1 AND details = '' AND anonymised_at IS NOT NULL`, other); n != 1 {
			t.Fatal("erasure did not anonymise the person")
		}
		if n := e.Count(`SELECT COUNT(*) FROM porta_referrals WHERE person_id = $1 AND status = 'withdrawn'`, other); n != 1 {
			t.Fatal("erasure left the open referral open")
		}
	})
}
