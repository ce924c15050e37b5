package territory

import (
	"context"
	"embed"
	"encoding/json"
	"io/fs"
	"net/http"
	"net/url"
	"strings"

	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/geo"
	"github.com/trama-welfare/trama/internal/platform/web"
)

//go:embed templates/*.html
var templates embed.FS

// Templates are this package's pages.
func Templates() fs.FS { sub, _ := fs.Sub(templates, "templates"); return sub }

// Handlers serve the territory pages.
type Handlers struct {
	site  *web.Site
	store *Store
	geo   *geo.Store
}

// NewHandlers wires the handlers.
func NewHandlers(site *web.Site, store *Store, g *geo.Store) *Handlers {
	return &Handlers{site: site, store: store, geo: g}
}

// Routes registers the pages.
func (h *Handlers) Routes(r *web.Router) {
	r.Handle("GET /admin/ambiti", auth.AdminTerritories, h.list)
	r.Handle("GET /admin/ambiti/nuovo", auth.AdminTerritories, h.newForm)
	r.Handle("POST /admin/ambiti", auth.AdminTerritories, h.create)
	r.Handle("GET /admin/ambiti/{id}", auth.AdminTerritories, h.edit)
	r.Handle("POST /admin/ambiti/{id}", auth.AdminTerritories, h.update)
	r.Handle("POST /admin/ambiti/{id}/comuni", auth.AdminTerritories, h.addComuni)
	r.Handle("POST /admin/ambiti/{id}/comuni/rimuovi", auth.AdminTerritories, h.removeComuni)
	r.Handle("GET /comuni.json", auth.Public, h.comuniJSON)
}

func (h *Handlers) list(w http.ResponseWriter, r *http.Request) {
	list, err := h.store.List(r.Context())
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.Render(w, r, "territory/list", list)
}

func (h *Handlers) newForm(w http.ResponseWriter, r *http.Request) {
	h.site.RenderForm(w, r, "territory/new", nil, web.NewForm(nil), nil)
}

func (h *Handlers) create(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	t := &Territory{Name: r.PostForm.Get("name"), Description: r.PostForm.Get("description")}
	if err := h.store.Create(r.Context(), t); err != nil {
		h.site.RenderForm(w, r, "territory/new", nil, web.NewForm(r.PostForm), err)
		return
	}
	h.site.Redirect(w, r, "/admin/ambiti/"+t.ID, "territory.flash.created")
}

// editPage is what territory/edit shows.
type editPage struct {
	Territory *Territory
	Query     string
	Results   []geo.Comune
	Members   map[string]bool
}

func (h *Handlers) edit(w http.ResponseWriter, r *http.Request) {
	h.renderEdit(w, r, nil, nil)
}

func (h *Handlers) renderEdit(w http.ResponseWriter, r *http.Request, form *web.Form, formErr error) {
	t, err := h.store.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	p := editPage{Territory: t, Query: strings.TrimSpace(r.URL.Query().Get("q")), Members: map[string]bool{}}
	for _, c := range t.Comuni {
		p.Members[c.ISTAT] = true
	}
	if p.Query != "" {
		if p.Results, err = h.geo.Search(r.Context(), p.Query, 60); err != nil {
			h.site.Error(w, r, err)
			return
		}
	}
	if form == nil {
		form = web.NewForm(map[string][]string{"name": {t.Name}, "description": {t.Description}})
	}
	h.site.RenderForm(w, r, "territory/edit", p, form, formErr)
}

func (h *Handlers) update(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	t := &Territory{ID: r.PathValue("id"), Name: r.PostForm.Get("name"), Description: r.PostForm.Get("description")}
	if err := h.store.Update(r.Context(), t); err != nil {
		h.renderEdit(w, r, web.NewForm(r.PostForm), err)
		return
	}
	h.site.Redirect(w, r, "/admin/ambiti/"+t.ID, "territory.flash.saved")
}

func (h *Handlers) addComuni(w http.ResponseWriter, r *http.Request) {
	h.changeComuni(w, r, h.store.AddComuni, "territory.flash.comuni_added")
}

func (h *Handlers) removeComuni(w http.ResponseWriter, r *http.Request) {
	h.changeComuni(w, r, h.store.RemoveComuni, "territory.flash.comuni_removed")
}

func (h *Handlers) changeComuni(w http.ResponseWriter, r *http.Request,
	change func(context.Context, string, []string) error, flash string) {
	if !h.site.ParseForm(w, r) {
		return
	}
	id := r.PathValue("id")
	if err := change(r.Context(), id, r.PostForm["comune"]); err != nil {
		h.renderEdit(w, r, nil, err)
		return
	}
	back := "/admin/ambiti/" + id
	if q := r.PostForm.Get("q"); q != "" {
		back += "?q=" + url.QueryEscape(q)
	}
	h.site.Redirect(w, r, back, flash)
}

// comuniJSON answers type-ahead lookups: [{"istat": "015146", "label": "Buccinasco (MI)"}].
func (h *Handlers) comuniJSON(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	list, err := h.geo.Search(r.Context(), q, 20)
	if err != nil {
		http.Error(w, "error", http.StatusInternalServerError)
		return
	}
	type item struct {
		ISTAT string  `json:"istat"`
		Label string  `json:"label"`
		Lat   float64 `json:"lat"`
		Lon   float64 `json:"lon"`
	}
	out := make([]item, 0, len(list))
	for _, c := range list {
		out = append(out, item{c.ISTAT, c.Label(), c.Lat, c.Lon})
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	json.NewEncoder(w).Encode(out)
}
