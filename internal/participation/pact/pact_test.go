package pact_test

import (
	"math"
	"net/url"
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/participation/pact"
	"github.com/trama-welfare/trama/internal/participation/ptest"
	"github.com/trama-welfare/trama/internal/platform/auth"
)

const text = `# Patto di comunità

Una comunità che sa stare bene **perché sa prendersi cura di sé**.

<script>alert("x")</script>

- ascolto
- [link pericoloso](javascript:alert(1))
`

// TestPactJourney: a coordinator publishes the pact; an organization
// adheres saying what it brings and appears among the signatories and in
// the network graph; partnerships make links; a new version asks the
// signatories to confirm.
func TestPactJourney(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		w := ptest.Setup(t, e)
		coord := e.As(w.Coord)
		coord.PostForm("/patto/nuovo", url.Values{"title": {"Patto"}, "body": {""}}).Status(t, 422).Contains(t, "Campo obbligatorio")
		r := coord.PostForm("/patto/nuovo", url.Values{"title": {"Patto di comunità di Corsico"}, "body": {text}}).RedirectsTo(t, "/patto/")
		id := strings.TrimPrefix(r.Header.Get("Location"), "/patto/")

		page := e.Anonymous().Get("/patto/"+id).Status(t, 200)
		page.Contains(t, "<h1>Patto di comunità</h1>", "<strong>perché sa prendersi cura di sé</strong>", "<li>ascolto</li>")
		page.Lacks(t, `<script>alert`, `href="javascript:`)

		op0, op1 := e.As(w.Operators[0]), e.As(w.Operators[1])
		op0.Get("/patto/"+id).Status(t, 200).Contains(t, "Aderisci come ente")
		op0.PostForm("/patto/"+id+"/aderisci", url.Values{"organization_id": {w.Orgs[1]}, "brings_value": {"x"}}).
			Status(t, 422).Contains(t, "Scegli un ente")
		op0.PostForm("/patto/"+id+"/aderisci", url.Values{"organization_id": {w.Orgs[0]}, "brings_hours": {"tante"}}).
			Status(t, 422).Contains(t, "Campo obbligatorio", "numero di ore")
		adhesion := url.Values{"organization_id": {w.Orgs[0]}, "brings_value": {"Allenatori volontari e sport per tutti"},
			"brings_hours": {"20"}, "brings_spaces": {"Palestra il sabato mattina"}}
		op0.PostForm("/patto/"+id+"/aderisci", adhesion).RedirectsTo(t, "/patto/"+id)
		op0.PostForm("/patto/"+id+"/aderisci", adhesion).Status(t, 422).Contains(t, "c&#39;è già")
		e.Anonymous().Get("/patto/"+id).Status(t, 200).
			Contains(t, "Polisportiva Corsico APS", "Allenatori volontari e sport per tutti", "Palestra il sabato mattina", "Enti: 1")
		m := e.Anonymous().Get("/rete/mappa").Status(t, 200)
		m.Contains(t, `<svg class="network-graph"`, "<title>Polisportiva Corsico APS</title>", "1</strong> enti aderenti",
			"0</strong> legami", "1</strong> aderenti senza legami")

		citizen, _ := e.AsRole(auth.Citizen)
		citizen.PostForm("/patto/"+id+"/firma", url.Values{"brings_value": {"Un'ora a settimana per il doposcuola"}}).RedirectsTo(t, "/patto/")

		op1.PostForm("/patto/"+id+"/aderisci", url.Values{"organization_id": {w.Orgs[1]}, "brings_value": {"Orti sociali"}}).RedirectsTo(t, "/patto/")
		op1.PostForm("/rete/collaborazioni", url.Values{"from_org": {w.Orgs[1]}, "to_org": {w.Orgs[1]}, "description": {"x"}}).
			Status(t, 422).Contains(t, "Scegli un altro ente")
		op1.PostForm("/rete/collaborazioni", url.Values{"from_org": {w.Orgs[1]}, "to_org": {w.Orgs[0]}, "description": {"Orto e sport il mercoledì"}}).
			RedirectsTo(t, "/rete/collaborazioni")
		if !strings.Contains(strings.Join(e.Outbox(), "\n"), w.Operators[0].Email+" | Nuova collaborazione dichiarata") {
			t.Fatal("the partner organization was not told")
		}
		coord.PostForm("/rete/ruoli", url.Values{"organization_id": {w.Orgs[0]}, "role": {"cabina_ristretta"}}).RedirectsTo(t, "/rete/ruoli")
		op0.PostForm("/rete/ruoli", url.Values{"organization_id": {w.Orgs[0]}, "role": {""}}).Status(t, 403)
		m = e.Anonymous().Get("/rete/mappa").Status(t, 200)
		m.Contains(t, "2</strong> enti aderenti", "1</strong> legami", "0</strong> aderenti senza legami", "node-cabina_ristretta",
			"<line", "Cooperativa Il Giardino (collaborazione)")

		// A new version: signatories are asked to confirm.
		e.Outbox()
		coord.PostForm("/patto/"+id+"/versione", url.Values{"body": {text + "\n- reciprocità\n"}, "changes": {"Aggiunta la reciprocità."}}).
			RedirectsTo(t, "/patto/"+id)
		mails := strings.Join(e.Outbox(), "\n")
		for _, u := range []*auth.User{w.Operators[0], w.Operators[1]} {
			if !strings.Contains(mails, u.Email+" | Nuova versione del patto") {
				t.Fatalf("%s not asked to confirm:\n%s", u.Email, mails)
			}
		}
		r = op0.Get("/patto/"+id).Status(t, 200).Contains(t, "deve confermare l&#39;adesione", "Aggiunta la reciprocità")
		var sig string
		e.App.DB.R.QueryRow(`SELECT id FROM pact_signatures WHERE organization_id = $1`, w.Orgs[0]).Scan(&sig)
		op1.PostForm("/patto/"+id+"/conferma", url.Values{"signature": {sig}}).Status(t, 404)
		op0.PostForm("/patto/"+id+"/conferma", url.Values{"signature": {sig}}).RedirectsTo(t, "/patto/"+id)
		if n := e.Count(`SELECT confirmed_version FROM pact_signatures WHERE id = $1`, sig); n != 2 {
			t.Fatalf("confirmed version %d, want 2", n)
		}
		e.Anonymous().Get("/patto/"+id+"?versione=1").Status(t, 200).Contains(t, "Versione 1 del")
	})
}

func TestLayoutIsDeterministicAndInside(t *testing.T) {
	n := &pact.Network{}
	for _, id := range []string{"a", "b", "c", "d", "e"} {
		n.Members = append(n.Members, &pact.Member{ID: id, Name: "Ente " + id, Member: true})
	}
	n.Links = []*pact.Link{{A: "a", B: "b", Kinds: []string{pact.LinkPartnership}}, {A: "b", B: "c", Kinds: []string{pact.LinkEvent}}}
	g1, g2 := pact.Layout(n, 900, 600), pact.Layout(n, 900, 600)
	for i := range g1.Nodes {
		p := g1.Nodes[i]
		if p != g2.Nodes[i] {
			t.Fatalf("two layouts differ: %+v %+v", p, g2.Nodes[i])
		}
		if math.IsNaN(p.X) || p.X < 0 || p.X > 900 || p.Y < 0 || p.Y > 600 {
			t.Fatalf("node outside the drawing: %+v", p)
		}
	}
	dist := func(a, b pact.GraphNode) float64 { return math.Hypot(a.X-b.X, a.Y-b.Y) }
	if dist(g1.Nodes[0], g1.Nodes[1]) >= dist(g1.Nodes[0], g1.Nodes[4]) {
		t.Errorf("linked organizations are not closer than unlinked ones")
	}
	if len(g1.Edges) != 2 || !strings.Contains(g1.Edges[1].Class, "link-event") {
		t.Errorf("edges: %+v", g1.Edges)
	}
	if g := pact.Layout(&pact.Network{}, 900, 600); len(g.Nodes) != 0 {
		t.Error("an empty network has nodes")
	}
}
