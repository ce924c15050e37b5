package hsds

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/web"
)

// API is the open HSDS 3.0 API at /api/hsds: public, published data only,
// read-only, no authentication; confidential addresses and partner notes
// are never part of it.
type API struct {
	h       *HSDS
	baseURL string
	openapi []byte
	counts  counts
}

// Profile is the HSDS profile the API follows: the base specification
// (Trama's additions are query parameters, listed in its OpenAPI document).
const Profile = "https://docs.openreferral.org/en/v3.0/"

// Routes registers the endpoints; all are public.
func (a *API) Routes(r *web.Router) {
	r.Handle("GET /api/hsds/{$}", auth.Public, a.meta)
	r.Handle("GET /api/hsds/openapi.json", auth.Public, a.openAPIDoc)
	r.Handle("GET /api/hsds/services", auth.Public, a.services)
	r.Handle("GET /api/hsds/services/{id}", auth.Public, a.service)
	r.Handle("GET /api/hsds/organizations", auth.Public, a.organizations)
	r.Handle("GET /api/hsds/organizations/{id}", auth.Public, a.organization)
	r.Handle("GET /api/hsds/service_at_locations", auth.Public, a.serviceAtLocations)
	r.Handle("GET /api/hsds/service_at_locations/{id}", auth.Public, a.serviceAtLocation)
	r.Handle("GET /api/hsds/taxonomies", auth.Public, a.taxonomies)
	r.Handle("GET /api/hsds/taxonomies/{id}", auth.Public, a.taxonomy)
	r.Handle("GET /api/hsds/taxonomy_terms", auth.Public, a.taxonomyTerms)
	r.Handle("GET /api/hsds/taxonomy_terms/{id}", auth.Public, a.taxonomyTerm)
	r.Handle("GET /api/hsds/{rest...}", auth.Public, func(w http.ResponseWriter, r *http.Request) {
		a.fail(w, http.StatusNotFound, "no such endpoint: see "+a.baseURL+"/api/hsds/openapi.json")
	})
}

func (a *API) meta(w http.ResponseWriter, r *http.Request) {
	b, _ := json.Marshal(map[string]string{"version": "3.0", "profile": Profile,
		"openapi_url": a.baseURL + "/api/hsds/openapi.json"})
	a.send(w, r, b)
}

func (a *API) openAPIDoc(w http.ResponseWriter, r *http.Request) { a.send(w, r, a.openapi) }

// headers are those of every answer: anyone may read it from any site.
func headers(w http.ResponseWriter, contentType string) {
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Expose-Headers", "ETag")
	h.Set("Content-Type", contentType)
	h.Set("Cache-Control", "public, max-age=60")
}

// send answers with a JSON body and its ETag, or 304 when the client has it.
func (a *API) send(w http.ResponseWriter, r *http.Request, body []byte) {
	headers(w, "application/json; charset=utf-8")
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:16]) + `"`
	w.Header().Set("ETag", etag)
	if matches(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Write(body)
}

// matches reads an If-None-Match header (a list, weak tags, or *).
func matches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

// fail answers with an error object.
func (a *API) fail(w http.ResponseWriter, status int, msg string) {
	headers(w, "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	b, _ := json.Marshal(map[string]any{"error": msg, "status": status})
	w.Write(b)
}

// failErr answers 400 for bad parameters, 500 (logged) otherwise.
func (a *API) failErr(w http.ResponseWriter, r *http.Request, err error) {
	var bad badParam
	if errors.As(err, &bad) {
		a.fail(w, http.StatusBadRequest, bad.Error())
		return
	}
	if r.Context().Err() == nil {
		slog.Error("hsds: api", "path", r.URL.Path, "err", err)
	}
	a.fail(w, http.StatusInternalServerError, "internal error")
}

// one answers with a single object of a view, or 404.
func (a *API) one(w http.ResponseWriter, r *http.Request, vw *view) {
	objs, err := a.loader(r).byIDs(vw, []string{r.PathValue("id")})
	if err != nil {
		a.failErr(w, r, err)
		return
	}
	if len(objs) == 0 {
		a.fail(w, http.StatusNotFound, "not found (or not published)")
		return
	}
	a.send(w, r, objs[0].appendJSON(nil))
}

func (a *API) loader(r *http.Request) *loader {
	return &loader{ctx: r.Context(), q: a.h.DB.R, spec: a.h.Spec, centroids: a.h.Centroids}
}

func (a *API) service(w http.ResponseWriter, r *http.Request) { a.one(w, r, serviceFull) }

func (a *API) organization(w http.ResponseWriter, r *http.Request) {
	prm, err := parseParams(r.URL.Query())
	if err != nil {
		a.failErr(w, r, err)
		return
	}
	vw := orgFull
	if prm.FullService {
		vw = orgFullService
	}
	a.one(w, r, vw)
}

func (a *API) serviceAtLocation(w http.ResponseWriter, r *http.Request) { a.one(w, r, salFull) }
func (a *API) taxonomy(w http.ResponseWriter, r *http.Request)          { a.one(w, r, taxonomyView) }
func (a *API) taxonomyTerm(w http.ResponseWriter, r *http.Request)      { a.one(w, r, termFull) }
