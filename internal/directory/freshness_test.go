package directory_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/directory"
)

func TestFreshnessPeriods(t *testing.T) {
	f := directory.Freshness{Months: 3, Grace: 0}
	day := func(months, days int) string { return time.Now().AddDate(0, -months, -days).Format("2006-01-02") }
	cases := []struct {
		assured           string
		stale, unverified bool
	}{
		{day(0, 0), false, false},
		{day(2, 20), false, false},
		{day(3, 2), true, true}, // no grace: public at once
		{"", true, true},        // never verified
		{day(3, 2) + "T10:00:00Z", true, true},
	}
	for _, c := range cases {
		if got := f.Stale(c.assured); got != c.stale {
			t.Errorf("Stale(%q) = %v", c.assured, got)
		}
		if got := f.Unverified(c.assured); got != c.unverified {
			t.Errorf("Unverified(%q) = %v", c.assured, got)
		}
	}
	g := directory.Freshness{Months: 3, Grace: 2}
	if !g.Stale(day(4, 0)) || g.Unverified(day(4, 0)) || !g.Unverified(day(5, 2)) {
		t.Error("grace period not applied")
	}
	for _, bad := range []directory.Freshness{{Months: 0}, {Months: 6, Grace: -1}, {Months: 121}} {
		if bad.Validate() == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
	if directory.DefaultFreshness.Validate() != nil {
		t.Error("the default is invalid")
	}
}

// A service not verified for longer than the period is flagged for its
// operators (with a "still correct" button) and in the back office; after
// the grace period the public sees it "da verificare" in the search
// results, on its page and on the organization's page.
func TestStaleServicesFlaggedThenMarkedPublicly(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		tid := setup(t, e)
		_, coordUser := coordinator(t, e, tid)
		org, op := publishOrg(t, e, tid, coordUser, "Caritas Buccinasco")
		var sid string
		e.App.DB.R.QueryRow(`SELECT id FROM services WHERE organization_id = $1`, org).Scan(&sid)
		backdate := func(months int) {
			t.Helper()
			old := time.Now().AddDate(0, -months, -3).Format("2006-01-02")
			if _, err := e.App.DB.W.Exec(`UPDATE services SET assured_date = $1 WHERE organization_id = $2`, old, org); err != nil {
				t.Fatal(err)
			}
			if err := e.App.Directory.Reindex(e.Ctx, e.App.DB.W, org); err != nil {
				t.Fatal(err)
			}
		}
		anon, operator := e.Anonymous(), e.As(op)
		badge := `bg-warning text-dark">Da verificare`

		anon.Get("/servizi/"+sid).Status(t, 200).Lacks(t, "portal-unverified")
		operator.Get("/ente/"+org).Status(t, 200).Lacks(t, `action="/ente/`+org+`/conferma"`)

		// Stale (6 months by default) but within the grace month.
		backdate(6)
		operator.Get("/ente/"+org).Status(t, 200).Contains(t, "non è stato verificato da tempo",
			`action="/ente/`+org+`/conferma"`, "da verificare")
		anon.Get("/servizi/"+sid).Status(t, 200).Lacks(t, "portal-unverified")
		anon.Get("/servizi?q=pacchi").Status(t, 200).Contains(t, "Pacchi alimentari").Lacks(t, badge)

		// After the grace month the public is warned.
		backdate(8)
		anon.Get("/servizi/"+sid).Status(t, 200).Contains(t, "portal-unverified", "da più di 7 mesi")
		anon.Get("/servizi?q=pacchi").Status(t, 200).Contains(t, "Pacchi alimentari", badge)
		anon.Get("/enti/"+org).Status(t, 200).Contains(t, badge)
		en := e.Anonymous()
		en.PostForm("/lingua", url.Values{"lang": {"en"}, "next": {"/"}})
		en.Get("/servizi/"+sid).Status(t, 200).Contains(t, "more than 7 months")
		en.Get("/servizi?q=pacchi").Status(t, 200).Contains(t, `bg-warning text-dark">To be verified`)

		// Only the organization's people may confirm from the dashboard.
		other := e.CreateUser("operatore", "altro@ente.example")
		e.As(other).PostForm("/ente/"+org+"/conferma", nil).Status(t, 404)
		operator.PostForm("/ente/"+org+"/conferma", nil).RedirectsTo(t, "/ente/"+org)
		var assured, by string
		e.App.DB.R.QueryRow(`SELECT assured_date, assurer_email FROM services WHERE id = $1`, sid).Scan(&assured, &by)
		if assured != time.Now().Format("2006-01-02") || by != op.Email {
			t.Fatalf("after confirming: assured %s by %s", assured, by)
		}
		anon.Get("/servizi/"+sid).Status(t, 200).Lacks(t, "portal-unverified")
		if body := anon.Get("/servizi?q=pacchi").Status(t, 200).Body; strings.Contains(body, badge) {
			t.Fatal("the search still marks the confirmed service")
		}
	})
}
