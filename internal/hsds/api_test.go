package hsds_test

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/hsds"
	"github.com/trama-welfare/trama/internal/hsds/hsdstest"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/territory"
)

// Ids of the test network (testdata/rete).
const (
	orgA, orgB, orgC  = "11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222", "33333333-3333-4333-8333-333333333333"
	svcA1, svcA2      = "aaaaaaaa-0000-4000-8000-000000000001", "aaaaaaaa-0000-4000-8000-000000000002"
	svcB1, svcC1      = "bbbbbbbb-0000-4000-8000-000000000001", "cccccccc-0000-4000-8000-000000000001"
	salB1, salC1      = "bbbbbbbb-3333-4333-8333-000000000001", "cccccccc-3333-4333-8333-000000000001"
	svcExample        = "ac148810-d857-441c-9679-408f346de14b"
	orgExample        = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"
	termDopo, termEdu = "c53fcda0-c917-54a8-a5d2-42634bdceed0", "83aab4ea-d57f-55a6-91f6-d23d26bc8d7b"
	taxServices       = "0125e252-2285-589b-aaf4-c477822dd8b1"
	secret            = "NOTA-RISERVATA"
)

// network starts Trama with the test network and the official example
// imported; organization C is archived, A and its services have notes for
// the network only, a pending organization exists.
func network(t *testing.T, e *apptest.Env) {
	t.Helper()
	tr := &territory.Territory{Name: "Ambito di Corsico"}
	if err := e.App.Territories.Create(e.Ctx, tr); err != nil {
		t.Fatal(err)
	}
	if err := e.App.Territories.AddComuni(e.Ctx, tr.ID, []string{"015036", "015093"}); err != nil {
		t.Fatal(err)
	}
	im := e.App.HSDS.Importer()
	if _, err := im.Import(e.Ctx, read(t, "testdata/rete"), hsds.Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Import(e.Ctx, read(t, filepath.Join(examples(t), "csv")), hsds.Options{TerritoryID: tr.ID}); err != nil {
		t.Fatal(err)
	}
	admin := e.CreateUser(auth.Admin, "admin@prova.example")
	if err := e.App.Directory.SetArchived(e.Ctx, admin, orgC, true, "chiuso"); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`UPDATE organizations SET partner_notes = '` + secret + `-ENTE' WHERE id = '` + orgA + `'`,
		`UPDATE services SET partner_notes = '` + secret + `-SERVIZIO'`,
	} {
		if _, err := e.App.DB.W.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
}

// api fetches a path of the API as an anonymous client from another site.
func api(t *testing.T, e *apptest.Env, path string) *apptest.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, e.URL+"/api/hsds"+path, nil)
	req.Header.Set("Origin", "https://altro-sito.example")
	r := e.Anonymous().Do(req)
	if r.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("%s: no CORS header", path)
	}
	if strings.Contains(r.Body, secret) || strings.Contains(r.Body, "Via Segreta") || strings.Contains(r.Body, "20094") {
		t.Errorf("%s: the answer shows confidential data:\n%s", path, r.Body)
	}
	return r
}

// page fetches a list, validates it as a page of schema and returns the
// ids of its contents.
func page(t *testing.T, e *apptest.Env, path, schema string) []string {
	t.Helper()
	r := api(t, e, path).Status(t, http.StatusOK)
	hsdstest.ValidatePage(t, schema, []byte(r.Body))
	var p struct {
		Contents []struct {
			ID string `json:"id"`
		} `json:"contents"`
	}
	if err := json.Unmarshal([]byte(r.Body), &p); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range p.Contents {
		ids = append(ids, c.ID)
	}
	slices.Sort(ids)
	return ids
}

func sameIDs(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s: got %v, want %v", what, got, want)
	}
}
