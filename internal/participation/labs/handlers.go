package labs

import (
	"embed"
	"io/fs"
	"net/http"

	"github.com/trama-welfare/trama/internal/participation/kit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/web"
)

//go:embed templates/*.html
var templates embed.FS

// Templates are the labs' pages.
func Templates() fs.FS { sub, _ := fs.Sub(templates, "templates"); return sub }

// Routes registers the labs' pages.
func (s *Labs) Routes(r *web.Router) {
	r.Handle("GET /laboratori", auth.Public, s.list)
	r.Handle("GET /laboratori/nuovo", ActionCreate, s.newForm)
	r.Handle("POST /laboratori/nuovo", ActionCreate, s.create)
	r.Handle("GET /laboratori/{id}", auth.Public, s.show)
	r.Handle("GET /laboratori/{id}/modifica", ActionFacilitate, s.editForm)
	r.Handle("POST /laboratori/{id}/modifica", ActionFacilitate, s.update)
	r.Handle("POST /laboratori/{id}/fase", ActionFacilitate, s.phase)
	r.Handle("POST /laboratori/{id}/nascondi", ActionCreate, s.hideLab)
	r.Handle("POST /laboratori/{id}/contributi", auth.SignedIn, s.contribute)
	r.Handle("GET /laboratori/{id}/contributi/{pid}", auth.Public, s.post)
	r.Handle("POST /laboratori/{id}/contributi/{pid}/commenti", auth.SignedIn, s.comment)
	r.Handle("POST /laboratori/{id}/contributi/{pid}/sostegno", auth.Public, s.support)
	r.Handle("POST /laboratori/{id}/contributi/{pid}/nascondi", ActionFacilitate, s.hide)
	r.Handle("POST /laboratori/{id}/contributi/{pid}/unisci", ActionFacilitate, s.merge)
	r.Handle("POST /laboratori/{id}/contributi/{pid}/risposta", ActionFacilitate, s.answer)
	r.Handle("POST /laboratori/{id}/commenti/{cid}/nascondi", ActionFacilitate, s.hideComment)
	r.Handle("POST /laboratori/{id}/esiti", ActionFacilitate, s.outcome)
	r.Handle("POST /laboratori/{id}/esiti/{oid}", ActionFacilitate, s.outcomeState)
	r.Handle("GET /sostegni/{token}", auth.Public, s.supportPage)
	r.Handle("POST /sostegni/{token}", auth.Public, s.confirmSupport)
}

// listPage is what labs/list shows.
type listPage struct {
	Territory   kit.Territory
	Territories []kit.Territory
	Labs        []*Lab
}

func (s *Labs) list(w http.ResponseWriter, r *http.Request) {
	t, all, err := s.PageTerritory(r)
	if err != nil {
		s.Site.Error(w, r, err)
		return
	}
	list, err := s.List(r.Context(), t.ID, kit.Coordinates(web.UserFrom(r), t.ID))
	if err != nil {
		s.Site.Error(w, r, err)
		return
	}
	s.Site.Render(w, r, "labs/list", listPage{Territory: t, Territories: all, Labs: list})
}

// formPage is what labs/form shows.
type formPage struct {
	Lab    *Lab
	Comuni [][2]string
	Phases []string
}

func (s *Labs) renderForm(w http.ResponseWriter, r *http.Request, l *Lab, territoryID string, form *web.Form, err error) {
	p := formPage{Lab: l, Phases: Phases}
	var qerr error
	if p.Comuni, qerr = s.Comuni(r.Context(), territoryID); qerr != nil {
		s.Site.Error(w, r, qerr)
		return
	}
	s.Site.RenderForm(w, r, "labs/form", p, form, err)
}

func (s *Labs) newForm(w http.ResponseWriter, r *http.Request) {
	s.renderForm(w, r, nil, web.UserFrom(r).TerritoryID, web.NewForm(nil), nil)
}

func (s *Labs) create(w http.ResponseWriter, r *http.Request) {
	if !s.Site.ParseForm(w, r) {
		return
	}
	u := web.UserFrom(r)
	l, facilitators, err := s.ReadForm(r.Context(), r.PostForm, u.TerritoryID)
	if err == nil {
		err = s.Create(r.Context(), u, l, facilitators)
	}
	if err != nil {
		s.renderForm(w, r, nil, u.TerritoryID, web.NewForm(r.PostForm), err)
		return
	}
	s.Site.Redirect(w, r, "/laboratori/"+l.ID, "participation.labs.flash.created")
}

// facilitated loads the lab of the request for one of its facilitators.
func (s *Labs) facilitated(w http.ResponseWriter, r *http.Request) (*Lab, bool) {
	l, err := s.Lab(r.Context(), r.PathValue("id"))
	if err == nil {
		err = s.CanFacilitate(web.UserFrom(r), l)
	}
	if err != nil {
		s.Site.Error(w, r, err)
		return nil, false
	}
	return l, true
}

func labValues(l *Lab) map[string][]string {
	v := map[string][]string{"title": {l.Title}, "theme": {l.Theme}, "istat_code": {l.ISTATCode}, "description": {l.Description}}
	for i, p := range Phases {
		v["date_"+p] = []string{l.PhaseDates[i]}
	}
	emails := ""
	for _, f := range l.Facilitators {
		emails += f.Email + "\n"
	}
	v["facilitators"] = []string{emails}
	return v
}

func (s *Labs) editForm(w http.ResponseWriter, r *http.Request) {
	if l, ok := s.facilitated(w, r); ok {
		s.renderForm(w, r, l, l.TerritoryID, web.NewForm(labValues(l)), nil)
	}
}

func (s *Labs) update(w http.ResponseWriter, r *http.Request) {
	if !s.Site.ParseForm(w, r) {
		return
	}
	old, ok := s.facilitated(w, r)
	if !ok {
		return
	}
	l, facilitators, err := s.ReadForm(r.Context(), r.PostForm, old.TerritoryID)
	if err == nil {
		err = s.Update(r.Context(), web.UserFrom(r), old, l, facilitators)
	}
	if err != nil {
		s.renderForm(w, r, old, old.TerritoryID, web.NewForm(r.PostForm), err)
		return
	}
	s.Site.Redirect(w, r, "/laboratori/"+old.ID, "participation.labs.flash.saved")
}

func (s *Labs) phase(w http.ResponseWriter, r *http.Request) {
	if !s.Site.ParseForm(w, r) {
		return
	}
	l, ok := s.facilitated(w, r)
	if !ok {
		return
	}
	if err := s.SetPhase(r.Context(), web.UserFrom(r), l, r.PostForm.Get("phase")); err != nil {
		s.Site.Error(w, r, err)
		return
	}
	s.Site.Redirect(w, r, "/laboratori/"+l.ID, "participation.labs.flash.phase")
}

// errorOn shows err on the lab page (or the post page) with the form kept.
func (s *Labs) errorOn(w http.ResponseWriter, r *http.Request, l *Lab, p *Post, err error) {
	err = kit.FormError(err)
	if p != nil {
		data, derr := s.postData(r, l, p)
		if derr != nil {
			s.Site.Error(w, r, derr)
			return
		}
		s.Site.RenderForm(w, r, "labs/post", data, web.NewForm(r.PostForm), err)
		return
	}
	data, derr := s.showData(r, l)
	if derr != nil {
		s.Site.Error(w, r, derr)
		return
	}
	s.Site.RenderForm(w, r, "labs/show", data, web.NewForm(r.PostForm), err)
}
