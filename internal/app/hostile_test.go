package app_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
)

// hostile is what people could type into any text field: markup, an
// attribute break-out, template syntax and a right-to-left override.
const hostile = `<script>alert(1)</script>"><img src=x onerror=alert(1)>{{.User}}` + "\u202e"

// hostileColumns are the columns of user-entered text the test fills with
// hostile text (directly in the database, as if validation had let it
// through), and the link columns it fills with a javascript: URL.
var hostileColumns = map[string][]string{
	"organizations":           {"name", "alternate_name", "description"},
	"services":                {"name", "alternate_name", "description", "fees_description", "eligibility_description", "application_process"},
	"locations":               {"name", "description"},
	"events":                  {"title", "description", "programme", "place_name", "address", "audience", "accessibility"},
	"pact_versions":           {"body", "changes"},
	"bulletin_posts":          {"title", "body"},
	"labs":                    {"title", "theme", "description"},
	"lab_posts":               {"title", "body", "author_name", "answer"},
	"users":                   {"name"},
	"volunteer_opportunities": {"title", "description", "place", "role"},
	"courses":                 {"title", "description", "organizer"},
	"territories":             {"name", "description"},
}

var linkColumns = map[string][]string{
	"organizations": {"website"},
	"services":      {"url"},
	"locations":     {"url"},
	"events":        {"online_url"},
}

var (
	// Active content that must never come out of a page.
	scriptLink = regexp.MustCompile(`(?i)(href|src|action|formaction|xlink:href)\s*=\s*["']?\s*(javascript|vbscript):`)
	// How the hostile text looks once escaped in HTML text or attributes.
	escapedHostile = regexp.MustCompile(`&lt;script&gt;alert\(1\)&lt;/script&gt;(&#34;|&quot;)&gt;&lt;img src=x onerror=alert\(1\)&gt;\{\{\.User\}\}`)
)

// TestHostileTextIsEscapedEverywhere stores hostile text in every field
// people type (names and descriptions of organizations, services and
// places, events, the pact — as Markdown with a javascript: link —,
// bulletin posts, labs and contributions, volunteering, courses, user
// names; descriptions also very long) and javascript: URLs in every link
// field, then renders every page a role may see: no page lets the markup
// or a script link through, none fails, and the text is shown, escaped, on
// the pages that show it.
func TestHostileTextIsEscapedEverywhere(t *testing.T) {
	e := apptest.SQLite(t, apptest.Demo())
	long := strings.Repeat("Parola-lunghissima-senza-spazi", 400)
	for table, cols := range hostileColumns {
		for _, col := range cols {
			v := hostile
			if col == "description" || col == "body" {
				v = hostile + " " + long // very long, and without a space to wrap at
			}
			if table == "pact_versions" && col == "body" {
				v = hostile + "\n\n[firma qui](javascript:alert(1)) <a href=\"javascript:alert(1)\">x</a>\n\n" + long
			}
			if _, err := e.App.DB.W.Exec(fmt.Sprintf(`UPDATE %s SET %s = $1 WHERE %s IS NOT NULL AND %s <> ''`, table, col, col, col), v); err != nil {
				t.Fatalf("%s.%s: %v", table, col, err)
			}
		}
	}
	for table, cols := range linkColumns {
		for _, col := range cols {
			if _, err := e.App.DB.W.Exec(fmt.Sprintf(`UPDATE %s SET %s = 'javascript:alert(1)'`, table, col)); err != nil {
				t.Fatalf("%s.%s: %v", table, col, err)
			}
		}
	}
	if _, err := e.App.Search.ReindexAll(e.Ctx, nil); err != nil {
		t.Fatal(err)
	}
	users := demoUsers(t, e)
	fill := demoIDs(e)
	shown := map[string]bool{}
	pages := 0
	for _, rt := range e.App.Router.Routes() {
		method, path, _ := concrete(rt.Pattern, fill)
		if method != http.MethodGet || rt.BodyLimit == 0 {
			continue
		}
		r := clientFor(e, users, routes[rt.Pattern]).Get(path)
		if r.StatusCode >= 500 {
			t.Errorf("%s (%s): status %d", rt.Pattern, path, r.StatusCode)
			continue
		}
		ct := r.Header.Get("Content-Type")
		if strings.HasPrefix(ct, "text/csv") || strings.HasPrefix(ct, "text/calendar") || strings.HasPrefix(ct, "application/pdf") {
			continue // data files, downloaded, not rendered as pages
		}
		pages++
		if strings.Contains(r.Body, "<script>alert(1)</script>") || strings.Contains(r.Body, "<img src=x onerror") {
			t.Errorf("%s (%s): hostile markup let through", rt.Pattern, path)
		}
		if m := scriptLink.FindString(r.Body); m != "" {
			t.Errorf("%s (%s): script link %q", rt.Pattern, path, m)
		}
		if escapedHostile.MatchString(r.Body) || strings.Contains(r.Body, `\u003cscript\u003ealert(1)\u003c/script\u003e`) {
			shown[rt.Pattern] = true
		}
	}
	// The hostile text reached the pages that show it: the test looked at
	// real output, not at pages without the data.
	for _, p := range []string{"GET /enti/{id}", "GET /servizi/{id}", "GET /eventi/{id}", "GET /patto/{id}",
		"GET /bacheca/{id}", "GET /laboratori/{id}", "GET /ente/{id}", "GET /eventi"} {
		if !shown[p] {
			t.Errorf("%s does not show the (escaped) hostile text: the walk missed it", p)
		}
	}
	if pages < 100 || len(shown) < 20 {
		t.Errorf("%d pages rendered, %d showing the hostile text", pages, len(shown))
	}
}
