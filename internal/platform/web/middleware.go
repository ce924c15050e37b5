package web

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/i18n"
)

// Cookie names.
const (
	SessionCookie = "trama_session"
	LangCookie    = "trama_lang"
)

// Chain wraps h in the middleware every request passes, outermost first:
// panic recovery, logs and metrics, security headers, cross-origin
// protection, session and language.
func (s *Site) Chain(h http.Handler, m *Metrics, trustProxy bool) http.Handler {
	h = s.withSession(h, trustProxy)
	h = s.crossOrigin(h)
	h = s.securityHeaders(h)
	h = observe(h, m)
	return s.recoverer(h)
}

func (s *Site) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				slog.Error("web: panic", "path", r.URL.Path, "panic", p, "stack", string(debug.Stack()))
				s.ErrorStatus(w, r, http.StatusInternalServerError, "errors.internal")
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// statusWriter remembers the status for logs and metrics.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(s int) {
	if w.status == 0 {
		w.status = s
	}
	w.ResponseWriter.WriteHeader(s)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Metrics are the Prometheus collectors of the web layer.
type Metrics struct {
	Registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

// NewMetrics registers the HTTP collectors in a new registry.
func NewMetrics() *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "trama_http_requests_total", Help: "HTTP requests by route and status.",
		}, []string{"route", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "trama_http_request_duration_seconds", Help: "HTTP request latency by route.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"route"}),
	}
	m.Registry.MustRegister(m.requests, m.latency)
	return m
}

func observe(next http.Handler, m *Metrics) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		ri := &reqInfo{lang: i18n.Default}
		r = r.WithContext(context.WithValue(r.Context(), reqKey, ri))
		next.ServeHTTP(sw, r)
		d := time.Since(start)
		status := sw.status
		if status == 0 {
			status = http.StatusOK
		}
		route := ri.route // set by the router
		if route == "" {
			route = "unmatched"
		}
		if m != nil {
			m.requests.WithLabelValues(route, strconv.Itoa(status)).Inc()
			m.latency.WithLabelValues(route).Observe(d.Seconds())
		}
		level := slog.LevelInfo
		if strings.HasPrefix(r.URL.Path, "/static/") || r.URL.Path == "/healthz" || r.URL.Path == "/metrics" {
			level = slog.LevelDebug
		}
		if status >= 500 {
			level = slog.LevelError
		}
		slog.Log(r.Context(), level, "http", "method", r.Method, "path", loggedPath(route, r.URL.Path), "route", route,
			"status", status, "bytes", sw.bytes, "ms", float64(d.Microseconds())/1000)
	})
}

func (s *Site) securityHeaders(next http.Handler) http.Handler {
	tiles := ""
	if t := s.Config.MapTiles; t != "" {
		if i := strings.Index(t, "://"); i > 0 {
			host := t[i+3:]
			if j := strings.IndexByte(host, '/'); j > 0 {
				host = host[:j]
			}
			tiles = " " + t[:i+3] + strings.ReplaceAll(host, "{s}", "*")
		}
	}
	csp := "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:" + tiles +
		"; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; " +
		"form-action 'self'; frame-ancestors 'none'"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("Permissions-Policy", "geolocation=(self), camera=(), microphone=(), payment=(), usb=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if s.Config.SecureCookies {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

// crossOrigin refuses state-changing requests from other sites (CSRF), with
// the translated error page.
func (s *Site) crossOrigin(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		slog.Warn("web: cross-origin request refused", "method", r.Method, "path", r.URL.Path,
			"origin", r.Header.Get("Origin"), "sec-fetch-site", r.Header.Get("Sec-Fetch-Site"))
		s.ErrorStatus(w, r, http.StatusForbidden, "errors.cross_origin")
	}))
	return cop.Handler(next)
}

// withSession loads the user of the session cookie and picks the language:
// the cookie set by the switcher, else the user's, else Accept-Language.
func (s *Site) withSession(next http.Handler, trustProxy bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ri := info(r)
		ip := ClientIP(r, trustProxy)
		actor := audit.Actor{Label: "anonymous", IP: ip}
		if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" && !strings.HasPrefix(r.URL.Path, "/static/") {
			sess, u, err := s.Auth.Store.SessionUser(r.Context(), c.Value)
			if err == nil {
				ri.user, ri.session, ri.token = u, sess, c.Value
				actor = audit.Actor{ID: u.ID, Label: u.Email, IP: ip}
				if err := s.Auth.Store.Touch(r.Context(), sess); err != nil {
					slog.Warn("web: touch session", "err", err)
				}
			} else {
				s.ClearSessionCookie(w)
			}
		}
		ri.lang = s.pickLang(r, ri.user)
		next.ServeHTTP(w, r.WithContext(audit.WithActor(r.Context(), actor)))
	})
}

func (s *Site) pickLang(r *http.Request, u *auth.User) string {
	if c, err := r.Cookie(LangCookie); err == nil && s.Cat.Supported(c.Value) {
		return c.Value
	}
	if u != nil && s.Cat.Supported(u.Lang) {
		return u.Lang
	}
	if al := r.Header.Get("Accept-Language"); al != "" {
		return s.Cat.Match(al)
	}
	return i18n.Default
}

// SetSessionCookie gives the browser its session token.
func (s *Site) SetSessionCookie(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: s.Config.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: int(auth.SessionMax.Seconds())})
}

// ClearSessionCookie removes it.
func (s *Site) ClearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Path: "/", HttpOnly: true, Secure: s.Config.SecureCookies,
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

// SetLangCookie remembers the chosen language for a year.
func (s *Site) SetLangCookie(w http.ResponseWriter, lang string) {
	http.SetCookie(w, &http.Cookie{Name: LangCookie, Value: lang, Path: "/", HttpOnly: true,
		Secure: s.Config.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: 365 * 24 * 3600})
}

// ClientIP is the caller's address: the connection's, or with trustProxy the
// first address in X-Forwarded-For (set by the reverse proxy).
func ClientIP(r *http.Request, trustProxy bool) string {
	if trustProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			first, _, _ := strings.Cut(xff, ",")
			if ip := net.ParseIP(strings.TrimSpace(first)); ip != nil {
				return ip.String()
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// secretParams are path wildcards that carry a secret meant for one person
// (a registration's link, a calendar feed, a ticket code, a support's
// confirmation): the access log writes "…" in their place.
var secretParams = map[string]bool{"{token}": true, "{code}": true}

// loggedPath is path with the segments matched by a secret wildcard of
// the route's pattern hidden.
func loggedPath(pattern, path string) string {
	if _, p, ok := strings.Cut(pattern, " "); ok {
		pattern = p
	}
	if !hasSecret(pattern) {
		return path // most routes: no split, nothing allocated
	}
	ps, segs := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(ps) != len(segs) {
		return path
	}
	for i, p := range ps {
		if secretParams[p] {
			segs[i] = "…"
		}
	}
	return strings.Join(segs, "/")
}

// hasSecret tells whether pattern has a secret wildcard.
func hasSecret(pattern string) bool {
	for p := range secretParams {
		if strings.Contains(pattern, p) {
			return true
		}
	}
	return false
}
