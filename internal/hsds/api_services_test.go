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

// TestAPIServices checks /services with every parameter: each page is
// valid against the official schemas and holds exactly the public
// services that match.
func TestAPIServices(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		network(t, e)
		all := []string{svcA1, svcA2, svcB1, svcExample}
		for _, c := range []struct {
			query string
			want  []string
		}{
			{"", all},
			{"?search=doposcuola", []string{svcA1}},
			{"?search=aiuto+compiti", []string{svcA1}},
			{"?search=doposcula", []string{svcA1}}, // one typo: found through the portal's index
			{"?search=il+di", all},                 // stop words only: no text condition
			{"?search=sportivo", []string{svcA2}},
			{"?search=ponte+calcio", []string{svcA2}},
			{"?search=archiviato", nil},
			{"?taxonomy_term_id=" + termDopo, []string{svcA1}},
			{"?taxonomy_term_id=" + termEdu, []string{svcA1, svcA2}},
			{"?taxonomy_id=" + taxServices, []string{svcA1, svcA2, svcB1}},
			{"?organization_id=" + orgA, []string{svcA1, svcA2}},
			{"?organization_id=" + orgC, nil},
			{"?modified_after=2025-04-01", []string{svcA2}},
			{"?modified_after=2024-06-01T00:00:00%2B02:00", []string{svcA1, svcA2}},
			{"?minimum_age=8&maximum_age=8", []string{svcA1, svcA2}},
			{"?minimum_age=20", []string{svcB1, svcExample}},
			{"?maximum_age=7", []string{svcA1}},
			{"?day=SA", []string{svcA2}},
			{"?day=sabato", []string{svcA2}},
			{"?day=monday", []string{svcA1}},
			{"?day=TH", []string{svcExample}},
			{"?comune=015036", []string{svcA1, svcA2}},
			{"?comune=015093", []string{svcB1}},
			{"?postcode=20090", []string{svcA1, svcA2}},
			{"?postcode=20094", nil}, // a confidential place's postcode is not public
			{"?proximity=1000&lat=45.4217&lon=9.1089", []string{svcA1, svcA2}},
			{"?proximity=200&lat=45.44&lon=9.12", nil},                     // the confidential place's own position
			{"?proximity=300&lat=45.433333&lon=9.116667", []string{svcB1}}, // its comune's centre
			{"?proximity=500&postcode=20090", []string{svcA1, svcA2}},
			{"?proximity=500&postcode=99999", nil},
			{"?comune=015036&day=SA&minimum_age=10&maximum_age=10&search=calcio", []string{svcA2}},
			{"?per_page=1000", all},
		} {
			sameIDs(t, c.query, page(t, e, "/services"+c.query, "service"), c.want...)
		}

		// Pages.
		var p struct {
			Total, Pages, Number, Size int
			First, Last, Empty         bool
		}
		r := api(t, e, "/services?per_page=3&page=2").Status(t, http.StatusOK)
		hsdstest.ValidatePage(t, "service", []byte(r.Body))
		json.Unmarshal([]byte(strings.NewReplacer("total_items", "total", "total_pages", "pages", "page_number", "number",
			"first_page", "first", "last_page", "last").Replace(r.Body)), &p)
		if p.Total != 4 || p.Pages != 2 || p.Number != 2 || p.Size != 1 || p.First || !p.Last || p.Empty {
			t.Errorf("page 2 of 3: %+v", p)
		}
		if ids := page(t, e, "/services?page=9", "service"); len(ids) != 0 {
			t.Errorf("page 9: %v", ids)
		}

		// minimal and full.
		r = api(t, e, "/services?minimal=true").Status(t, http.StatusOK)
		hsdstest.ValidatePage(t, "service", []byte(r.Body))
		if strings.Contains(r.Body, "description") || !strings.Contains(r.Body, `"last_modified"`) {
			t.Errorf("minimal: %s", r.Body)
		}
		r = api(t, e, "/services?full=true&organization_id="+orgA).Status(t, http.StatusOK)
		hsdstest.ValidatePage(t, "service", []byte(r.Body))
		r.Contains(t, `"schedules"`, `"service_at_locations"`, `"Via Roma 1"`, `"taxonomy_term"`)

		// NDJSON: every public service, one per line, unpaginated.
		for _, full := range []bool{false, true} {
			query, schema := "/services?format=ndjson&per_page=1", "service_list"
			if full {
				query, schema = query+"&full=true", "service"
			}
			r = api(t, e, query).Status(t, http.StatusOK)
			if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-ndjson") {
				t.Errorf("ndjson content type %q", ct)
			}
			n := 0
			sc := bufio.NewScanner(strings.NewReader(r.Body))
			sc.Buffer(nil, 1<<20)
			for sc.Scan() {
				hsdstest.Validate(t, schema, sc.Bytes())
				n++
			}
			if n != len(all) {
				t.Errorf("ndjson (full %v): %d lines, want %d", full, n, len(all))
			}
		}

		// Bad parameters: 400 with a JSON error.
		for _, q := range []string{"page=0", "per_page=abc", "day=funday", "proximity=100", "modified_after=ieri",
			"format=xml", "minimum_age=-1", "full=forse", "lat=100&lon=9&proximity=10"} {
			r := api(t, e, "/services?"+q).Status(t, http.StatusBadRequest)
			if !strings.Contains(r.Body, `"error"`) {
				t.Errorf("%s: %s", q, r.Body)
			}
		}
	})
}

// TestAPIServiceDetail checks the fully nested service, its ETag, and that
// what is not public stays out.
func TestAPIServiceDetail(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		network(t, e)
		r := api(t, e, "/services/"+svcA1).Status(t, http.StatusOK)
		hsdstest.Validate(t, "service", []byte(r.Body))
		r.Contains(t, `"Doposcuola Il Ponte"`, `"byday":"MO,WE"`, `"timezone":1`, `"Via Roma 1"`, `"Oratorio San Luigi"`,
			`"Doposcuola e aiuto compiti"`, `"Associazione Il Ponte"`, `"latitude":45.4217`)

		// The confidential place: no address, its comune's centre.
		r = api(t, e, "/services/"+svcB1).Status(t, http.StatusOK)
		hsdstest.Validate(t, "service", []byte(r.Body))
		r.Contains(t, `"Casa protetta"`, `"latitude":45.433333`, `"longitude":9.116667`).Lacks(t, `"addresses"`, "45.44")

		// The example, with its dangling references and a phone of five entities.
		r = api(t, e, "/services/"+svcExample).Status(t, http.StatusOK)
		hsdstest.Validate(t, "service", []byte(r.Body))
		r.Contains(t, `"timezone":3`, `"\"+44 1234 234567\""`, `"MyCity Civic Center"`)

		// ETag and If-None-Match.
		r = api(t, e, "/services/"+svcA2).Status(t, http.StatusOK)
		etag := r.Header.Get("ETag")
		if etag == "" {
			t.Fatal("no ETag")
		}
		req, _ := http.NewRequest(http.MethodGet, e.URL+"/api/hsds/services/"+svcA2, nil)
		req.Header.Set("If-None-Match", etag)
		if r := e.Anonymous().Do(req); r.StatusCode != http.StatusNotModified || r.Body != "" {
			t.Errorf("If-None-Match: %d %q", r.StatusCode, r.Body)
		}
		req.Header.Set("If-None-Match", `"altro"`)
		e.Anonymous().Do(req).Status(t, http.StatusOK)

		// Not public, unknown, no such endpoint: JSON 404.
		for _, path := range []string{"/services/" + svcC1, "/services/00000000-0000-4000-8000-000000000000", "/servizi"} {
			r := api(t, e, path).Status(t, http.StatusNotFound)
			if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") || !strings.Contains(r.Body, `"error"`) {
				t.Errorf("%s: %s %s", path, r.Header.Get("Content-Type"), r.Body)
			}
		}
	})
}
