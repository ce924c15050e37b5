package porta

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/validate"
	"github.com/trama-welfare/trama/internal/platform/web"
)

// queuePage is what porta/queue shows.
type queuePage struct {
	labels
	Items              []QueueItem
	Filter             QueueFilter
	Total, Page, Pages int
	Now                time.Time
	Mine               []CaseRow
}

func (h *Handlers) queue(w http.ResponseWriter, r *http.Request) {
	u := web.UserFrom(r)
	q := r.URL.Query()
	urgency, _ := strconv.Atoi(q.Get("urgenza"))
	if urgency < 1 || urgency > 3 {
		urgency = 0
	}
	page, _ := strconv.Atoi(q.Get("page"))
	f := QueueFilter{Urgency: urgency, Page: max(page, 1)}
	items, total, err := h.porta.Queue(r.Context(), u, f)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	mine, err := h.porta.Cases(r.Context(), u, true, CaseOpen, nil)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.Render(w, r, "porta/queue", queuePage{labels: h.labels(r), Items: items, Filter: f, Total: total, Page: f.Page,
		Pages: (total + QueuePageSize - 1) / QueuePageSize, Now: time.Now(), Mine: mine})
}

// needPage is what porta/need shows.
type needPage struct {
	labels
	*NeedView
	Coordinators []*auth.User
}

func (h *Handlers) needPage(w http.ResponseWriter, r *http.Request, form *web.Form, formErr error) {
	u := web.UserFrom(r)
	v, err := h.porta.OpenNeed(r.Context(), u, r.PathValue("id"))
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	coords, err := h.porta.Coordinators(r.Context(), u)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	if form == nil {
		form = web.NewForm(nil)
		form.Values["urgency"] = []string{strconv.Itoa(v.Need.Urgency)}
		form.Values["categories"] = v.Need.Categories
		d := v.Need.Details
		form.Values["description"] = []string{d.Description}
		form.Values["involved"], form.Values["days"], form.Values["parts"] = d.Involved, d.Days, d.Parts
		var ages []string
		for _, a := range d.ChildrenAges {
			ages = append(ages, strconv.Itoa(a))
		}
		form.Values.Set("children_ages", strings.Join(ages, ", "))
		if d.FreeOnly {
			form.Values.Set("free_only", "on")
		}
	}
	h.site.RenderForm(w, r, "porta/need", needPage{labels: h.labels(r), NeedView: v, Coordinators: coords}, form, formErr)
}

func (h *Handlers) need(w http.ResponseWriter, r *http.Request) { h.needPage(w, r, nil, nil) }

// triageDone sends back to the queue, or shows the need's page again.
func (h *Handlers) triageDone(w http.ResponseWriter, r *http.Request, err error, to, flash string) {
	h.done(w, r, err, to, flash, h.needPage)
}

func (h *Handlers) assign(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	caseID, err := h.porta.Assign(r.Context(), web.UserFrom(r), r.PathValue("id"), r.PostForm.Get("coordinator_id"))
	h.triageDone(w, r, err, "/coordinamento/porta/casi/"+caseID, "porta.flash.assigned")
}

func (h *Handlers) merge(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	err := h.porta.Merge(r.Context(), web.UserFrom(r), r.PathValue("id"), r.PostForm.Get("person_id"))
	h.triageDone(w, r, err, "/coordinamento/porta/richieste/"+r.PathValue("id"), "porta.flash.merged")
}

func (h *Handlers) notPertinent(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	err := h.porta.NotPertinent(r.Context(), web.UserFrom(r), r.PathValue("id"), r.PostForm.Get("reason"))
	h.triageDone(w, r, err, "/coordinamento/porta", "porta.flash.not_pertinent")
}

func (h *Handlers) editNeed(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	var c validate.Checker
	v := r.PostForm
	var d NeedDetails
	readNeedDetails(&c, v, &d, SourceDesk)
	var cats []string
	for _, code := range v["categories"] {
		if code != "" {
			cats = append(cats, code)
		}
	}
	if err := c.Err(); err != nil {
		h.triageDone(w, r, err, "", "")
		return
	}
	err := h.porta.EditNeed(r.Context(), web.UserFrom(r), r.PathValue("id"), cats, atoi(v.Get("urgency")), d)
	h.triageDone(w, r, err, back(r, "/coordinamento/porta/richieste/"+r.PathValue("id")), "porta.flash.saved")
}

// casesPage is what porta/cases shows.
type casesPage struct {
	labels
	Cases  []CaseRow
	Mine   bool
	Status string
	Search bool
}

func (h *Handlers) cases(w http.ResponseWriter, r *http.Request) {
	u, q := web.UserFrom(r), r.URL.Query()
	p := casesPage{labels: h.labels(r), Mine: q.Get("miei") == "1", Status: q.Get("stato")}
	if p.Status != CaseOpen && p.Status != CaseClosed {
		p.Status = ""
	}
	var ids []string
	if phone, email := q.Get("telefono"), q.Get("email"); phone != "" || email != "" {
		var c validate.Checker
		phone, email = c.Phone("telefono", phone), c.Email("email", email)
		if err := c.Err(); err != nil {
			h.site.RenderForm(w, r, "porta/cases", p, web.NewForm(q), err)
			return
		}
		var err error
		if ids, err = h.porta.FindByContact(r.Context(), u.TerritoryID, phone, email); err != nil {
			h.site.Error(w, r, err)
			return
		}
		p.Search, ids = true, append([]string{}, ids...)
	}
	var err error
	p.Cases, err = h.porta.Cases(r.Context(), u, p.Mine, p.Status, ids)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.RenderForm(w, r, "porta/cases", p, web.NewForm(q), nil)
}
