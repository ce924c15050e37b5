package porta_test

import (
	"net/url"
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/porta"
	"github.com/trama-welfare/trama/internal/porta/portatest"
)

// TestPublicFormAgainstFloods: a filled honeypot stores nothing (and looks
// like success to the bot); a connection may send ten requests an hour,
// the eleventh is refused with the typed text still on the page; the
// limit counts only requests actually sent, so people correcting mistakes
// are never blocked.
func TestPublicFormAgainstFloods(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		portatest.Setup(t, e)
		c := e.Anonymous()
		trap := with(askForm(), "sito_web", "http://spam.example", "consent", "on")
		c.PostForm("/chiedi-aiuto", trap).RedirectsTo(t, "/chiedi-aiuto/ricevuta")
		c.PostForm("/chiedi-aiuto/invia", trap).RedirectsTo(t, "/chiedi-aiuto/ricevuta")
		c.Get("/chiedi-aiuto/ricevuta").Status(t, 200).Contains(t, "Non c&#39;è nessuna ricevuta")
		if n := e.Count(`SELECT COUNT(*) FROM porta_needs`); n != 0 {
			t.Fatalf("the honeypot let %d requests in", n)
		}

		// Mistakes do not count.
		for range 15 {
			c.PostForm("/chiedi-aiuto/invia", with(askForm(), "first_name", "")).Status(t, 422)
		}
		sent := with(askForm(), "consent", "on")
		for i := range 10 {
			if r := c.PostForm("/chiedi-aiuto/invia", sent); r.StatusCode != 303 {
				t.Fatalf("request %d refused: %d", i+1, r.StatusCode)
			}
		}
		c.PostForm("/chiedi-aiuto/invia", with(sent, "description", "Testo dell'undicesima")).Status(t, 429).
			Contains(t, "troppe richieste", "Testo dell&#39;undicesima")
		if n := e.Count(`SELECT COUNT(*) FROM porta_needs`); n != 10 {
			t.Fatalf("%d needs stored, want 10", n)
		}
		// The follow page is limited too, per connection.
		for range 30 {
			c.PostForm("/chiedi-aiuto/segui", url.Values{"code": {"AAAA-BBBB-CCCC"}}).Status(t, 422)
		}
		c.PostForm("/chiedi-aiuto/segui", url.Values{"code": {"AAAA-BBBB-CCCC"}}).Status(t, 429)
	})
}

// TestDuplicatesMerge: the same person asking twice (same phone) is
// flagged in the queue; merging moves the need to the known person.
func TestDuplicatesMerge(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		w := portatest.Setup(t, e)
		ask(t, e, askForm())
		coord := e.As(w.Coordinator)
		first := between(coord.Get("/coordinamento/porta").Body, `href="/coordinamento/porta/richieste/`, `"`)
		caseURL := coord.PostForm("/coordinamento/porta/richieste/"+first+"/assegna", nil).Header.Get("Location")
		second := with(askForm(), "first_name", "Giulia", "last_name", "", "email", "", "contact_pref", "phone",
			"categories", "BEN", "description", "Avrei bisogno anche della spesa.")
		ask(t, e, second)
		queue := coord.Get("/coordinamento/porta").Contains(t, "forse già nota")
		needID := between(queue.Body, `href="/coordinamento/porta/richieste/`, `"`)
		page := coord.Get("/coordinamento/porta/richieste/"+needID).Contains(t, "Persone forse uguali", "stesso telefono", "Giulia Bianchi")
		known := between(page.Body, `name="person_id" value="`, `"`)
		coord.PostForm("/coordinamento/porta/richieste/"+needID+"/unisci", url.Values{"person_id": {"00000000-0000-7000-8000-000000000000"}}).
			Status(t, 404)
		coord.PostForm("/coordinamento/porta/richieste/"+needID+"/unisci", url.Values{"person_id": {known}}).
			RedirectsTo(t, "/coordinamento/porta/richieste/"+needID)
		if n := e.Count(`SELECT COUNT(*) FROM porta_persons`); n != 1 {
			t.Fatalf("%d persons after the merge, want 1", n)
		}
		// The known person had an open case: the need joined it.
		coord.Get(caseURL).Contains(t, "Avrei bisogno anche della spesa.", "Cerco un doposcuola")
		coord.Get("/coordinamento/porta").Contains(t, "Non ci sono richieste da smistare")

		// Not pertinent needs a reason.
		ask(t, e, with(askForm(), "phone", "320 999 8888", "email", "altro@posta.example", "last_name", "Neri"))
		other := between(coord.Get("/coordinamento/porta").Body, `href="/coordinamento/porta/richieste/`, `"`)
		coord.PostForm("/coordinamento/porta/richieste/"+other+"/non-pertinente", nil).Status(t, 422).Contains(t, "Scrivi il motivo")
		coord.PostForm("/coordinamento/porta/richieste/"+other+"/non-pertinente", url.Values{"reason": {"Richiesta di lavoro retribuito."}}).
			RedirectsTo(t, "/coordinamento/porta")
		coord.Get("/coordinamento/porta/richieste/"+other).Contains(t, "non pertinente", "Richiesta di lavoro retribuito.")
	})
}

func TestReceiptCodes(t *testing.T) {
	seen := map[string]bool{}
	for range 200 {
		c := porta.NewReceipt()
		if porta.NormalizeReceipt(c) != c || seen[c] {
			t.Fatalf("bad or repeated code %q", c)
		}
		seen[c] = true
	}
	for in, want := range map[string]string{
		"7kq4 m2xd 9rta": "7KQ4-M2XD-9RTA", "7KQ4M2XD9RTA": "7KQ4-M2XD-9RTA", "oiL1-0000-0000": "0111-0000-0000",
		"7KQ4-M2XD-9RT": "", "7KQ4-M2XD-9RTU": "", "": "", "7KQ4-M2XD-9RTA-": "7KQ4-M2XD-9RTA",
	} {
		if got := porta.NormalizeReceipt(in); got != want {
			t.Errorf("NormalizeReceipt(%q) = %q, want %q", in, got, want)
		}
	}
}
