package labs_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/trama-welfare/trama/internal/app"
	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/participation/ptest"
	"github.com/trama-welfare/trama/internal/platform/auth"
)

func newLab(t *testing.T, e *apptest.Env, w *ptest.World) string {
	t.Helper()
	coord := e.As(w.Coord)
	bad := url.Values{"title": {""}, "theme": {"Quartiere Lavagna"}, "description": {"x"}, "facilitators": {"nessuno@example.org"},
		"date_ascolto": {"2026-03-01"}, "date_proposte": {"2026-02-01"}}
	coord.PostForm("/laboratori/nuovo", bad).Status(t, 422).Contains(t, "Campo obbligatorio", "nessuno@example.org", "Quartiere Lavagna")
	good := url.Values{"title": {"Laboratorio Lavagna"}, "theme": {"Quartiere Lavagna"}, "istat_code": {"015093"},
		"description": {"Leggiamo insieme i problemi del quartiere."}, "facilitators": {w.Operators[0].Email},
		"date_ascolto": {"2026-03-01"}, "date_proposte": {"2026-04-01"}}
	r := coord.PostForm("/laboratori/nuovo", good).RedirectsTo(t, "/laboratori/")
	return strings.TrimPrefix(r.Header.Get("Location"), "/laboratori/")
}

func postID(r *apptest.Response, labID string) string {
	return strings.TrimPrefix(r.Header.Get("Location"), "/laboratori/"+labID+"/contributi/")
}

// TestLabJourney: a lab goes through its phases with a problem, a proposal,
// supports (by account and by confirmed e-mail), moderation and a published
// outcome whose changes reach the author and the supporters.
func TestLabJourney(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		w := ptest.Setup(t, e)
		lab := newLab(t, e, w)
		fac := e.As(w.Operators[0])
		citizen, cu := e.AsRole(auth.Citizen)
		other := e.As(w.Operators[1])

		e.Anonymous().Get("/laboratori").Status(t, 200).Contains(t, "Laboratorio Lavagna")
		e.Anonymous().Get("/laboratori/"+lab).Status(t, 200).Contains(t, "Segnala un problema", "Accedi o registrati")
		e.Anonymous().PostForm("/laboratori/"+lab+"/contributi", url.Values{"title": {"x"}}).Status(t, 401)
		other.PostForm("/laboratori/"+lab+"/fase", url.Values{"phase": {"proposte"}}).Status(t, 404)

		citizen.PostForm("/laboratori/"+lab+"/contributi", url.Values{"title": {""}, "body": {"Il parco è buio"}}).
			Status(t, 422).Contains(t, "Campo obbligatorio", "Il parco è buio")
		r := citizen.PostForm("/laboratori/"+lab+"/contributi", url.Values{"title": {"Parco buio la sera"}, "body": {"Mancano luci nel parco."}})
		problem := postID(r.RedirectsTo(t, "/laboratori/"+lab+"/contributi/"), lab)

		fac.PostForm("/laboratori/"+lab+"/fase", url.Values{"phase": {"proposte"}}).RedirectsTo(t, "/laboratori/"+lab)
		citizen.PostForm("/laboratori/"+lab+"/contributi/"+problem+"/commenti", url.Values{"comment": {"Confermo, anche in via Roma."}}).
			RedirectsTo(t, "/laboratori/")
		r = citizen.PostForm("/laboratori/"+lab+"/contributi", url.Values{"title": {"Luci e panchine nel parco"}, "body": {"Installare lampioni."}})
		proposal := postID(r.RedirectsTo(t, "/laboratori/"), lab)
		r = other.PostForm("/laboratori/"+lab+"/contributi", url.Values{"title": {"Illuminare il parco"}, "body": {"Uguale alla prima."}})
		dup := postID(r, lab)

		// Supports: one per person.
		supporter, _ := e.AsRole(auth.Volunteer)
		supporter.PostForm("/laboratori/"+lab+"/contributi/"+dup+"/sostegno", nil).RedirectsTo(t, "/laboratori/")
		supporter.PostForm("/laboratori/"+lab+"/contributi/"+proposal+"/sostegno", nil).RedirectsTo(t, "/laboratori/")
		r = supporter.PostForm("/laboratori/"+lab+"/contributi/"+proposal+"/sostegno", nil).RedirectsTo(t, "/laboratori/")
		guest := e.Anonymous()
		guest.PostForm("/laboratori/"+lab+"/contributi/"+proposal+"/sostegno", url.Values{"email": {"nonna@example.org"}}).RedirectsTo(t, "/laboratori/")
		guest.Get("/laboratori/"+lab+"/contributi/"+proposal).Status(t, 200).Contains(t, "1 persona sostiene")
		link := apptest.LinkIn(t, strings.Join(e.Outbox(), "\n"), "/sostegni/")
		path := strings.TrimPrefix(link, e.URL)
		guest.Get(path).Status(t, 200).Contains(t, "Luci e panchine nel parco")
		guest.PostForm(path, nil).RedirectsTo(t, "/laboratori/"+lab+"/contributi/"+proposal)
		guest.PostForm(path, nil).Status(t, 404)
		guest.Get("/laboratori/"+lab+"/contributi/"+proposal).Status(t, 200).Contains(t, "2 persone sostengono")

		// Moderation: merge the duplicate (its support moves over once), hide with a reason.
		fac.PostForm("/laboratori/"+lab+"/contributi/"+dup+"/unisci", url.Values{"into": {proposal}}).RedirectsTo(t, "/laboratori/")
		guest.Get("/laboratori/"+lab+"/contributi/"+proposal).Status(t, 200).Contains(t, "2 persone sostengono")
		guest.Get("/laboratori/"+lab+"/contributi/"+dup).Status(t, 200).Contains(t, "unita a un&#39;altra")
		fac.PostForm("/laboratori/"+lab+"/contributi/"+problem+"/nascondi", url.Values{"hide": {"1"}}).Status(t, 422).Contains(t, "Scrivi il motivo")
		fac.PostForm("/laboratori/"+lab+"/contributi/"+problem+"/nascondi", url.Values{"hide": {"1"}, "reason": {"Dati personali nel testo"}}).
			RedirectsTo(t, "/laboratori/")
		guest.Get("/laboratori/"+lab+"/contributi/"+problem).Status(t, 200).Contains(t, "Dati personali nel testo").Lacks(t, "Mancano luci")
		if mails := strings.Join(e.Outbox(), "\n"); !strings.Contains(mails, cu.Email+` | Il tuo contributo "Parco buio la sera" è stato nascosto`) ||
			!strings.Contains(mails, "Dati personali nel testo") {
			t.Fatalf("the author was not told why the problem was hidden:\n%s", mails)
		}
		// Hiding a proposal tells its author and its supporters; showing it
		// again tells them too; a hidden post hidden again tells nobody.
		fac.PostForm("/laboratori/"+lab+"/contributi/"+proposal+"/nascondi", url.Values{"hide": {"1"}, "reason": {"Contiene un indirizzo privato"}}).
			RedirectsTo(t, "/laboratori/")
		mails := strings.Join(e.Outbox(), "\n")
		for _, who := range []string{cu.Email, "nonna@example.org"} {
			if !strings.Contains(mails, who+` | La proposta "Luci e panchine nel parco" è cambiata`) {
				t.Fatalf("%s not told the proposal was hidden:\n%s", who, mails)
			}
		}
		if !strings.Contains(mails, "nascosta da chi facilita il laboratorio") || !strings.Contains(mails, "Contiene un indirizzo privato") {
			t.Fatalf("the hiding e-mail lacks the state or the reason:\n%s", mails)
		}
		sent := len(e.Outbox())
		fac.PostForm("/laboratori/"+lab+"/contributi/"+proposal+"/nascondi", url.Values{"hide": {"1"}, "reason": {"Altro motivo"}}).
			RedirectsTo(t, "/laboratori/")
		if mails := e.Outbox(); len(mails) != sent {
			t.Fatalf("hiding a hidden proposal sent %v", mails[sent:])
		}
		fac.PostForm("/laboratori/"+lab+"/contributi/"+proposal+"/nascondi", nil).RedirectsTo(t, "/laboratori/")
		again := strings.Join(e.Outbox()[sent:], "\n")
		for _, who := range []string{cu.Email, "nonna@example.org"} {
			if !strings.Contains(again, who+` | La proposta "Luci e panchine nel parco" è cambiata`) || !strings.Contains(again, "di nuovo visibile") {
				t.Fatalf("%s not told the proposal is visible again:\n%s", who, again)
			}
		}
		fac.PostForm("/laboratori/"+lab+"/contributi/"+proposal+"/risposta", url.Values{"answer": {"Ne parliamo con il Comune."}}).
			RedirectsTo(t, "/laboratori/")

		// Outcomes.
		outcome := url.Values{"outcome_title": {"Nuova illuminazione del parco"}, "outcome_state": {"in_corso"}, "outcome_posts": {proposal}}
		fac.PostForm("/laboratori/"+lab+"/esiti", outcome).Status(t, 422).Contains(t, "fase degli esiti")
		fac.PostForm("/laboratori/"+lab+"/fase", url.Values{"phase": {"esiti"}}).RedirectsTo(t, "/laboratori/"+lab)
		e.Outbox()
		fac.PostForm("/laboratori/"+lab+"/esiti", outcome).RedirectsTo(t, "/laboratori/"+lab)
		mails = strings.Join(e.Outbox(), "\n")
		for _, who := range []string{cu.Email, "nonna@example.org"} {
			if !strings.Contains(mails, who+" | La proposta \"Luci e panchine nel parco\" è cambiata") {
				t.Fatalf("%s not told of the outcome:\n%s", who, mails)
			}
		}
		var oid string
		e.App.DB.R.QueryRow(`SELECT id FROM lab_outcomes WHERE lab_id = $1`, lab).Scan(&oid)
		fac.PostForm("/laboratori/"+lab+"/esiti/"+oid, url.Values{"state": {"non_realizzabile"}}).Status(t, 422).Contains(t, "Spiega perché")
		fac.PostForm("/laboratori/"+lab+"/esiti/"+oid, url.Values{"state": {"realizzato"}}).RedirectsTo(t, "/laboratori/"+lab)
		if !strings.Contains(strings.Join(e.Outbox(), "\n"), "ora è: realizzato") {
			t.Fatal("supporters not told the proposal was done")
		}
		guest.Get("/laboratori/"+lab).Status(t, 200).Contains(t, "Nuova illuminazione del parco", "realizzato", "Luci e panchine nel parco")
		if n := e.Count(`SELECT COUNT(*) FROM lab_post_history WHERE post_id = $1`, proposal); n != 6 {
			t.Fatalf("proposal history has %d rows, want 6 (open, hidden twice, shown, in corso, realizzato)", n)
		}
	})
}

// openProposal makes a lab in its proposals phase with one proposal, and
// returns both ids.
func openProposal(t *testing.T, e *apptest.Env) (lab, proposal string) {
	t.Helper()
	w := ptest.Setup(t, e)
	lab = newLab(t, e, w)
	fac := e.As(w.Operators[0])
	fac.PostForm("/laboratori/"+lab+"/fase", url.Values{"phase": {"proposte"}}).RedirectsTo(t, "/laboratori/")
	r := fac.PostForm("/laboratori/"+lab+"/contributi", url.Values{"title": {"Orti condivisi"}, "body": {"Nel cortile della scuola."}})
	return lab, postID(r, lab)
}

// TestSupportConcurrency: the same people press "support" many times at
// once: each counts once, on both engines.
func TestSupportConcurrency(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		lab, proposal := openProposal(t, e)
		var clients []*apptest.Client
		for i := range 5 {
			clients = append(clients, e.As(e.CreateUser(auth.Citizen, fmt.Sprintf("c%d@example.org", i))))
		}
		var wg sync.WaitGroup
		for i := range 30 {
			c := clients[i%len(clients)]
			wg.Go(func() { c.PostForm("/laboratori/"+lab+"/contributi/"+proposal+"/sostegno", nil) })
		}
		wg.Wait()
		if n := e.Count(`SELECT COUNT(*) FROM lab_supports WHERE post_id = $1 AND confirmed_at IS NOT NULL`, proposal); n != 5 {
			t.Fatalf("%d supports from 5 people", n)
		}
	}, apptest.Option(func(c *app.Config) { c.Participation.FormLimit = 100 }))
}

// TestEmailSupportConcurrency: people without an account support a
// proposal by e-mail, each pressing many times at once: every press is
// answered, each person has one support, counted only once they open the
// link, however many times the link is opened at once; a person whose
// support waits for its e-mail and who then comes with a verified account
// is counted at once, still once. On both engines.
func TestEmailSupportConcurrency(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		lab, proposal := openProposal(t, e)
		path := "/laboratori/" + lab + "/contributi/" + proposal
		counted := func() int {
			return e.Count(`SELECT COUNT(*) FROM lab_supports WHERE post_id = $1 AND confirmed_at IS NOT NULL`, proposal)
		}
		var wg sync.WaitGroup
		for i := range 30 {
			email := fmt.Sprintf("vicino%d@example.org", i%5)
			wg.Go(func() {
				r := e.Anonymous().PostForm(path+"/sostegno", url.Values{"email": {email}})
				if r.StatusCode != http.StatusSeeOther {
					t.Errorf("support by %s answered %d", email, r.StatusCode)
				}
			})
		}
		wg.Wait()
		if n := e.Count(`SELECT COUNT(*) FROM lab_supports WHERE post_id = $1`, proposal); n != 5 || counted() != 0 {
			t.Fatalf("%d supports (%d counted) from 5 people not confirmed yet", n, counted())
		}

		// Each opens their latest link; four people open it four times at once.
		mails := strings.Join(e.Outbox(), "\n")
		for i := range 4 {
			to := fmt.Sprintf("vicino%d@example.org", i)
			last := strings.LastIndex(mails, to+" | ")
			link := strings.TrimPrefix(apptest.LinkIn(t, mails[last:], "/sostegni/"), e.URL)
			var ok atomic.Int32
			for range 4 {
				wg.Go(func() {
					switch r := e.Anonymous().PostForm(link, nil); r.StatusCode {
					case http.StatusSeeOther:
						ok.Add(1)
					case http.StatusNotFound: // already used
					default:
						t.Errorf("confirmation by %s answered %d", to, r.StatusCode)
					}
				})
			}
			wg.Wait()
			if ok.Load() != 1 {
				t.Fatalf("%s's link confirmed %d times", to, ok.Load())
			}
		}
		if n := counted(); n != 4 {
			t.Fatalf("%d supports counted, want 4", n)
		}

		// The fifth person signs up (verified) and supports again, from two
		// tabs at once: counted at once, once.
		u := e.CreateUser(auth.Citizen, "vicino4@example.org")
		c := e.As(u)
		for range 2 {
			wg.Go(func() { c.PostForm(path+"/sostegno", nil) })
		}
		wg.Wait()
		if n, all := counted(), e.Count(`SELECT COUNT(*) FROM lab_supports WHERE post_id = $1`, proposal); n != 5 || all != 5 {
			t.Fatalf("%d of %d supports counted, want 5 of 5", n, all)
		}
		e.Anonymous().Get(path).Status(t, 200).Contains(t, "5 persone sostengono")
	}, apptest.Option(func(c *app.Config) { c.Participation.FormLimit = 1000 }))
}

// TestHideLab: a coordinator hides a whole lab with a reason: it leaves the
// public list and pages and takes no contributions or supports; the
// facilitators, authors, commenters and supporters are told once each, in
// an e-mail with the reason; showing it again tells them too. Facilitators
// cannot hide it, nor a coordinator of another territory.
func TestHideLab(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		w := ptest.Setup(t, e)
		lab := newLab(t, e, w)
		fac := e.As(w.Operators[0])
		fac.PostForm("/laboratori/"+lab+"/fase", url.Values{"phase": {"proposte"}}).RedirectsTo(t, "/laboratori/")
		citizen, cu := e.AsRole(auth.Citizen)
		proposal := postID(citizen.PostForm("/laboratori/"+lab+"/contributi", url.Values{"title": {"Orti condivisi"}, "body": {"Nel cortile."}}), lab)
		path := "/laboratori/" + lab + "/contributi/" + proposal
		commenter, cm := e.AsRole(auth.Volunteer)
		commenter.PostForm(path+"/commenti", url.Values{"comment": {"Ci sto."}}).RedirectsTo(t, "/laboratori/")
		commenter.PostForm(path+"/sostegno", nil).RedirectsTo(t, "/laboratori/") // also a supporter: told once
		guest := e.Anonymous()
		guest.PostForm(path+"/sostegno", url.Values{"email": {"nonna@example.org"}}).RedirectsTo(t, "/laboratori/")
		link := strings.TrimPrefix(apptest.LinkIn(t, strings.Join(e.Outbox(), "\n"), "/sostegni/"), e.URL)
		guest.PostForm(link, nil).RedirectsTo(t, path)

		coord := e.As(w.Coord)
		fac.PostForm("/laboratori/"+lab+"/nascondi", url.Values{"hide": {"1"}, "lab_reason": {"x"}}).Status(t, 403)
		e.As(e.CreateUser(auth.Coordinator, "altro.ambito@comune.example")).
			PostForm("/laboratori/"+lab+"/nascondi", url.Values{"hide": {"1"}, "lab_reason": {"x"}}).Status(t, 404)
		coord.PostForm("/laboratori/"+lab+"/nascondi", url.Values{"hide": {"1"}}).Status(t, 422).Contains(t, "Scrivi il motivo")
		sent := len(e.Outbox())
		coord.PostForm("/laboratori/"+lab+"/nascondi", url.Values{"hide": {"1"}, "lab_reason": {"Il quartiere ha chiesto una pausa"}}).
			RedirectsTo(t, "/laboratori/"+lab)
		told := e.Outbox()[sent:]
		for _, who := range []string{w.Operators[0].Email, cu.Email, cm.Email, "nonna@example.org"} {
			n := 0
			for _, m := range told {
				if strings.HasPrefix(m, who+` | Il laboratorio "Laboratorio Lavagna" è stato nascosto`) &&
					strings.Contains(m, "Il quartiere ha chiesto una pausa") {
					n++
				}
			}
			if n != 1 {
				t.Errorf("%s told %d times that the lab was hidden:\n%s", who, n, strings.Join(told, "\n"))
			}
		}
		guest.Get("/laboratori").Status(t, 200).Lacks(t, "Laboratorio Lavagna")
		guest.Get("/laboratori/"+lab).Status(t, 404)
		guest.Get(path).Status(t, 404)
		citizen.PostForm("/laboratori/"+lab+"/contributi", url.Values{"title": {"Altro"}, "body": {"Altro."}}).Status(t, 404)
		guest.PostForm(path+"/sostegno", url.Values{"email": {"zio@example.org"}}).Status(t, 404)
		fac.Get("/laboratori/"+lab).Status(t, 200).Contains(t, "Questo laboratorio è nascosto", "Il quartiere ha chiesto una pausa")
		coord.Get("/laboratori").Status(t, 200).Contains(t, "Laboratorio Lavagna")
		coord.PostForm("/laboratori/"+lab+"/nascondi", url.Values{"hide": {"1"}, "lab_reason": {"ancora"}}).Status(t, 422).Contains(t, "già in questo stato")

		sent = len(e.Outbox())
		coord.PostForm("/laboratori/"+lab+"/nascondi", nil).RedirectsTo(t, "/laboratori/"+lab)
		if again := strings.Join(e.Outbox()[sent:], "\n"); !strings.Contains(again, cu.Email+` | Il laboratorio "Laboratorio Lavagna" è di nuovo visibile`) {
			t.Fatalf("the author was not told the lab is visible again:\n%s", again)
		}
		guest.Get("/laboratori/"+lab).Status(t, 200).Lacks(t, "Questo laboratorio è nascosto")
		if n := e.Count(`SELECT COUNT(*) FROM audit_log WHERE entity = 'lab' AND entity_id = $1 AND action IN ('hidden', 'shown')`, lab); n != 2 {
			t.Errorf("%d audit lines for hiding and showing, want 2", n)
		}
	})
}
