// Package home serves the home page: what each visitor can do here,
// depending on who they are.
package home

import (
	"embed"
	"io/fs"
	"log/slog"
	"net/http"

	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/web"
)

//go:embed templates/*.html
var templates embed.FS

// Templates are this package's pages.
func Templates() fs.FS { sub, _ := fs.Sub(templates, "templates"); return sub }

// Handlers serve the home page.
type Handlers struct {
	site    *web.Site
	citizen func(r *http.Request) (any, error)
}

// NewHandlers wires the handlers.
func NewHandlers(site *web.Site) *Handlers { return &Handlers{site: site} }

// WithCitizen adds what every visitor sees first (internal/portal: the
// search box, categories, what's on this week). citizen may return data
// with a field error (a comune not found), shown next to its field.
func (h *Handlers) WithCitizen(citizen func(r *http.Request) (any, error)) *Handlers {
	h.citizen = citizen
	return h
}

// Routes registers the page.
func (h *Handlers) Routes(r *web.Router) {
	r.Handle("GET /{$}", auth.Public, h.home)
}

// Page is what home/home shows: the citizen part, then the cards grouped
// by section, in order.
type Page struct {
	Citizen  any
	Sections []Section
}

// Section groups cards under a heading.
type Section struct {
	Key   string // i18n heading
	Cards []web.HomeCard
}

var sectionOrder = []string{"citizen", "network", "coordination", "admin"}

func (h *Handlers) home(w http.ResponseWriter, r *http.Request) {
	by := map[string][]web.HomeCard{}
	for _, c := range h.site.HomeCards(web.UserFrom(r)) {
		by[c.Section] = append(by[c.Section], c)
	}
	var p Page
	for _, s := range sectionOrder {
		if len(by[s]) > 0 {
			p.Sections = append(p.Sections, Section{Key: "home.section." + s, Cards: by[s]})
		}
	}
	var err error
	if h.citizen != nil {
		p.Citizen, err = h.citizen(r)
		if e, ok := errs.As(err); err != nil && (!ok || e.Code != errs.Invalid) {
			// The cards still help: the page goes on without that part.
			slog.Error("home: citizen part", "err", err)
			p.Citizen, err = nil, nil
		}
	}
	h.site.RenderForm(w, r, "home/home", p, web.NewForm(r.URL.Query()), err)
}
