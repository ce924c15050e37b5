package territory_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/territory"
)

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"Ambito di Corsico":            "ambito-di-corsico",
		"  Città  dell'Alta Padovana ": "citta-dell-alta-padovana",
		"!!!":                          "",
	} {
		if got := territory.Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAdminBuildsATerritory(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		admin, _ := e.AsRole(auth.Admin)
		admin.Get("/admin/ambiti").Status(t, 200).Contains(t, "Non c&#39;è ancora nessun ambito")
		r := admin.PostForm("/admin/ambiti", url.Values{"name": {"Alta Padovana"}, "description": {"Piano di zona"}}).
			RedirectsTo(t, "/admin/ambiti/")
		page := r.Header.Get("Location")
		id := strings.TrimPrefix(page, "/admin/ambiti/")

		admin.Get(page+"?q=san+giorgio+in").Status(t, 200).Contains(t, "San Giorgio in Bosco (PD)")
		admin.Get(page+"?q=PD").Status(t, 200).Contains(t, "Padova (PD)", "Cittadella (PD)")
		admin.PostForm(page+"/comuni", url.Values{"comune": {"028076", "028032"}, "q": {"PD"}}).RedirectsTo(t, page+"?q=PD")
		admin.Get(page).Status(t, 200).Contains(t, "San Giorgio in Bosco (PD)", "Cittadella (PD)", "2 comuni")

		// An unknown code rejects the whole change.
		admin.PostForm(page+"/comuni", url.Values{"comune": {"028001", "999999"}}).Status(t, 422).Contains(t, "999999")
		if n := e.Count(`SELECT COUNT(*) FROM territory_comuni WHERE territory_id = $1`, id); n != 2 {
			t.Fatalf("after a rejected change the territory has %d comuni, want 2", n)
		}
		admin.PostForm(page+"/comuni", url.Values{}).Status(t, 422).Contains(t, "almeno un comune")
		admin.PostForm(page+"/comuni/rimuovi", url.Values{"comune": {"028032"}}).RedirectsTo(t, page)
		admin.Get("/admin/ambiti").Contains(t, "Alta Padovana")
		if n := e.Count(`SELECT COUNT(*) FROM territory_comuni WHERE territory_id = $1`, id); n != 1 {
			t.Fatalf("after removal %d comuni, want 1", n)
		}

		admin.PostForm("/admin/ambiti", url.Values{"name": {"Alta Padovana"}}).RedirectsTo(t, "/admin/ambiti/")
		var slugs []string
		rows, _ := e.App.DB.R.Query(`SELECT slug FROM territories ORDER BY slug`)
		for rows.Next() {
			var s string
			rows.Scan(&s)
			slugs = append(slugs, s)
		}
		rows.Close()
		if strings.Join(slugs, ",") != "alta-padovana,alta-padovana-2" {
			t.Fatalf("slugs %v", slugs)
		}
		if n := e.Count(`SELECT COUNT(*) FROM audit_log WHERE entity = 'territory'`); n != 4 {
			t.Errorf("audit lines for territories: %d, want 4 (create, add, remove, create; the rejected change writes none)", n)
		}
		admin.Get("/admin/ambiti/"+"00000000-0000-7000-8000-000000000000").Status(t, 404)
	})
}

func TestComuniLookup(t *testing.T) {
	e := apptest.SQLite(t)
	r := e.Anonymous().Get("/comuni.json?q=cantu").Status(t, 200)
	if !strings.Contains(r.Body, `"label":"Cantù (CO)"`) || !strings.Contains(r.Body, `"istat":"013041"`) {
		t.Fatalf("lookup of cantu: %s", r.Body)
	}
	r = e.Anonymous().Get("/comuni.json?q=bucc").Status(t, 200)
	if !strings.HasPrefix(r.Body, `[{"istat":"015036","label":"Buccinasco (MI)"`) {
		t.Fatalf("lookup of bucc: %s", r.Body)
	}
}
