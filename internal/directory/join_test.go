package directory_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/auth"
)

var mainRe = regexp.MustCompile(`(?s)<main.*</main>`)

// TestJoinRevealsNoAccount: asking to join with an address that has an
// account answers the very same page, writing the same rows, as with a new
// address; only the e-mail differs. The account holder confirms after
// logging in, with the organization's data as typed; nobody else can use
// the link, which works once and expires; an address gets at most three
// such e-mails an hour.
func TestJoinRevealsNoAccount(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		tid := setup(t, e)
		olga := e.CreateUser(auth.Citizen, "olga@ente.example")
		join := func(org, email string) url.Values {
			return url.Values{"name": {org}, "kind": {"odv"}, "territory_id": {tid}, "tax_id": {""},
				"description": {"Spesa solidale per il quartiere."}, "person_name": {"Olga Riva"},
				"person_email": {email}, "person_password": {"una password lunga"}, "privacy": {"on"}}
		}
		rows := func() string {
			return fmt.Sprint(e.Count(`SELECT COUNT(*) FROM join_requests`), e.Count(`SELECT COUNT(*) FROM jobs`),
				e.Count(`SELECT COUNT(*) FROM users`), e.Count(`SELECT COUNT(*) FROM organizations`))
		}
		var pages, written []string
		for _, email := range []string{"nuova@ente.example", "olga@ente.example"} {
			before := rows()
			page := e.Anonymous().PostForm("/aderisci", join("Banco di quartiere ODV", email)).Status(t, 200)
			pages = append(pages, mainRe.FindString(page.Body))
			written = append(written, before+" → "+rows())
		}
		if pages[0] != pages[1] || !strings.Contains(pages[0], "apri il link") {
			t.Fatalf("the pages differ:\n%s\n---\n%s", pages[0], pages[1])
		}
		if written[0] != "0 0 1 0 → 1 1 1 0" || written[1] != "1 1 1 0 → 2 2 1 0" {
			t.Fatalf("rows (requests, jobs, users, organizations) for a new and a known address: %v", written)
		}
		mails := e.Outbox()
		if len(mails) != 2 || !strings.HasPrefix(mails[0], "nuova@ente.example |") || !strings.Contains(mails[0], "Ciao Olga Riva") ||
			!strings.HasPrefix(mails[1], "olga@ente.example |") || !strings.Contains(mails[1], "ha già un account") {
			t.Fatalf("mails: %q", mails)
		}

		// The holder of the account logs in and confirms; nobody else can.
		link, _ := url.Parse(apptest.LinkIn(t, mails[1], "/aderisci/conferma"))
		token := link.Query().Get("token")
		anon := e.Anonymous()
		r := anon.Get(link.RequestURI()).RedirectsTo(t, "/accedi?next=")
		if next, _ := url.Parse(r.Header.Get("Location")); next.Query().Get("next") != link.RequestURI() {
			t.Fatalf("login does not come back to the link: %s", r.Header.Get("Location"))
		}
		login := anon.Get(r.Header.Get("Location")).Status(t, 200)
		if !strings.Contains(login.Body, `value="/aderisci/conferma?token=`+token+`"`) {
			t.Fatal("the login form does not carry the link back")
		}
		confirm := join("Banco di quartiere ODV", "")
		confirm.Set("token", token)
		anon.PostForm("/aderisci/conferma", confirm).RedirectsTo(t, "/accedi")
		other, _ := e.AsRole(auth.Operator)
		other.Get(link.RequestURI()).Status(t, 403)
		other.PostForm("/aderisci/conferma", confirm).Status(t, 403)
		c := e.Anonymous()
		c.PostForm("/accedi", url.Values{"email": {olga.Email}, "password": {"password-di-prova"}, "next": {link.RequestURI()}}).
			RedirectsTo(t, link.RequestURI())
		c.Get(link.RequestURI()).Status(t, 200).Contains(t, `value="Banco di quartiere ODV"`, "Spesa solidale per il quartiere.")
		bad := confirm
		bad.Set("name", "")
		c.PostForm("/aderisci/conferma", bad).Status(t, 422).Contains(t, "Campo obbligatorio", "Spesa solidale")
		bad.Set("name", "Banco di quartiere ODV")
		r = c.PostForm("/aderisci/conferma", bad).RedirectsTo(t, "/ente/")
		org := strings.TrimPrefix(r.Header.Get("Location"), "/ente/")
		if n := e.Count(`SELECT COUNT(*) FROM organization_members m JOIN users u ON u.id = m.user_id
			WHERE m.organization_id = $1 AND u.email = 'olga@ente.example' AND u.role = 'operatore'`, org); n != 1 {
			t.Fatal("the account holder is not the organization's operator")
		}
		if n := e.Count(`SELECT COUNT(*) FROM users WHERE email = 'olga@ente.example'`); n != 1 {
			t.Fatal("a second account was made")
		}
		c.Get(link.RequestURI()).Status(t, 410)
		c.PostForm("/aderisci/conferma", bad).Status(t, 410)

		// At most three e-mails an hour to an address; the page stays the same.
		for range 3 {
			page := e.Anonymous().PostForm("/aderisci", join("Altro ente ODV", "olga@ente.example")).Status(t, 200)
			if mainRe.FindString(page.Body) != pages[0] {
				t.Fatal("the page changed beyond the limit of e-mails")
			}
		}
		if n := strings.Count(strings.Join(e.Outbox(), "\n"), "olga@ente.example |"); n != 3 {
			t.Fatalf("%d e-mails to the address, want 3 an hour", n)
		}

		// A link expires after JoinTTL, and the hourly pruning drops its request.
		link, _ = url.Parse(apptest.LinkIn(t, mails[0], "/aderisci/conferma"))
		if _, err := e.App.DB.W.Exec(`UPDATE join_requests SET expires_at = $1`, "2000-01-01T00:00:00Z"); err != nil {
			t.Fatal(err)
		}
		e.Anonymous().Get(link.RequestURI()).Status(t, 410)
		if err := e.App.Directory.PruneJoinRequests(e.Ctx); err != nil {
			t.Fatal(err)
		}
		if n := e.Count(`SELECT COUNT(*) FROM join_requests`); n != 0 || directory.JoinTTL > 7*24*time.Hour {
			t.Fatalf("%d expired join requests left (links live %v)", n, directory.JoinTTL)
		}
	})
}
