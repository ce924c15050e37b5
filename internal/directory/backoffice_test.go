package directory_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/auth"
)

// publishOrg creates an organization with one place and one service and
// publishes it through the coordinator, returning its id and the operator.
func publishOrg(t *testing.T, e *apptest.Env, tid string, coord *auth.User, name string) (string, *auth.User) {
	t.Helper()
	ctx := e.Ctx
	d := e.App.Directory
	v, err := d.CreateOrganization(ctx, coord, directory.NewOrganization{Name: name, Kind: "odv",
		Description: "Aiuto alle famiglie.", TerritoryID: tid})
	if err != nil {
		t.Fatal(err)
	}
	org := v.OrganizationID
	op := e.CreateUser(auth.Operator, "op-"+org[len(org)-8:]+"@ente.example")
	if err := d.Store.AddMember(ctx, e.App.DB.W, org, op.ID); err != nil {
		t.Fatal(err)
	}
	lid, sid := directory.NewID(), directory.NewID()
	lat, lon := 45.4167, 9.1167
	_, err = d.Change(ctx, coord, org, v.Revision, func(r *directory.Record) error {
		r.Locations = append(r.Locations, directory.Location{ID: lid, LocationType: "physical", Name: "Sede",
			ISTATCode: "015036", Latitude: &lat, Longitude: &lon, Addresses: []directory.Address{{ID: directory.NewID(),
				LocationID: lid, Address1: "Via Vittorio Emanuele 3", PostalCode: "20090", City: "Buccinasco",
				StateProvince: "MI", Country: "IT", AddressType: "physical"}}})
		r.Services = append(r.Services, directory.Service{ID: sid, Name: "Pacchi alimentari", Status: "active",
			Description: "Ogni mese.", Categories: []string{"BEN-ALIM"}, Free: true,
			ServiceAtLocations: []directory.ServiceAtLocation{{ID: directory.NewID(), ServiceID: sid, LocationID: lid}}})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	open, _ := d.Store.OpenVersion(ctx, e.App.DB.R, org)
	if _, err := d.Approve(ctx, coord, open.ID, ""); err != nil {
		t.Fatal(err)
	}
	return org, op
}

func TestFreshnessRemindersAndConfirmLink(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		tid := setup(t, e)
		_, coordUser := coordinator(t, e, tid)
		org, op := publishOrg(t, e, tid, coordUser, "Caritas Buccinasco")
		d := e.App.Directory
		fr := directory.DefaultFreshness

		if n, err := d.SendReminders(e.Ctx, e.App.Auth, e.App.Keys, fr); err != nil || n != 0 {
			t.Fatalf("fresh data reminded: %d, %v", n, err)
		}
		old := time.Now().AddDate(0, -8, 0).Format("2006-01-02")
		e.App.DB.W.Exec(`UPDATE services SET assured_date = $1 WHERE organization_id = $2`, old, org)
		coord := e.As(coordUser)
		coord.Get("/coordinamento/servizi?stale=1").Status(t, 200).Contains(t, "Pacchi alimentari", "da verificare")
		coord.Get("/coordinamento/enti?stale=1").Status(t, 200).Contains(t, "Caritas Buccinasco")

		if n, err := d.SendReminders(e.Ctx, e.App.Auth, e.App.Keys, fr); err != nil || n != 1 {
			t.Fatalf("reminders sent to %d organizations (%v), want 1", n, err)
		}
		if n, _ := d.SendReminders(e.Ctx, e.App.Auth, e.App.Keys, fr); n != 0 {
			t.Fatal("reminded twice in a month")
		}
		mails := strings.Join(e.Outbox(), "\n")
		if !strings.Contains(mails, op.Email) || !strings.Contains(mails, "Pacchi alimentari") {
			t.Fatalf("reminder mail: %s", mails)
		}
		link, _ := url.Parse(apptest.LinkIn(t, mails, "/conferma-dati"))
		anon := e.Anonymous()
		anon.Get(link.RequestURI()).Status(t, 200).Contains(t, "Caritas Buccinasco", "Sì, sono ancora corretti")
		var assured string
		e.App.DB.R.QueryRow(`SELECT assured_date FROM services WHERE organization_id = $1`, org).Scan(&assured)
		if assured != old {
			t.Fatal("opening the link (GET) confirmed the data")
		}
		q := link.Query()
		tampered := url.Values{"ente": {org}, "scade": {q.Get("scade")}, "firma": {strings.Repeat("0", 64)}}
		anon.PostForm("/conferma-dati", tampered).Status(t, 410)
		anon.PostForm("/conferma-dati", q).Status(t, 200).Contains(t, "Grazie")
		e.App.DB.R.QueryRow(`SELECT assured_date FROM services WHERE organization_id = $1`, org).Scan(&assured)
		if assured != time.Now().Format("2006-01-02") {
			t.Fatalf("after confirmation assured_date = %s", assured)
		}
		expired := directory.ConfirmLink(e.App.Keys, "", org, time.Now().Add(-31*24*time.Hour))
		eu, _ := url.Parse(expired)
		anon.Get("/conferma-dati?"+eu.RawQuery).Status(t, 410)
	})
}

func TestArchiveRestoreAndBulk(t *testing.T) {
	e := apptest.SQLite(t)
	tid := setup(t, e)
	coord, coordUser := coordinator(t, e, tid)
	org, op := publishOrg(t, e, tid, coordUser, "Banco di solidarietà")

	coord.PostForm("/coordinamento/enti/"+org+"/archivia", url.Values{"reason": {"Ha chiuso l'attività."}}).RedirectsTo(t, "/ente/"+org)
	if _, st, _ := e.App.Directory.Store.Published(e.Ctx, org); st != directory.OrgArchived {
		t.Fatalf("status after archive: %s", st)
	}
	e.As(op).Get("/rete/"+org).Status(t, 404)
	coord.PostForm("/coordinamento/enti/"+org+"/ripristina", nil).RedirectsTo(t, "/ente/"+org)
	e.As(op).Get("/rete/"+org).Status(t, 200).Contains(t, "Banco di solidarietà")
	e.As(op).PostForm("/coordinamento/enti/"+org+"/archivia", nil).Status(t, 403)

	// Two organizations send drafts; one bulk action publishes both.
	var orgs []string
	for _, name := range []string{"Scout Corsico", "Coro Voci di Trezzano"} {
		v, err := e.App.Directory.CreateOrganization(e.Ctx, coordUser, directory.NewOrganization{Name: name, Kind: "aps",
			Description: "Attività per ragazzi.", TerritoryID: tid})
		if err != nil {
			t.Fatal(err)
		}
		sid := directory.NewID()
		e.App.Directory.Change(e.Ctx, coordUser, v.OrganizationID, v.Revision, func(r *directory.Record) error {
			r.Services = append(r.Services, directory.Service{ID: sid, Name: "Incontri", Status: "active",
				Description: "Ogni sabato.", Categories: []string{"EDU-GIOV"}})
			return nil
		})
		if _, err := e.App.Directory.Submit(e.Ctx, coordUser, v.OrganizationID); err != nil {
			t.Fatal(err)
		}
		orgs = append(orgs, v.OrganizationID)
	}
	coord.Get("/coordinamento/enti?pending=1").Status(t, 200).Contains(t, "Scout Corsico", "Coro Voci di Trezzano", "2 enti")
	coord.PostForm("/coordinamento/enti", url.Values{"org": orgs, "action": {"approve"}}).RedirectsTo(t, "/coordinamento/enti")
	for _, id := range orgs {
		if _, st, _ := e.App.Directory.Store.Published(e.Ctx, id); st != directory.OrgActive {
			t.Fatalf("bulk approve left %s %s", id, st)
		}
	}
	coord.Get("/coordinamento/validazioni").Status(t, 200).Contains(t, "Nessuna versione da validare")
}

func TestTaxonomyEditing(t *testing.T) {
	e := apptest.SQLite(t)
	admin, _ := e.AsRole(auth.Admin)
	admin.Get("/admin/tassonomie").Status(t, 200).Contains(t, "EDU-DOPO", "Doposcuola e aiuto compiti")
	admin.Get("/admin/tassonomie?t=trama-servizi&modifica=EDU-DOPO").Status(t, 200).Contains(t, "Modifica EDU-DOPO")
	admin.PostForm("/admin/tassonomie", url.Values{"t": {"trama-servizi"}, "code": {"EDU-DOPO"}, "name": {""}}).
		Status(t, 422).Contains(t, "Campo obbligatorio")
	admin.PostForm("/admin/tassonomie", url.Values{"t": {"trama-servizi"}, "code": {"EDU-DOPO"}, "name": {"Doposcuola"},
		"name_en": {"After-school"}}).RedirectsTo(t, "/admin/tassonomie")
	admin.PostForm("/admin/tassonomie", url.Values{"t": {"trama-servizi"}, "parent": {"EDU"}, "name": {"Scacchi"},
		"name_en": {"Chess"}}).RedirectsTo(t, "/admin/tassonomie")
	page := admin.Get("/admin/tassonomie").Contains(t, "Doposcuola", "EDU-SCACCHI", "Chess")
	page.Lacks(t, "Doposcuola e aiuto compiti")
	if tm, ok := e.App.Directory.Tax.ByCode(e.Ctx, "EDU-DOPO"); !ok || tm.NameEN != "After-school" {
		t.Fatalf("renamed term: %+v", tm)
	}
	coord, _ := e.AsRole(auth.Coordinator)
	coord.Get("/admin/tassonomie").Status(t, 403)
}

func TestFormValidationMessages(t *testing.T) {
	e := apptest.SQLite(t)
	tid := setup(t, e)
	coord, coordUser := coordinator(t, e, tid)
	v, _ := e.App.Directory.CreateOrganization(e.Ctx, coordUser, directory.NewOrganization{Name: "Prova", Kind: "odv",
		Description: "Prova.", TerritoryID: tid})
	org := v.OrganizationID
	cases := []struct {
		field, value, message string
	}{
		{"tax_id", "RSSMRA85T10A562X", "codice fiscale"},
		{"email", "non-una-mail", "un solo indirizzo e-mail"},
		{"website", "ftp://esempio", "indirizzo di un sito web"},
		{"phone", "abc", "telefono"},
		{"volunteers_count", "tanti", "Scrivi un numero"},
		{"kind", "pirati", "Scegli il tipo di ente"},
	}
	for _, c := range cases {
		r := coord.Get("/ente/" + org + "/dati")
		form := directory.OrganizationValues(&directory.Organization{Name: "Prova", Kind: "odv", Description: "Prova."})
		form.Set("revision", revision(t, r.Body))
		form.Set(c.field, c.value)
		resp := coord.PostForm("/ente/"+org+"/dati", form).Status(t, 422)
		if !strings.Contains(strings.ToLower(resp.Body), strings.ToLower(c.message)) {
			t.Errorf("%s=%q: no message containing %q", c.field, c.value, c.message)
		}
	}
	// A place: bad CAP, unknown comune, coordinates outside Italy.
	r := coord.Get("/ente/" + org + "/sedi/nuova")
	lid := between(r.Body, `action="/ente/`+org+`/sedi/`, `"`)
	loc := url.Values{"revision": {revision(t, r.Body)}, "name": {"Sede"}, "location_type": {"physical"},
		"address_1": {"Via Roma 1"}, "postal_code": {"2009"}, "other_comune": {"Atlantide"},
		"latitude": {"9.11"}, "longitude": {"45.41"}}
	coord.PostForm("/ente/"+org+"/sedi/"+lid, loc).Status(t, 422).Contains(t, "CAP", "Comune non trovato", "invertite")
}
