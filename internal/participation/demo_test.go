package participation_test

import (
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/participation"
	"github.com/trama-welfare/trama/internal/participation/ptest"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/territory"
)

// The whole demo data set: the network's organizations sign the pact and
// the demo operator's organization organizes the events.
func TestDemoDataSet(t *testing.T) {
	e := apptest.SQLite(t, apptest.Demo())
	for q, want := range map[string]int{
		`SELECT COUNT(*) FROM events WHERE status = 'published' AND organization_id IS NOT NULL`: 2,
		`SELECT COUNT(*) FROM event_registrations WHERE status = 'confirmed'`:                    3,
		`SELECT COUNT(*) FROM labs`:                                          1,
		`SELECT COUNT(*) FROM lab_posts`:                                     4,
		`SELECT COUNT(*) FROM pact_signatures WHERE organization_id IS NULL`: 1,
		`SELECT COUNT(*) FROM network_partnerships`:                          3,
		`SELECT COUNT(*) FROM bulletin_posts`:                                1,
	} {
		if n := e.Count(q); n != want {
			t.Errorf("%s = %d, want %d", q, n, want)
		}
	}
	if n := e.Count(`SELECT COUNT(*) FROM pact_signatures WHERE organization_id IS NOT NULL`); n < 2 {
		t.Errorf("only %d organizations signed the demo pact", n)
	}
	e.Anonymous().Get("/eventi").Status(t, 200).Contains(t, "difFUSIONE", "Incontro del laboratorio")
	e.Anonymous().Get("/laboratori").Status(t, 200).Contains(t, "Laboratorio di quartiere Lavagna")
	e.Anonymous().Get("/rete/mappa").Status(t, 200).Contains(t, "node-cabina_ristretta", "<line")
}

// With no organization at all the coordination organizes and only
// citizens sign …
func TestDemoWithoutOrganizations(t *testing.T) {
	e := apptest.SQLite(t)
	tr := &territory.Territory{Name: "Ambito vuoto"}
	if err := e.App.Territories.Create(e.Ctx, tr); err != nil {
		t.Fatal(err)
	}
	e.App.Territories.AddComuni(e.Ctx, tr.ID, []string{"015093"})
	coord := e.CreateUser(auth.Coordinator, "coord@example.org")
	coord.TerritoryID = tr.ID
	e.App.Auth.AdminUpdate(e.Ctx, coord)
	e.CreateUser(auth.Citizen, "cittadina@example.org")
	err := e.App.Participation.SeedDemo(e.Ctx, tr.ID, participation.DemoPeople{Coordinator: coord.Email,
		Operator: "nessuno@example.org", Citizen: "cittadina@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]int{
		`SELECT COUNT(*) FROM events WHERE status = 'published' AND organization_id IS NULL`: 2,
		`SELECT COUNT(*) FROM pact_signatures`:                                               1,
		`SELECT COUNT(*) FROM bulletin_posts`:                                                0,
	} {
		if n := e.Count(q); n != want {
			t.Errorf("%s = %d, want %d", q, n, want)
		}
	}
	e.Anonymous().Get("/rete/mappa").Status(t, 200).Contains(t, "Nessun ente ha ancora aderito")
}

// … and it uses the organizations there are, whoever their people are.
func TestDemoWithOrganizations(t *testing.T) {
	e := apptest.SQLite(t)
	w := ptest.Setup(t, e)
	e.CreateUser(auth.Citizen, "cittadina@example.org")
	err := e.App.Participation.SeedDemo(e.Ctx, w.TerritoryID, participation.DemoPeople{Coordinator: w.Coord.Email,
		Operator: w.Operators[1].Email, Citizen: "cittadina@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	if n := e.Count(`SELECT COUNT(*) FROM pact_signatures WHERE organization_id IS NOT NULL`); n != 2 {
		t.Fatalf("%d organizations signed, want 2", n)
	}
	if n := e.Count(`SELECT COUNT(*) FROM events WHERE organization_id = $1`, w.Orgs[1]); n != 2 {
		t.Fatalf("the demo operator's organization organizes %d events, want 2", n)
	}
	e.Anonymous().Get("/rete/mappa?ambito="+w.TerritoryID).Status(t, 200).
		Contains(t, "2</strong> enti aderenti", "1</strong> legami", "node-cabina_ristretta")
	e.As(w.Operators[0]).Get("/bacheca").Status(t, 200).Contains(t, "Sala riunioni libera")
}
