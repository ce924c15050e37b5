package e2e_test

import (
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/e2e"
	"github.com/trama-welfare/trama/internal/platform/auth"
)

// An admin created from the command line logs in, creates a territory with
// its comuni, reads the audit log and logs out; a citizen sees no admin
// pages. axe-core checks every page on the way.
func TestAdminJourney(t *testing.T) {
	env := apptest.SQLite(t)
	env.CreateUser(auth.Admin, "sindaca@comune.example")
	b := e2e.NewBrowser(t, env)

	b.Visit("/")
	b.See("Accedi", "Per cercare attività e aiuto non serve un account")
	b.Follow(`a[href="/accedi"].btn`)
	b.Fill("#f-email", "sindaca@comune.example")
	b.Fill("#f-password", "sbagliata-proprio")
	b.Submit(`form[action="/accedi"] button[type=submit]`)
	b.See("E-mail o password non corretti")
	b.Fill("#f-password", "password-di-prova")
	b.Submit(`form[action="/accedi"] button[type=submit]`)
	b.See("Accesso effettuato", "Amministrazione", "Ambiti territoriali")

	b.Visit("/admin/ambiti/nuovo")
	b.Fill("#f-name", "Ambito di Cervia")
	b.Submit(`form[action="/admin/ambiti"] button[type=submit]`)
	b.See("Ambito creato", "non ha ancora comuni")
	b.Fill("#q", "Cervia")
	b.Submit(`form[role=search] button[type=submit]`)
	b.Click(`input[value="039007"]`)
	b.Submit(`form[action$="/comuni"] button[type=submit]`)
	b.See("Comuni aggiunti", "Cervia (RA)", "1 comune")

	b.Visit("/admin/registro")
	b.See("Registro attività", "add_comuni", "sindaca@comune.example")
	b.Submit(`form[action="/esci"] button`)
	b.See("Sei uscito")
}

func TestLanguageSwitchAndRegistration(t *testing.T) {
	env := apptest.SQLite(t)
	b := e2e.NewBrowser(t, env)
	b.Visit("/registrati")
	b.Fill("#f-name", "Jane Doe")
	b.Fill("#f-email", "jane@example.org")
	b.Fill("#f-password", "corta")
	b.Submit(`form[action="/registrati"] button[type=submit]`)
	b.See("almeno 10 caratteri", "informativa")
	b.Submit(`form.lang-switch button[value=en]`)
	b.See("Create an account")
}
