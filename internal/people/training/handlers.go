package training

import (
	"context"
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

// Handlers serve the training pages.
type Handlers struct {
	site *web.Site
	svc  *Service
	// Orgs lists the organizations whose courses u may run ([id, name]).
	Orgs func(ctx context.Context, u *auth.User) ([][]string, error)
}

// NewHandlers wires the handlers.
func NewHandlers(site *web.Site, svc *Service, orgs func(context.Context, *auth.User) ([][]string, error)) *Handlers {
	return &Handlers{site: site, svc: svc, Orgs: orgs}
}

// Routes registers the pages.
func (h *Handlers) Routes(r *web.Router) {
	r.Handle("GET /formazione", auth.Public, h.list)
	r.Handle("GET /formazione/corsi/{id}", auth.Public, h.course)
	r.Handle("POST /formazione/corsi/{id}/iscriviti", common.ActionVolunteer, h.enrol)
	r.Handle("POST /formazione/corsi/{id}/annulla", common.ActionVolunteer, h.cancel)

	r.Handle("GET /formazione/gestione", common.ActionOrganize, h.managed)
	r.Handle("GET /formazione/gestione/nuovo", common.ActionOrganize, h.newForm)
	r.Handle("POST /formazione/gestione/nuovo", common.ActionOrganize, h.create)
	r.Handle("GET /formazione/gestione/{id}", common.ActionOrganize, h.manage)
	r.Handle("POST /formazione/gestione/{id}", common.ActionOrganize, h.update)
	r.Handle("POST /formazione/gestione/{id}/apri", common.ActionOrganize, h.open)
	r.Handle("POST /formazione/gestione/{id}/sessioni", common.ActionOrganize, h.addSession)
	r.Handle("POST /formazione/gestione/{id}/sessioni/{sid}/elimina", common.ActionOrganize, h.removeSession)
	r.Handle("GET /formazione/gestione/{id}/sessioni/{sid}", common.ActionOrganize, h.register)
	r.Handle("POST /formazione/gestione/{id}/sessioni/{sid}", common.ActionOrganize, h.saveRegister)
	r.Handle("POST /formazione/gestione/{id}/concludi", common.ActionOrganize, h.conclude)
	r.Handle("POST /formazione/gestione/{id}/iscrizioni/{eid}/conferma", common.ActionOrganize, h.confirm)
	r.Handle("GET /ente/{id}/formazione", common.ActionOrganize, h.organization)
}

// listPage is what people/training_list shows.
type listPage struct {
	Filter         Filter
	Courses        []*Course
	Total, Pages   int
	Qualifications []string
}

func (h *Handlers) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page, _ := strconv.Atoi(q.Get("pagina"))
	f := Filter{Q: strings.TrimSpace(q.Get("q")), OrganizationID: q.Get("ente"), Qualification: q.Get("qualifica"), Page: max(page, 1)}
	list, total, err := h.svc.Public(r.Context(), f)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.Render(w, r, "people/training_list", listPage{Filter: f, Courses: list, Total: total,
		Pages: (total + PageSize - 1) / PageSize, Qualifications: qualification.Codes})
}

// coursePage is what people/training_course shows.
type coursePage struct {
	Course  *Course
	Mine    *Enrolment
	Manager bool
}

func (h *Handlers) course(w http.ResponseWriter, r *http.Request) {
	h.renderCourse(w, r, nil)
}

func (h *Handlers) renderCourse(w http.ResponseWriter, r *http.Request, formErr error) {
	u := web.UserFrom(r)
	c, err := h.svc.Visible(r.Context(), u, r.PathValue("id"))
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	p := coursePage{Course: c}
	if u != nil {
		p.Manager = h.svc.CanManage(r.Context(), u, c) == nil
		list, err := h.svc.enrolments(r.Context(), `e.course_id = $1 AND e.user_id = $2 AND e.status <> 'cancelled'`, c.ID, u.ID)
		if err != nil {
			h.site.Error(w, r, err)
			return
		}
		if len(list) > 0 {
			p.Mine = &list[0]
		}
	}
	h.site.RenderForm(w, r, "people/training_course", p, web.NewForm(nil), formErr)
}

func (h *Handlers) enrol(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	status, err := h.svc.Enrol(r.Context(), web.UserFrom(r), id)
	if errs.Is(err, errs.Conflict) {
		h.renderCourse(w, r, common.AsFormError(err))
		return
	}
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	flash := "people.flash.enrolment_" + status
	h.site.Redirect(w, r, "/formazione/corsi/"+id, flash)
}

func (h *Handlers) cancel(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := h.svc.CancelEnrolment(r.Context(), web.UserFrom(r), id); err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.Redirect(w, r, "/formazione/corsi/"+id, "people.flash.enrolment_cancelled")
}

func (h *Handlers) managed(w http.ResponseWriter, r *http.Request) {
	list, err := h.svc.ManagedBy(r.Context(), web.UserFrom(r))
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.Render(w, r, "people/training_managed", list)
}

// PlanOptions are the plans as [id, title] choices.
func (p FormPage) PlanOptions() [][]string {
	out := make([][]string, len(p.Plans))
	for i, pl := range p.Plans {
		out[i] = []string{pl.ID, pl.Title}
	}
	return out
}

// FormPage is what people/training_form shows (and the form part of training_manage).
type FormPage struct {
	Course         *Course // nil when new
	Orgs           [][]string
	Coordinator    bool
	Plans          []Plan
	Qualifications []string
	Audiences      []string
}

func (h *Handlers) formData(r *http.Request, c *Course) (FormPage, error) {
	u := web.UserFrom(r)
	p := FormPage{Course: c, Qualifications: qualification.Codes, Audiences: Audiences,
		Coordinator: auth.RoleOf(u) == auth.Coordinator || auth.RoleOf(u) == auth.Admin}
	var err error
	if c == nil {
		p.Orgs, err = h.Orgs(r.Context(), u)
	} else if c.OrganizationID != "" {
		p.Plans, err = h.svc.Plans(r.Context(), c.OrganizationID)
	}
	return p, err
}

func (h *Handlers) newForm(w http.ResponseWriter, r *http.Request) {
	p, err := h.formData(r, nil)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	v := url.Values{"min_attendance": {"75"}, "capacity": {"20"}, "audience": {"citizens", "volunteers"},
		"organization_id": {r.URL.Query().Get("ente")}}
	h.site.RenderForm(w, r, "people/training_form", p, web.NewForm(v), nil)
}

func (h *Handlers) create(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	u := web.UserFrom(r)
	territory, _ := common.TerritoryOf(r.Context(), h.svc.db, u, "")
	c, err := h.svc.Save(r.Context(), u, "", territory, ReadForm(r.PostForm))
	if err != nil {
		p, perr := h.formData(r, nil)
		if perr != nil {
			h.site.Error(w, r, perr)
			return
		}
		h.site.RenderForm(w, r, "people/training_form", p, web.NewForm(r.PostForm), err)
		return
	}
	h.site.Redirect(w, r, "/formazione/gestione/"+c.ID, "people.flash.course_saved")
}

// managePage is what people/training_manage shows.
type managePage struct {
	FormPage
	Enrolments []Enrolment
	Started    map[string]bool // sessions that have begun
}

func (h *Handlers) manage(w http.ResponseWriter, r *http.Request) {
	c, err := h.svc.Managed(r.Context(), web.UserFrom(r), r.PathValue("id"))
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.renderManage(w, r, c, web.NewForm(c.Values()), nil)
}

func (h *Handlers) renderManage(w http.ResponseWriter, r *http.Request, c *Course, form *web.Form, formErr error) {
	fp, err := h.formData(r, c)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	p := managePage{FormPage: fp, Started: map[string]bool{}}
	if p.Enrolments, err = h.svc.Enrolments(r.Context(), c.ID); err != nil {
		h.site.Error(w, r, err)
		return
	}
	for _, x := range c.Sessions {
		p.Started[x.ID] = !x.Start.After(h.svc.Now())
	}
	h.site.RenderForm(w, r, "people/training_manage", p, form, formErr)
}

func (h *Handlers) update(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	u, id := web.UserFrom(r), r.PathValue("id")
	c, err := h.svc.Save(r.Context(), u, id, "", ReadForm(r.PostForm))
	if errs.Is(err, errs.Invalid) {
		h.renderManage(w, r, c, web.NewForm(r.PostForm), err)
		return
	}
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.Redirect(w, r, "/formazione/gestione/"+id, "people.flash.course_saved")
}

// act runs a course action and goes back to the course's page; rule
// violations (Conflict) are shown there.
func (h *Handlers) act(w http.ResponseWriter, r *http.Request, flash string, do func(u *auth.User, id string) error) {
	if !h.site.ParseForm(w, r) {
		return
	}
	u, id := web.UserFrom(r), r.PathValue("id")
	err := do(u, id)
	if errs.Is(err, errs.Conflict) || errs.Is(err, errs.Invalid) {
		c, cerr := h.svc.Managed(r.Context(), u, id)
		if cerr != nil {
			h.site.Error(w, r, cerr)
			return
		}
		h.renderManage(w, r, c, web.NewForm(r.PostForm), common.AsFormError(err))
		return
	}
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.Redirect(w, r, "/formazione/gestione/"+id, flash)
}

func (h *Handlers) open(w http.ResponseWriter, r *http.Request) {
	h.act(w, r, "people.flash.course_opened", func(u *auth.User, id string) error { return h.svc.Open(r.Context(), u, id) })
}

func (h *Handlers) addSession(w http.ResponseWriter, r *http.Request) {
	h.act(w, r, "people.flash.session_added", func(u *auth.User, id string) error {
		v := r.PostForm
		return h.svc.AddSession(r.Context(), u, id, SessionForm{Date: v.Get("session_date"), Start: v.Get("session_start"),
			End: v.Get("session_end"), Place: v.Get("session_place"), OnlineURL: v.Get("session_url")})
	})
}

func (h *Handlers) removeSession(w http.ResponseWriter, r *http.Request) {
	h.act(w, r, "people.flash.session_removed", func(u *auth.User, id string) error {
		return h.svc.RemoveSession(r.Context(), u, id, r.PathValue("sid"))
	})
}

func (h *Handlers) conclude(w http.ResponseWriter, r *http.Request) {
	h.act(w, r, "people.flash.course_concluded", func(u *auth.User, id string) error { return h.svc.Conclude(r.Context(), u, id) })
}

func (h *Handlers) confirm(w http.ResponseWriter, r *http.Request) {
	h.act(w, r, "people.flash.qualification_confirmed", func(u *auth.User, id string) error {
		return h.svc.Confirm(r.Context(), u, id, r.PathValue("eid"))
	})
}

// registerPage is what people/training_register shows.
type registerPage struct {
	Course     *Course
	Session    Session
	Enrolments []Enrolment
	Recorded   bool
}

func (h *Handlers) register(w http.ResponseWriter, r *http.Request) {
	h.renderRegister(w, r, nil)
}

func (h *Handlers) renderRegister(w http.ResponseWriter, r *http.Request, formErr error) {
	c, err := h.svc.Managed(r.Context(), web.UserFrom(r), r.PathValue("id"))
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	p := registerPage{Course: c}
	found := false
	for _, x := range c.Sessions {
		if x.ID == r.PathValue("sid") {
			p.Session, found = x, true
		}
	}
	if !found {
		h.site.NotFound(w, r)
		return
	}
	if p.Enrolments, err = h.svc.Enrolments(r.Context(), c.ID); err != nil {
		h.site.Error(w, r, err)
		return
	}
	var n int
	h.svc.db.R.QueryRowContext(r.Context(), `SELECT COUNT(*) FROM course_attendance WHERE session_id = $1`, p.Session.ID).Scan(&n)
	p.Recorded = n > 0
	h.site.RenderForm(w, r, "people/training_register", p, web.NewForm(r.PostForm), formErr)
}

func (h *Handlers) saveRegister(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	id := r.PathValue("id")
	err := h.svc.RecordAttendance(r.Context(), web.UserFrom(r), id, r.PathValue("sid"), r.PostForm["present"])
	if errs.Is(err, errs.Conflict) {
		h.renderRegister(w, r, common.AsFormError(err))
		return
	}
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.Redirect(w, r, "/formazione/gestione/"+id, "people.flash.attendance_saved")
}

// orgPlansPage is what people/training_org shows.
type orgPlansPage struct {
	OrgID, OrgName string
	Plans          []PlanCourses
	Unplanned      []*Course
}

// PlanCourses is a training plan with the courses that carry it out.
type PlanCourses struct {
	Plan
	Courses []*Course
}

func (h *Handlers) organization(w http.ResponseWriter, r *http.Request) {
	orgID := r.PathValue("id")
	if err := h.svc.dir.CanEdit(r.Context(), web.UserFrom(r), orgID); err != nil {
		h.site.Error(w, r, err)
		return
	}
	plans, err := h.svc.Plans(r.Context(), orgID)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	courses, err := h.svc.OfOrganization(r.Context(), orgID, true)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	p := orgPlansPage{OrgID: orgID}
	h.svc.db.R.QueryRowContext(r.Context(), `SELECT name FROM organizations WHERE id = $1`, orgID).Scan(&p.OrgName)
	used := map[string]bool{}
	for _, pl := range plans {
		pc := PlanCourses{Plan: pl}
		for _, c := range courses {
			if c.TrainingPlanID == pl.ID {
				pc.Courses, used[c.ID] = append(pc.Courses, c), true
			}
		}
		p.Plans = append(p.Plans, pc)
	}
	for _, c := range courses {
		if !used[c.ID] {
			p.Unplanned = append(p.Unplanned, c)
		}
	}
	h.site.Render(w, r, "people/training_org", p)
}
