package hsds_test

import (
	"bufio"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/hsds/hsdstest"
)

// TestAPIOrganizations checks /organizations and /organizations/{id}.
func TestAPIOrganizations(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		network(t, e)
		sameIDs(t, "organizations", page(t, e, "/organizations", "organization"), orgA, orgB, orgExample)
		sameIDs(t, "search", page(t, e, "/organizations?search=rifugio", "organization"), orgB)
		sameIDs(t, "full", page(t, e, "/organizations?full=true", "organization"), orgA, orgB, orgExample)
		sameIDs(t, "full_service", page(t, e, "/organizations?full_service=true&per_page=2", "organization"), orgA, orgB)

		r := api(t, e, "/organizations/"+orgA).Status(t, http.StatusOK)
		hsdstest.Validate(t, "organization", []byte(r.Body))
		r.Contains(t, `"services"`, `"Calcio per tutti"`, `"locations"`, `"02 4880000"`).Lacks(t, `"schedules"`)
		r = api(t, e, "/organizations/"+orgA+"?full_service=true").Status(t, http.StatusOK)
		hsdstest.Validate(t, "organization", []byte(r.Body))
		r.Contains(t, `"schedules"`, `"byday":"SA"`)
		r = api(t, e, "/organizations/"+orgB).Status(t, http.StatusOK)
		hsdstest.Validate(t, "organization", []byte(r.Body))
		r.Contains(t, `"Casa protetta"`).Lacks(t, `"addresses"`)
		api(t, e, "/organizations/"+orgC).Status(t, http.StatusNotFound)

		r = api(t, e, "/organizations?format=ndjson").Status(t, http.StatusOK)
		if n := strings.Count(r.Body, "\n"); n != 3 {
			t.Errorf("ndjson: %d lines", n)
		}
		sc := bufio.NewScanner(strings.NewReader(r.Body))
		for sc.Scan() {
			hsdstest.Validate(t, "organization_list", sc.Bytes())
		}
	})
}

// TestAPIServiceAtLocations checks /service_at_locations and its detail.
func TestAPIServiceAtLocations(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		network(t, e)
		all := page(t, e, "/service_at_locations", "service_at_location")
		if len(all) != 4 || contains(all, salC1) {
			t.Errorf("service_at_locations: %v", all)
		}
		sameIDs(t, "comune", page(t, e, "/service_at_locations?comune=015093", "service_at_location"), salB1)
		sameIDs(t, "proximity", page(t, e, "/service_at_locations?proximity=300&lat=45.433333&lon=9.116667", "service_at_location"), salB1)
		sameIDs(t, "postcode", page(t, e, "/service_at_locations?postcode=20094", "service_at_location"))
		sameIDs(t, "search", page(t, e, "/service_at_locations?search=rifugio&full=true", "service_at_location"), salB1)
		sameIDs(t, "organization", page(t, e, "/service_at_locations?organization_id="+orgB+"&day=TU&minimum_age=30", "service_at_location"), salB1)
		sameIDs(t, "taxonomy", page(t, e, "/service_at_locations?taxonomy_term_id="+termDopo+"&modified_after=2025-01-01", "service_at_location"),
			"aaaaaaaa-3333-4333-8333-000000000001")

		r := api(t, e, "/service_at_locations/"+salB1).Status(t, http.StatusOK)
		hsdstest.Validate(t, "service_at_location", []byte(r.Body))
		r.Contains(t, `"Casa rifugio"`, `"Casa protetta"`, `"800 000 111"`)
		api(t, e, "/service_at_locations/"+salC1).Status(t, http.StatusNotFound)
	})
}

// TestAPITaxonomies checks /taxonomies and /taxonomy_terms.
func TestAPITaxonomies(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		network(t, e)
		ids := page(t, e, "/taxonomies", "taxonomy")
		if len(ids) != 4 || !contains(ids, taxServices) {
			t.Errorf("taxonomies: %v", ids)
		}
		sameIDs(t, "taxonomy search", page(t, e, "/taxonomies?search=destinatari", "taxonomy"), "53e9c0e6-5c9c-57e8-abe2-f054afbe62b8")
		r := api(t, e, "/taxonomies/"+taxServices).Status(t, http.StatusOK)
		hsdstest.Validate(t, "taxonomy", []byte(r.Body))

		children := page(t, e, "/taxonomy_terms?parent_id="+termEdu+"&per_page=500", "taxonomy_term")
		if len(children) < 5 || !contains(children, termDopo) {
			t.Errorf("children of EDU: %v", children)
		}
		top := page(t, e, "/taxonomy_terms?top_only=true&taxonomy_id="+taxServices+"&per_page=500", "taxonomy_term")
		if !contains(top, termEdu) || contains(top, termDopo) {
			t.Errorf("top terms: %v", top)
		}
		// doposcuola ~ sostegno scolastico (data/sinonimi.txt)
		sameIDs(t, "term search", page(t, e, "/taxonomy_terms?search=doposcuola", "taxonomy_term"), termDopo, "881caa75-db18-564a-93e9-54784c4f122a")
		page(t, e, "/taxonomy_terms?full=true&per_page=500", "taxonomy_term")
		r = api(t, e, "/taxonomy_terms/"+termDopo).Status(t, http.StatusOK)
		hsdstest.Validate(t, "taxonomy_term", []byte(r.Body))
		r.Contains(t, `"taxonomy_detail"`, `"Servizi di welfare di comunità"`)
		api(t, e, "/taxonomy_terms/nessuno").Status(t, http.StatusNotFound)
	})
}

// TestAPIMeta checks the API's root and its OpenAPI document.
func TestAPIMeta(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		r := api(t, e, "/").Status(t, http.StatusOK)
		var meta map[string]string
		if err := json.Unmarshal([]byte(r.Body), &meta); err != nil {
			t.Fatal(err)
		}
		if meta["version"] != "3.0" || meta["openapi_url"] != e.URL+"/api/hsds/openapi.json" || !strings.HasPrefix(meta["profile"], "https://") {
			t.Errorf("meta: %v", meta)
		}
		r = api(t, e, "/openapi.json").Status(t, http.StatusOK)
		var doc struct {
			OpenAPI string `json:"openapi"`
			Servers []struct{ URL string }
			Paths   map[string]any `json:"paths"`
			Comps   struct {
				Parameters map[string]any `json:"parameters"`
			} `json:"components"`
		}
		if err := json.Unmarshal([]byte(r.Body), &doc); err != nil {
			t.Fatal(err)
		}
		if doc.OpenAPI != "3.1.0" || len(doc.Servers) != 1 || doc.Servers[0].URL != e.URL+"/api/hsds" {
			t.Errorf("openapi: %s %v", doc.OpenAPI, doc.Servers)
		}
		for _, p := range []string{"lat", "lon", "minimum_age", "maximum_age", "day", "comune", "proximity", "postcode"} {
			if doc.Comps.Parameters[p] == nil {
				t.Errorf("openapi: no parameter %s", p)
			}
		}
		for _, p := range []string{"/", "/services", "/services/{id}", "/organizations", "/organizations/{id}",
			"/service_at_locations", "/service_at_locations/{id}", "/taxonomies", "/taxonomies/{id}",
			"/taxonomy_terms", "/taxonomy_terms/{id}"} {
			if doc.Paths[p] == nil {
				t.Errorf("openapi: no path %s", p)
			}
		}
	})
}
