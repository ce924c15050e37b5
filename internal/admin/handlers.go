// Package admin serves the administration pages: users and roles, the
// audit log and the development outbox.
package admin

import (
	"embed"
	"io/fs"
	"net/http"
	"strconv"

	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/mail"
	"github.com/trama-welfare/trama/internal/platform/web"
	"github.com/trama-welfare/trama/internal/territory"
)

//go:embed templates/*.html
var templates embed.FS

// Templates are this package's pages.
func Templates() fs.FS { sub, _ := fs.Sub(templates, "templates"); return sub }

// Handlers serve the admin pages.
type Handlers struct {
	site        *web.Site
	db          *db.DB
	auth        *auth.Service
	territories *territory.Store
	mailer      *mail.Mailer
}

// NewHandlers wires the handlers.
func NewHandlers(site *web.Site, d *db.DB, a *auth.Service, t *territory.Store, m *mail.Mailer) *Handlers {
	return &Handlers{site: site, db: d, auth: a, territories: t, mailer: m}
}

// Routes registers the pages.
func (h *Handlers) Routes(r *web.Router) {
	r.Handle("GET /admin/utenti", auth.AdminUsers, h.users)
	r.Handle("GET /admin/utenti/nuovo", auth.AdminUsers, h.newUser)
	r.Handle("POST /admin/utenti", auth.AdminUsers, h.createUser)
	r.Handle("GET /admin/utenti/{id}", auth.AdminUsers, h.editUser)
	r.Handle("POST /admin/utenti/{id}", auth.AdminUsers, h.updateUser)
	r.Handle("GET /admin/registro", auth.AdminAudit, h.auditLog)
	r.Handle("GET /admin/posta", auth.AdminOutbox, h.outbox)
}

const usersPerPage = 50

// usersPage is what admin/users shows.
type usersPage struct {
	Users       []*auth.User
	Total       int
	Page, Pages int
	Roles       []auth.Role
	Territories map[string]string
}

func (h *Handlers) users(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page := max(1, atoi(q.Get("page")))
	list, total, err := h.auth.Store.List(r.Context(), auth.UserFilter{
		Query: q.Get("q"), Role: auth.Role(q.Get("role")), Offset: (page - 1) * usersPerPage, Limit: usersPerPage,
	})
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	names, err := h.territoryNames(r)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.Render(w, r, "admin/users", usersPage{Users: list, Total: total, Page: page,
		Pages: (total + usersPerPage - 1) / usersPerPage, Roles: auth.Roles, Territories: names})
}

func (h *Handlers) territoryNames(r *http.Request) (map[string]string, error) {
	list, err := h.territories.List(r.Context())
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	for _, t := range list {
		m[t.ID] = t.Name
	}
	return m, nil
}

// userForm is what admin/user_new and admin/user_edit show.
type userForm struct {
	User        *auth.User
	Roles       [][]string
	Territories [][]string
}

func (h *Handlers) formData(r *http.Request, u *auth.User) (userForm, error) {
	list, err := h.territories.List(r.Context())
	if err != nil {
		return userForm{}, err
	}
	f := userForm{User: u}
	for _, role := range auth.Roles {
		f.Roles = append(f.Roles, []string{string(role), role.LabelKey()})
	}
	for _, t := range list {
		f.Territories = append(f.Territories, []string{t.ID, t.Name})
	}
	return f, nil
}

func (h *Handlers) newUser(w http.ResponseWriter, r *http.Request) {
	data, err := h.formData(r, nil)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.RenderForm(w, r, "admin/user_new", data, web.NewForm(map[string][]string{"role": {string(auth.Operator)}}), nil)
}

func (h *Handlers) createUser(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	f := r.PostForm
	lang := f.Get("lang")
	if !h.site.Cat.Supported(lang) {
		lang = web.LangFrom(r)
	}
	u, err := h.auth.Invite(r.Context(), auth.NewUser{Email: f.Get("email"), Name: f.Get("name"),
		Role: auth.Role(f.Get("role")), TerritoryID: f.Get("territory_id"), Lang: lang}, web.UserFrom(r).Name)
	if err != nil {
		data, derr := h.formData(r, nil)
		if derr != nil {
			h.site.Error(w, r, derr)
			return
		}
		h.site.RenderForm(w, r, "admin/user_new", data, web.NewForm(f), err)
		return
	}
	h.site.Redirect(w, r, "/admin/utenti/"+u.ID, "admin.flash.user_invited")
}

func (h *Handlers) editUser(w http.ResponseWriter, r *http.Request) {
	u, err := h.auth.Store.User(r.Context(), r.PathValue("id"))
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	data, err := h.formData(r, u)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	form := web.NewForm(map[string][]string{"name": {u.Name}, "email": {u.Email}, "role": {string(u.Role)},
		"territory_id": {u.TerritoryID}})
	if u.Disabled() {
		form.Values.Set("disabled", "on")
	}
	h.site.RenderForm(w, r, "admin/user_edit", data, form, nil)
}

func (h *Handlers) updateUser(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	u, err := h.auth.Store.User(r.Context(), r.PathValue("id"))
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	f := r.PostForm
	form := web.NewForm(f)
	u.Name, u.Email, u.Role, u.TerritoryID = f.Get("name"), f.Get("email"), auth.Role(f.Get("role")), f.Get("territory_id")
	switch {
	case form.Checked("disabled") && !u.Disabled():
		now := db.Now()
		u.DisabledAt = &now
	case !form.Checked("disabled"):
		u.DisabledAt = nil
	}
	if err := h.auth.AdminUpdate(r.Context(), u); err != nil {
		data, derr := h.formData(r, u)
		if derr != nil {
			h.site.Error(w, r, derr)
			return
		}
		if errs.Is(err, errs.Conflict) {
			e, _ := errs.As(err)
			err = &errs.Error{Code: errs.Invalid, Key: e.Key}
		}
		h.site.RenderForm(w, r, "admin/user_edit", data, form, err)
		return
	}
	h.site.Redirect(w, r, "/admin/utenti/"+u.ID, "admin.flash.user_saved")
}

// auditPage is what admin/audit shows.
type auditPage struct {
	Lines  []audit.Line
	Filter audit.Filter
	Older  int64 // id for the "older" link; 0 when there is nothing older
}

func (h *Handlers) auditLog(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	before, _ := strconv.ParseInt(q.Get("before"), 10, 64)
	f := audit.Filter{Entity: q.Get("entity"), EntityID: q.Get("entity_id"), ActorID: q.Get("actor"),
		Action: q.Get("action"), Before: before, Limit: 100}
	lines, err := audit.List(r.Context(), h.db, f)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	p := auditPage{Lines: lines, Filter: f}
	if len(lines) == f.Limit {
		p.Older = lines[len(lines)-1].ID
	}
	h.site.Render(w, r, "admin/audit", p)
}

// outboxPage is what admin/outbox shows.
type outboxPage struct {
	Messages []mail.OutboxMessage
	SMTP     bool
}

func (h *Handlers) outbox(w http.ResponseWriter, r *http.Request) {
	msgs, err := mail.Outbox(r.Context(), h.db, 100)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.Render(w, r, "admin/outbox", outboxPage{Messages: msgs, SMTP: h.mailer.Configured()})
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }
