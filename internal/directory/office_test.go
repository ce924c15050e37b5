package directory_test

import (
	"html"
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/auth"
)

// addServices publishes n more services of an organization.
func addServices(t *testing.T, e *apptest.Env, coord *auth.User, org string, n int) {
	t.Helper()
	d := e.App.Directory
	v, err := d.Draft(e.Ctx, coord, org)
	if err != nil {
		t.Fatal(err)
	}
	_, err = d.Change(e.Ctx, coord, org, v.Revision, func(r *directory.Record) error {
		for range n {
			sid := directory.NewID()
			r.Services = append(r.Services, directory.Service{ID: sid, Name: "Ascolto " + sid[:4], Status: "active",
				Description: "Su appuntamento.", Categories: []string{"BEN-ALIM"}})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	open, _ := d.Store.OpenVersion(e.Ctx, e.App.DB.R, org)
	if _, err := d.Approve(e.Ctx, coord, open.ID, ""); err != nil {
		t.Fatal(err)
	}
}

// submit sends an organization's draft for review and returns it.
func submit(t *testing.T, e *apptest.Env, u *auth.User, org string) *directory.Version {
	t.Helper()
	if _, err := e.App.Directory.Submit(e.Ctx, u, org); err != nil {
		t.Fatal(err)
	}
	v, err := e.App.Directory.Store.OpenVersion(e.Ctx, e.App.DB.R, org)
	if err != nil || v == nil {
		t.Fatalf("no submitted version: %v", err)
	}
	return v
}

// approve publishes a version as the coordinator.
func approve(t *testing.T, e *apptest.Env, coord *auth.User, v *directory.Version) {
	t.Helper()
	if _, err := e.App.Directory.Approve(e.Ctx, coord, v.ID, ""); err != nil {
		t.Fatal(err)
	}
}

func names(list []directory.OrgSummary) string {
	var out []string
	for _, o := range list {
		out = append(out, o.Name)
	}
	return strings.Join(out, ", ")
}

// The back office sorts organizations by name, last change, number of
// services and of services to verify, both ways, with the filters.
func TestOrganizationsSorted(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		tid := setup(t, e)
		coord, coordUser := coordinator(t, e, tid)
		banco, _ := publishOrg(t, e, tid, coordUser, "Banco di solidarietà")
		alfa, _ := publishOrg(t, e, tid, coordUser, "alfa Scout") // lower case: sorted as a person would
		coro, _ := publishOrg(t, e, tid, coordUser, "Coro Voci di Trezzano")
		addServices(t, e, coordUser, coro, 2)
		// Alfa's operators edit their draft: the latest change. Opening
		// Banco's dashboard creates a draft too, which is no change.
		d := e.App.Directory
		v, _ := d.Draft(e.Ctx, coordUser, alfa)
		if _, err := d.Change(e.Ctx, coordUser, alfa, v.Revision, func(r *directory.Record) error {
			r.Organization.Description = "Scout per ragazzi e ragazze."
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		coord.Get("/ente/"+banco).Status(t, 200)

		cases := []struct {
			sort string
			desc bool
			want string
		}{
			{"", false, "alfa Scout, Banco di solidarietà, Coro Voci di Trezzano"},
			{directory.OrgSortName, true, "Coro Voci di Trezzano, Banco di solidarietà, alfa Scout"},
			{directory.OrgSortUpdated, true, "alfa Scout, Coro Voci di Trezzano, Banco di solidarietà"},
			{directory.OrgSortUpdated, false, "Banco di solidarietà, Coro Voci di Trezzano, alfa Scout"},
			{directory.OrgSortServices, true, "Coro Voci di Trezzano, alfa Scout, Banco di solidarietà"},
			{directory.OrgSortServices, false, "alfa Scout, Banco di solidarietà, Coro Voci di Trezzano"},
		}
		for _, c := range cases {
			list, total, err := d.Store.ListOrgs(e.Ctx, directory.OrgFilter{TerritoryID: tid, Sort: c.sort, Desc: c.desc})
			if err != nil || total != 3 {
				t.Fatalf("%s: %d organizations, %v", c.sort, total, err)
			}
			if got := names(list); got != c.want {
				t.Errorf("sort %q desc %v: %s, want %s", c.sort, c.desc, got, c.want)
			}
		}
		// Pages do not overlap when keys tie (one service each).
		p1, _, _ := d.Store.ListOrgs(e.Ctx, directory.OrgFilter{TerritoryID: tid, Sort: directory.OrgSortServices, Limit: 2})
		p2, _, _ := d.Store.ListOrgs(e.Ctx, directory.OrgFilter{TerritoryID: tid, Sort: directory.OrgSortServices, Limit: 2, Offset: 2})
		if got := names(append(p1, p2...)); got != "alfa Scout, Banco di solidarietà, Coro Voci di Trezzano" {
			t.Errorf("pages: %s", got)
		}

		// The page: services first, most first; the header reverses it.
		body := coord.Get("/coordinamento/enti?sort=services").Status(t, 200).
			Contains(t, `aria-sort="descending"`, "Ultima modifica").Body
		order := []string{"Coro Voci di Trezzano", "alfa Scout", "Banco di solidarietà"}
		if !inOrder(html.UnescapeString(body), order...) {
			t.Errorf("page not sorted by services: want %v", order)
		}
		if !strings.Contains(body, `href="/coordinamento/enti?dir=asc&amp;sort=services"`) {
			t.Error("the sorted column's header does not reverse the order")
		}
		if !strings.Contains(body, `href="/coordinamento/enti?dir=desc&amp;sort=updated"`) {
			t.Error("the last change column does not start from the newest")
		}
		// Filters and sort together; the filter form keeps the sort.
		body = coord.Get("/coordinamento/enti?sort=name&dir=desc&q=o").Status(t, 200).
			Contains(t, `name="sort" value="name"`, `name="dir" value="desc"`).Body
		if !inOrder(html.UnescapeString(body), "Coro Voci di Trezzano", "Banco di solidarietà", "alfa Scout") {
			t.Error("filtered page not sorted by name, descending")
		}
		// An unknown sort is the default one.
		body = coord.Get("/coordinamento/enti?sort=drop+table").Status(t, 200).Body
		if !inOrder(html.UnescapeString(body), "alfa Scout", "Banco di solidarietà", "Coro Voci di Trezzano") {
			t.Error("unknown sort not by name")
		}
	})
}

// inOrder tells whether every s appears in body, in this order.
func inOrder(body string, ss ...string) bool {
	at := 0
	for _, s := range ss {
		i := strings.Index(body[at:], s)
		if i < 0 {
			return false
		}
		at += i + len(s)
	}
	return true
}
