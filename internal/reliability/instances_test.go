package reliability_test

import (
	"database/sql"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/dbtest"
	"github.com/trama-welfare/trama/internal/platform/secret"
	"github.com/trama-welfare/trama/internal/reliability"
)

func client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func post(t *testing.T, c *http.Client, u string, form url.Values) int {
	t.Helper()
	req, _ := http.NewRequest("POST", u, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

func get(t *testing.T, c *http.Client, u string) int {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// sameSession gives a client on server `to` the cookies a client got from
// server `from` (a load balancer sending the next request elsewhere).
func sameSession(from *http.Client, fromURL, toURL string) *http.Client {
	c := client()
	a, _ := url.Parse(fromURL)
	b, _ := url.Parse(toURL)
	c.Jar.SetCookies(b, from.Jar.Cookies(a))
	return c
}

// TestTwoInstancesOnPostgres starts two `trama serve` processes on one
// PostgreSQL database: a login on one works on the other, a logout on one
// ends the session on both, login throttling is shared, and a job enqueued
// once runs once although both instances run workers.
func TestTwoInstancesOnPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	dsn := dbtest.NewDSN(t, db.Postgres) // skips without TRAMA_TEST_POSTGRES_DSN
	key := secret.NewKey()
	reliability.Run(t, key, "password-lunga-1\n", "user", "create", "--db", dsn, "--email", "admin@comune.example",
		"--role", "admin", "--password-stdin")
	a := reliability.Start(t, dsn, key)
	b := reliability.Start(t, dsn, key)

	onA := client()
	if st := post(t, onA, a.URL+"/accedi", url.Values{"email": {"admin@comune.example"}, "password": {"password-lunga-1"}}); st != 303 {
		t.Fatalf("login on A: %d", st)
	}
	onB := sameSession(onA, a.URL, b.URL)
	if st := get(t, onB, b.URL+"/admin/utenti"); st != 200 {
		t.Fatalf("the session of A does not work on B: %d", st)
	}
	if st := post(t, onB, b.URL+"/esci", nil); st != 303 {
		t.Fatalf("logout on B: %d", st)
	}
	if st := get(t, onA, a.URL+"/admin/utenti"); st != 303 {
		t.Fatalf("after logout on B the session still works on A: %d", st)
	}

	// Five failures on A lock the account on B too.
	for range 5 {
		post(t, client(), a.URL+"/accedi", url.Values{"email": {"admin@comune.example"}, "password": {"sbagliata-sbagliata"}})
	}
	if st := post(t, client(), b.URL+"/accedi", url.Values{"email": {"admin@comune.example"}, "password": {"password-lunga-1"}}); st != 429 {
		t.Fatalf("throttling not shared: B answered %d", st)
	}

	// A registration on A enqueues one e-mail; both instances' workers look
	// for jobs, it is sent once.
	if st := post(t, client(), a.URL+"/registrati", url.Values{"name": {"Gino"}, "email": {"gino@famiglia.example"},
		"password": {"una password lunga"}, "privacy": {"on"}}); st != 200 {
		t.Fatalf("registration: %d", st)
	}
	pg, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	deadline := time.Now().Add(20 * time.Second)
	var sent int
	for time.Now().Before(deadline) {
		pg.QueryRow(`SELECT COUNT(*) FROM dev_outbox WHERE to_addr = 'gino@famiglia.example'`).Scan(&sent)
		if sent > 0 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(3 * time.Second) // both workers poll every second: give a duplicate time to happen
	pg.QueryRow(`SELECT COUNT(*) FROM dev_outbox WHERE to_addr = 'gino@famiglia.example'`).Scan(&sent)
	if sent != 1 {
		t.Fatalf("the verification e-mail was sent %d times, want once", sent)
	}
	var done int
	pg.QueryRow(`SELECT COUNT(*) FROM jobs WHERE kind = 'mail.send' AND status = 'done'`).Scan(&done)
	if done != 1 {
		t.Fatalf("%d mail jobs done, want 1", done)
	}
}
