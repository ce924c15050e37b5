// Package web is Trama's HTTP machinery: the page renderer, the router with
// one permission check per route, forms and errors in the user's language,
// sessions, security headers and metrics. Capabilities bring their handlers
// and templates; this package gives them a uniform shell.
package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/i18n"
)

// SiteConfig is what pages need to know about the installation.
type SiteConfig struct {
	SiteName      string
	BaseURL       string
	SecureCookies bool // the site is served over HTTPS
	Demo          bool // demo mode: the login page lists the demo accounts
	MapTiles      string
	Version       string
}

// DemoAccount is listed on the login page in demo mode.
type DemoAccount struct {
	Role     auth.Role
	Email    string
	Password string
}

// Site is the shared state of the web layer.
type Site struct {
	Config      SiteConfig
	Cat         *i18n.Catalog
	Policy      *auth.Policy
	Auth        *auth.Service
	Renderer    *Renderer
	Assets      *Assets
	Attribution string
	// HeaderName returns the name shown in the header for a visitor: their
	// territory, the only territory, or the site name.
	HeaderName   func(ctx context.Context, u *auth.User) string
	DemoAccounts []DemoAccount

	nav   []NavItem
	cards []HomeCard
}

// AddNav appends entries to the main navigation.
func (s *Site) AddNav(items ...NavItem) { s.nav = append(s.nav, items...) }

// AddHomeCards appends cards to the home page.
func (s *Site) AddHomeCards(cards ...HomeCard) { s.cards = append(s.cards, cards...) }

// HomeCards returns the cards the visitor may use.
func (s *Site) HomeCards(u *auth.User) []HomeCard {
	var out []HomeCard
	for _, c := range s.cards {
		if s.Policy.Allows(auth.RoleOf(u), c.Action) {
			out = append(out, c)
		}
	}
	return out
}

type ctxKey int

const reqKey ctxKey = 0

// reqInfo is what the middleware learns about a request.
type reqInfo struct {
	user    *auth.User
	session *auth.Session
	token   string
	lang    string
	route   string // the pattern that matched, for metrics
}

// info returns the request's reqInfo. The outermost middleware (observe)
// creates it; requests built by hand in tests get a fresh one.
func info(r *http.Request) *reqInfo {
	if ri, ok := r.Context().Value(reqKey).(*reqInfo); ok {
		return ri
	}
	return &reqInfo{lang: i18n.Default}
}

// UserFrom returns the logged-in user, or nil.
func UserFrom(r *http.Request) *auth.User { return info(r).user }

// LangFrom returns the request's language.
func LangFrom(r *http.Request) string { return info(r).lang }

// SessionToken returns the session cookie's token, or "".
func SessionToken(r *http.Request) string { return info(r).token }

// T translates key in the request's language.
func (s *Site) T(r *http.Request, key string, args ...any) string {
	return s.Cat.T(LangFrom(r), key, args...)
}

// View builds the data every template receives.
func (s *Site) View(w http.ResponseWriter, r *http.Request, data any) *View {
	ri := info(r)
	v := &View{
		tr: s.Cat.For(ri.lang), site: s,
		Lang: ri.lang, Langs: s.Cat.Langs(), User: ri.user,
		Path: r.URL.Path, Query: r.URL.Query(), Demo: s.Config.Demo, Data: data,
	}
	v.Header = s.Config.SiteName
	if s.HeaderName != nil {
		v.Header = s.HeaderName(r.Context(), ri.user)
	}
	for _, n := range s.nav {
		if s.Policy.Allows(auth.RoleOf(ri.user), n.Action) {
			v.Nav = append(v.Nav, n)
		}
	}
	if key, kind := takeFlash(w, r); key != "" && s.Cat.Has(i18n.Default, key) {
		v.Flash, v.FlashKind = v.T(key), kind
	}
	return v
}

// Render renders a page with status 200.
func (s *Site) Render(w http.ResponseWriter, r *http.Request, page string, data any) {
	s.Renderer.Execute(w, http.StatusOK, page, s.View(w, r, data))
}

// RenderForm renders a page with a form and, when err carries field
// messages, status 422 and the messages next to the fields; a limit
// reached (errs.TooMany) is 429 with its message on the form. Any other
// error goes to Error.
func (s *Site) RenderForm(w http.ResponseWriter, r *http.Request, page string, data any, form *Form, err error) {
	status := http.StatusOK
	if err != nil {
		e, ok := errs.As(err)
		if !ok || e.Code != errs.Invalid && e.Code != errs.TooMany {
			s.Error(w, r, err)
			return
		}
		status = http.StatusUnprocessableEntity
		if e.Code == errs.TooMany {
			// Over a limit: the message on the form, what was typed kept;
			// a handler that knows the limit's window sets Retry-After.
			status = http.StatusTooManyRequests
			if w.Header().Get("Retry-After") == "" {
				w.Header().Set("Retry-After", "3600")
			}
		}
		form.Errors = e.Fields
		if len(e.Fields) == 0 || e.Key != "errors.invalid_form" {
			if form.Errors == nil {
				form.Errors = errs.Fields{}
			}
			form.Errors["_form"] = errs.Field{Key: e.Key, Args: e.Args}
		}
	}
	v := s.View(w, r, data)
	v.Form = form
	s.Renderer.Execute(w, status, page, v)
}

// errorPage is what error.html shows.
type errorPage struct {
	Status  int
	Message string
}

// Error answers with the status and translated message for err. Errors that
// are not domain errors are logged and shown as a generic 500.
func (s *Site) Error(w http.ResponseWriter, r *http.Request, err error) {
	status, key := http.StatusInternalServerError, "errors.internal"
	var args []any
	if e, ok := errs.As(err); ok {
		key, args = e.Key, e.Args
		switch e.Code {
		case errs.Invalid:
			status = http.StatusUnprocessableEntity
		case errs.NotFound:
			status = http.StatusNotFound
		case errs.Forbidden:
			status = http.StatusForbidden
		case errs.Conflict:
			status = http.StatusConflict
		case errs.TooMany:
			status = http.StatusTooManyRequests
		}
	} else if errors.Is(err, context.Canceled) {
		return
	} else {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			status, key = http.StatusRequestEntityTooLarge, "errors.too_large"
		} else {
			slog.Error("web: request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		}
	}
	s.ErrorStatus(w, r, status, key, args...)
}

// ErrorStatus renders the error page with a status and a message key.
func (s *Site) ErrorStatus(w http.ResponseWriter, r *http.Request, status int, key string, args ...any) {
	v := s.View(w, r, errorPage{Status: status, Message: s.T(r, key, args...)})
	s.Renderer.Execute(w, status, "error", v)
}

// NotFound renders the 404 page.
func (s *Site) NotFound(w http.ResponseWriter, r *http.Request) {
	s.ErrorStatus(w, r, http.StatusNotFound, "errors.not_found")
}

// Redirect answers a form post with 303 See Other, optionally setting a
// flash message (an i18n key) shown on the next page.
func (s *Site) Redirect(w http.ResponseWriter, r *http.Request, to, flashKey string) {
	if flashKey != "" {
		SetFlash(w, flashKey, "success")
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// LocalPath returns next when it is a path on this site, else fallback:
// "next" parameters must not send users elsewhere (open redirect).
func LocalPath(next, fallback string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, `/\`) {
		return fallback
	}
	u, err := url.Parse(next)
	if err != nil || u.Host != "" || u.Scheme != "" {
		return fallback
	}
	return next
}

const flashCookie = "trama_flash"

// SetFlash stores a message key for the next page. Only keys of the
// catalogue are ever shown, so the cookie cannot inject text.
func SetFlash(w http.ResponseWriter, key, kind string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: kind + ":" + key, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, MaxAge: 60})
}

func takeFlash(w http.ResponseWriter, r *http.Request) (key, kind string) {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return "", ""
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	kind, key, ok := strings.Cut(c.Value, ":")
	if !ok {
		return "", ""
	}
	switch kind {
	case "success", "info", "warning", "danger":
		return key, kind
	}
	return "", ""
}

// ParseForm parses the request's form. On bad input it answers itself —
// 413 for an oversized body, 400 for a malformed encoding or invalid UTF-8 —
// and returns false; the handler then just returns.
func (s *Site) ParseForm(w http.ResponseWriter, r *http.Request) bool {
	err := r.ParseForm()
	if err == nil {
		if !validValues(r.Form) {
			s.ErrorStatus(w, r, http.StatusBadRequest, "errors.bad_encoding")
			return false
		}
		return true
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		s.ErrorStatus(w, r, http.StatusRequestEntityTooLarge, "errors.too_large")
	} else {
		s.ErrorStatus(w, r, http.StatusBadRequest, "errors.bad_request")
	}
	return false
}
