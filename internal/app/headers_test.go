package app_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/app"
	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/dbtest"
	"github.com/trama-welfare/trama/internal/platform/secret"
)

// Behind TLS (an https base URL) cookies are Secure and HSTS is sent; the
// session cookie is never readable by scripts nor sent cross-site.
func TestCookiesAndTransportBehindTLS(t *testing.T) {
	d := dbtest.SQLite(t)
	a, err := app.New(app.Config{DB: d.DSN, SecretKey: secret.NewKey(), BaseURL: "https://rete.comune.example"}, d)
	if err != nil {
		t.Fatal(err)
	}
	ctx := audit.WithActor(t.Context(), audit.Actor{Label: "test"})
	if _, _, err := a.Auth.CreateUser(ctx, auth.NewUser{Email: "op@ente.example", Name: "Op", Role: auth.Operator,
		Password: "password-di-prova"}); err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("POST", "https://rete.comune.example/accedi",
		strings.NewReader(url.Values{"email": {"op@ente.example"}, "password": {"password-di-prova"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	a.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("login: %d", rec.Code)
	}
	if hsts := rec.Header().Get("Strict-Transport-Security"); !strings.Contains(hsts, "max-age=63072000") {
		t.Errorf("HSTS = %q", hsts)
	}
	var session *http.Cookie
	for _, c := range rec.Result().Cookies() {
		if c.Name == "trama_session" {
			session = c
		}
	}
	if session == nil || !session.Secure || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode || session.Path != "/" {
		t.Fatalf("session cookie %+v", session)
	}
	if len(session.Value) < 40 {
		t.Errorf("session token too short: %d characters", len(session.Value))
	}
}
