package porta_test

import (
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/platform/auth"
)

// TestDemoData: the demo territory's porta has something to show to each
// demo role, and the logged receipt code works.
func TestDemoData(t *testing.T) {
	e := apptest.SQLite(t, apptest.Demo())
	login := func(email string) *apptest.Client {
		u, err := e.App.Auth.Store.UserByEmail(e.Ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		return e.As(u)
	}
	coord := login("coordinatore@trama.example")
	coord.Get("/coordinamento/porta").Status(t, 200).Contains(t, "2 richieste in attesa", "Segnalazione di una sentinella", "I tuoi casi aperti")
	coord.Get("/coordinamento/porta/casi").Contains(t, "aiutato", "1 senza risposta")
	login("operatore@trama.example").Get("/invii").Status(t, 200).Contains(t, "accettato")
	login("volontario@trama.example").Get("/segnalazioni").Status(t, 200).Contains(t, "ricevuta")
	if n := e.Count(`SELECT COUNT(*) FROM porta_needs WHERE source = 'web'`); n != 1 {
		t.Fatalf("%d web requests in the demo", n)
	}
	if n := e.Count(`SELECT COUNT(*) FROM users WHERE role = $1`, string(auth.Volunteer)); n != 1 {
		t.Fatal("demo volunteer missing")
	}
}
