package volunteer

import (
	"context"
	"net/http"
	"net/url"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/web"
)

// OrgsOf lists the organizations whose volunteering u manages: an
// operator's own, a coordinator's territory's, every one for admins.
func OrgsOf(ctx context.Context, dir *directory.Directory, u *auth.User) ([]directory.OrgSummary, error) {
	switch auth.RoleOf(u) {
	case auth.Admin:
		list, _, err := dir.Store.ListOrgs(ctx, directory.OrgFilter{Limit: 500})
		return list, err
	case auth.Coordinator:
		list, _, err := dir.Store.ListOrgs(ctx, directory.OrgFilter{TerritoryID: u.TerritoryID, Limit: 500})
		return list, err
	}
	return dir.Store.OrganizationsOf(ctx, u.ID)
}

func (h *Handlers) organizations(w http.ResponseWriter, r *http.Request) {
	list, err := OrgsOf(r.Context(), h.svc.dir, web.UserFrom(r))
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.Render(w, r, "people/volunteer_orgs", list)
}

// OrgName returns an organization's name.
func (s *Service) OrgName(ctx context.Context, id string) string {
	var name string
	s.db.R.QueryRowContext(ctx, `SELECT name FROM organizations WHERE id = $1`, id).Scan(&name)
	return name
}

// orgPage is what people/volunteer_org shows.
type orgPage struct {
	OrgID, OrgName string
	Opportunities  []*Opportunity
	Pending        []Signup
}

func (h *Handlers) orgOpportunities(w http.ResponseWriter, r *http.Request) {
	u, orgID := web.UserFrom(r), r.PathValue("id")
	list, err := h.svc.OfOrganization(r.Context(), u, orgID)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	pending, err := h.svc.signupsWhere(r.Context(), `v.organization_id = $1 AND g.status = 'pending' AND s.starts_at > $2`,
		orgID, h.svc.Now().UTC())
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.Render(w, r, "people/volunteer_org", orgPage{OrgID: orgID, OrgName: h.svc.OrgName(r.Context(), orgID),
		Opportunities: list, Pending: pending})
}

// formPage is what people/volunteer_form shows.
type formPage struct {
	OrgID, OrgName string
	Opportunity    *Opportunity // nil when new
	Choices        Choices
}

func (h *Handlers) renderForm(w http.ResponseWriter, r *http.Request, o *Opportunity, form *web.Form, formErr error) {
	orgID := r.PathValue("id")
	if err := h.svc.dir.CanEdit(r.Context(), web.UserFrom(r), orgID); err != nil {
		h.site.Error(w, r, err)
		return
	}
	_, tid, err := h.svc.dir.Store.Status(r.Context(), orgID)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	ch, err := h.choices(r.Context(), tid, form.Values["istat_code"])
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.RenderForm(w, r, "people/volunteer_form", formPage{OrgID: orgID, OrgName: h.svc.OrgName(r.Context(), orgID),
		Opportunity: o, Choices: ch}, form, formErr)
}

func (h *Handlers) newForm(w http.ResponseWriter, r *http.Request) {
	h.renderForm(w, r, nil, web.NewForm(url.Values{"kind": {"weekly"}, "places": {"2"}, "approval": {"on"}}), nil)
}

func (h *Handlers) create(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	orgID := r.PathValue("id")
	o, err := h.svc.SaveOpportunity(r.Context(), web.UserFrom(r), orgID, "", ReadOpportunityForm(r.PostForm))
	if err != nil {
		h.renderForm(w, r, nil, web.NewForm(r.PostForm), err)
		return
	}
	h.site.Redirect(w, r, "/ente/"+orgID+"/volontariato/"+o.ID, "people.flash.opportunity_saved")
}

func (h *Handlers) editForm(w http.ResponseWriter, r *http.Request) {
	o, err := h.svc.Managed(r.Context(), web.UserFrom(r), r.PathValue("id"), r.PathValue("oid"))
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.renderForm(w, r, o, web.NewForm(o.Values()), nil)
}

func (h *Handlers) update(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	orgID, id := r.PathValue("id"), r.PathValue("oid")
	o, err := h.svc.SaveOpportunity(r.Context(), web.UserFrom(r), orgID, id, ReadOpportunityForm(r.PostForm))
	if err != nil {
		h.renderForm(w, r, o, web.NewForm(r.PostForm), err)
		return
	}
	h.site.Redirect(w, r, "/ente/"+orgID+"/volontariato/"+id, "people.flash.opportunity_saved")
}

func (h *Handlers) setStatus(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	orgID, id, status := r.PathValue("id"), r.PathValue("oid"), r.PostForm.Get("status")
	if err := h.svc.SetStatus(r.Context(), web.UserFrom(r), orgID, id, status); err != nil {
		h.site.Error(w, r, err)
		return
	}
	flash := "people.flash.status_" + status
	h.site.Redirect(w, r, "/ente/"+orgID+"/volontariato/"+id, flash)
}

// managePage is what people/volunteer_manage shows.
type managePage struct {
	OrgID       string
	Opportunity *Opportunity
	Roster      *Roster
	Comune      string
}

func (h *Handlers) manage(w http.ResponseWriter, r *http.Request) {
	o, roster, err := h.svc.Roster(r.Context(), web.UserFrom(r), r.PathValue("id"), r.PathValue("oid"))
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	p := managePage{OrgID: o.OrganizationID, Opportunity: o, Roster: roster}
	if o.ISTAT != "" {
		p.Comune = h.svc.ComuneNames(r.Context(), []string{o.ISTAT})[0]
	}
	h.site.Render(w, r, "people/volunteer_manage", p)
}

// suggestionsPage is what people/volunteer_suggestions shows.
type suggestionsPage struct {
	OrgID       string
	Opportunity *Opportunity
	Suggestions []Suggestion
}

func (h *Handlers) suggestions(w http.ResponseWriter, r *http.Request) {
	o, list, err := h.svc.Suggest(r.Context(), web.UserFrom(r), r.PathValue("id"), r.PathValue("oid"))
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.Render(w, r, "people/volunteer_suggestions", suggestionsPage{OrgID: o.OrganizationID, Opportunity: o, Suggestions: list})
}

func (h *Handlers) invite(w http.ResponseWriter, r *http.Request) {
	orgID, id := r.PathValue("id"), r.PathValue("oid")
	if err := h.svc.Invite(r.Context(), web.UserFrom(r), orgID, id, r.PathValue("uid")); err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.Redirect(w, r, "/ente/"+orgID+"/volontariato/"+id+"/suggerimenti", "people.flash.invited")
}

func (h *Handlers) accept(w http.ResponseWriter, r *http.Request) { h.answer(w, r, true) }

func (h *Handlers) decline(w http.ResponseWriter, r *http.Request) { h.answer(w, r, false) }

func (h *Handlers) answer(w http.ResponseWriter, r *http.Request, accept bool) {
	if !h.site.ParseForm(w, r) {
		return
	}
	orgID := r.PathValue("id")
	g, err := h.svc.Answer(r.Context(), web.UserFrom(r), orgID, r.PathValue("sid"), accept, r.PostForm.Get("comment"))
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	back := web.LocalPath(r.PostForm.Get("next"), "/ente/"+orgID+"/volontariato/"+g.OpportunityID)
	flash := "people.flash.answer_" + g.Status
	h.site.Redirect(w, r, back, flash)
}

func (h *Handlers) exportCSV(w http.ResponseWriter, r *http.Request) {
	u, orgID := web.UserFrom(r), r.PathValue("id")
	if err := h.svc.dir.CanEdit(r.Context(), u, orgID); err != nil {
		h.site.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="volontari.csv"`)
	t := func(key string, args ...any) string { return h.site.T(r, key, args...) }
	if err := h.svc.ExportCSV(r.Context(), u, orgID, w, t); err != nil {
		h.site.Error(w, r, err)
	}
}
