package directory

import (
	"context"
	"embed"
	"io/fs"
	"net/http"
	"strconv"

	"github.com/google/uuid"

	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/geo"
	"github.com/trama-welfare/trama/internal/platform/secret"
	"github.com/trama-welfare/trama/internal/platform/web"
	"github.com/trama-welfare/trama/internal/territory"
)

//go:embed templates/*.html
var templates embed.FS

// Templates are this package's pages.
func Templates() fs.FS { sub, _ := fs.Sub(templates, "templates"); return sub }

// Handlers serve the directory's pages for operators, coordinators and the
// network.
type Handlers struct {
	site        *web.Site
	dir         *Directory
	auth        *auth.Service
	geo         *geo.Store
	territories *territory.Store
	keys        *secret.Keyring
}

// NewHandlers wires the handlers.
func NewHandlers(site *web.Site, dir *Directory, a *auth.Service, g *geo.Store, t *territory.Store, keys *secret.Keyring) *Handlers {
	return &Handlers{site: site, dir: dir, auth: a, geo: g, territories: t, keys: keys}
}

// Routes registers the pages.
func (h *Handlers) Routes(r *web.Router) {
	// Joining the network.
	r.Handle("GET /aderisci", auth.Public, h.signUpForm)
	r.Handle("POST /aderisci", auth.Public, h.signUp)
	r.Handle("GET /aderisci/conferma", auth.Public, h.joinConfirmForm)
	r.Handle("POST /aderisci/conferma", auth.Public, h.joinConfirm)
	r.Handle("GET /conferma-dati", auth.Public, h.confirmForm)
	r.Handle("POST /conferma-dati", auth.Public, h.confirm)

	// An organization's own pages (members, coordinators).
	r.Handle("GET /ente", ActionManage, h.myOrganizations)
	r.Handle("GET /ente/{id}", ActionManage, h.dashboard)
	r.Handle("GET /ente/{id}/dati", ActionManage, h.orgForm)
	r.Handle("POST /ente/{id}/dati", ActionManage, h.saveOrg, web.BodyLimit(MaxLogoBytes+1<<20))
	r.Handle("GET /loghi/{id}", auth.Public, h.serveLogo)
	r.Handle("GET /ente/{id}/sedi/nuova", ActionManage, h.locationForm)
	r.Handle("GET /ente/{id}/sedi/{lid}", ActionManage, h.locationForm)
	r.Handle("POST /ente/{id}/sedi/{lid}", ActionManage, h.saveLocation)
	r.Handle("POST /ente/{id}/sedi/{lid}/elimina", ActionManage, h.removeLocation)
	r.Handle("GET /ente/{id}/servizi/nuovo", ActionManage, h.serviceForm)
	r.Handle("GET /ente/{id}/servizi/{sid}", ActionManage, h.serviceForm)
	r.Handle("POST /ente/{id}/servizi/{sid}", ActionManage, h.saveService)
	r.Handle("POST /ente/{id}/servizi/{sid}/elimina", ActionManage, h.removeService)
	r.Handle("POST /ente/{id}/invia", ActionManage, h.submit)
	r.Handle("POST /ente/{id}/ritira", ActionManage, h.withdraw)
	r.Handle("POST /ente/{id}/operatori", ActionManage, h.invite)
	r.Handle("GET /ente/{id}/storia", ActionManage, h.history)
	r.Handle("POST /ente/{id}/conferma", ActionManage, h.confirmFresh)

	// Coordination.
	r.Handle("GET /coordinamento/enti", ActionReview, h.backOffice)
	r.Handle("POST /coordinamento/enti", ActionReview, h.bulk)
	r.Handle("GET /coordinamento/enti/nuovo", ActionReview, h.newOrgForm)
	r.Handle("POST /coordinamento/enti/nuovo", ActionReview, h.createOrg)
	r.Handle("POST /coordinamento/enti/{id}/archivia", ActionReview, h.archive)
	r.Handle("POST /coordinamento/enti/{id}/ripristina", ActionReview, h.restore)
	r.Handle("GET /coordinamento/servizi", ActionReview, h.servicesOffice)
	r.Handle("GET /coordinamento/validazioni", ActionReview, h.queue)
	r.Handle("GET /coordinamento/validazioni/{vid}", ActionReview, h.review)
	r.Handle("POST /coordinamento/validazioni/{vid}/approva", ActionReview, h.approve)
	r.Handle("POST /coordinamento/validazioni/{vid}/modifiche", ActionReview, h.requestChanges)

	// Taxonomies (admins).
	r.Handle("GET /admin/tassonomie", ActionTaxonomy, h.taxonomies)
	r.Handle("POST /admin/tassonomie", ActionTaxonomy, h.saveTerm)

	// The network's internal directory.
	r.Handle("GET /rete", ActionNetwork, h.network)
	r.Handle("GET /rete/{id}", ActionNetwork, h.networkOrg)
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// presenter shows stored values in the request's language.
func (h *Handlers) presenter(r *http.Request) Presenter {
	ctx, lang := r.Context(), web.LangFrom(r)
	return Presenter{
		Lang: lang,
		T:    func(key string, args ...any) string { return h.site.T(r, key, args...) },
		Term: func(code string) string {
			if t, ok := h.dir.Tax.ByCode(ctx, code); ok {
				return t.Label(lang)
			}
			return code
		},
		Schedule: func(s Schedule) string { return DescribeSchedule(s, lang) },
		Comune:   func(istat string) string { return h.comuneLabel(ctx, istat) },
	}
}

func (h *Handlers) comuneLabel(ctx context.Context, istat string) string {
	if istat == "" {
		return ""
	}
	if c, ok, _ := h.geo.Comune(ctx, istat); ok {
		return c.Label()
	}
	return istat
}

// fail renders err on the form page when it has field messages, else as an
// error page.
func (h *Handlers) formError(w http.ResponseWriter, r *http.Request, page string, data any, err error) {
	h.site.RenderForm(w, r, page, data, web.NewForm(r.PostForm), asFormError(err))
}

// asFormError shows conflicts (a draft changed meanwhile) on the form, so
// that what the user typed is not lost.
func asFormError(err error) error {
	if e, ok := errs.As(err); ok && e.Code == errs.Conflict {
		return &errs.Error{Code: errs.Invalid, Key: e.Key, Args: e.Args}
	}
	return err
}

// isUUID tells whether s looks like an id Trama makes (new rows get their id
// in the form's address).
func isUUID(s string) bool {
	_, err := uuid.Parse(s)
	return err == nil && len(s) == 36
}
