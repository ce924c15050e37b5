package web

import (
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"unicode/utf8"

	"github.com/trama-welfare/trama/internal/platform/auth"
)

// DefaultBodyLimit caps request bodies of ordinary forms.
const DefaultBodyLimit = 1 << 20

// Route is a registered pattern, the action it needs and the largest
// request body it takes (0: none checked, raw handlers).
type Route struct {
	Pattern   string
	Action    auth.Action
	BodyLimit int64
}

// Router is a ServeMux where every route names its action: the check runs
// here, in one place, before the handler.
type Router struct {
	mux    *http.ServeMux
	site   *Site
	routes []Route
}

// NewRouter returns an empty router.
func NewRouter(site *Site) *Router { return &Router{mux: http.NewServeMux(), site: site} }

// RouteOption tunes one route.
type RouteOption func(*routeConfig)

type routeConfig struct{ bodyLimit int64 }

// BodyLimit raises (or lowers) the request body cap of a route (uploads).
func BodyLimit(n int64) RouteOption { return func(c *routeConfig) { c.bodyLimit = n } }

// Handle registers h for pattern ("GET /servizi/{id}"), allowed to whoever
// the policy lets do action.
func (rt *Router) Handle(pattern string, action auth.Action, h http.HandlerFunc, opts ...RouteOption) {
	if !rt.site.Policy.Known(action) {
		panic(fmt.Sprintf("web: route %q needs unknown action %q", pattern, action))
	}
	cfg := routeConfig{bodyLimit: DefaultBodyLimit}
	for _, o := range opts {
		o(&cfg)
	}
	rt.routes = append(rt.routes, Route{Pattern: pattern, Action: action, BodyLimit: cfg.bodyLimit})
	rt.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		info(r).route = pattern
		if !rt.site.wellFormed(w, r, cfg.bodyLimit) {
			return
		}
		u := UserFrom(r)
		if !rt.site.Policy.Allows(auth.RoleOf(u), action) {
			rt.deny(w, r, u, action)
			return
		}
		h(w, r)
	})
}

// wellFormed answers bad input itself, before any handler runs, and
// returns false: 413 for a body over limit (announced, or found while
// reading a form), 400 for a path, query or form that is not valid UTF-8 or
// not decodable. Forms (application/x-www-form-urlencoded) are parsed here,
// so no handler can see, nor store, text that is not UTF-8. Multipart
// bodies are left to their handlers (uploads), capped all the same.
func (s *Site) wellFormed(w http.ResponseWriter, r *http.Request, limit int64) bool {
	if r.ContentLength > limit {
		s.ErrorStatus(w, r, http.StatusRequestEntityTooLarge, "errors.too_large")
		return false
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if !utf8.ValidString(r.URL.Path) {
		s.ErrorStatus(w, r, http.StatusBadRequest, "errors.bad_encoding")
		return false
	}
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct == "application/x-www-form-urlencoded" {
		return s.ParseForm(w, r) // the body and the query, each checked once
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		s.ErrorStatus(w, r, http.StatusBadRequest, "errors.bad_request")
		return false
	}
	if !validValues(q) {
		s.ErrorStatus(w, r, http.StatusBadRequest, "errors.bad_encoding")
		return false
	}
	return true
}

// validValues tells whether every key and value is valid UTF-8.
func validValues(v url.Values) bool {
	for k, vs := range v {
		if !utf8.ValidString(k) {
			return false
		}
		for _, x := range vs {
			if !utf8.ValidString(x) {
				return false
			}
		}
	}
	return true
}

// HandleRaw registers a public handler that needs no page machinery
// (static files, health checks, metrics).
func (rt *Router) HandleRaw(pattern string, h http.Handler) {
	rt.routes = append(rt.routes, Route{Pattern: pattern, Action: auth.Public})
	rt.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		info(r).route = pattern
		h.ServeHTTP(w, r)
	})
}

func (rt *Router) deny(w http.ResponseWriter, r *http.Request, u *auth.User, action auth.Action) {
	switch {
	case action == auth.GuestOnly:
		http.Redirect(w, r, "/", http.StatusSeeOther)
	case u == nil && (r.Method == http.MethodGet || r.Method == http.MethodHead):
		next := r.URL.Path
		if r.URL.RawQuery != "" {
			next += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, "/accedi?"+url.Values{"next": {next}}.Encode(), http.StatusSeeOther)
	case u == nil:
		rt.site.ErrorStatus(w, r, http.StatusUnauthorized, "errors.login_required")
	default:
		rt.site.ErrorStatus(w, r, http.StatusForbidden, "errors.forbidden")
	}
}

// Routes lists every registered route, for the route × role test.
func (rt *Router) Routes() []Route { return slices.Clone(rt.routes) }

// ServeHTTP routes the request. Unknown paths and wrong methods get the
// translated error page instead of the mux's plain text.
func (rt *Router) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h, pattern := rt.mux.Handler(r)
	if pattern != "" {
		rt.mux.ServeHTTP(w, r)
		return
	}
	rec := &recorder{header: http.Header{}}
	h.ServeHTTP(rec, r)
	switch rec.status {
	case http.StatusNotFound:
		rt.site.NotFound(w, r)
	case http.StatusMethodNotAllowed:
		w.Header().Set("Allow", rec.header.Get("Allow"))
		rt.site.ErrorStatus(w, r, http.StatusMethodNotAllowed, "errors.method_not_allowed")
	default: // redirects to the clean path
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.status)
		w.Write(rec.body)
	}
}

// recorder keeps what the mux's own fallback handlers write.
type recorder struct {
	header http.Header
	status int
	body   []byte
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) WriteHeader(s int) {
	if r.status == 0 {
		r.status = s
	}
}
func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	r.body = append(r.body, b...)
	return len(b), nil
}
