package demo_test

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/demo"
	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/geo"
	"github.com/trama-welfare/trama/internal/platform/web"
)

// TestDemoNetwork loads the demo once per engine and checks it from every
// side: sizes, states, validity, freshness, accounts, privacy of the
// confidential places, and what families will search for.
func TestDemoNetwork(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		t.Run("sizes", func(t *testing.T) { sizes(t, e) })
		t.Run("states", func(t *testing.T) { states(t, e) })
		t.Run("valid", func(t *testing.T) { valid(t, e) })
		t.Run("fictional", func(t *testing.T) { fictional(t, e) })
		t.Run("accounts", func(t *testing.T) { accounts(t, e) })
		t.Run("freshness", func(t *testing.T) { freshness(t, e) })
		t.Run("confidential", func(t *testing.T) { confidential(t, e) })
		t.Run("saturday", func(t *testing.T) { saturdayNearBuccinasco(t, e) })
		t.Run("needs", func(t *testing.T) { needs(t, e) })
		t.Run("once", func(t *testing.T) { once(t, e) })
	}, apptest.Demo())
}

func between(t *testing.T, what string, n, lo, hi int) {
	t.Helper()
	if n < lo || n > hi {
		t.Errorf("%d %s, want %d to %d", n, what, lo, hi)
	} else {
		t.Logf("%d %s", n, what)
	}
}

func sizes(t *testing.T, e *apptest.Env) {
	between(t, "organizations", e.Count(`SELECT COUNT(*) FROM organizations`), 30, 50)
	between(t, "published services", e.Count(`SELECT COUNT(*) FROM services WHERE deleted_at IS NULL`), 100, 200)
	between(t, "kinds of organization", e.Count(`SELECT COUNT(DISTINCT kind) FROM organizations`), 9, len(directory.Kinds))
	between(t, "comuni with places", e.Count(`SELECT COUNT(DISTINCT istat_code) FROM locations WHERE location_type = 'physical'`), 6, 6)
	between(t, "online places", e.Count(`SELECT COUNT(*) FROM locations WHERE location_type = 'virtual'`), 2, 10)
	between(t, "services with schedules", e.Count(`SELECT COUNT(DISTINCT service_id) FROM schedules`),
		e.Count(`SELECT COUNT(*) FROM services`), e.Count(`SELECT COUNT(*) FROM services`))
	between(t, "monthly schedules", e.Count(`SELECT COUNT(*) FROM schedules WHERE freq = 'MONTHLY'`), 5, 100)
	between(t, "seasonal schedules", e.Count(`SELECT COUNT(*) FROM schedules WHERE seasonal`), 30, 300)
	between(t, "summer camps", e.Count(`SELECT COUNT(*) FROM schedules WHERE seasonal AND (valid_from LIKE '%-06-%' OR valid_from LIKE '%-07-%')`), 5, 20)
	between(t, "priced options", e.Count(`SELECT COUNT(*) FROM cost_options WHERE amount > 0`), 30, 300)
	between(t, "free services", e.Count(`SELECT COUNT(*) FROM services WHERE free`), 40, 200)
	between(t, "services by referral", e.Count(`SELECT COUNT(*) FROM services WHERE referral_required`), 8, 60)
	between(t, "services with a waiting list", e.Count(`SELECT COUNT(*) FROM services WHERE waiting_list`), 8, 60)
	between(t, "services wanting volunteers", e.Count(`SELECT COUNT(*) FROM services WHERE volunteers_wanted`), 8, 60)
	between(t, "training plans", e.Count(`SELECT COUNT(*) FROM organization_training_plans`), 10, 100)
	for _, code := range []string{"ar", "ro", "uk"} {
		between(t, "services in "+code, e.Count(`SELECT COUNT(DISTINCT service_id) FROM languages WHERE code = $1`, code), 3, 50)
	}
	for _, age := range [][2]int{{0, 3}, {6, 10}, {11, 14}, {15, 18}, {30, 50}, {65, 90}} {
		between(t, "services for ages in the range", e.Count(`SELECT COUNT(*) FROM services
			WHERE (minimum_age IS NULL OR minimum_age <= $2) AND (maximum_age IS NULL OR maximum_age >= $1)`, age[0], age[1]), 5, 200)
	}
}

// states: the workflow left one organization of each kind a demo shows.
func states(t *testing.T, e *apptest.Env) {
	between(t, "pending organizations", e.Count(`SELECT COUNT(*) FROM organizations WHERE status = 'pending'`), 1, 1)
	between(t, "pending organizations waiting for review", e.Count(`SELECT COUNT(*) FROM organizations o
		JOIN organization_versions v ON v.organization_id = o.id WHERE o.status = 'pending' AND v.status = 'submitted'`), 1, 1)
	between(t, "updates waiting for review", e.Count(`SELECT COUNT(*) FROM organizations o
		JOIN organization_versions v ON v.organization_id = o.id WHERE o.status = 'active' AND v.status = 'submitted'`), 1, 1)
	between(t, "versions sent back with a comment", e.Count(`SELECT COUNT(*) FROM organization_versions
		WHERE status = 'changes_requested' AND comment <> ''`), 1, 1)
	between(t, "archived organizations", e.Count(`SELECT COUNT(*) FROM organizations WHERE status = 'archived'`), 1, 1)
	// Every published organization went through a version and the history.
	between(t, "published organizations without history", e.Count(`SELECT COUNT(*) FROM organizations o WHERE published_version > 0
		AND NOT EXISTS (SELECT 1 FROM organization_history h WHERE h.organization_id = o.id AND h.to_status = 'published')`), 0, 0)
	between(t, "organizations of members that were submitted by them", e.Count(`SELECT COUNT(DISTINCT h.organization_id)
		FROM organization_history h JOIN users u ON u.id = h.actor_id WHERE h.to_status = 'submitted' AND u.role = 'operatore'`), 6, 6)

	coord, _ := loginAs(t, e, demo.Coordinator)
	coord.Get("/coordinamento/validazioni").Status(t, http.StatusOK).Contains(t, "Ponti di Parole APS", "Centro antiviolenza Libere di Essere")
	coord.Get("/coordinamento/enti?status=archived").Status(t, http.StatusOK).Contains(t, "Passi Leggeri")
	op, _ := loginAs(t, e, "operatore@trama.example")
	rodari := orgID(t, e, "Comitato Genitori Scuola Rodari")
	op.Get("/ente/"+rodari).Status(t, http.StatusOK).Contains(t, "da dove partono le linee")
}

// valid: the published records and the open versions pass the checks
// the directory makes before publishing.
func valid(t *testing.T, e *apptest.Env) {
	dir := e.App.Directory
	ids := column(t, e, `SELECT id FROM organizations ORDER BY name`)
	for _, id := range ids {
		rec, _, err := dir.Store.Published(e.Ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if rec != nil {
			if err := dir.ValidateRecord(e.Ctx, rec); err != nil {
				t.Errorf("%s: published record: %v", rec.Organization.Name, err)
			}
		}
	}
	for _, vid := range column(t, e, `SELECT id FROM organization_versions WHERE status IN ('draft', 'submitted', 'changes_requested')`) {
		v, err := dir.Store.VersionByID(e.Ctx, vid)
		if err != nil {
			t.Fatal(err)
		}
		if err := dir.ValidateRecord(e.Ctx, &v.Record); err != nil {
			t.Errorf("%s: open version: %v", v.Record.Organization.Name, err)
		}
	}
	if n := len(column(t, e, `SELECT id FROM organization_versions WHERE status IN ('draft', 'submitted', 'changes_requested')`)); n != 3 {
		t.Errorf("%d open versions, want 3 (pending, changes requested, update)", n)
	}
}

// fictional: contacts are made up (.example, fictional 02 0000 numbers).
func fictional(t *testing.T, e *apptest.Env) {
	for _, q := range []string{
		`SELECT email FROM organizations WHERE email <> ''`, `SELECT website FROM organizations WHERE website <> ''`,
		`SELECT email FROM services WHERE email <> ''`, `SELECT url FROM services WHERE url <> ''`,
		`SELECT url FROM locations WHERE url <> ''`, `SELECT email FROM users`,
	} {
		for _, v := range column(t, e, q) {
			host := v[strings.LastIndex(v, "@")+1:]
			host = strings.TrimPrefix(strings.TrimPrefix(host, "https://"), "http://")
			host, _, _ = strings.Cut(host, "/")
			if !strings.HasSuffix(host, ".example") {
				t.Errorf("%q is not a fictional address (%s)", v, q)
			}
		}
	}
	phones := column(t, e, `SELECT number FROM phones`)
	if len(phones) < 20 {
		t.Errorf("only %d phones", len(phones))
	}
	for _, p := range phones {
		if !strings.HasPrefix(strings.ReplaceAll(p, " ", ""), "+390200") {
			t.Errorf("phone %q is not one of the fictional +39 02 0000 numbers", p)
		}
	}
}

// accounts: operatore works for two organizations, the coordinator has
// the territory, the other demo operators each have theirs.
func accounts(t *testing.T, e *apptest.Env) {
	tid := column(t, e, `SELECT id FROM territories`)[0]
	coord := user(t, e, demo.Coordinator)
	if coord.TerritoryID != tid || coord.Role != auth.Coordinator {
		t.Errorf("coordinator: %+v", coord)
	}
	for email, want := range map[string]int{"operatore@trama.example": 2, "antiviolenza@trama.example": 1,
		"emporio@trama.example": 2, "nuovoente@trama.example": 1} {
		u := user(t, e, email)
		orgs, err := e.App.Directory.Store.OrganizationsOf(e.Ctx, u.ID)
		if err != nil || len(orgs) != want || u.Role != auth.Operator || u.TerritoryID != tid {
			t.Errorf("%s: %d organizations (%v), role %s, want %d", email, len(orgs), err, u.Role, want)
		}
	}
	if n := e.Count(`SELECT COUNT(*) FROM users`); n != 5+len(demo.Operators) {
		t.Errorf("%d users", n)
	}
}

// freshness: some organizations were last verified 7 to 9 months ago, the
// back office flags them and the reminder job has operators to write to.
func freshness(t *testing.T, e *apptest.Env) {
	f := e.App.Config.Freshness
	today := time.Now().In(web.Rome)
	stale := column(t, e, `SELECT assured_date FROM services WHERE deleted_at IS NULL AND assured_date < $1`, f.StaleBefore())
	between(t, "stale services", len(stale), 10, 40)
	for _, d := range stale {
		if d < today.AddDate(0, -9, -1).Format(time.DateOnly) || d > today.AddDate(0, -7, 0).Format(time.DateOnly) {
			t.Errorf("stale service verified on %s, want 7 to 9 months ago", d)
		}
	}
	between(t, "services never verified", e.Count(`SELECT COUNT(*) FROM services WHERE assured_date = '' OR assurer_email = ''`), 0, 0)
	between(t, "organizations verified at different times", e.Count(`SELECT COUNT(DISTINCT assured_date) FROM services`), 20, 200)
	between(t, "future dates", e.Count(`SELECT COUNT(*) FROM services WHERE assured_date > $1`, today.Format(time.DateOnly)), 0, 0)

	coord, _ := loginAs(t, e, demo.Coordinator)
	coord.Get("/coordinamento/servizi?stale=1").Status(t, http.StatusOK).Contains(t, "Minibasket", "Centro diurno integrato").
		Lacks(t, "Ludoteca Il Girotondo")

	staleOrgs := e.Count(`SELECT COUNT(DISTINCT organization_id) FROM services WHERE assured_date < $1`, f.StaleBefore())
	n, err := e.App.Directory.SendReminders(e.Ctx, e.App.Auth, e.App.Keys, f)
	if err != nil || n != staleOrgs || n < 3 {
		t.Fatalf("reminders for %d organizations (%v), want %d", n, err, staleOrgs)
	}
	mails := strings.Join(e.Outbox(), "\n")
	for _, want := range []string{"operatore@trama.example", "Minibasket", "emporio@trama.example", "Pacchi alimentari"} {
		if !strings.Contains(mails, want) {
			t.Errorf("reminders lack %q", want)
		}
	}
}

// confidential: the addresses of the antiviolence centre's places never
// reach a page that the operators of other organizations or visitors see,
// while its own operator and the coordinator do see them (which proves
// the addresses are the ones the pages would show).
func confidential(t *testing.T, e *apptest.Env) {
	const sede, rifugio = "Via delle Ginestre 14", "Via dei Ciclamini 3"
	if n := e.Count(`SELECT COUNT(*) FROM locations l JOIN addresses a ON a.location_id = l.id
		WHERE l.confidential AND a.address_1 = $1`, sede); n != 1 {
		t.Fatalf("the confidential place is not in the data (%d)", n)
	}
	cav := orgID(t, e, "Centro antiviolenza Libere di Essere")
	vid := column(t, e, `SELECT id FROM organization_versions WHERE organization_id = $1 AND status = 'submitted'`, cav)[0]

	own, _ := loginAs(t, e, "antiviolenza@trama.example")
	own.Get("/ente/"+cav).Status(t, http.StatusOK).Contains(t, sede, rifugio)
	coord, _ := loginAs(t, e, demo.Coordinator)
	coord.Get("/coordinamento/validazioni/"+vid).Status(t, http.StatusOK).Contains(t, "Casa rifugio", rifugio)

	op, _ := loginAs(t, e, "operatore@trama.example")
	guest := e.Anonymous()
	for _, c := range []*apptest.Client{op, guest} {
		for _, path := range []string{"/", "/rete", "/rete?q=antiviolenza", "/rete/" + cav, "/ente/" + cav, "/ente/" + cav + "/storia",
			"/coordinamento/validazioni", "/coordinamento/validazioni/" + vid, "/coordinamento/servizi"} {
			c.Get(path).Lacks(t, sede, rifugio)
		}
	}
	op.Get("/rete/"+cav).Status(t, http.StatusOK).Contains(t, "Libere di Essere", "Accoglienza e ascolto")
	op.Get("/ente/"+cav).Status(t, http.StatusNotFound)
	for page := 1; page <= 3; page++ {
		op.Get("/rete?page="+strconv.Itoa(page)).Status(t, http.StatusOK).Lacks(t, sede, rifugio)
	}
	for _, id := range column(t, e, `SELECT id FROM organizations WHERE status = 'active'`) {
		op.Get("/rete/"+id).Status(t, http.StatusOK).Lacks(t, sede, rifugio)
	}
}

// saturdayNearBuccinasco: "attività per un bambino di 8 anni il sabato
// pomeriggio vicino a Buccinasco" finds several answers, in plain SQL:
// a weekly Saturday schedule covering 15:00-17:00, an age range with 8,
// a place in the territory within 5 km of Buccinasco.
func saturdayNearBuccinasco(t *testing.T, e *apptest.Env) {
	rows, err := e.App.DB.R.QueryContext(e.Ctx, `SELECT DISTINCT s.name, o.name, l.latitude, l.longitude
		FROM services s
		JOIN organizations o ON o.id = s.organization_id AND o.status = 'active'
		JOIN schedules sc ON sc.service_id = s.id
		JOIN service_at_locations sal ON sal.service_id = s.id
		JOIN locations l ON l.id = sal.location_id AND l.deleted_at IS NULL
		JOIN territory_comuni tc ON tc.istat_code = l.istat_code AND tc.territory_id = o.territory_id
		WHERE s.deleted_at IS NULL AND s.status = 'active'
		AND sc.freq = 'WEEKLY' AND sc.count IS NULL AND (',' || sc.byday || ',') LIKE '%,SA,%'
		AND sc.opens_at <= '15:00' AND sc.closes_at >= '17:00'
		AND (s.minimum_age IS NULL OR s.minimum_age <= 8) AND (s.maximum_age IS NULL OR s.maximum_age >= 8)
		ORDER BY s.name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	buccinasco, _, _ := e.App.Geo.Comune(e.Ctx, "015036")
	var found []string
	for rows.Next() {
		var name, org string
		var lat, lon float64
		if err := rows.Scan(&name, &org, &lat, &lon); err != nil {
			t.Fatal(err)
		}
		if km := geo.DistanceKm(buccinasco.Lat, buccinasco.Lon, lat, lon); km <= 5 {
			found = append(found, name+" ("+org+")")
		}
	}
	t.Logf("sabato pomeriggio, 8 anni, vicino a Buccinasco: %v", found)
	for _, want := range []string{"Minibasket", "Lupetti e coccinelle", "Laboratorio teatrale per bambini",
		"Ludoteca Il Girotondo", "Sabato in oratorio", "Atelier d'arte per bambini"} {
		if !slices.ContainsFunc(found, func(f string) bool { return strings.HasPrefix(f, want+" (") }) {
			t.Errorf("%s is not among the answers", want)
		}
	}
	for _, f := range found {
		if strings.HasPrefix(f, "Coro di voci bianche") || strings.HasPrefix(f, "Sabato insieme") {
			t.Errorf("%s should not match (hours or ages)", f)
		}
	}
}

// needs: the other searches the demo must answer, by category.
func needs(t *testing.T, e *apptest.Env) {
	byCategory := func(code, extra string, args ...any) int {
		return e.Count(`SELECT COUNT(DISTINCT s.id) FROM services s
			JOIN organizations o ON o.id = s.organization_id AND o.status = 'active'
			JOIN attributes a ON a.link_id = s.id AND a.link_type = 'category'
			JOIN taxonomy_terms tt ON tt.id = a.taxonomy_term_id AND tt.code = '`+code+`'
			WHERE s.deleted_at IS NULL `+extra, args...)
	}
	weekdayAfternoon := ` AND EXISTS (SELECT 1 FROM schedules sc WHERE sc.service_id = s.id AND sc.opens_at >= '14:00'
		AND sc.opens_at <= '16:00' AND (',' || sc.byday || ',') NOT LIKE '%,SA,%' AND (',' || sc.byday || ',') NOT LIKE '%,SU,%')`
	between(t, "doposcuola on weekday afternoons", byCategory("EDU-DOPO", weekdayAfternoon), 5, 30)
	between(t, "food parcels", byCategory("BEN-ALIM", ""), 3, 10)
	between(t, "Italian for foreigners", byCategory("MIG-ITAL", ""), 3, 10)
	between(t, "Italian for foreigners with help in Arabic or Ukrainian", byCategory("MIG-ITAL",
		` AND EXISTS (SELECT 1 FROM languages lg WHERE lg.service_id = s.id AND lg.code IN ('ar', 'uk'))`), 3, 10)
	between(t, "company for older people", byCategory("ANZ-COMPAGNIA", ""), 3, 10)
	between(t, "social desks", byCategory("ASC-SPORT", ""), 3, 6)
	between(t, "solidarity store", byCategory("BEN-EMPORIO", ""), 1, 3)
	between(t, "time bank", byCategory("VOL-BDT", ""), 1, 5)
}

// once: loading again into a database with users does nothing.
func once(t *testing.T, e *apptest.Env) {
	before := e.Count(`SELECT COUNT(*) FROM services`) + e.Count(`SELECT COUNT(*) FROM organization_history`)
	seeded, err := e.App.SeedDemo(e.Ctx)
	if err != nil || seeded {
		t.Fatalf("second load: seeded %v, %v", seeded, err)
	}
	if after := e.Count(`SELECT COUNT(*) FROM services`) + e.Count(`SELECT COUNT(*) FROM organization_history`); after != before {
		t.Errorf("the second load changed the data: %d rows, then %d", before, after)
	}
}

// TestDemoIsDeterministic: two loads hold the same content (ids and times
// aside).
func TestDemoIsDeterministic(t *testing.T) {
	digest := func() string {
		e := apptest.SQLite(t, apptest.Demo())
		return strings.Join(column(t, e, `SELECT o.name || '|' || s.name || '|' || s.description || '|' ||
			COALESCE(CAST(s.minimum_age AS TEXT), '') || '|' || COALESCE(sc.byday, '') || '|' || COALESCE(sc.opens_at, '') ||
			'|' || COALESCE(sc.valid_from, '') || '|' || s.assured_date || '|' || COALESCE(CAST(l.latitude AS TEXT), '')
			FROM services s JOIN organizations o ON o.id = s.organization_id
			LEFT JOIN schedules sc ON sc.service_id = s.id
			LEFT JOIN service_at_locations sal ON sal.service_id = s.id LEFT JOIN locations l ON l.id = sal.location_id
			ORDER BY 1`), "\n")
	}
	a, b := digest(), digest()
	if a != b || len(a) < 10000 {
		t.Errorf("two loads differ (or are empty: %d bytes)", len(a))
	}
}

func column(t *testing.T, e *apptest.Env, q string, args ...any) []string {
	t.Helper()
	rows, err := e.App.DB.R.QueryContext(e.Ctx, q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func user(t *testing.T, e *apptest.Env, email string) *auth.User {
	t.Helper()
	u, err := e.App.Auth.Store.UserByEmail(e.Ctx, email)
	if err != nil {
		t.Fatalf("%s: %v", email, err)
	}
	return u
}

func loginAs(t *testing.T, e *apptest.Env, email string) (*apptest.Client, *auth.User) {
	u := user(t, e, email)
	return e.As(u), u
}

func orgID(t *testing.T, e *apptest.Env, name string) string {
	t.Helper()
	ids := column(t, e, `SELECT id FROM organizations WHERE name = $1`, name)
	if len(ids) != 1 {
		t.Fatalf("organization %q: %d found", name, len(ids))
	}
	return ids[0]
}
