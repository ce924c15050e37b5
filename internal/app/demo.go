package app

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"time"

	"github.com/trama-welfare/trama/internal/demo"
	"github.com/trama-welfare/trama/internal/participation"
	"github.com/trama-welfare/trama/internal/people"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/web"
	"github.com/trama-welfare/trama/internal/porta"
	"github.com/trama-welfare/trama/internal/territory"
)

// DemoPassword is the password of every demo account. Demo data is made up
// and the accounts are meant to be shared: never seed it in production.
const DemoPassword = "demo-trama"

// DemoAccounts are the accounts of the demo data set, one per role.
var DemoAccounts = []struct {
	Role     auth.Role
	Email    string
	Password string
	Name     string
}{
	{auth.Admin, "admin@trama.example", DemoPassword, "Anna Amministratrice"},
	{auth.Coordinator, "coordinatore@trama.example", DemoPassword, "Carlo Coordinatore"},
	{auth.Operator, "operatore@trama.example", DemoPassword, "Olga Operatrice"},
	{auth.Volunteer, "volontario@trama.example", DemoPassword, "Vittorio Volontario"},
	{auth.Citizen, "cittadino@trama.example", DemoPassword, "Chiara Cittadina"},
}

// DemoTerritory is the real territory the demo network lives in: the comuni
// around Buccinasco (the LINK project), ambito of Corsico.
var DemoTerritory = struct {
	Name, Description string
	Comuni            []string
}{
	Name:        "Ambito di Corsico",
	Description: "Ambito territoriale dei comuni di Assago, Buccinasco, Cesano Boscone, Corsico, Cusago e Trezzano sul Naviglio (dati dimostrativi).",
	Comuni:      []string{"015011", "015036", "015074", "015093", "015097", "015220"},
}

// DemoSeeder adds one capability's demo data. Seed runs after the
// territory, the accounts and the seeders before it: w holds their ids
// (accounts by e-mail, organizations, places and services by the keys of
// internal/demo/data), and w.Rand gives deterministic randomness.
type DemoSeeder struct {
	Name string
	Seed func(ctx context.Context, a *App, w *demo.World) error
}

// demoSeeders run in this order. To add a capability's demo data, add one
// line here calling a function of your own package (keep the data in that
// package, as internal/demo keeps the network).
var demoSeeders = []DemoSeeder{
	{"directory", seedNetwork},
	{"people", seedPeople},
	{"porta", seedPorta},
	{"participation", seedParticipation},
	{"search", seedSearch},
}

// seedPorta adds requests, a sentinel's signal, cases and referrals of
// fictional people to the porta di comunità (internal/porta/demo.go): the
// referrals go to the polisportiva (the demo operator's) and the emporio.
func seedPorta(ctx context.Context, a *App, w *demo.World) error {
	_, err := a.Porta.SeedDemo(ctx, w.TerritoryID, porta.DemoPeople{Coordinator: w.Users["coordinatore@trama.example"],
		Operator: w.Users["operatore@trama.example"], Volunteer: w.Users["volontario@trama.example"],
		Services: []string{w.Services["polisportiva/minibasket"], w.Services["granaio/emporio"]}})
	return err
}

// seedParticipation adds a conference like difFUSIONE's, a laboratorio di
// comunità in Corsico, the Patto di comunità with the organizations that
// exist as signatories, a bulletin notice (internal/participation/demo.go).
func seedParticipation(ctx context.Context, a *App, w *demo.World) error {
	return a.Participation.SeedDemo(ctx, w.TerritoryID, participation.DemoPeople{Coordinator: "coordinatore@trama.example",
		Operator: "operatore@trama.example", Citizen: "cittadino@trama.example"})
}

// seedSearch rebuilds the search documents of the demo's organizations
// once the demo network is in place: the demo moves verification dates
// into the past after publishing, and freshness ranks results. Only the
// demo's own organizations, so that demo data loaded on top of a large
// (synthetic) directory takes seconds, not a full reindex.
func seedSearch(ctx context.Context, a *App, w *demo.World) error {
	ids := slices.Sorted(maps.Values(w.Orgs))
	return a.DB.Tx(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			if err := a.Search.Reindex(ctx, tx, id); err != nil {
				return err
			}
		}
		return nil
	})
}

// seedPeople adds the courses, volunteering opportunities and the demo
// volunteer's profile and qualification (internal/people/demo.go).
func seedPeople(ctx context.Context, a *App, w *demo.World) error {
	return a.People.SeedDemo(ctx, w.TerritoryID, people.DemoAccounts{Coordinator: "coordinatore@trama.example",
		Volunteer: "volontario@trama.example"})
}

func seedNetwork(ctx context.Context, a *App, w *demo.World) error {
	st, err := demo.Network(ctx, demo.Deps{DB: a.DB, Directory: a.Directory, Auth: a.Auth, Geo: a.Geo}, w)
	if err == nil {
		slog.Info("demo network published", "organizations", st.Organizations, "services", st.Services, "places", st.Places)
	}
	return err
}

// SeedDemo loads the demo data set when the database has no users yet. It
// reports whether it seeded anything.
func (a *App) SeedDemo(ctx context.Context) (bool, error) {
	users, _, err := a.Auth.Store.List(ctx, auth.UserFilter{Limit: 1})
	if err != nil {
		return false, err
	}
	if len(users) > 0 {
		return false, nil
	}
	t := &territory.Territory{Name: DemoTerritory.Name, Description: DemoTerritory.Description}
	if err := a.Territories.Create(ctx, t); err != nil {
		return false, fmt.Errorf("demo: territory: %w", err)
	}
	if err := a.Territories.AddComuni(ctx, t.ID, DemoTerritory.Comuni); err != nil {
		return false, fmt.Errorf("demo: comuni: %w", err)
	}
	y, m, d := time.Now().In(web.Rome).Date()
	w := demo.NewWorld(t.ID, time.Date(y, m, d, 0, 0, 0, 0, web.Rome))
	create := func(role auth.Role, email, name string) error {
		tid := t.ID
		if role == auth.Admin {
			tid = ""
		}
		u, _, err := a.Auth.CreateUser(ctx, auth.NewUser{Email: email, Name: name, Role: role,
			TerritoryID: tid, Lang: "it", Password: DemoPassword, Verified: true})
		if err != nil {
			return fmt.Errorf("demo: account %s: %w", email, err)
		}
		w.Users[u.Email] = u
		return nil
	}
	for _, acc := range DemoAccounts {
		if err := create(acc.Role, acc.Email, acc.Name); err != nil {
			return false, err
		}
	}
	for _, op := range demo.Operators {
		if err := create(auth.Operator, op.Email, op.Name); err != nil {
			return false, err
		}
	}
	for _, s := range demoSeeders {
		if err := s.Seed(ctx, a, w); err != nil {
			return false, fmt.Errorf("demo: %s: %w (delete the database and try again)", s.Name, err)
		}
	}
	slog.Info("demo data loaded", "territory", t.Name, "accounts", len(w.Users))
	return true, nil
}

// AdminHint returns instructions for creating the first administrator, or ""
// when one exists.
func (a *App) AdminHint(ctx context.Context) string {
	n, err := a.Auth.Store.CountByRole(ctx, auth.Admin)
	if err != nil || n > 0 {
		return ""
	}
	return fmt.Sprintf("No administrator yet. Create one with:\n\n  trama user create --db %s --email you@example.org --name \"Your Name\" --role admin\n\n"+
		"It prints a one-time password (or use --password-stdin).", a.Config.DB)
}
