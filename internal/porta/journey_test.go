package porta_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/porta/portatest"
)

// askForm is a valid public request: a mother in Buccinasco looking for an
// after-school for her children, to be contacted by e-mail.
func askForm() url.Values {
	return url.Values{"categories": {"EDU"}, "description": {"Cerco un doposcuola per i miei due figli, faccio i turni."},
		"urgency": {"2"}, "istat_code": {"015036"}, "involved": {"children"}, "children_ages": {"8, 11"},
		"first_name": {"Giulia"}, "last_name": {"Bianchi"}, "birth_year": {"1988"}, "contact_pref": {"email"},
		"email": {"giulia.bianchi@posta.example"}, "phone": {"333 123 4567"}, "days": {"MO", "WE"}, "parts": {"afternoon"},
		"free_only": {"on"}}
}

func with(v url.Values, kv ...string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out.Set(kv[i], kv[i+1])
	}
	return out
}

var codeRe = regexp.MustCompile(`[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}`)

// ask sends a request through both steps and returns the receipt code.
func ask(t *testing.T, e *apptest.Env, form url.Values) string {
	t.Helper()
	c := e.Anonymous()
	c.PostForm("/chiedi-aiuto", form).Status(t, 200)
	r := c.PostForm("/chiedi-aiuto/invia", with(form, "consent", "on", "consent_referrals", "on")).RedirectsTo(t, "/chiedi-aiuto/ricevuta")
	_ = r
	body := c.Get("/chiedi-aiuto/ricevuta").Status(t, 200).Body
	code := codeRe.FindString(body)
	if code == "" {
		t.Fatalf("no receipt code on the receipt page:\n%s", body)
	}
	return code
}

func between(s, start, end string) string {
	i := strings.Index(s, start)
	if i < 0 {
		return ""
	}
	s = s[i+len(start):]
	return s[:strings.Index(s, end)]
}

func mails(t *testing.T, e *apptest.Env) string { return strings.Join(e.Outbox(), "\n---\n") }

// TestAskTriageReferClose is the whole loop through HTTP: a citizen asks
// for help, the coordinator triages, looks at the suggestions, refers to
// two services; one organization accepts, the other declines; the case
// closes with an outcome; the citizen follows it all with the code.
func TestAskTriageReferClose(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		w := portatest.Setup(t, e)
		coord := e.As(w.Coordinator)
		guest := e.Anonymous()

		guest.Get("/chiedi-aiuto").Status(t, 200).Contains(t, "Chiedi aiuto", "Buccinasco (MI)", "112")

		// Bad input: translated messages next to the fields, what was typed kept.
		bad := with(askForm(), "first_name", "", "email", "giulia@", "birth_year", "88", "description", "Testo che resta")
		guest.PostForm("/chiedi-aiuto", bad).Status(t, 422).
			Contains(t, "Campo obbligatorio", "indirizzo e-mail", "tra il 1900 e il", "Testo che resta", `value="giulia@"`)
		// The consent step refuses to go on without consent, and keeps everything.
		guest.PostForm("/chiedi-aiuto", askForm()).Status(t, 200).Contains(t, "Chi vedrà i tuoi dati", "Giulia Bianchi",
			`name="description" value="Cerco un doposcuola`)
		guest.PostForm("/chiedi-aiuto/invia", askForm()).Status(t, 422).Contains(t, "serve il tuo consenso", `value="Giulia"`)
		if n := e.Count(`SELECT COUNT(*) FROM porta_needs`); n != 0 {
			t.Fatalf("a refused request stored %d needs", n)
		}

		code := ask(t, e, askForm())
		box := mails(t, e)
		if !strings.Contains(box, "coordinatrice@comune.example | Nuova richiesta") ||
			!strings.Contains(box, "giulia.bianchi@posta.example | Abbiamo ricevuto") {
			t.Fatalf("mails after the request:\n%s", box)
		}
		if strings.Contains(box, "Bianchi") || strings.Contains(box, "doposcuola per i miei") {
			t.Fatalf("an e-mail carries personal content:\n%s", box)
		}
		guest.PostForm("/chiedi-aiuto/segui", url.Values{"code": {strings.ToLower(code)}}).Status(t, 200).Contains(t, "Ricevuta:")
		guest.PostForm("/chiedi-aiuto/segui", url.Values{"code": {"AAAA-BBBB-CCCC"}}).Status(t, 422).Contains(t, "Non troviamo")

		// Triage.
		queue := coord.Get("/coordinamento/porta").Status(t, 200).Contains(t, "Richieste da smistare", "Entro pochi giorni")
		if strings.Contains(queue.Body, "Giulia") {
			t.Fatal("the queue shows names")
		}
		needID := between(queue.Body, `href="/coordinamento/porta/richieste/`, `"`)
		coord.Get("/coordinamento/porta/richieste/"+needID).Status(t, 200).
			Contains(t, "Giulia Bianchi", "Cerco un doposcuola", "8, 11", "Prendi in carico")
		r := coord.PostForm("/coordinamento/porta/richieste/"+needID+"/assegna", nil).RedirectsTo(t, "/coordinamento/porta/casi/")
		caseURL := r.Header.Get("Location")
		if box := mails(t, e); !strings.Contains(box, "giulia.bianchi@posta.example | La tua richiesta è stata presa in carico") {
			t.Fatalf("the citizen was not told:\n%s", box)
		}
		guest.PostForm("/chiedi-aiuto/segui", url.Values{"code": {code}}).Contains(t, "Presa in carico")

		// Suggestions say why; the directory can be searched too.
		page := coord.Get(caseURL).Status(t, 200).Contains(t, "Doposcuola Il Melograno", "Adatto al bisogno: Doposcuola e aiuto compiti",
			"Adatto all&#39;età (8 anni)", "Orari compatibili: il lunedì di pomeriggio", "Gratuito", "Posti liberi: 20")
		if strings.Contains(page.Body, "Emporio di Cervia") {
			t.Fatal("a service of another territory is suggested")
		}
		coord.Get(caseURL+"?q=emporio").Status(t, 200).Contains(t, "Risultati della ricerca", "Spesa all&#39;emporio")

		// Refer to both services at once; a message is required.
		refer := url.Values{"need_id": {needID}, "service": {w.ServiceA, w.ServiceB}, "message": {""}}
		coord.PostForm(caseURL+"/invii", refer).Status(t, 422).Contains(t, "Scrivi che cosa dire all")
		refer.Set("message", "Mamma di due bambini (8 e 11 anni), cerca un posto al doposcuola nei pomeriggi.")
		coord.PostForm(caseURL+"/invii", refer).RedirectsTo(t, caseURL)
		box = mails(t, e)
		for _, want := range []string{"operatrice@melograno.example | Nuovo invio", "operatore@emporio.example | Nuovo invio",
			"giulia.bianchi@posta.example | Ti abbiamo proposto"} {
			if !strings.Contains(box, want) {
				t.Fatalf("missing mail %q in:\n%s", want, box)
			}
		}
		coord.PostForm(caseURL+"/invii", refer).Status(t, 422).Contains(t, "già stata inviata")

		// Organization A sees only what it needs, and accepts.
		opA, opB := e.As(w.OperatorA), e.As(w.OperatorB)
		inbox := opA.Get("/invii").Status(t, 200).Contains(t, "Doposcuola Il Melograno").Lacks(t, "Spesa all")
		refA := between(inbox.Body, `href="/invii/`, `"`)
		opA.Get("/invii/"+refA).Status(t, 200).Contains(t, "Giulia", "giulia.bianchi@posta.example", "cerca un posto al doposcuola").
			Lacks(t, "Bianchi", "faccio i turni")
		opA.PostForm("/invii/"+refA+"/stato", url.Values{"to": {"concluded"}}).Status(t, 422).Contains(t, "Questo cambio di stato")
		opA.PostForm("/invii/"+refA+"/stato", url.Values{"to": {"withdrawn"}}).Status(t, 422)
		opA.PostForm("/invii/"+refA+"/stato", url.Values{"to": {"accepted"}, "note": {"Iniziamo lunedì."}}).RedirectsTo(t, "/invii/"+refA)

		// Organization B cannot open A's referral: 404, and the attempt is logged.
		opB.Get("/invii/"+refA).Status(t, 404)
		opB.PostForm("/invii/"+refA+"/stato", url.Values{"to": {"declined"}, "reason": {"full"}}).Status(t, 404)
		if n := e.Count(`SELECT COUNT(*) FROM audit_log WHERE action = 'denied' AND entity = 'porta_referral' AND entity_id = $1
			AND actor_id = $2`, refA, w.OperatorB.ID); n != 2 {
			t.Fatalf("denied attempts logged: %d, want 2", n)
		}
		refB := between(opB.Get("/invii").Body, `href="/invii/`, `"`)
		opB.PostForm("/invii/"+refB+"/stato", url.Values{"to": {"declined"}}).Status(t, 422).Contains(t, "Scegli il motivo")
		opB.PostForm("/invii/"+refB+"/stato", url.Values{"to": {"declined"}, "reason": {"full"}, "note": {"Tessere esaurite per ora."}}).
			RedirectsTo(t, "/invii/"+refB)
		if box := mails(t, e); !strings.Contains(box, "coordinatrice@comune.example | Un ente non può accogliere") {
			t.Fatalf("the coordinator was not alerted of the decline:\n%s", box)
		}
		guest.PostForm("/chiedi-aiuto/segui", url.Values{"code": {code}}).
			Contains(t, "Doposcuola Il Melograno", "l&#39;ente ti accoglie", "non può aiutarti")

		// The case page has the whole history; the case closes with an outcome.
		coord.Get(caseURL).Contains(t, "accettato", "rifiutato", "posti esauriti", "Iniziamo lunedì.", "Tessere esaurite per ora.")
		coord.PostForm(caseURL+"/chiudi", url.Values{"outcome": {""}}).Status(t, 422).Contains(t, "Scegli l&#39;esito")
		coord.PostForm(caseURL+"/chiudi", url.Values{"outcome": {"helped"}, "note": {"Frequenta il doposcuola."}}).RedirectsTo(t, caseURL)
		coord.Get(caseURL).Contains(t, "chiuso", "aiutato").Lacks(t, "Invia ai servizi scelti")
		coord.PostForm(caseURL+"/note", url.Values{"kind": {"note"}, "body": {"dopo"}}).Status(t, 422).Contains(t, "Il caso è chiuso")
		guest.PostForm("/chiedi-aiuto/segui", url.Values{"code": {code}}).Contains(t, "Conclusa")

		// Every change of a referral is a history row; every read is audited.
		if n := e.Count(`SELECT COUNT(*) FROM porta_referral_history`); n != 4 {
			t.Fatalf("%d referral history rows, want 4 (2 sent, accepted, declined)", n)
		}
		if n := e.Count(`SELECT COUNT(*) FROM audit_log WHERE action = 'read' AND entity = 'porta_person'`); n < 4 {
			t.Fatalf("only %d reads of the person audited", n)
		}
		if n := e.Count(`SELECT COUNT(*) FROM audit_log WHERE action = 'read' AND entity = 'porta_referral' AND actor_id = $1`, w.OperatorA.ID); n == 0 {
			t.Fatal("the organization's read of the referral is not audited")
		}
		_ = http.StatusOK
	})
}

var rawKey = regexp.MustCompile(`\b(porta|lang)\.[a-z_]+(\.[a-zA-Z_]+)*\b`)

// TestPagesInEnglish walks the porta's pages in English, as each role, and
// finds no message key left untranslated.
func TestPagesInEnglish(t *testing.T) {
	e := apptest.SQLite(t)
	w := portatest.Setup(t, e)
	code, caseURL, personID := caseWithReferral(t, e, w, askForm(), "Doposcuola")
	needID := between(e.As(w.Coordinator).Get(caseURL).Body, `href="/coordinamento/porta/richieste/`, `"`)
	refID := between(e.As(w.OperatorA).Get("/invii").Body, `href="/invii/`, `"`)
	english := func(c *apptest.Client) *apptest.Client {
		c.PostForm("/lingua", url.Values{"lang": {"en"}, "next": {"/"}})
		return c
	}
	check := func(c *apptest.Client, path string) {
		t.Helper()
		body := c.Get(path).Status(t, 200).Contains(t, `<html lang="en">`).Body
		main := body[strings.Index(body, "<main"):]
		if m := rawKey.FindString(main); m != "" {
			t.Errorf("%s shows the key %q", path, m)
		}
	}
	guest := english(e.Anonymous())
	check(guest, "/chiedi-aiuto")
	check(guest, "/chiedi-aiuto/segui")
	r := guest.PostForm("/chiedi-aiuto/segui", url.Values{"code": {code}}).Status(t, 200)
	if m := rawKey.FindString(r.Body[strings.Index(r.Body, "<main"):]); m != "" {
		t.Errorf("follow page shows the key %q", m)
	}
	coord := english(e.As(w.Coordinator))
	for _, p := range []string{"/coordinamento/porta", "/coordinamento/porta/casi", caseURL, "/coordinamento/porta/richieste/" + needID,
		"/coordinamento/porta/persone/" + personID, "/sportello", "/sportello/nuovo"} {
		check(coord, p)
	}
	op := english(e.As(w.OperatorA))
	check(op, "/invii")
	check(op, "/invii/"+refID)
	vol := english(e.As(w.Volunteer))
	check(vol, "/segnalazioni")
	check(vol, "/segnalazioni/nuova")
}
