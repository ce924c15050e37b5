package participation_test

import (
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/participation"
	"github.com/trama-welfare/trama/internal/participation/ptest"
	"github.com/trama-welfare/trama/internal/platform/auth"
)

// The demo data set loads with no organizations at all (the coordination
// organizes, citizens sign) …
func TestDemoWithoutOrganizations(t *testing.T) {
	e := apptest.SQLite(t, apptest.Demo())
	for q, want := range map[string]int{
		`SELECT COUNT(*) FROM events WHERE status = 'published'`:                           2,
		`SELECT COUNT(*) FROM event_registrations WHERE status = 'confirmed'`:              3,
		`SELECT COUNT(*) FROM labs`:                                                        1,
		`SELECT COUNT(*) FROM lab_posts`:                                                   4,
		`SELECT COUNT(*) FROM pact_signatures WHERE organization_id IS NULL`:               1,
		`SELECT COUNT(*) FROM lab_supports WHERE confirmed_at IS NOT NULL`:                 2,
		`SELECT COUNT(*) FROM events WHERE lab_id IS NOT NULL AND organization_id IS NULL`: 1,
	} {
		if n := e.Count(q); n != want {
			t.Errorf("%s = %d, want %d", q, n, want)
		}
	}
	e.Anonymous().Get("/eventi").Status(t, 200).Contains(t, "difFUSIONE", "Incontro del laboratorio")
	e.Anonymous().Get("/rete/mappa").Status(t, 200).Contains(t, "Nessun ente ha ancora aderito")
}

// … and uses the organizations there are, whoever their people are.
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
