package app

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/errs"
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
	for _, acc := range DemoAccounts {
		tid := t.ID
		if acc.Role == auth.Admin {
			tid = ""
		}
		_, _, err := a.Auth.CreateUser(ctx, auth.NewUser{Email: acc.Email, Name: acc.Name, Role: acc.Role,
			TerritoryID: tid, Lang: "it", Password: acc.Password, Verified: true})
		if err != nil && !errs.Is(err, errs.Invalid) {
			return false, fmt.Errorf("demo: account %s: %w", acc.Email, err)
		}
	}
	if err := a.seedPortaDemo(ctx, t.ID); err != nil {
		return false, err
	}
	slog.Info("demo data loaded", "territory", t.Name, "accounts", len(DemoAccounts))
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

// seedPortaDemo adds requests, cases and referrals of fictional people to
// the porta di comunità of the demo territory.
func (a *App) seedPortaDemo(ctx context.Context, territoryID string) error {
	var who porta.DemoPeople
	for _, acc := range DemoAccounts {
		u, err := a.Auth.Store.UserByEmail(ctx, acc.Email)
		if err != nil {
			return fmt.Errorf("demo: %s: %w", acc.Email, err)
		}
		switch acc.Role {
		case auth.Coordinator:
			who.Coordinator = u
		case auth.Operator:
			who.Operator = u
		case auth.Volunteer:
			who.Volunteer = u
		}
	}
	if _, err := a.Porta.SeedDemo(ctx, territoryID, who); err != nil {
		return fmt.Errorf("demo: porta: %w", err)
	}
	return nil
}
