package qualification

import (
	"encoding/json"
	"net/http"
	"net/url"

	"github.com/trama-welfare/trama/internal/people/common"
	"github.com/trama-welfare/trama/internal/platform/web"
)

// Handlers serve the coordinators' pages of qualifications.
type Handlers struct {
	site *web.Site
	svc  *Service
}

// NewHandlers wires the handlers.
func NewHandlers(site *web.Site, svc *Service) *Handlers { return &Handlers{site: site, svc: svc} }

// Routes registers the pages.
func (h *Handlers) Routes(r *web.Router) {
	r.Handle("GET /coordinamento/qualifiche", common.ActionCoordinate, h.list)
	r.Handle("POST /coordinamento/qualifiche", common.ActionCoordinate, h.grant)
	r.Handle("POST /coordinamento/qualifiche/{id}/revoca", common.ActionCoordinate, h.revoke)
	r.Handle("GET /coordinamento/rete-attiva", common.ActionCoordinate, h.network)
	r.Handle("GET /coordinamento/rete-attiva.json", common.ActionCoordinate, h.networkJSON)
}

// listPage is what people/qualification_list shows.
type listPage struct {
	TerritoryID string
	Code        string
	Codes       []string
	List        []Qualification
}

func (h *Handlers) territory(r *http.Request) string {
	t, _ := common.TerritoryOf(r.Context(), h.svc.db, web.UserFrom(r), r.URL.Query().Get("ambito"))
	return t
}

func (h *Handlers) list(w http.ResponseWriter, r *http.Request) {
	h.renderList(w, r, web.NewForm(nil), nil)
}

func (h *Handlers) renderList(w http.ResponseWriter, r *http.Request, form *web.Form, formErr error) {
	p := listPage{TerritoryID: h.territory(r), Code: r.URL.Query().Get("qualifica"), Codes: Codes}
	if !Valid(p.Code) {
		p.Code = ""
	}
	var err error
	if p.List, err = h.svc.InTerritory(r.Context(), p.TerritoryID, p.Code); err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.RenderForm(w, r, "people/qualification_list", p, form, formErr)
}

func (h *Handlers) grant(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	v := r.PostForm
	g := GrantRequest{Email: v.Get("email"), Code: v.Get("code"), ValidUntil: v.Get("valid_until"), Note: v.Get("note")}
	if err := h.svc.GrantByCoordinator(r.Context(), web.UserFrom(r), h.territory(r), g); err != nil {
		h.renderList(w, r, web.NewForm(v), err)
		return
	}
	h.site.Redirect(w, r, "/coordinamento/qualifiche", "people.flash.qualification_granted")
}

func (h *Handlers) revoke(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.RevokeByCoordinator(r.Context(), web.UserFrom(r), r.PathValue("id")); err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.Redirect(w, r, "/coordinamento/qualifiche", "people.flash.qualification_revoked")
}

// networkPage is what people/qualification_network shows.
type networkPage struct {
	Network   *Network
	Codes     []string
	ThinBelow float64
	JSON      string
}

func (h *Handlers) network(w http.ResponseWriter, r *http.Request) {
	t := h.territory(r)
	n, err := h.svc.Network(r.Context(), t)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.Render(w, r, "people/qualification_network", networkPage{Network: n, Codes: Codes, ThinBelow: ThinBelow,
		JSON: "/coordinamento/rete-attiva.json?" + url.Values{"ambito": {t}}.Encode()})
}

// networkJSON feeds the map (web/static/js/people.js): one point per comune.
func (h *Handlers) networkJSON(w http.ResponseWriter, r *http.Request) {
	n, err := h.svc.Network(r.Context(), h.territory(r))
	if err != nil {
		http.Error(w, "error", http.StatusInternalServerError)
		return
	}
	type point struct {
		ISTAT      string         `json:"istat"`
		Name       string         `json:"name"`
		Lat        float64        `json:"lat"`
		Lon        float64        `json:"lon"`
		Population int            `json:"population"`
		Counts     map[string]int `json:"counts"`
		Volunteers int            `json:"volunteers"`
		Level      string         `json:"level"`
		Label      string         `json:"label"`
	}
	out := make([]point, 0, len(n.Comuni))
	for _, c := range n.Comuni {
		out = append(out, point{c.ISTAT, c.Name, c.Lat, c.Lon, c.Population, c.Counts, c.Volunteers, c.Level(),
			h.site.T(r, "people.network.popup", c.Name, c.Counts[Sentinel], c.Counts[NaturalHelper], c.Volunteers)})
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "private, no-store")
	json.NewEncoder(w).Encode(out)
}
