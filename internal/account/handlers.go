// Package account serves the pages of one's own account: login, logout,
// registration, password reset, e-mail verification, profile and language.
package account

import (
	"context"
	"embed"
	"io/fs"
	"net/http"

	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/web"
)

//go:embed templates/*.html
var templates embed.FS

// Templates are this package's pages.
func Templates() fs.FS { sub, _ := fs.Sub(templates, "templates"); return sub }

// Handlers serve the account pages.
type Handlers struct {
	site        *web.Site
	auth        *auth.Service
	trustProxy  bool
	isVolunteer func(ctx context.Context, u *auth.User) (bool, error)
}

// NewHandlers wires the handlers.
func NewHandlers(site *web.Site, a *auth.Service, trustProxy bool) *Handlers {
	return &Handlers{site: site, auth: a, trustProxy: trustProxy}
}

// WithVolunteer tells the profile page who is a volunteer (persone attive
// knows: the role, or a volunteer profile), so that it links to their
// commitments, hours, shifts and attestation.
func (h *Handlers) WithVolunteer(is func(ctx context.Context, u *auth.User) (bool, error)) *Handlers {
	h.isVolunteer = is
	return h
}

// Routes registers the pages.
func (h *Handlers) Routes(r *web.Router) {
	r.Handle("GET /accedi", auth.Public, h.loginForm)
	r.Handle("POST /accedi", auth.Public, h.login)
	r.Handle("POST /esci", auth.Public, h.logout)
	r.Handle("GET /registrati", auth.GuestOnly, h.registerForm)
	r.Handle("POST /registrati", auth.GuestOnly, h.register)
	r.Handle("GET /password/dimenticata", auth.Public, h.forgotForm)
	r.Handle("POST /password/dimenticata", auth.Public, h.forgot)
	r.Handle("GET /password/reimposta", auth.Public, h.resetForm)
	r.Handle("POST /password/reimposta", auth.Public, h.reset)
	r.Handle("GET /email/verifica", auth.Public, h.verifyForm)
	r.Handle("POST /email/verifica", auth.Public, h.verify)
	r.Handle("GET /profilo", auth.SignedIn, h.profile)
	r.Handle("POST /profilo", auth.SignedIn, h.saveProfile)
	r.Handle("POST /profilo/password", auth.SignedIn, h.changePassword)
	r.Handle("POST /profilo/esci-ovunque", auth.SignedIn, h.logoutEverywhere)
	r.Handle("POST /profilo/verifica", auth.SignedIn, h.resendVerification)
	r.Handle("POST /lingua", auth.Public, h.setLang)
}

// loginPage is what account/login shows.
type loginPage struct {
	Next  string
	Demo  []web.DemoAccount
	Guest bool
}

func (h *Handlers) loginData(r *http.Request, next string) loginPage {
	p := loginPage{Next: web.LocalPath(next, "/"), Guest: web.UserFrom(r) == nil}
	if h.site.Config.Demo {
		p.Demo = h.site.DemoAccounts
	}
	return p
}

func (h *Handlers) loginForm(w http.ResponseWriter, r *http.Request) {
	h.site.RenderForm(w, r, "account/login", h.loginData(r, r.URL.Query().Get("next")), web.NewForm(nil), nil)
}

func (h *Handlers) login(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	f := r.PostForm
	next := f.Get("next")
	token, u, err := h.auth.Login(r.Context(), f.Get("email"), f.Get("password"),
		web.ClientIP(r, h.trustProxy), r.UserAgent())
	if err != nil {
		if errs.Is(err, errs.TooMany) {
			w.Header().Set("Retry-After", "900") // the login window
		}
		h.site.RenderForm(w, r, "account/login", h.loginData(r, next), web.NewForm(f), err)
		return
	}
	// A fresh token at every login: whatever session cookie the browser had
	// before is replaced (no session fixation).
	if old := web.SessionToken(r); old != "" {
		h.auth.Logout(r.Context(), old)
	}
	h.site.SetSessionCookie(w, token)
	if u.Lang != "" && h.site.Cat.Supported(u.Lang) {
		h.site.SetLangCookie(w, u.Lang)
	}
	h.site.Redirect(w, r, web.LocalPath(next, "/"), "account.flash.logged_in")
}

func (h *Handlers) logout(w http.ResponseWriter, r *http.Request) {
	if token := web.SessionToken(r); token != "" {
		if err := h.auth.Logout(r.Context(), token); err != nil {
			h.site.Error(w, r, err)
			return
		}
	}
	h.site.ClearSessionCookie(w)
	h.site.Redirect(w, r, "/", "account.flash.logged_out")
}

func (h *Handlers) registerForm(w http.ResponseWriter, r *http.Request) {
	h.site.RenderForm(w, r, "account/register", nil, web.NewForm(nil), nil)
}

func (h *Handlers) register(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	f := r.PostForm
	form := web.NewForm(f)
	err := h.auth.Register(r.Context(), auth.Registration{Name: f.Get("name"), Email: f.Get("email"),
		Password: f.Get("password"), Lang: web.LangFrom(r), PrivacyAccepted: form.Checked("privacy"),
		IP: web.ClientIP(r, h.trustProxy)})
	if err != nil {
		h.site.RenderForm(w, r, "account/register", nil, form, err)
		return
	}
	h.site.Render(w, r, "account/check_mail", "account.register.sent")
}

func (h *Handlers) forgotForm(w http.ResponseWriter, r *http.Request) {
	h.site.RenderForm(w, r, "account/forgot", nil, web.NewForm(nil), nil)
}

func (h *Handlers) forgot(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	if err := h.auth.RequestReset(r.Context(), r.PostForm.Get("email"), web.LangFrom(r), web.ClientIP(r, h.trustProxy)); err != nil {
		h.site.RenderForm(w, r, "account/forgot", nil, web.NewForm(r.PostForm), err)
		return
	}
	h.site.Render(w, r, "account/check_mail", "account.forgot.sent")
}

func (h *Handlers) resetForm(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	if !h.auth.ResetValid(r.Context(), token) {
		h.site.ErrorStatus(w, r, http.StatusGone, "errors.link_expired")
		return
	}
	h.site.RenderForm(w, r, "account/reset", token, web.NewForm(nil), nil)
}

func (h *Handlers) reset(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	token, pw := r.PostForm.Get("token"), r.PostForm.Get("password")
	if pw != r.PostForm.Get("confirm") {
		h.site.RenderForm(w, r, "account/reset", token, web.NewForm(nil),
			(&errs.Fields{"confirm": {Key: "errors.password_mismatch"}}).Err())
		return
	}
	err := h.auth.ResetPassword(r.Context(), token, pw)
	if e, ok := errs.As(err); ok && e.Key == "errors.link_expired" {
		h.site.ErrorStatus(w, r, http.StatusGone, "errors.link_expired")
		return
	}
	if err != nil {
		h.site.RenderForm(w, r, "account/reset", token, web.NewForm(nil), err)
		return
	}
	h.site.ClearSessionCookie(w)
	h.site.Redirect(w, r, "/accedi", "account.flash.password_reset")
}

// verifyForm asks for a click: e-mail scanners that open links must not
// confirm an address by themselves.
func (h *Handlers) verifyForm(w http.ResponseWriter, r *http.Request) {
	h.site.Render(w, r, "account/verify", r.URL.Query().Get("token"))
}

func (h *Handlers) verify(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	if _, err := h.auth.VerifyEmail(r.Context(), r.PostForm.Get("token")); err != nil {
		if errs.Is(err, errs.Invalid) {
			h.site.ErrorStatus(w, r, http.StatusGone, "errors.link_expired")
			return
		}
		h.site.Error(w, r, err)
		return
	}
	to := "/accedi"
	if web.UserFrom(r) != nil {
		to = "/profilo"
	}
	h.site.Redirect(w, r, to, "account.flash.verified")
}

// profilePage is what account/profile shows besides the forms.
type profilePage struct {
	Volunteer bool // links to the volunteer's pages
}

func (h *Handlers) profile(w http.ResponseWriter, r *http.Request) {
	u := web.UserFrom(r)
	form := web.NewForm(map[string][]string{"name": {u.Name}, "lang": {u.Lang}})
	h.renderProfile(w, r, form, nil)
}

// renderProfile shows the profile page with form (and err on it).
func (h *Handlers) renderProfile(w http.ResponseWriter, r *http.Request, form *web.Form, err error) {
	u := web.UserFrom(r)
	p := profilePage{Volunteer: u.Role == auth.Volunteer}
	if h.isVolunteer != nil {
		is, verr := h.isVolunteer(r.Context(), u)
		if verr != nil {
			h.site.Error(w, r, verr)
			return
		}
		p.Volunteer = is
	}
	h.site.RenderForm(w, r, "account/profile", p, form, err)
}

func (h *Handlers) saveProfile(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	u := *web.UserFrom(r)
	u.Name = r.PostForm.Get("name")
	if l := r.PostForm.Get("lang"); h.site.Cat.Supported(l) {
		u.Lang = l
	}
	if err := h.auth.UpdateProfile(r.Context(), &u); err != nil {
		h.renderProfile(w, r, web.NewForm(r.PostForm), err)
		return
	}
	h.site.SetLangCookie(w, u.Lang)
	h.site.Redirect(w, r, "/profilo", "account.flash.profile_saved")
}

func (h *Handlers) changePassword(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	u := web.UserFrom(r)
	f := r.PostForm
	profileForm := web.NewForm(map[string][]string{"name": {u.Name}, "lang": {u.Lang}})
	if f.Get("password") != f.Get("confirm") {
		h.renderProfile(w, r, profileForm, (&errs.Fields{"confirm": {Key: "errors.password_mismatch"}}).Err())
		return
	}
	if err := h.auth.ChangePassword(r.Context(), u, f.Get("current"), f.Get("password")); err != nil {
		h.renderProfile(w, r, profileForm, err)
		return
	}
	// Every session ended with the change; this browser gets a new one.
	token, err := h.auth.Store.CreateSession(r.Context(), u.ID, web.ClientIP(r, h.trustProxy), r.UserAgent())
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.SetSessionCookie(w, token)
	h.site.Redirect(w, r, "/profilo", "account.flash.password_changed")
}

func (h *Handlers) logoutEverywhere(w http.ResponseWriter, r *http.Request) {
	if err := h.auth.LogoutEverywhere(r.Context(), web.UserFrom(r)); err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.ClearSessionCookie(w)
	h.site.Redirect(w, r, "/accedi", "account.flash.logged_out_everywhere")
}

func (h *Handlers) resendVerification(w http.ResponseWriter, r *http.Request) {
	if err := h.auth.SendVerification(r.Context(), web.UserFrom(r)); err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.Redirect(w, r, "/profilo", "account.flash.verification_sent")
}

func (h *Handlers) setLang(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	lang := r.PostForm.Get("lang")
	if !h.site.Cat.Supported(lang) {
		h.site.ErrorStatus(w, r, http.StatusUnprocessableEntity, "errors.lang_unknown")
		return
	}
	h.site.SetLangCookie(w, lang)
	if u := web.UserFrom(r); u != nil && u.Lang != lang {
		c := *u
		c.Lang = lang
		h.auth.UpdateProfile(r.Context(), &c)
	}
	http.Redirect(w, r, web.LocalPath(r.PostForm.Get("next"), "/"), http.StatusSeeOther)
}
