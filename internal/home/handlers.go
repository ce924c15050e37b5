// Package home serves the home page: what each visitor can do here,
// depending on who they are.
package home

import (
	"embed"
	"io/fs"
	"net/http"

	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/web"
)

//go:embed templates/*.html
var templates embed.FS

// Templates are this package's pages.
func Templates() fs.FS { sub, _ := fs.Sub(templates, "templates"); return sub }

// Handlers serve the home page.
type Handlers struct{ site *web.Site }

// NewHandlers wires the handlers.
func NewHandlers(site *web.Site) *Handlers { return &Handlers{site: site} }

// Routes registers the page.
func (h *Handlers) Routes(r *web.Router) {
	r.Handle("GET /{$}", auth.Public, h.home)
}

// Page is what home/home shows: the cards grouped by section, in order.
type Page struct {
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
	h.site.Render(w, r, "home/home", p)
}
