package directory

import (
	"net/http"

	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/web"
)

// networkPage is what directory/network shows: the active organizations of
// the territory with what they tell their partners.
type networkPage struct {
	Orgs        []networkOrg
	Total       int
	Page, Pages int
	Kinds       choices
}

type networkOrg struct {
	OrgSummary
	PartnerNotes string
	Description  string
}

func (h *Handlers) network(w http.ResponseWriter, r *http.Request) {
	ctx, q := r.Context(), r.URL.Query()
	page := max(1, atoi(q.Get("page")))
	list, total, err := h.dir.Store.ListOrgs(ctx, OrgFilter{TerritoryID: scope(web.UserFrom(r)), Status: OrgActive,
		Query: q.Get("q"), Kind: q.Get("kind"), Offset: (page - 1) * perPage, Limit: perPage})
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	p := networkPage{Total: total, Page: page, Pages: (total + perPage - 1) / perPage, Kinds: h.kindChoices()}
	for _, o := range list {
		n := networkOrg{OrgSummary: o}
		h.dir.db.R.QueryRowContext(ctx, `SELECT partner_notes, description FROM organizations WHERE id = $1`, o.ID).
			Scan(&n.PartnerNotes, &n.Description)
		p.Orgs = append(p.Orgs, n)
	}
	h.site.Render(w, r, "directory/network", p)
}

// networkOrgPage is what directory/network_org shows.
type networkOrgPage struct {
	Record    *Record
	Presenter Presenter
	CanEdit   bool
}

func (h *Handlers) networkOrg(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), web.UserFrom(r)
	id := r.PathValue("id")
	rec, st, err := h.dir.Store.Published(ctx, id)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	if rec == nil || st != OrgActive {
		h.site.Error(w, r, errs.NotFoundErr())
		return
	}
	if t := scope(u); t != "" && t != rec.Organization.TerritoryID {
		h.site.Error(w, r, errs.NotFoundErr())
		return
	}
	h.site.Render(w, r, "directory/network_org", networkOrgPage{Record: rec, Presenter: h.presenter(r),
		CanEdit: h.dir.CanEdit(ctx, u, id) == nil})
}
