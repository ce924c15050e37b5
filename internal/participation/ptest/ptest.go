// Package ptest builds, for the tests of Partecipazione, a small network on
// a fresh Trama: a territory around Corsico, its coordinator, two published
// organizations and an operator of each.
package ptest

import (
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/territory"
)

// World is the network of a test.
type World struct {
	TerritoryID string
	Coord       *auth.User
	Orgs        []string // ids: "Polisportiva Corsico APS", "Cooperativa Il Giardino"
	Operators   []*auth.User
}

// Setup builds the world on e.
func Setup(t testing.TB, e *apptest.Env) *World {
	t.Helper()
	tr := &territory.Territory{Name: "Ambito di Corsico"}
	if err := e.App.Territories.Create(e.Ctx, tr); err != nil {
		t.Fatal(err)
	}
	if err := e.App.Territories.AddComuni(e.Ctx, tr.ID, []string{"015036", "015093"}); err != nil {
		t.Fatal(err)
	}
	w := &World{TerritoryID: tr.ID}
	w.Coord = e.CreateUser(auth.Coordinator, "coordinatrice@comune.example")
	w.Coord.TerritoryID = tr.ID
	if err := e.App.Auth.AdminUpdate(e.Ctx, w.Coord); err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"Polisportiva Corsico APS", "Cooperativa Il Giardino"} {
		w.Orgs = append(w.Orgs, Org(t, e, w, name))
		op := e.CreateUser(auth.Operator, "operatore"+string(rune('a'+i))+"@ente.example")
		op.TerritoryID = tr.ID
		if err := e.App.Auth.AdminUpdate(e.Ctx, op); err != nil {
			t.Fatal(err)
		}
		if err := e.App.Directory.Store.AddMember(e.Ctx, e.App.DB.W, w.Orgs[i], op.ID); err != nil {
			t.Fatal(err)
		}
		w.Operators = append(w.Operators, op)
	}
	return w
}

// Org creates an active organization in the world's territory.
func Org(t testing.TB, e *apptest.Env, w *World, name string) string {
	t.Helper()
	v, err := e.App.Directory.CreateOrganization(e.Ctx, w.Coord, directory.NewOrganization{Name: name, Kind: "aps",
		Description: "Un ente della rete di prova: " + strings.ToLower(name) + ".", TerritoryID: w.TerritoryID})
	if err != nil {
		t.Fatalf("ptest: create %s: %v", name, err)
	}
	// Publishing needs a whole record with services; Partecipazione only
	// needs the organization to be active.
	if _, err := e.App.DB.W.Exec(`UPDATE organizations SET status = 'active', published_at = created_at WHERE id = $1`,
		v.OrganizationID); err != nil {
		t.Fatal(err)
	}
	return v.OrganizationID
}
