package directory_test

import (
	"fmt"
	"html"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/web"
)

// publishAt publishes an organization whose place is in comune istat and
// whose service is in category.
func publishAt(t *testing.T, e *apptest.Env, tid string, coord *auth.User, name, istat, category string) string {
	t.Helper()
	org, _ := publishOrg(t, e, tid, coord, name)
	d := e.App.Directory
	v, err := d.Draft(e.Ctx, coord, org)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Change(e.Ctx, coord, org, v.Revision, func(r *directory.Record) error {
		r.Locations[0].ISTATCode = istat
		r.Services[0].Categories = []string{category}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	open, _ := d.Store.OpenVersion(e.Ctx, e.App.DB.R, org)
	if _, err := d.Approve(e.Ctx, coord, open.ID, ""); err != nil {
		t.Fatal(err)
	}
	return org
}

// listed returns the organizations' names in the order the page shows them
// (the links of the table's rows).
func listed(body string) string {
	body = html.UnescapeString(body)
	var out []string
	for _, part := range strings.Split(body, `<td><a href="/ente/`)[1:] {
		part = part[strings.IndexByte(part, '>')+1:]
		out = append(out, part[:strings.Index(part, "</a>")])
	}
	return strings.Join(out, ", ")
}

// The back office's organizations are filtered by a category of their
// services (a parent includes its subcategories) and by the comune of their
// places, together with the other filters and with sorting; the sort
// links keep the filters; a value that is not valid says so and filters
// nothing.
func TestOrganizationsByCategoryAndComune(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		tid := setup(t, e) // Buccinasco 015036, Corsico 015093
		coord, coordUser := coordinator(t, e, tid)
		publishAt(t, e, tid, coordUser, "Banco di solidarietà", "015036", "BEN-ALIM")
		publishAt(t, e, tid, coordUser, "Scout Corsico", "015093", "EDU-GIOV")
		coro := publishAt(t, e, tid, coordUser, "Coro Voci di Trezzano", "015093", "BEN-ALIM")
		addServices(t, e, coordUser, coro, 2)
		dopo := publishAt(t, e, tid, coordUser, "Doposcuola Arcobaleno", "015036", "EDU-DOPO")
		if err := e.App.Directory.SetArchived(e.Ctx, coordUser, dopo, true, "Chiuso."); err != nil {
			t.Fatal(err)
		}
		// A service removed from its organization and a place no longer
		// used do not count.
		ghost := publishAt(t, e, tid, coordUser, "Gruppo Anziani", "015036", "ANZ")
		e.App.DB.W.Exec(`UPDATE services SET deleted_at = updated_at WHERE organization_id = $1`, ghost)
		e.App.DB.W.Exec(`INSERT INTO locations (id, location_type, organization_id, istat_code, deleted_at, created_at, updated_at)
			VALUES ($1, 'physical', $2, '015093', $3, $3, $3)`, directory.NewID(), ghost, "2026-01-01T00:00:00Z")

		cases := []struct{ query, want string }{
			{"", "Banco di solidarietà, Coro Voci di Trezzano, Doposcuola Arcobaleno, Gruppo Anziani, Scout Corsico"},
			{"category=BEN-ALIM", "Banco di solidarietà, Coro Voci di Trezzano"},
			{"category=EDU", "Doposcuola Arcobaleno, Scout Corsico"}, // the parent includes EDU-GIOV and EDU-DOPO
			{"category=EDU-GIOV", "Scout Corsico"},
			{"category=ANZ", ""},
			{"comune=015093", "Coro Voci di Trezzano, Scout Corsico"},
			{"comune=015036", "Banco di solidarietà, Doposcuola Arcobaleno, Gruppo Anziani"},
			{"category=BEN-ALIM&comune=015093", "Coro Voci di Trezzano"},
			{"category=EDU&status=archived", "Doposcuola Arcobaleno"},
			{"category=EDU&status=active", "Scout Corsico"},
			{"comune=015093&q=coro", "Coro Voci di Trezzano"},
			{"comune=015036&kind=aps", ""},
			{"category=BEN-ALIM&sort=services", "Coro Voci di Trezzano, Banco di solidarietà"},
			{"category=BEN-ALIM&sort=name&dir=desc", "Coro Voci di Trezzano, Banco di solidarietà"},
			{"comune=015036&sort=name&dir=desc", "Gruppo Anziani, Doposcuola Arcobaleno, Banco di solidarietà"},
		}
		for _, c := range cases {
			body := coord.Get("/coordinamento/enti?"+c.query).Status(t, 200).Body
			if got := listed(body); got != c.want {
				t.Errorf("%s: %q, want %q", c.query, got, c.want)
			}
		}

		// The form shows the choices; the sort links and the form keep them.
		body := coord.Get("/coordinamento/enti?category=BEN-ALIM&comune=015093&sort=services").Status(t, 200).
			Contains(t, `<legend class="h6 mb-0">Filtra l&#39;elenco</legend>`, `<label for="category">Categoria dei servizi</label>`,
				`<label for="comune">Comune delle sedi</label>`, `<option value="BEN-ALIM" selected>`,
				`<option value="015093" selected>Corsico (MI)</option>`, `name="sort" value="services"`).Body
		if !strings.Contains(body, `href="/coordinamento/enti?category=BEN-ALIM&amp;comune=015093&amp;dir=asc&amp;sort=services"`) {
			t.Error("the sort links lose the category and the comune")
		}

		// Values that are not valid: a message next to the field, the list
		// not narrowed by them, the other filters still applied.
		r := coord.Get("/coordinamento/enti?category=NESSUNA&comune=015093").Status(t, 200).
			Contains(t, "La categoria «NESSUNA» non esiste", `aria-describedby="category-error"`)
		if got := listed(r.Body); got != "Coro Voci di Trezzano, Scout Corsico" {
			t.Errorf("unknown category: %q", got)
		}
		r = coord.Get("/coordinamento/enti?comune=Atlantide&category=EDU").Status(t, 200).
			Contains(t, "Non trovo il comune «Atlantide»", `aria-describedby="comune-error"`)
		if got := listed(r.Body); got != "Doposcuola Arcobaleno, Scout Corsico" {
			t.Errorf("unknown comune: %q", got)
		}
		// A comune by name is as good as its code.
		r = coord.Get("/coordinamento/enti?comune=Corsico").Status(t, 200).Contains(t, `<option value="015093" selected>`)
		if got := listed(r.Body); got != "Coro Voci di Trezzano, Scout Corsico" {
			t.Errorf("comune by name: %q", got)
		}
		// A code of the organizations' taxonomy is no service category.
		coord.Get("/coordinamento/enti?category=CTS-A").Status(t, 200).Contains(t, "La categoria «CTS-A» non esiste")
		// Empty values are no filter and no error.
		coord.Get("/coordinamento/enti?category=&comune=").Status(t, 200).Lacks(t, "non esiste")

		// In English.
		req, _ := http.NewRequest("GET", e.URL+"/coordinamento/enti?category=NESSUNA&comune=999999", nil)
		req.AddCookie(&http.Cookie{Name: web.LangCookie, Value: "en"})
		coord.Do(req).Status(t, 200).Contains(t, "There is no category “NESSUNA”", "No comune “999999” found",
			"Category of its services")

		// An admin has no territory's comuni to choose from: the comune is
		// typed, by name or code.
		admin, _ := e.AsRole(auth.Admin)
		r = admin.Get("/coordinamento/enti?comune=corsico").Status(t, 200).
			Contains(t, `<input type="text" id="comune" name="comune" value="corsico"`, "Il nome o il codice ISTAT.")
		if got := listed(r.Body); got != "Coro Voci di Trezzano, Scout Corsico" {
			t.Errorf("admin, comune by name: %q", got)
		}
		r = admin.Get("/coordinamento/enti?comune=015093").Status(t, 200)
		if got := listed(r.Body); got != "Coro Voci di Trezzano, Scout Corsico" {
			t.Errorf("admin, comune: %q", got)
		}

		// The services list shares the filters and their messages.
		coord.Get("/coordinamento/servizi?category=EDU").Status(t, 200).
			Contains(t, `<option value="EDU" selected>`, "Scout Corsico").Lacks(t, "Banco di solidarietà")
		coord.Get("/coordinamento/servizi?category=NESSUNA").Status(t, 200).
			Contains(t, "La categoria «NESSUNA» non esiste", "Pacchi alimentari")
		coord.Get("/coordinamento/servizi?comune=015093&category=BEN-ALIM").Status(t, 200).
			Contains(t, "Coro Voci di Trezzano").Lacks(t, "Banco di solidarietà")
		admin.Get("/coordinamento/servizi?comune=Buccinasco&category=EDU").Status(t, 200).
			Contains(t, `value="Buccinasco"`, "Doposcuola Arcobaleno").Lacks(t, "Scout Corsico", "Banco di solidarietà")
	})
}

// The store's filter: pages of a category's organizations do not overlap.
func TestListOrgsByCategoryPages(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		tid := setup(t, e)
		_, coordUser := coordinator(t, e, tid)
		for _, n := range []string{"Alfa", "Beta", "Gamma"} {
			publishAt(t, e, tid, coordUser, n, "015093", "SAL-PSICO")
		}
		publishAt(t, e, tid, coordUser, "Delta", "015093", "EDU-GIOV")
		s := e.App.Directory.Store
		f := directory.OrgFilter{TerritoryID: tid, Category: "SAL", Comune: "015093", Limit: 2}
		p1, total, err := s.ListOrgs(e.Ctx, f)
		if err != nil || total != 3 {
			t.Fatalf("total %d, %v", total, err)
		}
		f.Offset = 2
		p2, _, _ := s.ListOrgs(e.Ctx, f)
		if got := names(append(p1, p2...)); got != "Alfa, Beta, Gamma" {
			t.Errorf("pages: %s", got)
		}
	})
}

// The pager keeps the filters and the sort: 51 organizations with a place
// in Corsico, sorted by name from Z, are two pages.
func TestOrganizationsFilteredPages(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		tid := setup(t, e)
		coord, coordUser := coordinator(t, e, tid)
		publishAt(t, e, tid, coordUser, "Banco di solidarietà", "015036", "BEN-ALIM") // elsewhere
		now := time.Now().UTC()
		for i := range 51 {
			org := directory.NewID()
			if _, err := e.App.DB.W.Exec(`INSERT INTO organizations (id, name, territory_id, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $4)`, org, fmt.Sprintf("Ente %02d", i), tid, now); err != nil {
				t.Fatal(err)
			}
			if _, err := e.App.DB.W.Exec(`INSERT INTO locations (id, location_type, organization_id, istat_code, created_at, updated_at)
				VALUES ($1, 'physical', $2, '015093', $3, $3)`, directory.NewID(), org, now); err != nil {
				t.Fatal(err)
			}
		}
		r := coord.Get("/coordinamento/enti?comune=015093&sort=name&dir=desc").Status(t, 200).Contains(t, "51 enti")
		if got := listed(r.Body); !strings.HasPrefix(got, "Ente 50, Ente 49,") || strings.Contains(got, "Ente 00") {
			t.Fatalf("first page: %s", got)
		}
		next := html.UnescapeString(between(r.Body, `<a class="page-link" href="`, `" rel="next"`))
		for _, want := range []string{"comune=015093", "sort=name", "dir=desc", "page=2"} {
			if !strings.Contains(next, want) {
				t.Errorf("the next page's link %q lacks %s", next, want)
			}
		}
		r = coord.Get(next).Status(t, 200).Contains(t, "51 enti", `<option value="015093" selected>`)
		if got := listed(r.Body); got != "Ente 00" {
			t.Errorf("second page: %q", got)
		}
	})
}
