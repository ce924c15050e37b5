package reliability_test

import (
	"database/sql"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/trama-welfare/trama/internal/platform/secret"
	"github.com/trama-welfare/trama/internal/reliability"
)

// TestCrashSafety runs `trama serve` on SQLite, sends writes and records the
// ones acknowledged, kills the process with SIGKILL at random moments (20
// times), restarts it, and checks that every acknowledged write is there,
// that no multi-row write is visible half done, and that the database file
// passes integrity_check. 0 losses is the only pass. Run with
// `make crashtest` (TRAMA_CRASHTEST=1); it takes a minute or two.
func TestCrashSafety(t *testing.T) {
	if os.Getenv("TRAMA_CRASHTEST") == "" {
		t.Skip("set TRAMA_CRASHTEST=1 (make crashtest)")
	}
	const rounds = 20
	dir := t.TempDir()
	dsn := filepath.Join(dir, "trama.db")
	key := secret.NewKey()
	reliability.Run(t, key, "", "seed", "--demo", "--db", dsn)
	var territory string
	if d, err := sql.Open("sqlite", dsn); err == nil {
		d.QueryRow(`SELECT id FROM territories LIMIT 1`).Scan(&territory)
		d.Close()
	}
	if territory == "" {
		t.Fatal("no demo territory")
	}

	acked := map[string]string{} // e-mail → kind of write
	var mu sync.Mutex
	seq := 0
	for round := range rounds {
		// Each write comes from its own address (behind a trusted proxy),
		// as many people's would: the per-connection limits of sign-up
		// and joining must not hide writes from the test.
		srv := reliability.Start(t, dsn, key, "--trust-proxy")
		var wg sync.WaitGroup
		stop := make(chan struct{})
		for w := range 4 {
			wg.Go(func() {
				c := client()
				for {
					select {
					case <-stop:
						return
					default:
					}
					mu.Lock()
					seq++
					n := seq
					mu.Unlock()
					email := fmt.Sprintf("c%d-r%d-w%d@crash.example", n, round, w)
					var st int
					kind := "citizen"
					if n%3 == 0 { // an organization asks to join: the request and its e-mail
						kind = "organization"
						st = postQuiet(c, srv.URL+"/aderisci", n, url.Values{"name": {"Ente " + email}, "kind": {"odv"},
							"description": {"Prova di crash."}, "territory_id": {territory}, "person_name": {"Prova"},
							"person_email": {email}, "person_password": {"una password lunga"}, "privacy": {"on"}})
					} else {
						st = postQuiet(c, srv.URL+"/registrati", n, url.Values{"name": {"Prova"}, "email": {email},
							"password": {"una password lunga"}, "privacy": {"on"}})
					}
					if st == 200 || st == 303 {
						mu.Lock()
						acked[email] = kind
						mu.Unlock()
					}
				}
			})
		}
		time.Sleep(time.Duration(150+rand.IntN(600)) * time.Millisecond)
		srv.Kill()
		close(stop)
		wg.Wait()
		check(t, dsn, acked, round)
	}
	if len(acked) < rounds {
		t.Fatalf("only %d writes acknowledged in %d rounds: the test did not exercise anything", len(acked), rounds)
	}
	t.Logf("%d rounds, %d acknowledged writes, none lost", rounds, len(acked))
}

// postQuiet posts a form as the n-th visitor (an address of its own) and
// returns the status, 0 when the server died.
func postQuiet(c *http.Client, u string, n int, form url.Values) int {
	req, err := http.NewRequest("POST", u, strings.NewReader(form.Encode()))
	if err != nil {
		return 0
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", n>>16&255, n>>8&255, n&255))
	resp, err := c.Do(req)
	if err != nil {
		return 0
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// check opens the database after a crash: it must be intact, hold every
// acknowledged write, and show no multi-row write half done.
func check(t *testing.T, dsn string, acked map[string]string, round int) {
	t.Helper()
	d, err := sql.Open("sqlite", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var integrity string
	if err := d.QueryRow(`PRAGMA integrity_check`).Scan(&integrity); err != nil || integrity != "ok" {
		t.Fatalf("round %d: integrity_check = %q, %v", round, integrity, err)
	}
	for email, kind := range acked {
		var n int
		if kind == "organization" { // kept with its e-mail until the link is followed
			d.QueryRow(`SELECT COUNT(*) FROM join_requests r WHERE r.email = $1 AND EXISTS (SELECT 1 FROM jobs j
				WHERE j.kind = 'mail.send' AND j.payload LIKE '%' || r.email || '%')`, email).Scan(&n)
		} else {
			d.QueryRow(`SELECT COUNT(*) FROM users WHERE email = $1`, email).Scan(&n)
		}
		if n != 1 {
			t.Fatalf("round %d: acknowledged %s (%s) is lost", round, email, kind)
		}
	}
	// Every account made by these forms has its verification token and its
	// e-mail job: they were written in the same transaction.
	var broken int
	d.QueryRow(`SELECT COUNT(*) FROM users u WHERE u.email LIKE '%@crash.example' AND (
		(SELECT COUNT(*) FROM user_tokens k WHERE k.user_id = u.id AND k.purpose = 'verify') <> 1
		OR (SELECT COUNT(*) FROM jobs j WHERE j.kind = 'mail.send' AND j.payload LIKE '%' || u.email || '%') < 1)`).Scan(&broken)
	if broken > 0 {
		t.Fatalf("round %d: %d accounts half written (token or e-mail missing)", round, broken)
	}
	// Every organization signed up has its member, its draft and its history.
	d.QueryRow(`SELECT COUNT(*) FROM organizations o WHERE o.name LIKE 'Ente %' AND (
		(SELECT COUNT(*) FROM organization_members m WHERE m.organization_id = o.id) <> 1
		OR (SELECT COUNT(*) FROM organization_versions v WHERE v.organization_id = o.id) <> 1
		OR (SELECT COUNT(*) FROM organization_history h WHERE h.organization_id = o.id) < 1)`).Scan(&broken)
	if broken > 0 {
		t.Fatalf("round %d: %d organizations half written", round, broken)
	}
}
