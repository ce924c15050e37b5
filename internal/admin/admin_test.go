package admin_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/platform/auth"
)

func TestInviteUserWhoSetsPassword(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		admin, _ := e.AsRole(auth.Admin)
		admin.PostForm("/admin/utenti", url.Values{"name": {"Paola Rossi"}, "email": {"paola@coop.example"},
			"role": {"pirata"}, "lang": {"it"}}).Status(t, 422).Contains(t, "Scegli un ruolo valido", `value="Paola Rossi"`)
		r := admin.PostForm("/admin/utenti", url.Values{"name": {"Paola Rossi"}, "email": {"paola@coop.example"},
			"role": {"coordinatore"}, "lang": {"it"}}).RedirectsTo(t, "/admin/utenti/")
		userPage := r.Header.Get("Location")
		admin.PostForm("/admin/utenti", url.Values{"name": {"Altra"}, "email": {"PAOLA@coop.example"}, "role": {"operatore"}}).
			Status(t, 422).Contains(t, "Esiste già un account")

		mails := e.Outbox()
		if len(mails) != 1 || !strings.Contains(mails[0], "paola@coop.example | Sei stato invitato") {
			t.Fatalf("outbox %v", mails)
		}
		link, _ := url.Parse(apptest.LinkIn(t, mails[0], "/password/reimposta"))
		paola := e.Anonymous()
		paola.PostForm("/password/reimposta", url.Values{"token": {link.Query().Get("token")},
			"password": {"la-mia-password"}, "confirm": {"la-mia-password"}}).RedirectsTo(t, "/accedi")
		paola.PostForm("/accedi", url.Values{"email": {"paola@coop.example"}, "password": {"la-mia-password"}}).RedirectsTo(t, "/")
		paola.Get("/profilo").Contains(t, "Coordinatore")

		admin.Get("/admin/utenti?q=paola").Status(t, 200).Contains(t, "Paola Rossi", "1 utente")
		admin.Get("/admin/utenti?role=cittadino").Status(t, 200).Contains(t, "0 utenti")
		admin.PostForm(userPage, url.Values{"name": {"Paola Rossi"}, "email": {"paola@coop.example"}, "role": {"coordinatore"},
			"disabled": {"on"}}).RedirectsTo(t, userPage)
		paola.Get("/profilo").RedirectsTo(t, "/accedi")
		admin.Get(userPage).Contains(t, "checked")
		admin.Get("/admin/registro?entity=user").Status(t, 200).Contains(t, "create", "update", "disabled")
	})
}

func TestLastAdminIsProtected(t *testing.T) {
	e := apptest.SQLite(t)
	admin, me := e.AsRole(auth.Admin)
	admin.PostForm("/admin/utenti/"+me.ID, url.Values{"name": {me.Name}, "email": {me.Email}, "role": {"cittadino"}}).
		Status(t, 422).Contains(t, "ultimo amministratore")
	if u, _ := e.App.Auth.Store.User(e.Ctx, me.ID); u.Role != auth.Admin {
		t.Fatal("the last admin was demoted")
	}
}

func TestOutboxShowsMails(t *testing.T) {
	e := apptest.SQLite(t)
	admin, _ := e.AsRole(auth.Admin)
	e.Anonymous().PostForm("/password/dimenticata", url.Values{"email": {e.CreateUser(auth.Citizen, "c@x.example").Email}})
	e.Outbox()
	admin.Get("/admin/posta").Status(t, 200).Contains(t, "Reimposta la password", "c@x.example", "Non è configurato un server SMTP")
}
