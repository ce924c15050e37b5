package app_test

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/people/qualification"
	"github.com/trama-welfare/trama/internal/platform/auth"
)

// permissions is the expected role × action table, written out by hand:
// who may do what. Every action of the policy must be here, and the policy
// must agree with every cell. Capabilities add their rows.
var permissions = map[auth.Action]string{
	auth.AdminUsers:       "admin",
	auth.AdminTerritories: "admin",
	auth.AdminAudit:       "admin",
	auth.AdminOutbox:      "admin",
	"directory.manage":    "admin coordinatore operatore",
	"directory.review":    "admin coordinatore",
	"directory.network":   "admin coordinatore operatore",
	"directory.taxonomy":  "admin",
	"people.volunteer":    "admin coordinatore operatore volontario cittadino",
	"people.organize":     "admin coordinatore operatore",
	"people.coordinate":   "admin coordinatore",
	"porta.signal":        "volontario",
	"porta.desk":          "coordinatore operatore",
	"porta.triage":        "coordinatore",
	"porta.inbox":         "coordinatore operatore",
	"porta.accompany":     "cittadino volontario",

	"participation.events.manage":   "admin coordinatore operatore",
	"participation.labs.create":     "admin coordinatore",
	"participation.pact.publish":    "admin coordinatore",
	"participation.pact.sign_org":   "admin coordinatore operatore",
	"participation.network.roles":   "admin coordinatore",
	"participation.network.declare": "admin coordinatore operatore",
	"participation.bulletin.use":    "admin coordinatore operatore",
	"participation.labs.facilitate": "admin coordinatore operatore",

	"search.explain": "admin coordinatore operatore",

	"hsds.import": "admin coordinatore",
}

var everyone = append([]auth.Role{auth.Anonymous}, auth.Roles...)

// routes is the expected table of who may use each route: "all" (anyone,
// logged in or not), "users" (any logged-in role), "guest" (only visitors
// who are not logged in), or a list of roles. Every registered route must
// be here; capabilities add their rows.
var routes = map[string]string{
	"GET /{$}":                               "all",
	"GET /static/":                           "all",
	"GET /healthz":                           "all",
	"GET /readyz":                            "all",
	"GET /metrics":                           "all",
	"GET /comuni.json":                       "all",
	"POST /lingua":                           "all",
	"GET /accedi":                            "all",
	"POST /accedi":                           "all",
	"POST /esci":                             "all",
	"GET /registrati":                        "guest",
	"POST /registrati":                       "guest",
	"GET /password/dimenticata":              "all",
	"POST /password/dimenticata":             "all",
	"GET /password/reimposta":                "all",
	"POST /password/reimposta":               "all",
	"GET /email/verifica":                    "all",
	"POST /email/verifica":                   "all",
	"GET /profilo":                           "users",
	"POST /profilo":                          "users",
	"POST /profilo/password":                 "users",
	"POST /profilo/esci-ovunque":             "users",
	"POST /profilo/verifica":                 "users",
	"GET /admin/utenti":                      "admin",
	"GET /admin/utenti/nuovo":                "admin",
	"POST /admin/utenti":                     "admin",
	"GET /admin/utenti/{id}":                 "admin",
	"POST /admin/utenti/{id}":                "admin",
	"GET /admin/registro":                    "admin",
	"GET /admin/posta":                       "admin",
	"GET /admin/ambiti":                      "admin",
	"GET /admin/ambiti/nuovo":                "admin",
	"POST /admin/ambiti":                     "admin",
	"GET /admin/ambiti/{id}":                 "admin",
	"POST /admin/ambiti/{id}":                "admin",
	"POST /admin/ambiti/{id}/comuni":         "admin",
	"POST /admin/ambiti/{id}/comuni/rimuovi": "admin",

	"GET /aderisci":                                   "all",
	"POST /aderisci":                                  "all",
	"GET /aderisci/conferma":                          "all",
	"POST /aderisci/conferma":                         "all",
	"GET /conferma-dati":                              "all",
	"POST /conferma-dati":                             "all",
	"GET /ente":                                       "admin coordinatore operatore",
	"GET /ente/{id}":                                  "admin coordinatore operatore",
	"GET /ente/{id}/dati":                             "admin coordinatore operatore",
	"POST /ente/{id}/dati":                            "admin coordinatore operatore",
	"GET /ente/{id}/sedi/nuova":                       "admin coordinatore operatore",
	"GET /ente/{id}/sedi/{lid}":                       "admin coordinatore operatore",
	"POST /ente/{id}/sedi/{lid}":                      "admin coordinatore operatore",
	"POST /ente/{id}/sedi/{lid}/elimina":              "admin coordinatore operatore",
	"GET /ente/{id}/servizi/nuovo":                    "admin coordinatore operatore",
	"GET /ente/{id}/servizi/{sid}":                    "admin coordinatore operatore",
	"POST /ente/{id}/servizi/{sid}":                   "admin coordinatore operatore",
	"POST /ente/{id}/servizi/{sid}/elimina":           "admin coordinatore operatore",
	"POST /ente/{id}/invia":                           "admin coordinatore operatore",
	"POST /ente/{id}/ritira":                          "admin coordinatore operatore",
	"POST /ente/{id}/operatori":                       "admin coordinatore operatore",
	"GET /ente/{id}/storia":                           "admin coordinatore operatore",
	"POST /ente/{id}/conferma":                        "admin coordinatore operatore",
	"GET /loghi/{id}":                                 "all",
	"GET /coordinamento/enti":                         "admin coordinatore",
	"POST /coordinamento/enti":                        "admin coordinatore",
	"GET /coordinamento/enti/nuovo":                   "admin coordinatore",
	"POST /coordinamento/enti/nuovo":                  "admin coordinatore",
	"POST /coordinamento/enti/{id}/archivia":          "admin coordinatore",
	"POST /coordinamento/enti/{id}/ripristina":        "admin coordinatore",
	"GET /coordinamento/servizi":                      "admin coordinatore",
	"GET /coordinamento/validazioni":                  "admin coordinatore",
	"GET /coordinamento/validazioni/{vid}":            "admin coordinatore",
	"POST /coordinamento/validazioni/{vid}/approva":   "admin coordinatore",
	"POST /coordinamento/validazioni/{vid}/modifiche": "admin coordinatore",
	"GET /admin/tassonomie":                           "admin",
	"POST /admin/tassonomie":                          "admin",
	"GET /rete":                                       "admin coordinatore operatore",
	"GET /rete/{id}":                                  "admin coordinatore operatore",

	"GET /eventi":                               "all",
	"GET /eventi.ics":                           "all",
	"GET /eventi/{id}":                          "all",
	"GET /eventi/{id}/evento.ics":               "all",
	"POST /eventi/{id}/iscrizione":              "all",
	"GET /iscrizioni/{token}":                   "all",
	"POST /iscrizioni/{token}/annulla":          "all",
	"GET /eventi/gestione":                      "admin coordinatore operatore",
	"GET /eventi/nuovo":                         "admin coordinatore operatore",
	"POST /eventi/nuovo":                        "admin coordinatore operatore",
	"GET /eventi/{id}/modifica":                 "admin coordinatore operatore",
	"POST /eventi/{id}/modifica":                "admin coordinatore operatore",
	"POST /eventi/{id}/pubblica":                "admin coordinatore operatore",
	"POST /eventi/{id}/annulla":                 "admin coordinatore operatore",
	"GET /eventi/{id}/iscritti":                 "admin coordinatore operatore",
	"GET /eventi/{id}/iscritti.csv":             "admin coordinatore operatore",
	"POST /eventi/{id}/iscritti/{rid}/ingresso": "admin coordinatore operatore",
	"POST /eventi/{id}/iscritti/{rid}/annulla":  "admin coordinatore operatore",
	"GET /eventi/{id}/ingresso/{code}":          "admin coordinatore operatore",
	"POST /eventi/{id}/ingresso/{code}":         "admin coordinatore operatore",

	"GET /laboratori":                                 "all",
	"GET /laboratori/nuovo":                           "admin coordinatore",
	"POST /laboratori/nuovo":                          "admin coordinatore",
	"GET /laboratori/{id}":                            "all",
	"GET /laboratori/{id}/modifica":                   "admin coordinatore operatore",
	"POST /laboratori/{id}/modifica":                  "admin coordinatore operatore",
	"POST /laboratori/{id}/fase":                      "admin coordinatore operatore",
	"POST /laboratori/{id}/nascondi":                  "admin coordinatore",
	"POST /laboratori/{id}/contributi":                "users",
	"GET /laboratori/{id}/contributi/{pid}":           "all",
	"POST /laboratori/{id}/contributi/{pid}/commenti": "users",
	"POST /laboratori/{id}/contributi/{pid}/sostegno": "all",
	"POST /laboratori/{id}/contributi/{pid}/nascondi": "admin coordinatore operatore",
	"POST /laboratori/{id}/contributi/{pid}/unisci":   "admin coordinatore operatore",
	"POST /laboratori/{id}/contributi/{pid}/risposta": "admin coordinatore operatore",
	"POST /laboratori/{id}/commenti/{cid}/nascondi":   "admin coordinatore operatore",
	"POST /laboratori/{id}/esiti":                     "admin coordinatore operatore",
	"POST /laboratori/{id}/esiti/{oid}":               "admin coordinatore operatore",
	"GET /sostegni/{token}":                           "all",
	"POST /sostegni/{token}":                          "all",

	"GET /patto":                             "all",
	"GET /patto/nuovo":                       "admin coordinatore",
	"POST /patto/nuovo":                      "admin coordinatore",
	"GET /patto/{id}":                        "all",
	"GET /patto/{id}/versione":               "admin coordinatore",
	"POST /patto/{id}/versione":              "admin coordinatore",
	"GET /patto/{id}/aderisci":               "admin coordinatore operatore",
	"POST /patto/{id}/aderisci":              "admin coordinatore operatore",
	"POST /patto/{id}/firma":                 "users",
	"POST /patto/{id}/conferma":              "users",
	"POST /patto/{id}/ritira":                "users",
	"GET /rete/mappa":                        "all",
	"GET /rete/collaborazioni":               "admin coordinatore operatore",
	"POST /rete/collaborazioni":              "admin coordinatore operatore",
	"POST /rete/collaborazioni/{id}/elimina": "admin coordinatore operatore",
	"GET /rete/ruoli":                        "admin coordinatore",
	"POST /rete/ruoli":                       "admin coordinatore",

	"GET /bacheca":                "admin coordinatore operatore",
	"GET /bacheca/nuovo":          "admin coordinatore operatore",
	"POST /bacheca/nuovo":         "admin coordinatore operatore",
	"POST /bacheca/riepilogo":     "admin coordinatore operatore",
	"GET /bacheca/{id}":           "admin coordinatore operatore",
	"POST /bacheca/{id}/messaggi": "admin coordinatore operatore",
	"POST /bacheca/{id}/chiudi":   "admin coordinatore operatore",
	// Persone attive.
	"GET /volontariato":                                        "all",
	"GET /volontariato/opportunita/{id}":                       "all",
	"POST /volontariato/opportunita/{id}/iscriviti":            "users",
	"POST /volontariato/iscrizioni/{id}/annulla":               "users",
	"GET /volontariato/profilo":                                "users",
	"POST /volontariato/profilo":                               "users",
	"GET /volontariato/impegni":                                "users",
	"GET /volontariato/calendario":                             "users",
	"POST /volontariato/calendario":                            "users",
	"GET /calendario/{token}":                                  "all",
	"GET /volontariato/ore":                                    "users",
	"POST /volontariato/ore":                                   "users",
	"POST /volontariato/ore/{id}/elimina":                      "users",
	"GET /volontariato/attestato":                              "users",
	"GET /volontariato/attestato.pdf":                          "users",
	"GET /volontariato/gestione":                               "admin coordinatore operatore",
	"GET /ente/{id}/volontariato":                              "admin coordinatore operatore",
	"GET /ente/{id}/volontariato/nuova":                        "admin coordinatore operatore",
	"POST /ente/{id}/volontariato/nuova":                       "admin coordinatore operatore",
	"GET /ente/{id}/volontariato/{oid}":                        "admin coordinatore operatore",
	"GET /ente/{id}/volontariato/{oid}/modifica":               "admin coordinatore operatore",
	"POST /ente/{id}/volontariato/{oid}/modifica":              "admin coordinatore operatore",
	"POST /ente/{id}/volontariato/{oid}/stato":                 "admin coordinatore operatore",
	"GET /ente/{id}/volontariato/{oid}/suggerimenti":           "admin coordinatore operatore",
	"POST /ente/{id}/volontariato/{oid}/suggerimenti/{uid}":    "admin coordinatore operatore",
	"POST /ente/{id}/iscrizioni/{sid}/accetta":                 "admin coordinatore operatore",
	"POST /ente/{id}/iscrizioni/{sid}/rifiuta":                 "admin coordinatore operatore",
	"GET /ente/{id}/volontari.csv":                             "admin coordinatore operatore",
	"GET /ente/{id}/ore":                                       "admin coordinatore operatore",
	"POST /ente/{id}/ore/{hid}":                                "admin coordinatore operatore",
	"GET /ente/{id}/ore/persone/{uid}/attestato":               "admin coordinatore operatore",
	"GET /ente/{id}/ore/persone/{uid}/attestato.pdf":           "admin coordinatore operatore",
	"GET /formazione":                                          "all",
	"GET /formazione/corsi/{id}":                               "all",
	"POST /formazione/corsi/{id}/iscriviti":                    "users",
	"POST /formazione/corsi/{id}/annulla":                      "users",
	"GET /formazione/gestione":                                 "admin coordinatore operatore",
	"GET /formazione/gestione/nuovo":                           "admin coordinatore operatore",
	"POST /formazione/gestione/nuovo":                          "admin coordinatore operatore",
	"GET /formazione/gestione/{id}":                            "admin coordinatore operatore",
	"POST /formazione/gestione/{id}":                           "admin coordinatore operatore",
	"POST /formazione/gestione/{id}/apri":                      "admin coordinatore operatore",
	"POST /formazione/gestione/{id}/sessioni":                  "admin coordinatore operatore",
	"POST /formazione/gestione/{id}/sessioni/{sid}/elimina":    "admin coordinatore operatore",
	"GET /formazione/gestione/{id}/sessioni/{sid}":             "admin coordinatore operatore",
	"POST /formazione/gestione/{id}/sessioni/{sid}":            "admin coordinatore operatore",
	"POST /formazione/gestione/{id}/concludi":                  "admin coordinatore operatore",
	"POST /formazione/gestione/{id}/iscrizioni/{eid}/conferma": "admin coordinatore operatore",
	"GET /ente/{id}/formazione":                                "admin coordinatore operatore",
	"GET /coordinamento/qualifiche":                            "admin coordinatore",
	"POST /coordinamento/qualifiche":                           "admin coordinatore",
	"POST /coordinamento/qualifiche/{id}/revoca":               "admin coordinatore",
	"GET /coordinamento/rete-attiva":                           "admin coordinatore",
	"GET /coordinamento/rete-attiva.json":                      "admin coordinatore",

	// Porta di comunità.
	"GET /chiedi-aiuto":                                             "all",
	"POST /chiedi-aiuto":                                            "all",
	"POST /chiedi-aiuto/invia":                                      "all",
	"GET /chiedi-aiuto/ricevuta":                                    "all",
	"GET /chiedi-aiuto/segui":                                       "all",
	"POST /chiedi-aiuto/segui":                                      "all",
	"POST /chiedi-aiuto/segui/ritira":                               "all",
	"GET /segnalazioni":                                             "volontario",
	"GET /segnalazioni/nuova":                                       "volontario",
	"POST /segnalazioni/nuova":                                      "volontario",
	"GET /sportello":                                                "coordinatore operatore",
	"GET /sportello/nuovo":                                          "coordinatore operatore",
	"POST /sportello/nuovo":                                         "coordinatore operatore",
	"GET /coordinamento/porta":                                      "coordinatore",
	"GET /coordinamento/porta/richieste/{id}":                       "coordinatore",
	"POST /coordinamento/porta/richieste/{id}/assegna":              "coordinatore",
	"POST /coordinamento/porta/richieste/{id}/unisci":               "coordinatore",
	"POST /coordinamento/porta/richieste/{id}/non-pertinente":       "coordinatore",
	"POST /coordinamento/porta/richieste/{id}/modifica":             "coordinatore",
	"GET /coordinamento/porta/casi":                                 "coordinatore",
	"GET /coordinamento/porta/casi/{id}":                            "coordinatore",
	"POST /coordinamento/porta/casi/{id}/note":                      "coordinatore",
	"POST /coordinamento/porta/casi/{id}/invii":                     "coordinatore",
	"POST /coordinamento/porta/casi/{id}/chiudi":                    "coordinatore",
	"POST /coordinamento/porta/casi/{id}/avvisi/{nid}":              "coordinatore",
	"POST /coordinamento/porta/invii/{id}/stato":                    "coordinatore",
	"POST /coordinamento/porta/casi/{id}/accompagnatori":            "coordinatore",
	"POST /coordinamento/porta/casi/{id}/accompagnatori/{aid}/fine": "coordinatore",
	"GET /accompagnamenti":                                          "cittadino volontario",
	"GET /accompagnamenti/{id}":                                     "cittadino volontario",
	"GET /coordinamento/porta/persone/{id}":                         "coordinatore",
	"POST /coordinamento/porta/persone/{id}":                        "coordinatore",
	"POST /coordinamento/porta/persone/{id}/consensi":               "coordinatore",
	"POST /coordinamento/porta/persone/{id}/consensi/ritira":        "coordinatore",
	"GET /coordinamento/porta/persone/{id}/esporta":                 "coordinatore",
	"POST /coordinamento/porta/persone/{id}/cancella":               "coordinatore",
	"GET /invii":             "coordinatore operatore",
	"GET /invii/{id}":        "coordinatore operatore",
	"POST /invii/{id}/stato": "coordinatore operatore",

	"GET /servizi":              "all",
	"GET /servizi/suggerimenti": "all",
	"GET /servizi/{id}":         "all",
	"GET /servizi.ics":          "all",
	"GET /enti/{id}":            "all",

	"GET /api/hsds/{$}":                       "all",
	"GET /api/hsds/openapi.json":              "all",
	"GET /api/hsds/services":                  "all",
	"GET /api/hsds/services/{id}":             "all",
	"GET /api/hsds/organizations":             "all",
	"GET /api/hsds/organizations/{id}":        "all",
	"GET /api/hsds/service_at_locations":      "all",
	"GET /api/hsds/service_at_locations/{id}": "all",
	"GET /api/hsds/taxonomies":                "all",
	"GET /api/hsds/taxonomies/{id}":           "all",
	"GET /api/hsds/taxonomy_terms":            "all",
	"GET /api/hsds/taxonomy_terms/{id}":       "all",
	"GET /api/hsds/{rest...}":                 "all",

	"GET /coordinamento/importa":                "admin coordinatore",
	"GET /coordinamento/importa/modello.csv":    "admin coordinatore",
	"POST /coordinamento/importa":               "admin coordinatore",
	"GET /coordinamento/importa/{id}":           "admin coordinatore",
	"POST /coordinamento/importa/{id}/conferma": "admin coordinatore",
	"POST /coordinamento/importa/{id}/annulla":  "admin coordinatore",
}

// mayUse reads a row of the routes table.
func mayUse(row string, r auth.Role) bool {
	switch row {
	case "all":
		return true
	case "users":
		return r != auth.Anonymous
	case "guest":
		return r == auth.Anonymous
	}
	return slices.Contains(strings.Fields(row), string(r))
}

func TestPermissionMatrix(t *testing.T) {
	e := apptest.SQLite(t)
	p := e.App.Site.Policy
	for _, a := range p.Actions() {
		row, ok := permissions[a]
		if !ok {
			t.Errorf("action %q is not in the expected permission table", a)
			continue
		}
		allowed := strings.Fields(row)
		for _, r := range everyone {
			want := slices.Contains(allowed, string(r))
			if got := p.Allows(r, a); got != want {
				t.Errorf("%s × %q: policy says %v, table says %v", r.LabelKey(), a, got, want)
			}
		}
	}
	for a := range permissions {
		if !p.Known(a) {
			t.Errorf("table lists %q, unknown to the policy", a)
		}
	}
	// Built-in actions.
	for _, r := range everyone {
		if !p.Allows(r, auth.Public) {
			t.Errorf("%s may not see public pages", r)
		}
		if got := p.Allows(r, auth.SignedIn); got != (r != auth.Anonymous) {
			t.Errorf("%s × signed_in = %v", r, got)
		}
		if got := p.Allows(r, auth.GuestOnly); got != (r == auth.Anonymous) {
			t.Errorf("%s × guest_only = %v", r, got)
		}
	}
}

var param = regexp.MustCompile(`\{[^}]*\}`)

// noSuchID fills path parameters with an id that does not exist.
const noSuchID = "00000000-0000-7000-8000-000000000000"

// concrete turns a route pattern into its method and a path to request:
// each parameter gets what fill returns for it (given the path segment
// before it, "eventi" for /eventi/{id}), or noSuchID when fill is nil or
// returns ""; wildcards get "x".
func concrete(pattern string, fill func(segment string) string) (method, path string, ok bool) {
	method, path, ok = strings.Cut(pattern, " ")
	path = strings.ReplaceAll(path, "{$}", "")
	var b strings.Builder
	rest := path
	for {
		loc := param.FindStringIndex(rest)
		if loc == nil {
			b.WriteString(rest)
			break
		}
		before := rest[:loc[0]]
		b.WriteString(before)
		p := rest[loc[0]:loc[1]]
		v := ""
		switch {
		case strings.HasSuffix(p, "...}"):
			v = "x"
		case fill != nil:
			segs := strings.Split(strings.Trim(before, "/"), "/")
			if strings.HasSuffix(b.String(), "/") {
				v = fill(segs[len(segs)-1])
			}
		}
		if v == "" {
			v = noSuchID
		}
		b.WriteString(v)
		rest = rest[loc[1]:]
	}
	return method, b.String(), ok
}

// TestEveryRouteEnforcesItsAction walks every registered route with every
// role (and nobody) and checks that the answer matches the routes table:
// denied
// requests get 403, or a redirect to the login page for visitors; allowed
// ones get anything else. Path parameters are filled with an id that does
// not exist, so handlers answer 404 past the permission check, and nothing
// is written.
func TestEveryRouteEnforcesItsAction(t *testing.T) {
	e := apptest.SQLite(t)
	users := map[auth.Role]*auth.User{}
	for _, r := range auth.Roles {
		users[r] = e.CreateUser(r, string(r)+"@walk.example")
	}
	// The volunteer is a sentinel, so that the porta's own check (the
	// qualification) lets the signal routes answer past the role check.
	if _, err := e.App.People.Qualifications.Insert(e.Ctx, e.App.DB.W, qualification.Grant{UserID: users[auth.Volunteer].ID,
		Code: qualification.Sentinel}); err != nil {
		t.Fatal(err)
	}
	registered := e.App.Router.Routes()
	if len(registered) < 20 {
		t.Fatalf("only %d routes registered", len(registered))
	}
	seen := map[string]bool{}
	for _, rt := range registered {
		seen[rt.Pattern] = true
		method, path, ok := concrete(rt.Pattern, nil)
		if !ok {
			t.Errorf("route %q has no method", rt.Pattern)
			continue
		}
		row, listed := routes[rt.Pattern]
		if !listed {
			t.Errorf("route %s is not in the routes table", rt.Pattern)
			continue
		}
		for _, role := range everyone {
			c := e.Anonymous()
			if role != auth.Anonymous {
				c = e.As(users[role])
			}
			var resp *apptest.Response
			if method == http.MethodPost {
				resp = c.PostForm(path, nil)
			} else {
				resp = c.Get(path)
			}
			denied := resp.StatusCode == 401 || resp.StatusCode == 403 ||
				(resp.StatusCode == 303 && strings.HasPrefix(resp.Header.Get("Location"), "/accedi?next=")) ||
				(rt.Action == auth.GuestOnly && resp.StatusCode == 303 && resp.Header.Get("Location") == "/")
			want := mayUse(row, role)
			if denied == want {
				t.Errorf("%s as %s: status %d (location %q), table allows=%v",
					rt.Pattern, role.LabelKey(), resp.StatusCode, resp.Header.Get("Location"), want)
			}
			if resp.StatusCode >= 500 {
				t.Errorf("%s as %s: server error %d", rt.Pattern, role.LabelKey(), resp.StatusCode)
			}
		}
	}
	for pattern := range routes {
		if !seen[pattern] {
			t.Errorf("routes table lists %s, which is not registered", pattern)
		}
	}
}
