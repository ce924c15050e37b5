package account_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/platform/auth"
)

func TestRegisterVerifyAndLogin(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		c := e.Anonymous()
		c.Get("/registrati").Status(t, 200).Contains(t, "Crea un account")
		form := url.Values{"name": {"Giulia Bianchi"}, "email": {"giulia@famiglia.example"}, "password": {"corta"}}
		c.PostForm("/registrati", form).Status(t, 422).
			Contains(t, "almeno 10 caratteri", "informativa", `value="Giulia Bianchi"`)
		if n := e.Count(`SELECT COUNT(*) FROM users`); n != 0 {
			t.Fatalf("invalid registration wrote %d users", n)
		}
		form.Set("password", "una frase lunga abbastanza")
		form.Set("privacy", "on")
		c.PostForm("/registrati", form).Status(t, 200).Contains(t, "Controlla la posta")

		mails := e.Outbox()
		if len(mails) != 1 || !strings.Contains(mails[0], "giulia@famiglia.example | Conferma il tuo indirizzo") {
			t.Fatalf("outbox: %v", mails)
		}
		link := apptest.LinkIn(t, mails[0], "/email/verifica")
		u, _ := url.Parse(link)
		c.Get(u.RequestURI()).Status(t, 200).Contains(t, "Conferma")
		user, _ := e.App.Auth.Store.UserByEmail(e.Ctx, "giulia@famiglia.example")
		if user.Verified() {
			t.Fatal("opening the link (GET) verified the address: e-mail scanners would do it")
		}
		c.PostForm("/email/verifica", url.Values{"token": {u.Query().Get("token")}}).RedirectsTo(t, "/accedi")
		user, _ = e.App.Auth.Store.UserByEmail(e.Ctx, "giulia@famiglia.example")
		if !user.Verified() || user.Role != auth.Citizen {
			t.Fatalf("after verification: verified=%v role=%s", user.Verified(), user.Role)
		}
		c.PostForm("/email/verifica", url.Values{"token": {u.Query().Get("token")}}).Status(t, 410)

		c.PostForm("/accedi", url.Values{"email": {"giulia@famiglia.example"}, "password": {"una frase lunga abbastanza"}}).
			RedirectsTo(t, "/")
		c.Get("/profilo").Status(t, 200).Contains(t, "giulia@famiglia.example", "Cittadino")
		c.Get("/registrati").RedirectsTo(t, "/")
	})
}

func TestForgotAndResetPassword(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		e.CreateUser(auth.Operator, "olga@ente.example")
		c := e.Anonymous()
		c.PostForm("/password/dimenticata", url.Values{"email": {"olga@ente.example"}}).Status(t, 200).
			Contains(t, "Se esiste un account")
		c.PostForm("/password/dimenticata", url.Values{"email": {"nessuno@ente.example"}}).Status(t, 200).
			Contains(t, "Se esiste un account")
		c.PostForm("/password/dimenticata", url.Values{"email": {"non è una mail"}}).Status(t, 422)
		mails := e.Outbox()
		if len(mails) != 1 {
			t.Fatalf("want exactly one reset mail, got %v", mails)
		}
		link, _ := url.Parse(apptest.LinkIn(t, mails[0], "/password/reimposta"))
		token := link.Query().Get("token")
		c.Get(link.RequestURI()).Status(t, 200).Contains(t, "nuova password")
		c.PostForm("/password/reimposta", url.Values{"token": {token}, "password": {"nuova-password-1"}, "confirm": {"diversa-password"}}).
			Status(t, 422).Contains(t, "non coincidono")
		c.PostForm("/password/reimposta", url.Values{"token": {token}, "password": {"nuova-password-1"}, "confirm": {"nuova-password-1"}}).
			RedirectsTo(t, "/accedi")
		c.Get(link.RequestURI()).Status(t, 410).Contains(t, "non è più valido")
		c.PostForm("/password/reimposta", url.Values{"token": {token}, "password": {"terza-password-1"}, "confirm": {"terza-password-1"}}).
			Status(t, 410)
		c.PostForm("/accedi", url.Values{"email": {"olga@ente.example"}, "password": {"nuova-password-1"}}).RedirectsTo(t, "/")
		c.Get("/password/reimposta?token=inventato").Status(t, 410)
	})
}

func TestProfileAndSessions(t *testing.T) {
	e := apptest.SQLite(t)
	u := e.CreateUser(auth.Volunteer, "vito@volontari.example")
	laptop, phone := e.As(u), e.As(u)
	laptop.PostForm("/profilo", url.Values{"name": {"Vito Verdi"}, "lang": {"en"}}).RedirectsTo(t, "/profilo")
	laptop.Get("/profilo").Contains(t, `<html lang="en">`, "Vito Verdi")
	laptop.PostForm("/profilo/password", url.Values{"current": {"sbagliata-davvero"}, "password": {"nuova-password-1"}, "confirm": {"nuova-password-1"}}).
		Status(t, 422).Contains(t, "current password is not right")
	laptop.PostForm("/profilo/password", url.Values{"current": {"password-di-prova"}, "password": {"nuova-password-1"}, "confirm": {"nuova-password-1"}}).
		RedirectsTo(t, "/profilo")
	laptop.Get("/profilo").Status(t, 200)
	phone.Get("/profilo").RedirectsTo(t, "/accedi")

	laptop.PostForm("/profilo/esci-ovunque", nil).RedirectsTo(t, "/accedi")
	laptop.Get("/profilo").RedirectsTo(t, "/accedi")
	if n := e.Count(`SELECT COUNT(*) FROM sessions WHERE user_id = $1`, u.ID); n != 0 {
		t.Fatalf("%d sessions left after logout everywhere", n)
	}
	if n := e.Count(`SELECT COUNT(*) FROM audit_log WHERE entity_id = $1 AND action = 'password_change'`, u.ID); n != 1 {
		t.Fatalf("password change audited %d times", n)
	}
}
