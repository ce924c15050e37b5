package volunteer

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/trama-welfare/trama/internal/people/common"
	"github.com/trama-welfare/trama/internal/people/qualification"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/web"
)

// Handlers serve volunteering's pages.
type Handlers struct {
	site *web.Site
	svc  *Service
}

// NewHandlers wires the handlers.
func NewHandlers(site *web.Site, svc *Service) *Handlers { return &Handlers{site: site, svc: svc} }

// Routes registers the pages.
func (h *Handlers) Routes(r *web.Router) {
	r.Handle("GET /volontariato", auth.Public, h.list)
	r.Handle("GET /volontariato/opportunita/{id}", auth.Public, h.opportunity)
	r.Handle("POST /volontariato/opportunita/{id}/iscriviti", common.ActionVolunteer, h.signUp)
	r.Handle("POST /volontariato/iscrizioni/{id}/annulla", common.ActionVolunteer, h.cancel)
	r.Handle("GET /volontariato/profilo", common.ActionVolunteer, h.profileForm)
	r.Handle("POST /volontariato/profilo", common.ActionVolunteer, h.saveProfile)

	r.Handle("GET /volontariato/gestione", common.ActionOrganize, h.organizations)
	r.Handle("GET /ente/{id}/volontariato", common.ActionOrganize, h.orgOpportunities)
	r.Handle("GET /ente/{id}/volontariato/nuova", common.ActionOrganize, h.newForm)
	r.Handle("POST /ente/{id}/volontariato/nuova", common.ActionOrganize, h.create)
	r.Handle("GET /ente/{id}/volontariato/{oid}", common.ActionOrganize, h.manage)
	r.Handle("GET /ente/{id}/volontariato/{oid}/modifica", common.ActionOrganize, h.editForm)
	r.Handle("POST /ente/{id}/volontariato/{oid}/modifica", common.ActionOrganize, h.update)
	r.Handle("POST /ente/{id}/volontariato/{oid}/stato", common.ActionOrganize, h.setStatus)
	r.Handle("GET /ente/{id}/volontariato/{oid}/suggerimenti", common.ActionOrganize, h.suggestions)
	r.Handle("POST /ente/{id}/volontariato/{oid}/suggerimenti/{uid}", common.ActionOrganize, h.invite)
	r.Handle("POST /ente/{id}/iscrizioni/{sid}/accetta", common.ActionOrganize, h.accept)
	r.Handle("POST /ente/{id}/iscrizioni/{sid}/rifiuta", common.ActionOrganize, h.decline)
	r.Handle("GET /ente/{id}/volontari.csv", common.ActionOrganize, h.exportCSV)
}

// Choices are the lists forms and filters offer.
type Choices struct {
	Skills, Languages, Days, Parts, Visible, Qualifications []string
	Comuni                                                  [][]string // [code, label]
}

// choices are the lists of the forms, with the comuni of territory tid
// ("" for every territory, the most populous) and the comuni extra.
func (h *Handlers) choices(ctx context.Context, tid string, extra []string) (Choices, error) {
	comuni, err := h.svc.ComuniOf(ctx, tid, extra)
	return Choices{Skills: Skills, Languages: Languages, Days: Days, Parts: DayParts, Visible: VisibleFields,
		Qualifications: qualification.Codes, Comuni: comuni}, err
}

// territoryOf is the territory of the signed-in user, "" for a visitor.
func territoryOf(r *http.Request) string {
	if u := web.UserFrom(r); u != nil {
		return u.TerritoryID
	}
	return ""
}

// listPage is what people/volunteer_list shows.
type listPage struct {
	Filter  Filter
	Results []Listing
	Total   int
	Pages   int
	Choices Choices
}

func (h *Handlers) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page, _ := strconv.Atoi(q.Get("pagina"))
	f := Filter{Q: strings.TrimSpace(q.Get("q")), Skill: q.Get("competenza"), Day: q.Get("giorno"),
		Kind: q.Get("tipo"), Page: max(page, 1)}
	form := web.NewForm(q)
	var formErr error
	if typed := strings.TrimSpace(q.Get("comune")); typed != "" {
		if code, ok := h.svc.ResolveComune(r.Context(), typed); ok {
			f.Comune = code
			form.Values.Set("comune", h.svc.ComuneNames(r.Context(), []string{code})[0])
		} else {
			var fe errs.Fields
			fe.Add("comune", "people.errors.comune_not_found", typed)
			formErr = fe.Err()
		}
	}
	list, total, err := h.svc.Public(r.Context(), f)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	ch, err := h.choices(r.Context(), territoryOf(r), nil)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.RenderForm(w, r, "people/volunteer_list", listPage{Filter: f, Results: list, Total: total,
		Pages: (total + PageSize - 1) / PageSize, Choices: ch}, form, formErr)
}

// opportunityPage is what people/volunteer_opportunity shows.
type opportunityPage struct {
	Opportunity *Opportunity
	Shifts      []Shift
	Comune      string
	IsVolunteer bool
	Manager     bool
}

func (h *Handlers) opportunity(w http.ResponseWriter, r *http.Request) {
	h.renderOpportunity(w, r, nil)
}

func (h *Handlers) renderOpportunity(w http.ResponseWriter, r *http.Request, formErr error) {
	u := web.UserFrom(r)
	o, err := h.svc.Visible(r.Context(), u, r.PathValue("id"))
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	p := opportunityPage{Opportunity: o}
	uid := ""
	if u != nil {
		uid = u.ID
		_, perr := h.svc.Profile(r.Context(), u.ID)
		p.IsVolunteer = perr == nil
		p.Manager = h.svc.dir.CanEdit(r.Context(), u, o.OrganizationID) == nil
	}
	if p.Shifts, err = h.svc.Upcoming(r.Context(), o, uid, 12); err != nil {
		h.site.Error(w, r, err)
		return
	}
	if names := h.svc.ComuneNames(r.Context(), []string{o.ISTAT}); o.ISTAT != "" {
		p.Comune = names[0]
	}
	h.site.RenderForm(w, r, "people/volunteer_opportunity", p, web.NewForm(r.PostForm), formErr)
}

func (h *Handlers) signUp(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	id := r.PathValue("id")
	start, _ := strconv.ParseInt(r.PostForm.Get("start"), 10, 64)
	g, err := h.svc.SignUp(r.Context(), web.UserFrom(r), id, start, r.PostForm.Get("note"))
	switch {
	case errors.Is(err, errNoProfile):
		web.SetFlash(w, "people.flash.profile_first", "info")
		http.Redirect(w, r, "/volontariato/profilo?"+url.Values{"next": {"/volontariato/opportunita/" + id}}.Encode(), http.StatusSeeOther)
		return
	case errs.Is(err, errs.Conflict), errs.Is(err, errs.Invalid):
		e, _ := errs.As(err)
		h.renderOpportunity(w, r, &errs.Error{Code: errs.Invalid, Key: e.Key, Args: e.Args, Fields: e.Fields})
		return
	case err != nil:
		h.site.Error(w, r, err)
		return
	}
	flash := "people.flash.signup_" + g.Status
	h.site.Redirect(w, r, "/volontariato/opportunita/"+id, flash)
}

func (h *Handlers) cancel(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.Cancel(r.Context(), web.UserFrom(r), r.PathValue("id")); err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.Redirect(w, r, "/volontariato/impegni", "people.flash.signup_cancelled")
}

// profilePage is what people/volunteer_profile shows.
type profilePage struct {
	New     bool
	Next    string
	Choices Choices
}

func (h *Handlers) profileForm(w http.ResponseWriter, r *http.Request) {
	u := web.UserFrom(r)
	p, err := h.svc.Profile(r.Context(), u.ID)
	isNew := errs.Is(err, errs.NotFound)
	if err != nil && !isNew {
		h.site.Error(w, r, err)
		return
	}
	v := url.Values{"discoverable": {"on"}, "visible": {"skills", "availability", "comuni"}}
	if !isNew {
		v = ProfileValues(p)
	}
	h.renderProfile(w, r, isNew, web.NewForm(v), nil)
}

func (h *Handlers) renderProfile(w http.ResponseWriter, r *http.Request, isNew bool, form *web.Form, formErr error) {
	ch, err := h.choices(r.Context(), territoryOf(r), form.Values["comuni"])
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	next := web.LocalPath(r.URL.Query().Get("next"), "")
	if next == "" {
		next = web.LocalPath(r.PostForm.Get("next"), "")
	}
	h.site.RenderForm(w, r, "people/volunteer_profile", profilePage{New: isNew, Next: next, Choices: ch}, form, formErr)
}

func (h *Handlers) saveProfile(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	u := web.UserFrom(r)
	_, perr := h.svc.Profile(r.Context(), u.ID)
	v := r.PostForm
	f := ProfileForm{Skills: v["skills"], Languages: v["languages"], Availability: v["availability"], Comuni: v["comuni"],
		Visible: v["visible"], OtherComune: v.Get("comune_altro"), SkillsOther: v.Get("skills_other"), About: v.Get("about"), BirthDate: v.Get("birth_date"),
		DrivingLicence: v.Get("driving_licence") == "on", Discoverable: v.Get("discoverable") == "on", Consent: v.Get("consent") == "on"}
	if _, err := h.svc.SaveProfile(r.Context(), u, f); err != nil {
		h.renderProfile(w, r, errs.Is(perr, errs.NotFound), web.NewForm(v), err)
		return
	}
	h.site.Redirect(w, r, web.LocalPath(v.Get("next"), "/volontariato/impegni"), "people.flash.profile_saved")
}

// ProfileValues is the form of a stored profile.
func ProfileValues(p *Profile) url.Values {
	v := url.Values{"skills": p.Skills, "languages": p.Languages, "availability": p.Availability, "comuni": p.Comuni,
		"visible": p.Visible, "skills_other": {p.SkillsOther}, "about": {p.About}, "birth_date": {p.BirthDate}}
	if p.DrivingLicence {
		v.Set("driving_licence", "on")
	}
	if p.Discoverable {
		v.Set("discoverable", "on")
	}
	return v
}
