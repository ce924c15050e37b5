package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"

	"github.com/trama-welfare/trama/internal/platform/auth"
)

// DefaultBodyLimit caps request bodies of ordinary forms.
const DefaultBodyLimit = 1 << 20

// Route is a registered pattern and the action it needs.
type Route struct {
	Pattern string
	Action  auth.Action
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
	rt.routes = append(rt.routes, Route{Pattern: pattern, Action: action})
	rt.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, cfg.bodyLimit)
		info(r).route = pattern
		u := UserFrom(r)
		if !rt.site.Policy.Allows(auth.RoleOf(u), action) {
			rt.deny(w, r, u, action)
			return
		}
		h(w, r)
	})
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
