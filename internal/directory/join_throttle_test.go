package directory_test

import (
	"fmt"
	"net/url"
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/platform/auth"
)

// TestJoinIsThrottled: a connection may ask to join ten organizations an
// hour (each request e-mails an address); forms with mistakes do not count; the
// eleventh gets a clear message with what was typed, and nothing is
// written.
func TestJoinIsThrottled(t *testing.T) {
	e := apptest.SQLite(t)
	tid := setup(t, e)
	join := func(i int) url.Values {
		return url.Values{"name": {fmt.Sprintf("Associazione %d APS", i)}, "kind": {"aps"}, "territory_id": {tid},
			"description": {"Attività per il quartiere."}, "person_name": {"Lucia Ferri"},
			"person_email": {fmt.Sprintf("lucia%d@associazione.example", i)}, "person_password": {"una password lunga"}, "privacy": {"on"}}
	}
	for range 3 {
		e.Anonymous().PostForm("/aderisci", url.Values{"name": {""}, "territory_id": {tid}}).Status(t, 422)
	}
	for i := range auth.SignupsPerIPHour {
		e.Anonymous().PostForm("/aderisci", join(i)).Status(t, 200)
	}
	if n := e.Count(`SELECT COUNT(*) FROM join_requests`); n != auth.SignupsPerIPHour {
		t.Fatalf("%d join requests kept, want %d", n, auth.SignupsPerIPHour)
	}
	e.Anonymous().PostForm("/aderisci", join(99)).Status(t, 429).Contains(t, "troppe richieste", "Associazione 99 APS")
	if n := e.Count(`SELECT COUNT(*) FROM join_requests WHERE email = 'lucia99@associazione.example'`); n != 0 {
		t.Fatal("the refused join was kept")
	}
}
