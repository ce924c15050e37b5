package pact

import (
	"net/http"

	"github.com/trama-welfare/trama/internal/participation/kit"
	"github.com/trama-welfare/trama/internal/platform/web"
)

// mapPage is what pact/map shows.
type mapPage struct {
	Territory   kit.Territory
	Territories []kit.Territory
	Network     *Network
	Graph       Graph
}

func (s *Service) networkMap(w http.ResponseWriter, r *http.Request) {
	t, all, err := s.PageTerritory(r)
	if err != nil {
		s.Site.Error(w, r, err)
		return
	}
	n, err := s.Network(r.Context(), t.ID)
	if err != nil {
		s.Site.Error(w, r, err)
		return
	}
	s.Site.Render(w, r, "pact/map", mapPage{Territory: t, Territories: all, Network: n, Graph: Layout(n, 900, 600)})
}

// partnershipsPage is what pact/partnerships shows.
type partnershipsPage struct {
	Mine   [][2]string
	Others [][2]string
	List   []Partnership
}

func (s *Service) renderPartnerships(w http.ResponseWriter, r *http.Request, form *web.Form, err error) {
	ctx, u := r.Context(), web.UserFrom(r)
	orgs, oerr := s.OrgsOf(ctx, u)
	if oerr != nil {
		s.Site.Error(w, r, oerr)
		return
	}
	d := partnershipsPage{}
	var ids []string
	territory := kit.Scope(u)
	for _, o := range orgs {
		d.Mine = append(d.Mine, [2]string{o.ID, o.Name})
		ids = append(ids, o.ID)
		if territory == "" {
			territory = o.TerritoryID
		}
	}
	all, oerr := s.ActiveOrgs(ctx, territory)
	if oerr != nil {
		s.Site.Error(w, r, oerr)
		return
	}
	for _, o := range all {
		d.Others = append(d.Others, [2]string{o.ID, o.Name})
		if kit.Coordinates(u, o.TerritoryID) && len(orgs) == 0 {
			ids = append(ids, o.ID)
		}
	}
	if kit.Coordinates(u, territory) && len(orgs) == 0 {
		d.Mine = d.Others
	}
	if d.List, oerr = s.Partnerships(ctx, ids); oerr != nil {
		s.Site.Error(w, r, oerr)
		return
	}
	s.Site.RenderForm(w, r, "pact/partnerships", d, form, err)
}

func (s *Service) partnerships(w http.ResponseWriter, r *http.Request) {
	s.renderPartnerships(w, r, web.NewForm(nil), nil)
}

func (s *Service) declare(w http.ResponseWriter, r *http.Request) {
	if !s.Site.ParseForm(w, r) {
		return
	}
	err := s.Declare(r.Context(), web.UserFrom(r), r.PostForm.Get("from_org"), r.PostForm.Get("to_org"), r.PostForm.Get("description"))
	if err != nil {
		s.renderPartnerships(w, r, web.NewForm(r.PostForm), err)
		return
	}
	s.Site.Redirect(w, r, "/rete/collaborazioni", "participation.pact.flash.declared")
}

func (s *Service) removePartnership(w http.ResponseWriter, r *http.Request) {
	if err := s.RemovePartnership(r.Context(), web.UserFrom(r), r.PathValue("id")); err != nil {
		s.Site.Error(w, r, err)
		return
	}
	s.Site.Redirect(w, r, "/rete/collaborazioni", "participation.pact.flash.removed")
}

// rolesPage is what pact/roles shows.
type rolesPage struct {
	Network *Network
	Roles   [][2]string
}

func (s *Service) roles(w http.ResponseWriter, r *http.Request) {
	u := web.UserFrom(r)
	t, _, err := s.PageTerritory(r)
	if err != nil {
		s.Site.Error(w, r, err)
		return
	}
	if kit.Scope(u) != "" {
		t.ID = u.TerritoryID
	}
	n, err := s.Network(r.Context(), t.ID)
	if err != nil {
		s.Site.Error(w, r, err)
		return
	}
	d := rolesPage{Network: n}
	for _, role := range Roles {
		d.Roles = append(d.Roles, [2]string{role, "participation.pact.role." + role})
	}
	s.Site.Render(w, r, "pact/roles", d)
}

func (s *Service) setRole(w http.ResponseWriter, r *http.Request) {
	if !s.Site.ParseForm(w, r) {
		return
	}
	if err := s.SetRole(r.Context(), web.UserFrom(r), r.PostForm.Get("organization_id"), r.PostForm.Get("role")); err != nil {
		s.Site.Error(w, r, err)
		return
	}
	s.Site.Redirect(w, r, "/rete/ruoli", "participation.pact.flash.role")
}
