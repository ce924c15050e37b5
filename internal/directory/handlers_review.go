package directory

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/web"
)

const perPage = 50

// scope is the territory a coordinator works on ("" for admins: all).
func scope(u *auth.User) string {
	if auth.RoleOf(u) == auth.Admin {
		return ""
	}
	if u.TerritoryID == "" {
		return "-" // a coordinator without a territory sees nothing
	}
	return u.TerritoryID
}

// officePage is what directory/office shows.
type officePage struct {
	Orgs        []OrgSummary
	Total       int
	Page, Pages int
	Kinds       choices
	Territories map[string]string
	Sort        map[string]sortLink // by column
	SortBy      string              // the chosen sort and direction, kept by the filter form
	SortDir     string
	Place       placeFilters
}

// sortLink is a sortable column's header: the address that sorts by it
// (or reverses it) and, for the current one, its aria-sort.
type sortLink struct {
	URL  string
	Aria string // ascending, descending, or "" when not sorted by it
}

// orgSort reads sort and dir from the query: a known key, its natural
// direction unless dir says otherwise.
func orgSort(q url.Values) (string, bool) {
	key := q.Get("sort")
	if !slices.Contains(OrgSorts, key) {
		key = OrgSortName
	}
	desc := DescByDefault(key)
	switch q.Get("dir") {
	case "asc":
		desc = false
	case "desc":
		desc = true
	}
	return key, desc
}

// sortDir is the "dir" parameter of a direction.
func sortDir(desc bool) string {
	if desc {
		return "desc"
	}
	return "asc"
}

// sortLinks are the headers' links: the current column reverses its
// direction, the others start from their natural one; the filters stay,
// the page goes back to the first.
func sortLinks(path string, q url.Values, key string, desc bool) map[string]sortLink {
	out := map[string]sortLink{}
	for _, k := range OrgSorts {
		c := url.Values{}
		for name, vs := range q {
			c[name] = vs
		}
		c.Del("page")
		d, l := DescByDefault(k), sortLink{}
		if k == key {
			d, l.Aria = !desc, "ascending"
			if desc {
				l.Aria = "descending"
			}
		}
		c.Set("sort", k)
		c.Set("dir", sortDir(d))
		l.URL = path + "?" + c.Encode()
		out[k] = l
	}
	return out
}

func (h *Handlers) backOffice(w http.ResponseWriter, r *http.Request) {
	q, u := r.URL.Query(), web.UserFrom(r)
	page := max(1, atoi(q.Get("page")))
	sort, desc := orgSort(q)
	place, err := h.readPlaceFilters(r.Context(), q, u)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	f := OrgFilter{TerritoryID: scope(u), Status: OrgStatus(q.Get("status")), Pending: q.Get("pending") == "1",
		Stale: q.Get("stale") == "1", StaleBefore: h.dir.Freshness.StaleBefore(), Query: q.Get("q"), Kind: q.Get("kind"),
		Category: place.Category, Comune: place.Comune, Sort: sort, Desc: desc, Offset: (page - 1) * perPage, Limit: perPage}
	orgs, total, err := h.dir.Store.ListOrgs(r.Context(), f)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	names := map[string]string{}
	if list, err := h.territories.List(r.Context()); err == nil {
		for _, t := range list {
			names[t.ID] = t.Name
		}
	}
	h.site.Render(w, r, "directory/office", officePage{Orgs: orgs, Total: total, Page: page,
		Pages: (total + perPage - 1) / perPage, Kinds: h.kindChoices(), Territories: names,
		Sort: sortLinks(r.URL.Path, q, sort, desc), SortBy: sort, SortDir: sortDir(desc), Place: place})
}

// bulk approves the submitted versions, or archives, the selected
// organizations. Each is checked and done on its own; the flash says how
// many succeeded.
func (h *Handlers) bulk(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	ctx, u := r.Context(), web.UserFrom(r)
	done, failed := 0, 0
	for _, id := range r.PostForm["org"] {
		var err error
		switch r.PostForm.Get("action") {
		case "approve":
			var v *Version
			if v, err = h.dir.Store.OpenVersion(ctx, h.dir.db.R, id); err == nil {
				if v == nil || v.Status != VersionSubmitted {
					err = errs.New(errs.Conflict, "directory.errors.not_submitted")
				} else {
					_, err = h.dir.Approve(ctx, u, v.ID, "")
				}
			}
		case "archive":
			err = h.dir.SetArchived(ctx, u, id, true, r.PostForm.Get("reason"))
		default:
			h.site.ErrorStatus(w, r, http.StatusUnprocessableEntity, "directory.errors.bulk_action")
			return
		}
		if err != nil {
			failed++
		} else {
			done++
		}
	}
	if failed > 0 {
		web.SetFlash(w, "directory.flash.bulk_partial", "warning")
	} else if done > 0 {
		web.SetFlash(w, "directory.flash.bulk_done", "success")
	}
	back := "/coordinamento/enti"
	if ret := r.PostForm.Get("return"); ret != "" {
		back = web.LocalPath(ret, back)
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// newOrgPage is what directory/org_new shows.
type newOrgPage struct {
	Kinds       choices
	Territories choices
}

func (h *Handlers) newOrgData(r *http.Request) (newOrgPage, error) {
	u := web.UserFrom(r)
	all, err := h.territoryChoices(r.Context())
	if err != nil {
		return newOrgPage{}, err
	}
	p := newOrgPage{Kinds: h.kindChoices()}
	for _, t := range all {
		if auth.RoleOf(u) == auth.Admin || t[0] == u.TerritoryID {
			p.Territories = append(p.Territories, t)
		}
	}
	return p, nil
}

func (h *Handlers) newOrgForm(w http.ResponseWriter, r *http.Request) {
	data, err := h.newOrgData(r)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	form := web.NewForm(url.Values{"territory_id": {web.UserFrom(r).TerritoryID}})
	h.site.RenderForm(w, r, "directory/org_new", data, form, nil)
}

func (h *Handlers) createOrg(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	f := r.PostForm
	v, err := h.dir.CreateOrganization(r.Context(), web.UserFrom(r), NewOrganization{Name: f.Get("name"), Kind: f.Get("kind"),
		TaxID: f.Get("tax_id"), Email: f.Get("email"), Description: f.Get("description"), TerritoryID: f.Get("territory_id")})
	if err != nil {
		data, derr := h.newOrgData(r)
		if derr != nil {
			h.site.Error(w, r, derr)
			return
		}
		h.formError(w, r, "directory/org_new", data, err)
		return
	}
	h.site.Redirect(w, r, "/ente/"+v.OrganizationID, "directory.flash.created")
}

func (h *Handlers) archive(w http.ResponseWriter, r *http.Request) { h.setArchived(w, r, true) }
func (h *Handlers) restore(w http.ResponseWriter, r *http.Request) { h.setArchived(w, r, false) }

func (h *Handlers) setArchived(w http.ResponseWriter, r *http.Request, archived bool) {
	if !h.site.ParseForm(w, r) {
		return
	}
	id := r.PathValue("id")
	if err := h.dir.SetArchived(r.Context(), web.UserFrom(r), id, archived, r.PostForm.Get("reason")); err != nil {
		h.site.Error(w, r, err)
		return
	}
	flash := "directory.flash.restored"
	if archived {
		flash = "directory.flash.archived"
	}
	h.site.Redirect(w, r, "/ente/"+id, flash)
}

// servicesPage is what directory/services_office shows.
type servicesPage struct {
	Services    []ServiceRow
	Total       int
	Page, Pages int
	Statuses    choices
	Place       placeFilters
}

func (h *Handlers) servicesOffice(w http.ResponseWriter, r *http.Request) {
	ctx, q, u := r.Context(), r.URL.Query(), web.UserFrom(r)
	page := max(1, atoi(q.Get("page")))
	place, err := h.readPlaceFilters(ctx, q, u)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	list, total, err := h.dir.Store.ListServices(ctx, ServiceFilter{TerritoryID: scope(u), Status: q.Get("status"),
		Category: place.Category, Comune: place.Comune, Stale: q.Get("stale") == "1",
		StaleBefore: h.dir.Freshness.StaleBefore(), Query: q.Get("q"), Sort: q.Get("sort"),
		Offset: (page - 1) * perPage, Limit: perPage})
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	p := servicesPage{Services: list, Total: total, Page: page, Pages: (total + perPage - 1) / perPage, Place: place}
	for _, st := range ServiceStatuses {
		p.Statuses = append(p.Statuses, []string{st, "directory.status." + st})
	}
	h.site.Render(w, r, "directory/services_office", p)
}

func (h *Handlers) queue(w http.ResponseWriter, r *http.Request) {
	list, _, err := h.dir.Store.ListOrgs(r.Context(), OrgFilter{TerritoryID: scope(web.UserFrom(r)), Pending: true, Limit: 500})
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	var open []*Version
	for _, o := range list {
		v, err := h.dir.Store.OpenVersion(r.Context(), h.dir.db.R, o.ID)
		if err != nil {
			h.site.Error(w, r, err)
			return
		}
		if v != nil {
			open = append(open, v)
		}
	}
	h.site.Render(w, r, "directory/queue", open)
}

// reviewPage is what directory/review shows.
type reviewPage struct {
	Version  *Version
	Status   OrgStatus
	Sections []DiffSection
	First    bool // never published: everything is new
	History  []HistoryLine
}

func (h *Handlers) review(w http.ResponseWriter, r *http.Request) {
	h.renderReview(w, r, nil)
}

func (h *Handlers) renderReview(w http.ResponseWriter, r *http.Request, formErr error) {
	ctx := r.Context()
	v, err := h.dir.Store.VersionByID(ctx, r.PathValue("vid"))
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	if err := h.dir.CanReview(ctx, web.UserFrom(r), v.OrganizationID); err != nil {
		h.site.Error(w, r, err)
		return
	}
	published, st, err := h.dir.Store.Published(ctx, v.OrganizationID)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	hist, err := h.dir.Store.History(ctx, v.OrganizationID)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	p := reviewPage{Version: v, Status: st, Sections: h.presenter(r).Diff(ctx, published, &v.Record),
		First: published == nil, History: hist}
	form := web.NewForm(r.PostForm)
	h.site.RenderForm(w, r, "directory/review", p, form, asFormError(formErr))
}

func (h *Handlers) approve(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	v, err := h.dir.Approve(r.Context(), web.UserFrom(r), r.PathValue("vid"), r.PostForm.Get("comment"))
	if err != nil {
		if e, ok := errs.As(err); ok && (e.Code == errs.Invalid || e.Code == errs.Conflict) {
			h.renderReview(w, r, err)
			return
		}
		h.site.Error(w, r, err)
		return
	}
	h.site.Redirect(w, r, "/coordinamento/validazioni?fatto="+v.OrganizationID, "directory.flash.approved")
}

func (h *Handlers) requestChanges(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	_, err := h.dir.RequestChanges(r.Context(), web.UserFrom(r), r.PathValue("vid"), r.PostForm.Get("comment"))
	if err != nil {
		if e, ok := errs.As(err); ok && (e.Code == errs.Invalid || e.Code == errs.Conflict) {
			h.renderReview(w, r, err)
			return
		}
		h.site.Error(w, r, err)
		return
	}
	h.site.Redirect(w, r, "/coordinamento/validazioni", "directory.flash.changes_requested")
}
