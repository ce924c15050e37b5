// Package peopletest builds what the tests of Persone attive need: a
// territory, published organizations with their operators, volunteers.
package peopletest

import (
	"net/url"
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/people/volunteer"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/territory"
)

// Buccinasco and Corsico, the comuni of the test territory.
const (
	Buccinasco = "015036"
	Corsico    = "015093"
)

// World is a territory with a coordinator.
type World struct {
	E           *apptest.Env
	TerritoryID string
	Coordinator *auth.User
}

// New makes the territory (Buccinasco, Corsico) and its coordinator.
func New(t testing.TB, e *apptest.Env) *World {
	t.Helper()
	tr := &territory.Territory{Name: "Ambito di Corsico"}
	if err := e.App.Territories.Create(e.Ctx, tr); err != nil {
		t.Fatal(err)
	}
	if err := e.App.Territories.AddComuni(e.Ctx, tr.ID, []string{Buccinasco, Corsico}); err != nil {
		t.Fatal(err)
	}
	w := &World{E: e, TerritoryID: tr.ID}
	w.Coordinator = w.User(t, auth.Coordinator, "coordinatrice@comune.example")
	return w
}

// User creates an account of the territory.
func (w *World) User(t testing.TB, role auth.Role, email string) *auth.User {
	t.Helper()
	u := w.E.CreateUser(role, email)
	u.TerritoryID = w.TerritoryID
	if err := w.E.App.Auth.AdminUpdate(w.E.Ctx, u); err != nil {
		t.Fatal(err)
	}
	return u
}

// Org creates and publishes an organization with an operator (email) as
// its member, and returns its id and the operator.
func (w *World) Org(t testing.TB, name, operatorEmail string) (string, *auth.User) {
	t.Helper()
	ctx := w.E.Ctx
	d := w.E.App.Directory
	v, err := d.CreateOrganization(ctx, w.Coordinator, directory.NewOrganization{Name: name, Kind: "odv",
		Description: "Associazione di volontariato di prova.", TerritoryID: w.TerritoryID})
	if err != nil {
		t.Fatal(err)
	}
	// Publishing needs services and places, which the directory's own tests
	// cover: here the organization is simply made active.
	if _, err := w.E.App.DB.W.ExecContext(ctx, `UPDATE organizations SET status = 'active', published_version = 1 WHERE id = $1`,
		v.OrganizationID); err != nil {
		t.Fatal(err)
	}
	op := w.User(t, auth.Operator, operatorEmail)
	if err := d.Store.AddMember(ctx, w.E.App.DB.W, v.OrganizationID, op.ID); err != nil {
		t.Fatal(err)
	}
	return v.OrganizationID, op
}

// Volunteer creates a citizen with a volunteer profile.
func (w *World) Volunteer(t testing.TB, email string, f volunteer.ProfileForm) *auth.User {
	t.Helper()
	u := w.E.CreateUser(auth.Citizen, email)
	f.Consent = true
	if len(f.Comuni) == 0 {
		f.Comuni = []string{Buccinasco}
	}
	if len(f.Skills) == 0 && f.SkillsOther == "" {
		f.Skills = []string{"logistica"}
	}
	if _, err := w.E.App.People.Volunteers.SaveProfile(w.E.Ctx, u, f); err != nil {
		t.Fatalf("profile of %s: %v", email, err)
	}
	fresh, err := w.E.App.Auth.Store.User(w.E.Ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return fresh
}

// Between returns the text of s between from and to (the first time).
func Between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i+len(from):]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return s
}

// Weekly is the form of a weekly opportunity on Saturday mornings.
func Weekly(title string, places string, start string) url.Values {
	return url.Values{"title": {title}, "role": {"Addetto al magazzino"}, "description": {"Sistemare gli scaffali e preparare i pacchi per le famiglie."},
		"skills": {"logistica"}, "istat_code": {Buccinasco}, "place": {"Via Roma 1"}, "kind": {"weekly"}, "days": {"SA"},
		"start": {start}, "opens": {"09:00"}, "closes": {"12:00"}, "places": {places}, "approval": {"on"}}
}
