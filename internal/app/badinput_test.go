package app_test

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/trama-welfare/trama/internal/app"
	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/platform/auth"
)

// idTables says where to find a real id for the path parameter that
// follows a segment, so that bad input reaches the handlers past their
// look-ups (the demo data fills them).
var idTables = map[string]string{
	"ente": "organizations", "enti": "organizations", "rete": "organizations",
	"servizi": "services", "sedi": "locations",
	"eventi": "events", "iscritti": "event_registrations",
	"laboratori": "labs", "contributi": "lab_posts", "commenti": "lab_comments", "esiti": "lab_outcomes",
	"patto": "pacts", "bacheca": "bulletin_posts", "collaborazioni": "network_partnerships",
	"opportunita": "volunteer_opportunities", "volontariato": "volunteer_opportunities",
	"corsi": "courses", "gestione": "courses", "sessioni": "course_sessions",
	"richieste": "porta_needs", "casi": "porta_cases", "persone": "porta_persons", "invii": "porta_referrals",
	"utenti": "users", "ambiti": "territories", "validazioni": "organization_versions",
	"qualifiche": "user_qualifications", "accompagnatori": "helper_assignments", "accompagnamenti": "helper_assignments",
}

// wrongTypes is a form (and a query) with text where numbers, dates,
// times, coordinates and choices are expected, and hostile text elsewhere.
var wrongTypes = url.Values{
	"date": {"domani"}, "opens": {"mezzogiorno"}, "closes": {"25:99"}, "until": {"mai"}, "deadline": {"31/02/2026"},
	"capacity": {"tanti"}, "places": {"-1"}, "minimum_age": {"sei"}, "maximum_age": {"1e99"}, "hours": {"NaN"},
	"minutes": {"∞"}, "latitude": {"abc"}, "longitude": {"1e400"}, "lat": {"x"}, "lon": {"y"}, "km": {"-5"},
	"birth_year": {"ieri"}, "birth_date": {"0000-00-00"}, "urgency": {"molto"}, "adults": {"tre"}, "minors": {"9999999999999999999"},
	"page": {"-1"}, "limit": {"9999999999"}, "per_page": {"abc"}, "from": {"2026-13-45"}, "to": {"x"}, "year": {"duemila"},
	"status": {"<script>"}, "role": {"superuser"}, "lang": {"xx"}, "kind": {"?"}, "id": {"../../etc/passwd"},
	"name": {`"><img src=x onerror=alert(1)>`}, "title": {"<script>alert(1)</script>"}, "email": {"not-an-email"},
	"description": {"{{.User}}\u202e"}, "url": {"javascript:alert(1)"}, "website": {"javascript:alert(1)"},
	"q": {strings.Repeat("a ", 5000)}, "categories": {"NOPE"}, "istat_code": {"999999"}, "code": {"'; DROP TABLE users; --"},
	"next": {"//evil.example"}, "consent": {"maybe"}, "sched_0_kind": {"weekly"}, "sched_0_days": {"XX"}, "sched_0_opens": {"99:99"},
}

// demoUsers returns the demo accounts by role.
func demoUsers(t *testing.T, e *apptest.Env) map[auth.Role]*auth.User {
	users := map[auth.Role]*auth.User{}
	for _, d := range app.DemoAccounts {
		u, err := e.App.Auth.Store.UserByEmail(e.Ctx, d.Email)
		if err != nil {
			t.Fatal(err)
		}
		users[d.Role] = u
	}
	return users
}

// demoIDs returns the fill function of concrete that finds a real id for
// a path parameter in the demo data (idTables).
func demoIDs(e *apptest.Env) func(segment string) string {
	ids := map[string]string{}
	return func(segment string) string {
		table, ok := idTables[segment]
		if !ok {
			return ""
		}
		if id, ok := ids[table]; ok {
			return id
		}
		var id string
		e.App.DB.R.QueryRow(`SELECT id FROM ` + table + ` ORDER BY id LIMIT 1`).Scan(&id)
		ids[table] = id
		return id
	}
}

// clientFor returns a client with a new session of the first role the
// routes table row lets in, the most privileged in the territory first.
func clientFor(e *apptest.Env, users map[auth.Role]*auth.User, row string) *apptest.Client {
	for _, r := range []auth.Role{auth.Coordinator, auth.Admin, auth.Operator, auth.Volunteer, auth.Citizen} {
		if mayUse(row, r) {
			return e.As(users[r])
		}
	}
	return e.Anonymous()
}

// TestEveryRouteRejectsBadInput walks every registered route as a role
// that may use it, on the demo data, with bad input: a body over the
// route's limit (announced or not) gets 413; a path, query or form in
// invalid UTF-8 gets 400 before any handler runs, so it is never stored;
// text where numbers and dates belong, and hostile strings, never get a
// server error.
func TestEveryRouteRejectsBadInput(t *testing.T) {
	e := apptest.SQLite(t, apptest.Demo())
	users := demoUsers(t, e)
	fill := demoIDs(e)
	send := func(c *apptest.Client, method, target, ctype string, body io.Reader, length int64) *apptest.Response {
		req, err := http.NewRequest(method, e.URL+target, body)
		if err != nil {
			t.Fatal(err)
		}
		req.ContentLength = length
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		req.Header.Set("Origin", e.URL)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		return c.Do(req)
	}
	const form = "application/x-www-form-urlencoded"
	checked := 0
	for _, rt := range e.App.Router.Routes() {
		if rt.BodyLimit == 0 {
			continue // raw handlers: static files, health, metrics
		}
		row := routes[rt.Pattern]
		// A new session for every route: some routes end sessions (log out,
		// log out everywhere).
		c := clientFor(e, users, row)
		method, path, _ := concrete(rt.Pattern, fill)
		checked++
		expect := func(what string, r *apptest.Response, want int) {
			t.Helper()
			if r.StatusCode != want {
				t.Errorf("%s, %s: status %d, want %d", rt.Pattern, what, r.StatusCode, want)
			}
		}
		// Too large, announced: refused before the handler, whatever it is.
		big := strings.Repeat("x", int(rt.BodyLimit))
		expect("body over the limit", send(c, method, path, form, strings.NewReader("a="+big), int64(len(big)+2)), http.StatusRequestEntityTooLarge)
		// Invalid UTF-8 in the query and, where there is one, in a parameter of the path.
		expect("query in invalid UTF-8", send(c, method, path+"?q=%C3%28&name=ok", "", nil, 0), http.StatusBadRequest)
		expect("malformed query", send(c, method, path+"?q=%zz", "", nil, 0), http.StatusBadRequest)
		if p := param.FindString(strings.ReplaceAll(rt.Pattern, "{$}", "")); p != "" && !strings.HasSuffix(p, "...}") {
			_, bad, _ := concrete(rt.Pattern, func(string) string { return "%FF" })
			expect("path in invalid UTF-8", send(c, method, bad, "", nil, 0), http.StatusBadRequest)
		}
		// Wrong types and hostile text.
		if r := send(c, method, path+"?"+wrongTypes.Encode(), "", nil, 0); r.StatusCode >= 500 {
			t.Errorf("%s, wrong types in the query: status %d", rt.Pattern, r.StatusCode)
		}
		if method != http.MethodPost {
			continue
		}
		// Too large, not announced (chunked): the form parser stops at the limit.
		expect("chunked body over the limit", send(c, method, path, form, io.MultiReader(strings.NewReader("a="+big+"x")), -1), http.StatusRequestEntityTooLarge)
		expect("form in invalid UTF-8", send(c, method, path, form, strings.NewReader("name=%FF%FE&title=ok"), -1), http.StatusBadRequest)
		expect("form field name in invalid UTF-8", send(c, method, path, form, strings.NewReader("%C3%28=x"), -1), http.StatusBadRequest)
		if r := c.PostForm(path, wrongTypes); r.StatusCode >= 500 {
			t.Errorf("%s, wrong types in the form: status %d\n%s", rt.Pattern, r.StatusCode, r.Body)
		}
		if r := send(c, method, path, "multipart/form-data; boundary=x", strings.NewReader("--x\r\nbroken"), -1); r.StatusCode >= 500 {
			t.Errorf("%s, broken multipart body: status %d", rt.Pattern, r.StatusCode)
		}
		if r := send(c, method, path, "application/json", strings.NewReader(`{"name":`), -1); r.StatusCode >= 500 {
			t.Errorf("%s, JSON body: status %d", rt.Pattern, r.StatusCode)
		}
	}
	if checked < 200 {
		t.Fatalf("only %d routes checked", checked)
	}
	noInvalidUTF8Stored(t, e)
}

// noInvalidUTF8Stored reads every text column of every table of the SQLite
// database: none may hold text that is not valid UTF-8.
func noInvalidUTF8Stored(t *testing.T, e *apptest.Env) {
	t.Helper()
	tables, err := e.App.DB.R.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%'`)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for tables.Next() {
		var n string
		tables.Scan(&n)
		names = append(names, n)
	}
	tables.Close()
	cols := 0
	for _, table := range names {
		rows, err := e.App.DB.R.Query(`SELECT name FROM pragma_table_info($1) WHERE type = 'TEXT'`, table)
		if err != nil {
			t.Fatal(err)
		}
		var text []string
		for rows.Next() {
			var c string
			rows.Scan(&c)
			text = append(text, c)
		}
		rows.Close()
		for _, c := range text {
			cols++
			vals, err := e.App.DB.R.Query(fmt.Sprintf(`SELECT CAST(%s AS BLOB) FROM %s WHERE %s IS NOT NULL`, c, table, c))
			if err != nil {
				t.Fatalf("%s.%s: %v", table, c, err)
			}
			for vals.Next() {
				var b []byte
				vals.Scan(&b)
				if !utf8.Valid(b) {
					t.Errorf("%s.%s holds invalid UTF-8: %q", table, c, b)
				}
			}
			vals.Close()
		}
	}
	if cols < 100 {
		t.Fatalf("only %d text columns read", cols)
	}
}
