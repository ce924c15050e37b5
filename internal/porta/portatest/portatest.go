// Package portatest builds the small world the porta's tests need: a
// territory (Buccinasco and Corsico), its coordinator, and two published
// organizations with an operator each — a doposcuola in Buccinasco and a
// solidarity store in Corsico — plus a service in another territory.
package portatest

import (
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/people/qualification"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/porta"
	"github.com/trama-welfare/trama/internal/territory"
)

// World is the fixture.
type World struct {
	Territory, Other      string // territory ids
	Coordinator           *auth.User
	Colleague             *auth.User // a second coordinator of the territory
	FarCoordinator        *auth.User // a coordinator of the other territory
	OrgA, OrgB, OrgFar    string
	ServiceA, ServiceB    string // doposcuola (Buccinasco), emporio (Corsico)
	ServiceFar            string
	OperatorA, OperatorB  *auth.User
	OperatorFar, Stranger *auth.User // an operator of the other territory; one of no organization
	Volunteer             *auth.User // with the sentinel qualification
}

// Doposcuola is the service of organization A.
var Doposcuola = porta.SampleOrg{Name: "Associazione Il Melograno", Kind: "aps",
	Description: "Doposcuola e laboratori per bambini e ragazzi.", Place: "Sala del Melograno",
	Address: "Via Roma 10", CAP: "20090", ISTAT: "015036",
	Services: []porta.SampleService{{Name: "Doposcuola Il Melograno", Description: "Aiuto compiti dal lunedì al venerdì.",
		Categories: []string{"EDU-DOPO"}, TargetGroups: []string{"DEST-BAMB", "DEST-PREADO"}, MinAge: porta.Int(6),
		MaxAge: porta.Int(14), Free: true, Capacity: porta.Int(20), Days: []string{"MO", "WE", "FR"}, Opens: "15:00",
		Closes: "18:00", Languages: []string{"it", "ar"}}}}

// Emporio is the service of organization B.
var Emporio = porta.SampleOrg{Name: "Emporio Solidale Corsico", Kind: "odv",
	Description: "Spesa gratuita per le famiglie in difficoltà.", Place: "Emporio", Address: "Via Milano 5",
	CAP: "20094", ISTAT: "015093",
	Services: []porta.SampleService{{Name: "Spesa all'emporio", Description: "Alimenti e prodotti per la casa con la tessera a punti.",
		Categories: []string{"BEN-EMPORIO"}, TargetGroups: []string{"DEST-FAM", "DEST-FRAGILI"}, Free: true,
		Days: []string{"TU", "SA"}, Opens: "09:00", Closes: "12:00"}}}

// Setup builds the world on e.
func Setup(t testing.TB, e *apptest.Env) *World {
	t.Helper()
	w := &World{}
	w.Territory = makeTerritory(t, e, "Ambito di Corsico", "015036", "015093")
	w.Other = makeTerritory(t, e, "Ambito di Cervia", "039007")
	w.Coordinator = member(t, e, auth.Coordinator, "coordinatrice@comune.example", w.Territory)
	w.Colleague = member(t, e, auth.Coordinator, "collega@comune.example", w.Territory)
	w.FarCoordinator = member(t, e, auth.Coordinator, "cervia@comune.example", w.Other)
	var ids []string
	var err error
	w.OrgA, ids, err = porta.PublishSample(e.Ctx, e.App.Directory, w.Coordinator, w.Territory, Doposcuola)
	if err != nil {
		t.Fatalf("portatest: publish A: %v", err)
	}
	w.ServiceA = ids[0]
	if w.OrgB, ids, err = porta.PublishSample(e.Ctx, e.App.Directory, w.Coordinator, w.Territory, Emporio); err != nil {
		t.Fatalf("portatest: publish B: %v", err)
	}
	w.ServiceB = ids[0]
	far := Emporio
	far.Name, far.ISTAT, far.CAP = "Emporio di Cervia", "039007", "48015"
	if w.OrgFar, ids, err = porta.PublishSample(e.Ctx, e.App.Directory, w.FarCoordinator, w.Other, far); err != nil {
		t.Fatalf("portatest: publish far: %v", err)
	}
	w.ServiceFar = ids[0]
	w.OperatorA = memberOf(t, e, "operatrice@melograno.example", w.Territory, w.OrgA)
	w.OperatorB = memberOf(t, e, "operatore@emporio.example", w.Territory, w.OrgB)
	w.OperatorFar = memberOf(t, e, "operatore@cervia.example", w.Other, w.OrgFar)
	w.Stranger = member(t, e, auth.Operator, "nessuno@ente.example", w.Territory)
	w.Volunteer = member(t, e, auth.Volunteer, "sentinella@quartiere.example", w.Territory)
	if err := e.App.People.Qualifications.GrantByCoordinator(e.Ctx, w.Coordinator, w.Territory,
		qualification.GrantRequest{Email: w.Volunteer.Email, Code: qualification.Sentinel}); err != nil {
		t.Fatalf("portatest: sentinel: %v", err)
	}
	return w
}

func makeTerritory(t testing.TB, e *apptest.Env, name string, comuni ...string) string {
	t.Helper()
	tr := &territory.Territory{Name: name}
	if err := e.App.Territories.Create(e.Ctx, tr); err != nil {
		t.Fatal(err)
	}
	if err := e.App.Territories.AddComuni(e.Ctx, tr.ID, comuni); err != nil {
		t.Fatal(err)
	}
	return tr.ID
}

// member creates a user of a territory.
func member(t testing.TB, e *apptest.Env, role auth.Role, email, territoryID string) *auth.User {
	t.Helper()
	u := e.CreateUser(role, email)
	u.TerritoryID = territoryID
	u.Name = strings.ToUpper(email[:1]) + strings.Split(email, "@")[0][1:]
	if err := e.App.Auth.AdminUpdate(e.Ctx, u); err != nil {
		t.Fatal(err)
	}
	return u
}

// memberOf creates an operator working for an organization.
func memberOf(t testing.TB, e *apptest.Env, email, territoryID, orgID string) *auth.User {
	t.Helper()
	u := member(t, e, auth.Operator, email, territoryID)
	if err := e.App.Directory.Store.AddMember(e.Ctx, e.App.DB.W, orgID, u.ID); err != nil {
		t.Fatal(err)
	}
	return u
}
