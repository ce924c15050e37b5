package app_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/platform/auth"
)

func TestHomeAndShell(t *testing.T) {
	e := apptest.SQLite(t, apptest.Demo())
	c := e.Anonymous()
	r := c.Get("/").Status(t, 200).Contains(t,
		`<html lang="it">`, "Ambito di Corsico", `href="#main"`, `<main id="main"`, `role="banner"`, `role="contentinfo"`,
		"Fonte: ISTAT", "/static/vendor/bootstrap-italia/css/bootstrap-italia.min.")
	h := r.Header
	for k, want := range map[string]string{
		"X-Content-Type-Options": "nosniff",
		"X-Frame-Options":        "DENY",
		"Referrer-Policy":        "strict-origin-when-cross-origin",
	} {
		if got := h.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	csp := h.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP %q", csp)
	}
	if strings.Contains(r.Body, "<script>") || strings.Contains(r.Body, " style=") {
		t.Error("inline script or style in the page: the CSP would block it")
	}

	// English: by Accept-Language, and by the switcher.
	req, _ := http.NewRequest("GET", e.URL+"/", nil)
	req.Header.Set("Accept-Language", "en-GB,en;q=0.9")
	c.Do(req).Contains(t, `<html lang="en">`, "Log in")
	c.PostForm("/lingua", url.Values{"lang": {"en"}, "next": {"/accedi"}}).RedirectsTo(t, "/accedi")
	c.Get("/accedi").Contains(t, `<html lang="en">`, "Demo accounts", "admin@trama.example")
	c.PostForm("/lingua", url.Values{"lang": {"xx"}, "next": {"/"}}).Status(t, 422)
	c.PostForm("/lingua", url.Values{"lang": {"it"}, "next": {"https://evil.example/"}}).RedirectsTo(t, "/")
}

func TestDemoAccountsOnlyInDemoMode(t *testing.T) {
	e := apptest.SQLite(t)
	e.Anonymous().Get("/accedi").Status(t, 200).Lacks(t, "trama.example", "Account di prova")
}

func TestStaticAssetsAreHashedAndCached(t *testing.T) {
	e := apptest.SQLite(t)
	url := e.App.Site.Assets.URL("css/trama.css")
	if url == "/static/css/trama.css" {
		t.Fatalf("asset URL not hashed: %s", url)
	}
	r := e.Anonymous().Get(url).Status(t, 200)
	if cc := r.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
		t.Errorf("hashed asset Cache-Control %q", cc)
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
		t.Errorf("Content-Type %q", ct)
	}
	e.Anonymous().Get("/static/css/nope.css").Status(t, 404)
}

func TestErrorsAreTranslatedPages(t *testing.T) {
	e := apptest.SQLite(t)
	c := e.Anonymous()
	c.Get("/non-esiste").Status(t, 404).Contains(t, "non esiste", `<main id="main"`)
	r := c.PostForm("/", nil).Status(t, 405)
	if r.Header.Get("Allow") == "" {
		t.Error("405 without Allow header")
	}
	c.Get("/admin/utenti").RedirectsTo(t, "/accedi?next=%2Fadmin%2Futenti")
	cit, _ := e.AsRole(auth.Citizen)
	cit.Get("/admin/utenti").Status(t, 403).Contains(t, "Non hai il permesso")
	cit.Get("/admin/ambiti").Status(t, 403)
	cit.PostForm("/admin/ambiti", url.Values{"name": {"Intruso"}}).Status(t, 403)
	if n := e.Count(`SELECT COUNT(*) FROM territories`); n != 0 {
		t.Fatalf("a citizen created a territory (%d rows)", n)
	}
}

func TestLoginPage(t *testing.T) {
	e := apptest.SQLite(t)
	e.CreateUser(auth.Admin, "capo@comune.example")
	c := e.Anonymous()

	r := c.PostForm("/accedi", url.Values{"email": {"capo@comune.example"}, "password": {"sbagliata!!"}})
	r.Status(t, 422).Contains(t, "E-mail o password non corretti", `value="capo@comune.example"`).Lacks(t, "sbagliata!!")
	c.PostForm("/accedi", url.Values{"email": {"capo@comune.example"}, "password": {"password-di-prova"}, "next": {"//evil.example/x"}}).
		RedirectsTo(t, "/")
	c.Get("/admin/utenti").Status(t, 200).Contains(t, "capo")
	c.PostForm("/esci", nil).RedirectsTo(t, "/")
	c.Get("/admin/utenti").RedirectsTo(t, "/accedi")

	for range auth.LoginFailuresPerAcc {
		c.PostForm("/accedi", url.Values{"email": {"capo@comune.example"}, "password": {"ancora-sbagliata"}})
	}
	c.PostForm("/accedi", url.Values{"email": {"capo@comune.example"}, "password": {"password-di-prova"}}).
		Status(t, 429).Contains(t, "Troppi tentativi")
}

func TestCrossOriginPostsAreRefused(t *testing.T) {
	e := apptest.SQLite(t)
	admin, _ := e.AsRole(auth.Admin)
	for _, h := range []map[string]string{
		{"Sec-Fetch-Site": "cross-site"},
		{"Origin": "https://evil.example"},
	} {
		req, _ := http.NewRequest("POST", e.URL+"/admin/ambiti", strings.NewReader("name=Ambito+rubato"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, v := range h {
			req.Header.Set(k, v)
		}
		admin.Do(req).Status(t, 403).Contains(t, "un altro sito")
	}
	if n := e.Count(`SELECT COUNT(*) FROM territories`); n != 0 {
		t.Fatalf("cross-origin post wrote %d territories", n)
	}
	admin.PostForm("/admin/ambiti", url.Values{"name": {"Ambito vero"}}).RedirectsTo(t, "/admin/ambiti/")
}

func TestMalformedAndOversizedForms(t *testing.T) {
	e := apptest.SQLite(t)
	admin, _ := e.AsRole(auth.Admin)
	admin.PostForm("/admin/ambiti", url.Values{"name": {"   "}}).Status(t, 422).Contains(t, "Campo obbligatorio", `aria-invalid="true"`)
	admin.PostForm("/admin/ambiti", url.Values{"name": {strings.Repeat("a", 2<<20)}}).Status(t, 413)
	req, _ := http.NewRequest("POST", e.URL+"/admin/ambiti", strings.NewReader("name=%zz"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	admin.Do(req).Status(t, 400).Contains(t, "Richiesta non valida")
	admin.PostForm("/admin/ambiti", url.Values{"name": {"ok\xff"}}).Status(t, 400).Contains(t, "caratteri non validi")
	if n := e.Count(`SELECT COUNT(*) FROM territories`); n != 0 {
		t.Fatalf("invalid forms wrote %d territories", n)
	}
}

func TestOperationsEndpoints(t *testing.T) {
	e := apptest.SQLite(t)
	c := e.Anonymous()
	c.Get("/healthz").Status(t, 200).Contains(t, "ok")
	c.Get("/readyz").Status(t, 200).Contains(t, "ok")
	c.Get("/").Status(t, 200)
	c.Get("/metrics").Status(t, 200).Contains(t, `trama_http_requests_total{code="200",route="GET /{$}"}`,
		"trama_jobs_queued", "go_sql_open_connections")
}
