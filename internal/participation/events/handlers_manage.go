package events

import (
	"cmp"
	"context"
	"net/http"
	"strconv"

	"github.com/trama-welfare/trama/internal/participation/kit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/csvsafe"
	"github.com/trama-welfare/trama/internal/platform/web"
)

// managedPage is what events/managed shows.
type managedPage struct{ Events []*Event }

func (s *Events) managed(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), web.UserFrom(r)
	orgs, err := s.OrgsOf(ctx, u)
	if err != nil {
		s.Site.Error(w, r, err)
		return
	}
	var ids []string
	for _, o := range orgs {
		ids = append(ids, o.ID)
	}
	territory := ""
	if u.Role == auth.Coordinator {
		territory = u.TerritoryID
	}
	list, err := s.Store.Managed(ctx, ids, territory, u.Role == auth.Admin)
	if err != nil {
		s.Site.Error(w, r, err)
		return
	}
	s.Site.Render(w, r, "events/managed", managedPage{Events: list})
}

// formPage is what events/form shows.
type formPage struct {
	Event      *Event // nil when new
	Orgs       [][2]string
	Partners   []kit.Org
	Labs       [][2]string
	Comuni     [][2]string
	Categories [][2]string
	Repeats    [][2]string
	RegModes   [][2]string
	Kinds      [][2]string
	Questions  []int
	Coordinate bool
}

func (s *Events) formData(ctx context.Context, u *auth.User, e *Event) (formPage, error) {
	p := formPage{Event: e, Coordinate: u.Role == auth.Coordinator && u.TerritoryID != ""}
	for _, c := range Categories {
		p.Categories = append(p.Categories, [2]string{c, "participation.events.category." + c})
	}
	for _, c := range Repeats {
		p.Repeats = append(p.Repeats, [2]string{c, "participation.events.repeat." + cmp.Or(c, "once")})
	}
	for _, c := range RegModes {
		p.RegModes = append(p.RegModes, [2]string{c, "participation.events.registration." + c})
	}
	for _, c := range QuestionKinds {
		p.Kinds = append(p.Kinds, [2]string{c, "participation.events.question_kind." + c})
	}
	for i := range MaxQuestions {
		p.Questions = append(p.Questions, i)
	}
	territory := kit.Scope(u)
	mine, err := s.OrgsOf(ctx, u)
	if err != nil {
		return p, err
	}
	for _, o := range mine {
		p.Orgs = append(p.Orgs, [2]string{o.ID, o.Name})
		if territory == "" {
			territory = o.TerritoryID
		}
	}
	if kit.Coordinates(u, territory) {
		all, err := s.ActiveOrgs(ctx, kit.Scope(u))
		if err != nil {
			return p, err
		}
		p.Orgs = nil
		for _, o := range all {
			p.Orgs = append(p.Orgs, [2]string{o.ID, o.Name})
		}
	}
	if e != nil {
		territory = e.TerritoryID
	}
	if p.Partners, err = s.ActiveOrgs(ctx, territory); err != nil {
		return p, err
	}
	if p.Comuni, err = s.Comuni(ctx, territory); err != nil {
		return p, err
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT id, title FROM labs WHERE territory_id = $1 ORDER BY created_at DESC`, territory)
	if err != nil {
		return p, err
	}
	defer rows.Close()
	for rows.Next() {
		var l [2]string
		if err := rows.Scan(&l[0], &l[1]); err != nil {
			return p, err
		}
		p.Labs = append(p.Labs, l)
	}
	return p, rows.Err()
}

func (s *Events) renderForm(w http.ResponseWriter, r *http.Request, e *Event, form *web.Form, formErr error) {
	p, err := s.formData(r.Context(), web.UserFrom(r), e)
	if err != nil {
		s.Site.Error(w, r, err)
		return
	}
	s.Site.RenderForm(w, r, "events/form", p, form, formErr)
}

func (s *Events) newForm(w http.ResponseWriter, r *http.Request) {
	form := web.NewForm(nil)
	form.Values.Set("organization_id", r.URL.Query().Get("ente"))
	form.Values.Set("lab_id", r.URL.Query().Get("laboratorio"))
	form.Values.Set("registration", RegRequired)
	s.renderForm(w, r, nil, form, nil)
}

func (s *Events) create(w http.ResponseWriter, r *http.Request) {
	if !s.Site.ParseForm(w, r) {
		return
	}
	e, err := ReadForm(r.PostForm)
	if err == nil {
		err = s.Create(r.Context(), web.UserFrom(r), e, r.PostForm.Get("publish") == "on")
	}
	if err != nil {
		s.renderForm(w, r, nil, web.NewForm(r.PostForm), err)
		return
	}
	s.Site.Redirect(w, r, "/eventi/"+e.ID, "participation.events.flash.saved")
}

// managedEvent loads an event its organizer asks for.
func (s *Events) managedEvent(w http.ResponseWriter, r *http.Request) (*Event, bool) {
	e, err := s.Store.Event(r.Context(), r.PathValue("id"))
	if err == nil {
		err = s.CanManage(r.Context(), web.UserFrom(r), e)
	}
	if err != nil {
		s.Site.Error(w, r, err)
		return nil, false
	}
	return e, true
}

func (s *Events) editForm(w http.ResponseWriter, r *http.Request) {
	if e, ok := s.managedEvent(w, r); ok {
		s.renderForm(w, r, e, web.NewForm(FormValues(e)), nil)
	}
}

func (s *Events) update(w http.ResponseWriter, r *http.Request) {
	if !s.Site.ParseForm(w, r) {
		return
	}
	old, ok := s.managedEvent(w, r)
	if !ok {
		return
	}
	e, err := ReadForm(r.PostForm)
	if err == nil {
		err = s.Update(r.Context(), web.UserFrom(r), old.ID, e)
	}
	if err != nil {
		s.renderForm(w, r, old, web.NewForm(r.PostForm), err)
		return
	}
	s.Site.Redirect(w, r, "/eventi/"+old.ID, "participation.events.flash.saved")
}

func (s *Events) publish(w http.ResponseWriter, r *http.Request) {
	if err := s.Publish(r.Context(), web.UserFrom(r), r.PathValue("id")); err != nil {
		s.Site.Error(w, r, err)
		return
	}
	s.Site.Redirect(w, r, "/eventi/"+r.PathValue("id"), "participation.events.flash.published")
}

func (s *Events) cancelEvent(w http.ResponseWriter, r *http.Request) {
	if !s.Site.ParseForm(w, r) {
		return
	}
	if err := s.Cancel(r.Context(), web.UserFrom(r), r.PathValue("id"), r.PostForm.Get("reason")); err != nil {
		s.Site.Error(w, r, err)
		return
	}
	s.Site.Redirect(w, r, "/eventi/"+r.PathValue("id"), "participation.events.flash.event_cancelled")
}

// registrantsPage is what events/registrants shows.
type registrantsPage struct {
	Event *Event
	Regs  []*Registration
	Query string
}

func (s *Events) registrants(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	e, list, err := s.Registrants(r.Context(), web.UserFrom(r), r.PathValue("id"), q)
	if err != nil {
		s.Site.Error(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.Site.Render(w, r, "events/registrants", registrantsPage{Event: e, Regs: list, Query: q})
}

func (s *Events) exportCSV(w http.ResponseWriter, r *http.Request) {
	e, list, err := s.Registrants(r.Context(), web.UserFrom(r), r.PathValue("id"), "")
	if err != nil {
		s.Site.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="iscritti-`+e.ID+`.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	cw := csvsafe.NewWriter(w)
	head := []string{s.Site.T(r, "participation.events.csv.name"), s.Site.T(r, "participation.events.csv.email"),
		s.Site.T(r, "participation.events.csv.status"), s.Site.T(r, "participation.events.csv.position"),
		s.Site.T(r, "participation.events.csv.registered_at"), s.Site.T(r, "participation.events.csv.checked_in")}
	for _, q := range e.Questions {
		head = append(head, q.Label)
	}
	cw.Write(head)
	for _, reg := range list {
		row := []string{reg.Name, reg.Email, s.Site.T(r, "participation.events.reg_status."+reg.Status), "",
			reg.CreatedAt.In(web.Rome).Format("2006-01-02 15:04"), ""}
		if reg.Position > 0 {
			row[3] = strconv.Itoa(reg.Position)
		}
		if reg.CheckedInAt != nil {
			row[5] = reg.CheckedInAt.In(web.Rome).Format("2006-01-02 15:04")
		}
		for _, q := range e.Questions {
			v := ""
			for _, a := range reg.Answers {
				if a.QuestionID == q.ID {
					v = a.Value
				}
			}
			row = append(row, v)
		}
		cw.Write(row)
	}
	cw.Flush()
}

func (s *Events) checkIn(w http.ResponseWriter, r *http.Request) {
	if !s.Site.ParseForm(w, r) {
		return
	}
	id := r.PathValue("id")
	if _, err := s.CheckIn(r.Context(), web.UserFrom(r), id, r.PathValue("rid")); err != nil {
		s.Site.Error(w, r, err)
		return
	}
	s.Site.Redirect(w, r, back(r, "/eventi/"+id+"/iscritti"), "participation.events.flash.checked_in")
}

func (s *Events) cancelOther(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := s.CancelRegistration(r.Context(), web.UserFrom(r), id, r.PathValue("rid")); err != nil {
		s.Site.Error(w, r, err)
		return
	}
	s.Site.Redirect(w, r, "/eventi/"+id+"/iscritti", "participation.events.flash.cancelled_other")
}

// checkinPage is what events/checkin shows: the registrant a QR code
// stands for.
type checkinPage struct {
	Event *Event
	Reg   *Registration
	Code  string
}

func (s *Events) checkinPage(w http.ResponseWriter, r *http.Request) {
	reg, e, err := s.ByCheckinCode(r.Context(), web.UserFrom(r), r.PathValue("id"), r.PathValue("code"))
	if err != nil {
		s.Site.Error(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.Site.Render(w, r, "events/checkin", checkinPage{Event: e, Reg: reg, Code: r.PathValue("code")})
}

func (s *Events) checkinByCode(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), web.UserFrom(r)
	reg, e, err := s.ByCheckinCode(ctx, u, r.PathValue("id"), r.PathValue("code"))
	if err == nil {
		_, err = s.CheckIn(ctx, u, e.ID, reg.ID)
	}
	if err != nil {
		s.Site.Error(w, r, err)
		return
	}
	s.Site.Redirect(w, r, r.URL.Path, "participation.events.flash.checked_in")
}
