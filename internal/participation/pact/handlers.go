package pact

import (
	"context"
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"strconv"

	"github.com/trama-welfare/trama/internal/participation/kit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/web"
)

//go:embed templates/*.html
var templates embed.FS

// Templates are the pact's and the network's pages.
func Templates() fs.FS { sub, _ := fs.Sub(templates, "templates"); return sub }

// Routes registers the pages.
func (s *Service) Routes(r *web.Router) {
	r.Handle("GET /patto", auth.Public, s.list)
	r.Handle("GET /patto/nuovo", ActionPublish, s.newForm)
	r.Handle("POST /patto/nuovo", ActionPublish, s.create)
	r.Handle("GET /patto/{id}", auth.Public, s.show)
	r.Handle("GET /patto/{id}/versione", ActionPublish, s.versionForm)
	r.Handle("POST /patto/{id}/versione", ActionPublish, s.publish)
	r.Handle("GET /patto/{id}/aderisci", ActionSignOrg, s.adhereForm)
	r.Handle("POST /patto/{id}/aderisci", ActionSignOrg, s.adhere)
	r.Handle("POST /patto/{id}/firma", auth.SignedIn, s.signCitizen)
	r.Handle("POST /patto/{id}/conferma", auth.SignedIn, s.confirm)
	r.Handle("POST /patto/{id}/ritira", auth.SignedIn, s.withdraw)

	r.Handle("GET /rete/mappa", auth.Public, s.networkMap)
	r.Handle("GET /rete/collaborazioni", ActionDeclare, s.partnerships)
	r.Handle("POST /rete/collaborazioni", ActionDeclare, s.declare)
	r.Handle("POST /rete/collaborazioni/{id}/elimina", ActionDeclare, s.removePartnership)
	r.Handle("GET /rete/ruoli", ActionRoles, s.roles)
	r.Handle("POST /rete/ruoli", ActionRoles, s.setRole)
}

// listPage is what pact/list shows.
type listPage struct {
	Territory   kit.Territory
	Territories []kit.Territory
	Pacts       []Pact
}

func (s *Service) list(w http.ResponseWriter, r *http.Request) {
	t, all, err := s.PageTerritory(r)
	if err != nil {
		s.Site.Error(w, r, err)
		return
	}
	pacts, err := s.Pacts(r.Context(), t.ID)
	if err != nil {
		s.Site.Error(w, r, err)
		return
	}
	s.Site.Render(w, r, "pact/list", listPage{Territory: t, Territories: all, Pacts: pacts})
}

// formPage is what pact/form shows: a new pact, or a new version.
type formPage struct{ Pact *Pact }

func (s *Service) newForm(w http.ResponseWriter, r *http.Request) {
	s.Site.RenderForm(w, r, "pact/form", formPage{}, web.NewForm(nil), nil)
}

func (s *Service) create(w http.ResponseWriter, r *http.Request) {
	if !s.Site.ParseForm(w, r) {
		return
	}
	p, err := s.Create(r.Context(), web.UserFrom(r), r.PostForm.Get("title"), r.PostForm.Get("body"))
	if err != nil {
		s.Site.RenderForm(w, r, "pact/form", formPage{}, web.NewForm(r.PostForm), err)
		return
	}
	s.Site.Redirect(w, r, "/patto/"+p.ID, "participation.pact.flash.created")
}

// loadPact loads the pact of the request.
func (s *Service) loadPact(w http.ResponseWriter, r *http.Request) (*Pact, bool) {
	p, err := s.Pact(r.Context(), r.PathValue("id"))
	if err != nil {
		s.Site.Error(w, r, err)
		return nil, false
	}
	return p, true
}

func (s *Service) versionForm(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadPact(w, r)
	if !ok {
		return
	}
	if !kit.Coordinates(web.UserFrom(r), p.TerritoryID) {
		s.Site.NotFound(w, r)
		return
	}
	versions, err := s.Versions(r.Context(), p.ID)
	if err != nil || len(versions) == 0 {
		s.Site.Error(w, r, errs.NotFoundErr())
		return
	}
	s.Site.RenderForm(w, r, "pact/form", formPage{Pact: p}, web.NewForm(map[string][]string{"body": {versions[0].Body}}), nil)
}

func (s *Service) publish(w http.ResponseWriter, r *http.Request) {
	if !s.Site.ParseForm(w, r) {
		return
	}
	p, ok := s.loadPact(w, r)
	if !ok {
		return
	}
	if _, err := s.Publish(r.Context(), web.UserFrom(r), p, r.PostForm.Get("body"), r.PostForm.Get("changes")); err != nil {
		s.Site.RenderForm(w, r, "pact/form", formPage{Pact: p}, web.NewForm(r.PostForm), err)
		return
	}
	s.Site.Redirect(w, r, "/patto/"+p.ID, "participation.pact.flash.published")
}

// showPage is what pact/show shows.
type showPage struct {
	Pact       *Pact
	Version    Version
	Versions   []Version
	Text       template.HTML
	Orgs       []Signature
	Citizens   []Signature
	Mine       []Signature // the visitor's own and their organizations'
	Signed     bool        // the visitor signed as a citizen
	CanAdhere  bool
	CanPublish bool
}

func (s *Service) showData(r *http.Request, p *Pact) (showPage, error) {
	ctx, u := r.Context(), web.UserFrom(r)
	d := showPage{Pact: p, CanPublish: kit.Coordinates(u, p.TerritoryID) && u != nil && u.Role != auth.Anonymous}
	var err error
	if d.Versions, err = s.Versions(ctx, p.ID); err != nil || len(d.Versions) == 0 {
		return d, errs.NotFoundErr()
	}
	d.Version = d.Versions[0]
	if n, _ := strconv.Atoi(r.URL.Query().Get("versione")); n > 0 {
		for _, v := range d.Versions {
			if v.Number == n {
				d.Version = v
			}
		}
	}
	d.Text = kit.Markdown(d.Version.Body)
	sigs, err := s.Signatures(ctx, p.ID)
	if err != nil {
		return d, err
	}
	signedOrgs := map[string]bool{}
	for _, g := range sigs {
		if g.Organization() {
			d.Orgs = append(d.Orgs, g)
			signedOrgs[g.OrganizationID] = true
		} else {
			d.Citizens = append(d.Citizens, g)
		}
		if u != nil && (g.Organization() && s.MemberOf(ctx, u, g.OrganizationID) || !g.Organization() && g.UserID == u.ID) {
			d.Mine = append(d.Mine, g)
			d.Signed = d.Signed || !g.Organization()
		}
	}
	if u != nil && web.UserFrom(r) != nil {
		orgs, err := s.OrgsOf(ctx, u)
		if err != nil {
			return d, err
		}
		for _, o := range orgs {
			if !signedOrgs[o.ID] && o.TerritoryID == p.TerritoryID {
				d.CanAdhere = true
			}
		}
	}
	return d, nil
}

func (s *Service) show(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadPact(w, r)
	if !ok {
		return
	}
	d, err := s.showData(r, p)
	if err != nil {
		s.Site.Error(w, r, err)
		return
	}
	s.Site.RenderForm(w, r, "pact/show", d, web.NewForm(nil), nil)
}

// adherePage is what pact/adhere shows.
type adherePage struct {
	Pact *Pact
	Orgs [][2]string
}

func (s *Service) renderAdhere(w http.ResponseWriter, r *http.Request, p *Pact, form *web.Form, err error) {
	orgs, oerr := s.OrgsOf(r.Context(), web.UserFrom(r))
	if oerr != nil {
		s.Site.Error(w, r, oerr)
		return
	}
	d := adherePage{Pact: p}
	for _, o := range orgs {
		if o.TerritoryID == p.TerritoryID {
			d.Orgs = append(d.Orgs, [2]string{o.ID, o.Name})
		}
	}
	s.Site.RenderForm(w, r, "pact/adhere", d, form, err)
}

func (s *Service) adhereForm(w http.ResponseWriter, r *http.Request) {
	if p, ok := s.loadPact(w, r); ok {
		s.renderAdhere(w, r, p, web.NewForm(nil), nil)
	}
}

func brings(r *http.Request) Brings {
	return Brings{Value: r.PostForm.Get("brings_value"), Resources: r.PostForm.Get("brings_resources"),
		Hours: r.PostForm.Get("brings_hours"), Spaces: r.PostForm.Get("brings_spaces")}
}

func (s *Service) adhere(w http.ResponseWriter, r *http.Request) {
	if !s.Site.ParseForm(w, r) {
		return
	}
	p, ok := s.loadPact(w, r)
	if !ok {
		return
	}
	err := s.SignForOrganization(r.Context(), web.UserFrom(r), p, r.PostForm.Get("organization_id"), brings(r))
	if err != nil {
		s.renderAdhere(w, r, p, web.NewForm(r.PostForm), kit.FormError(err))
		return
	}
	s.Site.Redirect(w, r, "/patto/"+p.ID+"#firmatari", "participation.pact.flash.signed")
}

func (s *Service) signCitizen(w http.ResponseWriter, r *http.Request) {
	if !s.Site.ParseForm(w, r) {
		return
	}
	p, ok := s.loadPact(w, r)
	if !ok {
		return
	}
	if err := s.SignAsCitizen(r.Context(), web.UserFrom(r), p, brings(r)); err != nil {
		d, derr := s.showData(r, p)
		if derr != nil {
			s.Site.Error(w, r, derr)
			return
		}
		s.Site.RenderForm(w, r, "pact/show", d, web.NewForm(r.PostForm), kit.FormError(err))
		return
	}
	s.Site.Redirect(w, r, "/patto/"+p.ID+"#firmatari", "participation.pact.flash.signed")
}

func (s *Service) confirm(w http.ResponseWriter, r *http.Request) {
	s.onSignature(w, r, s.Confirm, "participation.pact.flash.confirmed")
}

func (s *Service) withdraw(w http.ResponseWriter, r *http.Request) {
	s.onSignature(w, r, s.Withdraw, "participation.pact.flash.withdrawn")
}

// onSignature runs an action on one of the visitor's signatures.
func (s *Service) onSignature(w http.ResponseWriter, r *http.Request,
	do func(context.Context, *auth.User, *Pact, string) error, flash string) {
	if !s.Site.ParseForm(w, r) {
		return
	}
	p, ok := s.loadPact(w, r)
	if !ok {
		return
	}
	if err := do(r.Context(), web.UserFrom(r), p, r.PostForm.Get("signature")); err != nil {
		s.Site.Error(w, r, err)
		return
	}
	s.Site.Redirect(w, r, "/patto/"+p.ID+"#firmatari", flash)
}
