package directory_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/territory"
)

// setup makes a territory (Buccinasco and Corsico) and returns its id.
func setup(t *testing.T, e *apptest.Env) string {
	t.Helper()
	tr := &territory.Territory{Name: "Ambito di Corsico"}
	if err := e.App.Territories.Create(e.Ctx, tr); err != nil {
		t.Fatal(err)
	}
	if err := e.App.Territories.AddComuni(e.Ctx, tr.ID, []string{"015036", "015093"}); err != nil {
		t.Fatal(err)
	}
	return tr.ID
}

func coordinator(t *testing.T, e *apptest.Env, territoryID string) (*apptest.Client, *auth.User) {
	t.Helper()
	u := e.CreateUser(auth.Coordinator, "coord-"+territoryID[len(territoryID)-8:]+"@comune.example")
	u.TerritoryID = territoryID
	if err := e.App.Auth.AdminUpdate(e.Ctx, u); err != nil {
		t.Fatal(err)
	}
	return e.As(u), u
}

// revision reads the draft's revision from a form page.
func revision(t *testing.T, body string) string {
	t.Helper()
	i := strings.Index(body, `name="revision" value="`)
	if i < 0 {
		t.Fatalf("no revision in the form:\n%s", body)
	}
	rest := body[i+len(`name="revision" value="`):]
	return rest[:strings.IndexByte(rest, '"')]
}

func location(r *apptest.Response) string { return r.Header.Get("Location") }

// TestJoinEditSubmitReviewPublish is the whole LINK loop: an association
// joins, describes a place and an activity with its times, sends it; the
// coordinator asks for a change, then publishes; only published data is in
// the public tables, and every step is in the history.
func TestJoinEditSubmitReviewPublish(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		tid := setup(t, e)
		coord, _ := coordinator(t, e, tid)

		guest := e.Anonymous()
		guest.Get("/aderisci").Status(t, 200).Contains(t, "Aderisci alla rete", "Ambito di Corsico")
		bad := url.Values{"name": {""}, "kind": {"aps"}, "tax_id": {"12345678901"}, "territory_id": {tid},
			"person_name": {"Lucia Ferri"}, "person_email": {"lucia@"}, "person_password": {"corta"}}
		guest.PostForm("/aderisci", bad).Status(t, 422).
			Contains(t, "Campo obbligatorio", `value="Lucia Ferri"`, "informativa", "almeno 10 caratteri")
		if n := e.Count(`SELECT COUNT(*) FROM organizations`); n != 0 {
			t.Fatalf("a rejected sign-up wrote %d organizations", n)
		}
		good := url.Values{"name": {"Polisportiva Buccinasco APS"}, "kind": {"aps"}, "territory_id": {tid},
			"description": {"Sport per bambini e ragazzi dai 6 ai 14 anni."}, "email": {"info@polisportiva.example"},
			"person_name": {"Lucia Ferri"}, "person_email": {"lucia@polisportiva.example"},
			"person_password": {"una password lunga"}, "privacy": {"on"}}
		guest.PostForm("/aderisci", good).Status(t, 200).Contains(t, "apri il link nell&#39;e-mail")
		if n := e.Count(`SELECT COUNT(*) FROM organizations`) + e.Count(`SELECT COUNT(*) FROM users WHERE email = 'lucia@polisportiva.example'`); n != 0 {
			t.Fatal("the request wrote an organization or an account before the link was followed")
		}
		link, _ := url.Parse(apptest.LinkIn(t, strings.Join(e.Outbox(), "\n"), "/aderisci/conferma"))
		guest.Get(link.RequestURI()).Status(t, 200).Contains(t, `value="Polisportiva Buccinasco APS"`, "Conferma l&#39;adesione")
		confirm := cloneValues(good)
		confirm.Set("token", link.Query().Get("token"))
		r := guest.PostForm("/aderisci/conferma", confirm).RedirectsTo(t, "/ente/")
		org := strings.TrimPrefix(location(r), "/ente/")
		guest.Get(link.RequestURI()).Status(t, 410)
		lucia, err := e.App.Auth.Store.UserByEmail(e.Ctx, "lucia@polisportiva.example")
		if err != nil || lucia.Role != auth.Operator || lucia.TerritoryID != tid || lucia.PrivacyAcceptedAt == nil || !lucia.Verified() {
			t.Fatalf("applicant account: %+v, %v", lucia, err)
		}
		op := guest // logged in by the sign-up
		op.Get("/ente/"+org).Status(t, 200).Contains(t, "Polisportiva Buccinasco APS", "bozza")

		// A place in Buccinasco.
		r = op.Get("/ente/"+org+"/sedi/nuova").Status(t, 200)
		action := between(r.Body, `action="/ente/`+org+`/sedi/`, `"`)
		loc := url.Values{"revision": {revision(t, r.Body)}, "name": {"Palestra comunale"}, "location_type": {"physical"},
			"address_1": {"Via Roma 10"}, "postal_code": {"20090"}, "istat_code": {"015036"}, "accessibility": {"Ingresso senza gradini"}}
		op.PostForm("/ente/"+org+"/sedi/"+action, loc).RedirectsTo(t, "/ente/"+org)

		// An activity every Saturday afternoon from September to June.
		r = op.Get("/ente/"+org+"/servizi/nuovo").Status(t, 200)
		sid := between(r.Body, `action="/ente/`+org+`/servizi/`, `"`)
		svc := url.Values{"revision": {revision(t, r.Body)}, "name": {"Minibasket"}, "status": {"active"},
			"description": {"Basket per bambini."}, "categories": {"EDU-SPORT"}, "target_groups": {"DEST-BAMB"},
			"minimum_age": {"6"}, "maximum_age": {"10"}, "free": {"on"}, "locations": {action},
			"sched_0_kind": {"weekly"}, "sched_0_days": {"SA"}, "sched_0_opens": {"15:00"}, "sched_0_closes": {"18:00"},
			"sched_0_from": {"2026-09-01"}, "sched_0_to": {"2027-06-30"}, "sched_0_seasonal": {"on"}}
		badSvc := cloneValues(svc)
		badSvc.Set("maximum_age", "4")
		badSvc.Set("sched_0_closes", "14:00")
		op.PostForm("/ente/"+org+"/servizi/"+sid, badSvc).Status(t, 422).Contains(t, `value="Minibasket"`, "sched-0-err")
		op.PostForm("/ente/"+org+"/servizi/"+sid, svc).RedirectsTo(t, "/ente/"+org)
		if n := e.Count(`SELECT COUNT(*) FROM services`); n != 0 {
			t.Fatalf("a draft reached the public tables (%d services)", n)
		}

		// Two tabs: the second save with an old revision is refused, input kept.
		r = op.Get("/ente/" + org + "/dati")
		old := revision(t, r.Body)
		form := directory.OrganizationValues(&directory.Organization{Name: "Polisportiva Buccinasco APS", Kind: "aps",
			Description: "Sport per bambini e ragazzi dai 6 ai 14 anni."})
		form.Set("revision", old)
		op.PostForm("/ente/"+org+"/dati", form).RedirectsTo(t, "/ente/"+org)
		form.Set("description", "Testo scritto nell'altra scheda")
		op.PostForm("/ente/"+org+"/dati", form).Status(t, 422).Contains(t, "Qualcun altro ha modificato", "Testo scritto nell")

		op.PostForm("/ente/"+org+"/invia", nil).RedirectsTo(t, "/ente/"+org)
		mails := e.Outbox()
		if !strings.Contains(strings.Join(mails, "\n"), "coord-") || !strings.Contains(strings.Join(mails, "\n"), "chiede una validazione") {
			t.Fatalf("coordinator not told: %v", mails)
		}
		// Editing while in review is refused.
		op.PostForm("/ente/"+org+"/dati", form).Status(t, 422).Contains(t, "in validazione")

		queue := coord.Get("/coordinamento/validazioni").Status(t, 200).Contains(t, "Polisportiva Buccinasco APS")
		vid := between(queue.Body, `href="/coordinamento/validazioni/`, `"`)
		coord.Get("/coordinamento/validazioni/"+vid).Status(t, 200).
			Contains(t, "Minibasket", "Palestra comunale", "ogni sabato", "15:00", "Sport", "prima pubblicazione")
		coord.PostForm("/coordinamento/validazioni/"+vid+"/modifiche", url.Values{"comment": {""}}).Status(t, 422)
		coord.PostForm("/coordinamento/validazioni/"+vid+"/modifiche", url.Values{"comment": {"Aggiungete un telefono."}}).
			RedirectsTo(t, "/coordinamento/validazioni")
		op.Get("/ente/"+org).Contains(t, "Aggiungete un telefono.")

		r = op.Get("/ente/" + org + "/dati")
		form.Set("revision", revision(t, r.Body))
		form.Set("description", "Sport per bambini e ragazzi dai 6 ai 14 anni.")
		form.Set("phone", "02 4586 1234")
		op.PostForm("/ente/"+org+"/dati", form).RedirectsTo(t, "/ente/"+org)
		op.PostForm("/ente/"+org+"/invia", nil).RedirectsTo(t, "/ente/"+org)
		coord.Get("/coordinamento/validazioni/"+vid).Contains(t, "&#43;39 02 4586 1234")
		coord.PostForm("/coordinamento/validazioni/"+vid+"/approva", url.Values{"comment": {"Benvenuti!"}}).
			RedirectsTo(t, "/coordinamento/validazioni")

		// Published: the tables hold exactly the approved record.
		rec, st, err := e.App.Directory.Store.Published(e.Ctx, org)
		if err != nil || st != directory.OrgActive || rec == nil {
			t.Fatalf("after approval: %v %v %v", rec, st, err)
		}
		v, _ := e.App.Directory.Store.VersionByID(e.Ctx, vid)
		if a, b := jsonOf(rec), jsonOf(&v.Record); a != b {
			t.Fatalf("published tables differ from the approved version:\n%s\n%s", a, b)
		}
		s := rec.Services[0]
		if s.AssuredDate == "" || s.AssurerEmail != "coord-"+tid[len(tid)-8:]+"@comune.example" || len(s.Schedules) != 1 ||
			s.Schedules[0].ByDay != "SA" || !s.Schedules[0].Seasonal || s.Categories[0] != "EDU-SPORT" {
			t.Fatalf("published service: %+v", s)
		}
		if box := strings.Join(e.Outbox(), "\n"); !strings.Contains(box, "Benvenuti!") {
			t.Log(box)
			t.Fatal("operators not told of the publication")
		}
		hist := op.Get("/ente/"+org+"/storia").Status(t, 200)
		for _, step := range []string{"inviata", "modifiche richieste", "pubblicata", "Aggiungete un telefono."} {
			if !strings.Contains(hist.Body, step) {
				t.Errorf("history lacks %q", step)
			}
		}

		// A later edit stays in the draft until approved again.
		r = op.Get("/ente/" + org + "/servizi/" + sid)
		svc.Set("revision", revision(t, r.Body))
		svc.Set("name", "Minibasket e volley")
		op.PostForm("/ente/"+org+"/servizi/"+sid, svc).RedirectsTo(t, "/ente/"+org)
		var name string
		e.App.DB.R.QueryRow(`SELECT name FROM services WHERE id = $1`, sid).Scan(&name)
		if name != "Minibasket" {
			t.Fatalf("an unapproved edit is public: %q", name)
		}
	})
}

// TestWhoMaySeeAnOrganization: members and the coordinators of its
// territory; others get 404, as if it did not exist.
func TestWhoMaySeeAnOrganization(t *testing.T) {
	e := apptest.SQLite(t)
	tid := setup(t, e)
	other := &territory.Territory{Name: "Alta Padovana"}
	e.App.Territories.Create(e.Ctx, other)
	coord, _ := coordinator(t, e, tid)
	far, _ := coordinator(t, e, other.ID)
	r := coord.PostForm("/coordinamento/enti/nuovo", url.Values{"name": {"Oratorio San Luigi"}, "kind": {"parrocchia"},
		"description": {"Oratorio estivo e doposcuola."}, "territory_id": {tid}}).RedirectsTo(t, "/ente/")
	org := strings.TrimPrefix(location(r), "/ente/")
	far.PostForm("/coordinamento/enti/nuovo", url.Values{"name": {"Intruso"}, "kind": {"comitato"},
		"description": {"x"}, "territory_id": {tid}}).Status(t, 403)

	coord.Get("/ente/"+org).Status(t, 200)
	far.Get("/ente/"+org).Status(t, 404)
	stranger, _ := e.AsRole(auth.Operator)
	stranger.Get("/ente/"+org).Status(t, 404)
	stranger.Get("/ente/"+org+"/storia").Status(t, 404)
	stranger.PostForm("/ente/"+org+"/invia", nil).Status(t, 404)

	coord.PostForm("/ente/"+org+"/operatori", url.Values{"member_name": {"Don Paolo"}, "member_email": {"paolo@oratorio.example"}}).
		RedirectsTo(t, "/ente/"+org)
	mails := e.Outbox()
	link, _ := url.Parse(apptest.LinkIn(t, strings.Join(mails, "\n"), "/password/reimposta"))
	paolo := e.Anonymous()
	paolo.PostForm("/password/reimposta", url.Values{"token": {link.Query().Get("token")}, "password": {"password-di-paolo"},
		"confirm": {"password-di-paolo"}}).RedirectsTo(t, "/accedi")
	paolo.PostForm("/accedi", url.Values{"email": {"paolo@oratorio.example"}, "password": {"password-di-paolo"}}).RedirectsTo(t, "/")
	paolo.Get("/ente").RedirectsTo(t, "/ente/"+org)
	paolo.Get("/coordinamento/enti").Status(t, 403)
}

func between(s, start, end string) string {
	i := strings.Index(s, start)
	if i < 0 {
		return ""
	}
	s = s[i+len(start):]
	return s[:strings.Index(s, end)]
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

func jsonOf(r *directory.Record) string {
	b, _ := json.MarshalIndent(r, "", " ")
	return string(b)
}
