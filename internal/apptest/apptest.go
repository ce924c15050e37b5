// Package apptest starts a whole Trama on a fresh database behind a real
// HTTP server (httptest), and gives tests clients logged in as any role.
// Every capability's HTTP tests use it.
package apptest

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/trama-welfare/trama/internal/app"
	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/dbtest"
	"github.com/trama-welfare/trama/internal/platform/secret"
	"github.com/trama-welfare/trama/internal/platform/web"
)

// Env is a running Trama for one test.
type Env struct {
	T      testing.TB
	App    *app.App
	Server *httptest.Server
	URL    string
	Ctx    context.Context // carries an "test" audit actor
}

// Option changes the configuration before the app starts.
type Option func(*app.Config)

// Demo turns demo mode on and loads the demo data.
func Demo() Option { return func(c *app.Config) { c.Demo = true } }

// quietLogs keeps test output to warnings and errors.
var quietLogs = sync.OnceFunc(func() {
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
})

// New starts Trama on a fresh database of the given engine.
func New(t testing.TB, engine db.Dialect, opts ...Option) *Env {
	t.Helper()
	quietLogs()
	d := dbtest.Open(t, engine)
	cfg := app.Config{DB: d.DSN, SecretKey: secret.NewKey(), Workers: 1}
	for _, o := range opts {
		o(&cfg)
	}
	srv := httptest.NewUnstartedServer(nil)
	cfg.BaseURL = "http://" + srv.Listener.Addr().String()
	cfg.Addr = srv.Listener.Addr().String()
	a, err := app.New(cfg, d)
	if err != nil {
		t.Fatalf("apptest: build app: %v", err)
	}
	srv.Config.Handler = a.Handler()
	srv.Start()
	t.Cleanup(srv.Close)
	e := &Env{T: t, App: a, Server: srv, URL: srv.URL,
		Ctx: audit.WithActor(context.Background(), audit.Actor{Label: "test"})}
	if cfg.Demo {
		if _, err := a.SeedDemo(e.Ctx); err != nil {
			t.Fatalf("apptest: demo data: %v", err)
		}
	}
	return e
}

// SQLite is New on SQLite.
func SQLite(t testing.TB, opts ...Option) *Env { return New(t, db.SQLite, opts...) }

// Run runs fn once per engine with a fresh Env.
func Run(t *testing.T, fn func(t *testing.T, e *Env), opts ...Option) {
	for _, engine := range dbtest.Engines() {
		t.Run(string(engine), func(t *testing.T) { fn(t, New(t, engine, opts...)) })
	}
}

// CreateUser makes a verified account with a known password.
func (e *Env) CreateUser(role auth.Role, email string) *auth.User {
	e.T.Helper()
	u, _, err := e.App.Auth.CreateUser(e.Ctx, auth.NewUser{Email: email, Name: strings.Split(email, "@")[0],
		Role: role, Lang: "it", Password: "password-di-prova", Verified: true})
	if err != nil {
		e.T.Fatalf("apptest: create %s: %v", email, err)
	}
	return u
}

// Client is a browser-like HTTP client with its own cookies. It does not
// follow redirects, so tests see them.
type Client struct {
	*http.Client
	e *Env
}

// Anonymous returns a client with no session.
func (e *Env) Anonymous() *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{e: e, Client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// As returns a client logged in as u (the session is created directly, so
// tests don't pay for password hashing).
func (e *Env) As(u *auth.User) *Client {
	e.T.Helper()
	c := e.Anonymous()
	token, err := e.App.Auth.Store.CreateSession(e.Ctx, u.ID, "127.0.0.1", "apptest")
	if err != nil {
		e.T.Fatalf("apptest: session: %v", err)
	}
	base, _ := url.Parse(e.URL)
	c.Jar.SetCookies(base, []*http.Cookie{{Name: web.SessionCookie, Value: token, Path: "/"}})
	return c
}

// AsRole creates a user with role and returns a client logged in as them.
func (e *Env) AsRole(role auth.Role) (*Client, *auth.User) {
	e.T.Helper()
	u := e.CreateUser(role, string(role)+"-"+strings.ToLower(randomSuffix())+"@prova.example")
	return e.As(u), u
}

// Response is a read response.
type Response struct {
	*http.Response
	Body string
}

// Get fetches path.
func (c *Client) Get(path string) *Response {
	c.e.T.Helper()
	return c.Do(mustRequest(c.e.T, http.MethodGet, c.e.URL+path, nil))
}

// PostForm posts form values to path as a same-origin browser would.
func (c *Client) PostForm(path string, form url.Values) *Response {
	c.e.T.Helper()
	req := mustRequest(c.e.T, http.MethodPost, c.e.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.e.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.Do(req)
}

// PostFile posts a multipart form to path as a same-origin browser would:
// the fields, and content as the file field named file (skipped when name
// is "", like a file input left empty).
func (c *Client) PostFile(path string, fields url.Values, file, name string, content []byte) *Response {
	c.e.T.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			w.WriteField(k, v)
		}
	}
	if name != "" {
		f, _ := w.CreateFormFile(file, name)
		f.Write(content)
	}
	w.Close()
	req := mustRequest(c.e.T, http.MethodPost, c.e.URL+path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Origin", c.e.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.Do(req)
}

// Do sends req and reads the whole body.
func (c *Client) Do(req *http.Request) *Response {
	c.e.T.Helper()
	resp, err := c.Client.Do(req)
	if err != nil {
		c.e.T.Fatalf("apptest: %s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.e.T.Fatalf("apptest: read body: %v", err)
	}
	return &Response{Response: resp, Body: string(b)}
}

func mustRequest(t testing.TB, method, u string, body io.Reader) *http.Request {
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// Status fails the test unless the response has the wanted status.
func (r *Response) Status(t testing.TB, want int) *Response {
	t.Helper()
	if r.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d\n%s", r.Request.Method, r.Request.URL.Path, r.StatusCode, want, excerpt(r.Body))
	}
	return r
}

// Contains fails the test unless the body contains every s.
func (r *Response) Contains(t testing.TB, ss ...string) *Response {
	t.Helper()
	for _, s := range ss {
		if !strings.Contains(r.Body, s) {
			t.Fatalf("%s %s: body lacks %q\n%s", r.Request.Method, r.Request.URL.Path, s, excerpt(r.Body))
		}
	}
	return r
}

// Lacks fails the test if the body contains any s.
func (r *Response) Lacks(t testing.TB, ss ...string) *Response {
	t.Helper()
	for _, s := range ss {
		if strings.Contains(r.Body, s) {
			t.Fatalf("%s %s: body contains %q", r.Request.Method, r.Request.URL.Path, s)
		}
	}
	return r
}

// RedirectsTo fails the test unless the response is a redirect to a
// location starting with prefix.
func (r *Response) RedirectsTo(t testing.TB, prefix string) *Response {
	t.Helper()
	loc := r.Header.Get("Location")
	if r.StatusCode < 300 || r.StatusCode > 399 || !strings.HasPrefix(loc, prefix) {
		t.Fatalf("%s %s: status %d location %q, want redirect to %q\n%s", r.Request.Method, r.Request.URL.Path,
			r.StatusCode, loc, prefix, excerpt(r.Body))
	}
	return r
}

var mainRe = regexp.MustCompile(`(?s)<main.*?</main>`)

func excerpt(body string) string {
	if m := mainRe.FindString(body); m != "" {
		body = m
	}
	if len(body) > 3000 {
		body = body[:3000] + "…"
	}
	return body
}

// Outbox returns the development outbox after running the queued jobs.
func (e *Env) Outbox() []string {
	e.T.Helper()
	if _, err := e.App.Jobs.Drain(e.Ctx); err != nil {
		e.T.Fatalf("apptest: run jobs: %v", err)
	}
	return e.Strings(`SELECT to_addr || ' | ' || subject || ' | ' || body FROM dev_outbox ORDER BY id`)
}

// Strings runs a query of one text column and returns its values.
func (e *Env) Strings(query string, args ...any) []string {
	e.T.Helper()
	rows, err := e.App.DB.R.Query(query, args...)
	if err != nil {
		e.T.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			e.T.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		e.T.Fatal(err)
	}
	return out
}

// LinkIn extracts the first URL with the given path from text (e-mails).
func LinkIn(t testing.TB, text, path string) string {
	t.Helper()
	re := regexp.MustCompile(`https?://[^\s]+` + regexp.QuoteMeta(path) + `[^\s]*`)
	m := re.FindString(text)
	if m == "" {
		t.Fatalf("no link to %s in:\n%s", path, text)
	}
	return m
}

// Count runs a COUNT(*) query.
func (e *Env) Count(query string, args ...any) int {
	e.T.Helper()
	var n int
	if err := e.App.DB.R.QueryRow(query, args...).Scan(&n); err != nil {
		e.T.Fatalf("apptest: %s: %v", query, err)
	}
	return n
}

func randomSuffix() string {
	tok, _ := auth.NewToken()
	return strings.NewReplacer("-", "", "_", "").Replace(tok)[:8]
}
