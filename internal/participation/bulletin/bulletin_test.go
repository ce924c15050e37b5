package bulletin_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/participation/ptest"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/territory"
)

// TestBulletin: an association offers its van; another answers by message
// and gets an answer; a third sees neither conversation; the weekly digest
// reaches the network except who opted out.
func TestBulletin(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		w := ptest.Setup(t, e)
		op0, op1 := e.As(w.Operators[0]), e.As(w.Operators[1])
		third := ptest.Org(t, e, w, "Oratorio San Luigi")
		op2u := e.CreateUser(auth.Operator, "oratorio@ente.example")
		op2u.TerritoryID = w.TerritoryID
		e.App.Auth.AdminUpdate(e.Ctx, op2u)
		e.App.Directory.Store.AddMember(e.Ctx, e.App.DB.W, third, op2u.ID)
		op2 := e.As(op2u)

		post := url.Values{"organization_id": {w.Orgs[0]}, "kind": {"offer"}, "category": {"vehicle"},
			"title": {"Prestiamo il furgone 9 posti"}, "body": {"Il sabato, con autista volontario."},
			"expires_on": {time.Now().AddDate(0, 0, -1).Format(time.DateOnly)}}
		op0.PostForm("/bacheca/nuovo", post).Status(t, 422).Contains(t, "Scegli una data", "Prestiamo il furgone")
		post.Set("expires_on", time.Now().AddDate(0, 0, 20).Format(time.DateOnly))
		post.Set("organization_id", w.Orgs[1])
		op0.PostForm("/bacheca/nuovo", post).Status(t, 422).Contains(t, "Scegli un ente")
		post.Set("organization_id", w.Orgs[0])
		r := op0.PostForm("/bacheca/nuovo", post).RedirectsTo(t, "/bacheca/")
		id := strings.TrimPrefix(r.Header.Get("Location"), "/bacheca/")

		op1.Get("/bacheca").Status(t, 200).Contains(t, "Prestiamo il furgone 9 posti", "Polisportiva Corsico APS")
		e.Anonymous().Get("/bacheca").RedirectsTo(t, "/accedi")
		citizen, _ := e.AsRole(auth.Citizen)
		citizen.Get("/bacheca").Status(t, 403)

		op1.PostForm("/bacheca/"+id+"/messaggi", url.Values{"from_org": {w.Orgs[1]}, "body": {""}}).Status(t, 422).Contains(t, "Campo obbligatorio")
		op1.PostForm("/bacheca/"+id+"/messaggi", url.Values{"from_org": {w.Orgs[1]}, "body": {"Ci servirebbe sabato 12 per la gita."}}).
			RedirectsTo(t, "/bacheca/"+id)
		op2.PostForm("/bacheca/"+id+"/messaggi", url.Values{"from_org": {third}, "body": {"Anche a noi, a dicembre."}}).RedirectsTo(t, "/bacheca/")
		mails := strings.Join(e.Outbox(), "\n")
		if !strings.Contains(mails, w.Operators[0].Email+" | Nuovo messaggio dalla bacheca") {
			t.Fatalf("the posting organization was not told:\n%s", mails)
		}
		op0.Get("/bacheca/"+id).Status(t, 200).Contains(t, "Ci servirebbe sabato 12", "Anche a noi, a dicembre")
		op2.Get("/bacheca/"+id).Status(t, 200).Contains(t, "Anche a noi, a dicembre").Lacks(t, "Ci servirebbe sabato 12")
		op0.PostForm("/bacheca/"+id+"/messaggi", url.Values{"from_org": {w.Orgs[0]}, "thread_org": {w.Orgs[1]}, "body": {"Va bene, passate alle 9."}}).
			RedirectsTo(t, "/bacheca/"+id)
		if !strings.Contains(strings.Join(e.Outbox(), "\n"), w.Operators[1].Email+" | Nuovo messaggio dalla bacheca") {
			t.Fatal("the answering organization was not told")
		}
		op1.Get("/bacheca/"+id).Status(t, 200).Contains(t, "Va bene, passate alle 9.")

		// Another territory's operator does not see it.
		tr := &territory.Territory{Name: "Ambito di Cervia"}
		e.App.Territories.Create(e.Ctx, tr)
		far := e.CreateUser(auth.Operator, "cervia@ente.example")
		far.TerritoryID = tr.ID
		e.App.Auth.AdminUpdate(e.Ctx, far)
		e.As(far).Get("/bacheca/"+id).Status(t, 404)
		e.As(far).Get("/bacheca").Status(t, 200).Lacks(t, "Prestiamo il furgone")

		// Weekly digest.
		op2.PostForm("/bacheca/riepilogo", url.Values{"digest": {"off"}}).RedirectsTo(t, "/bacheca")
		n, err := e.App.Participation.Bulletin.Digest(e.Ctx, time.Now())
		if err != nil || n != 2 {
			t.Fatalf("digest sent %d e-mails (%v), want 2", n, err)
		}
		mails = strings.Join(e.Outbox(), "\n")
		if !strings.Contains(mails, w.Operators[1].Email+" | Le novità della settimana") || strings.Contains(mails, "oratorio@ente.example | Le novità") {
			t.Fatalf("digest recipients wrong:\n%s", mails)
		}
		op0.PostForm("/bacheca/"+id+"/chiudi", nil).RedirectsTo(t, "/bacheca")
		op1.Get("/bacheca").Status(t, 200).Lacks(t, "Prestiamo il furgone")
		op1.PostForm("/bacheca/"+id+"/messaggi", url.Values{"from_org": {w.Orgs[1]}, "body": {"Ancora?"}}).Status(t, 422).Contains(t, "chiuso o scaduto")
	})
}
