package account_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/platform/auth"
)

var mainRe = regexp.MustCompile(`(?s)<main.*</main>`)

// signUp is a valid sign-up form.
func signUp(name, email string) url.Values {
	return url.Values{"name": {name}, "email": {email}, "password": {"una frase lunga abbastanza"}, "privacy": {"on"}}
}

// TestSignUpIsThrottledAndRevealsNoAccount: signing up with an address
// that has an account answers the very same page, and mails its owner at
// most three times an hour; a connection may sign up ten times an hour,
// then gets a clear message with what it typed, and nothing is created.
func TestSignUpIsThrottledAndRevealsNoAccount(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		e.CreateUser(auth.Operator, "olga@ente.example")
		c := e.Anonymous()
		fresh := c.PostForm("/registrati", signUp("Luca", "luca@famiglia.example")).Status(t, 200)
		for i := range 4 {
			taken := c.PostForm("/registrati", signUp("Altro", "olga@ente.example")).Status(t, 200)
			if mainRe.FindString(taken.Body) != mainRe.FindString(fresh.Body) {
				t.Fatalf("sign-up %d with a registered address answers differently:\n%s\n---\n%s", i, mainRe.FindString(taken.Body), mainRe.FindString(fresh.Body))
			}
		}
		mails := strings.Join(e.Outbox(), "\n")
		if n := strings.Count(mails, "olga@ente.example |"); n != 3 {
			t.Fatalf("%d mails to the registered address, want 3:\n%s", n, mails)
		}
		for i := range auth.SignupsPerIPHour - 5 {
			c.PostForm("/registrati", signUp("Persona", fmt.Sprintf("p%d@famiglia.example", i))).Status(t, 200)
		}
		users := e.Count(`SELECT COUNT(*) FROM users`)
		c.PostForm("/registrati", signUp("Undicesima", "undici@famiglia.example")).Status(t, 429).
			Contains(t, "troppe richieste", `value="Undicesima"`)
		if n := e.Count(`SELECT COUNT(*) FROM users`); n != users {
			t.Fatalf("the refused sign-up created %d accounts", n-users)
		}
		// A form with mistakes still gets its messages next to the fields.
		c.PostForm("/registrati", url.Values{"name": {"x"}}).Status(t, 422)
	})
}

// TestResetIsThrottledAndRevealsNoAccount: asking for a reset link answers
// the same for an address with and without an account; a connection may
// ask twenty times an hour, then every address gets the same refusal; the
// link works once and expires.
func TestResetIsThrottledAndRevealsNoAccount(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		e.CreateUser(auth.Operator, "olga@ente.example")
		c := e.Anonymous()
		var known, unknown string
		for i := range auth.ResetsPerIPHour {
			if i%2 == 0 {
				known = mainRe.FindString(c.PostForm("/password/dimenticata", url.Values{"email": {"olga@ente.example"}}).Status(t, 200).Body)
			} else {
				unknown = mainRe.FindString(c.PostForm("/password/dimenticata", url.Values{"email": {fmt.Sprintf("n%d@ente.example", i)}}).Status(t, 200).Body)
			}
		}
		if known != unknown || !strings.Contains(known, "Se esiste un account") {
			t.Fatalf("answers differ:\n%s\n---\n%s", known, unknown)
		}
		for _, addr := range []string{"olga@ente.example", "nessuno@ente.example"} {
			c.PostForm("/password/dimenticata", url.Values{"email": {addr}}).Status(t, 429).Contains(t, "troppe richieste", addr)
		}
		mails := e.Outbox()
		if len(mails) != 3 {
			t.Fatalf("%d reset mails, want 3 (per address and hour)", len(mails))
		}
		// The link expires: an hour after it was sent it is refused.
		link, _ := url.Parse(apptest.LinkIn(t, mails[0], "/password/reimposta"))
		c.Get(link.RequestURI()).Status(t, 200)
		if _, err := e.App.DB.W.Exec(`UPDATE user_tokens SET expires_at = $1 WHERE purpose = $2`,
			"2000-01-01T00:00:00Z", auth.PurposeReset); err != nil {
			t.Fatal(err)
		}
		c.Get(link.RequestURI()).Status(t, 410)
		c.PostForm("/password/reimposta", url.Values{"token": {link.Query().Get("token")}, "password": {"nuova-password-1"},
			"confirm": {"nuova-password-1"}}).Status(t, 410)
		if auth.ResetTTL.Hours() > 1 {
			t.Fatalf("reset links live %v", auth.ResetTTL)
		}
	})
}

// TestResetPagesAndRowsAreTheSame: the reset form answers an address with
// an account and one without with the same page and the same rows written
// (limit counters, one job of the same kind, no token yet): the request
// does the same work either way, and the job tells them apart later.
func TestResetPagesAndRowsAreTheSame(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		e.CreateUser(auth.Operator, "olga@ente.example")
		rows := func() string {
			return fmt.Sprint(e.Count(`SELECT COUNT(*) FROM jobs`), e.Count(`SELECT COUNT(*) FROM jobs WHERE kind = $1`, auth.JobReset),
				e.Count(`SELECT COALESCE(SUM(hits), 0) FROM rate_limits`), e.Count(`SELECT COUNT(*) FROM user_tokens`))
		}
		var pages, written []string
		for _, addr := range []string{"olga@ente.example", "nessuno@ente.example"} {
			c := e.Anonymous()
			r0 := rows()
			page := c.PostForm("/password/dimenticata", url.Values{"email": {addr}}).Status(t, 200)
			pages = append(pages, mainRe.FindString(page.Body))
			written = append(written, r0+" → "+rows())
		}
		if pages[0] != pages[1] {
			t.Fatalf("pages differ:\n%s\n---\n%s", pages[0], pages[1])
		}
		if written[0] != "0 0 0 0 → 1 1 2 0" || written[1] != "1 1 2 0 → 2 2 4 0" {
			t.Fatalf("rows (jobs, reset jobs, limit hits, tokens) for a known then an unknown address: %v", written)
		}
		if mails := e.Outbox(); len(mails) != 1 || !strings.HasPrefix(mails[0], "olga@ente.example |") {
			t.Fatalf("mails: %v, want one to the account", mails)
		}
	})
}
