package directory

import (
	"net/http"
	"slices"

	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/web"
)

// servicePage is what directory/service_form shows.
type servicePage struct {
	Draft      *Version
	Service    *Service
	New        bool
	Statuses   choices
	Categories []Term
	Targets    []Term
	Languages  choices
	Locations  choices
	Schedules  []ScheduleRow
	Weekdays   []string
}

func (h *Handlers) serviceData(r *http.Request, v *Version, s *Service, isNew bool, rows []ScheduleRow) (servicePage, error) {
	ctx := r.Context()
	p := servicePage{Draft: v, Service: s, New: isNew, Schedules: rows, Weekdays: Weekdays}
	for _, st := range ServiceStatuses {
		p.Statuses = append(p.Statuses, []string{st, "directory.status." + st})
	}
	for _, code := range Languages {
		p.Languages = append(p.Languages, []string{code, "lang." + code})
	}
	for _, l := range v.Record.Locations {
		p.Locations = append(p.Locations, []string{l.ID, l.Name})
	}
	var err error
	if p.Categories, err = h.dir.Tax.Tree(ctx, TaxServices); err != nil {
		return p, err
	}
	p.Targets, err = h.dir.Tax.Tree(ctx, TaxTargets)
	return p, err
}

func (h *Handlers) serviceForm(w http.ResponseWriter, r *http.Request) {
	v, ok := h.draftFor(w, r)
	if !ok {
		return
	}
	s, isNew := &Service{ID: NewID(), Status: StatusActive}, true
	if sid := r.PathValue("sid"); sid != "" {
		if s = v.Record.Service(sid); s == nil {
			h.site.NotFound(w, r)
			return
		}
		isNew = false
	}
	values := ServiceValues(s)
	rows := ScheduleRows(s.Schedules, extraScheduleRows)
	data, err := h.serviceData(r, v, s, isNew, rows)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	if isNew && len(v.Record.Locations) == 1 {
		values.Set("locations", v.Record.Locations[0].ID)
	}
	h.site.RenderForm(w, r, "directory/service_form", data, web.NewForm(values), nil)
}

func (h *Handlers) saveService(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	ctx := r.Context()
	sid := r.PathValue("sid")
	if !isUUID(sid) {
		h.site.NotFound(w, r)
		return
	}
	rows := ReadScheduleRows(r.PostForm)
	v, err := h.dir.Change(ctx, web.UserFrom(r), r.PathValue("id"), atoi(r.PostForm.Get("revision")), func(rec *Record) error {
		s := rec.Service(sid)
		isNew := s == nil
		if isNew {
			s = &Service{ID: sid, OrganizationID: rec.Organization.ID}
		}
		f := readService(r.PostForm, s)
		scheds, sf := SchedulesFromRows(rows, s.ID)
		for k, e := range sf {
			f.Add(k, e.Key, e.Args...)
		}
		s.Schedules = scheds
		for k, e := range h.dir.validateService(ctx, rec, s) {
			f.Add(k, e.Key, e.Args...)
		}
		if err := f.Err(); err != nil {
			return err
		}
		if isNew {
			rec.Services = append(rec.Services, *s)
		}
		return nil
	})
	if err != nil {
		if v == nil {
			h.site.Error(w, r, err)
			return
		}
		s := v.Record.Service(sid)
		isNew := s == nil
		if isNew {
			s = &Service{ID: sid}
		}
		data, derr := h.serviceData(r, v, s, isNew, padRows(rows, extraScheduleRows))
		if derr != nil {
			h.site.Error(w, r, derr)
			return
		}
		h.formError(w, r, "directory/service_form", data, err)
		return
	}
	h.site.Redirect(w, r, "/ente/"+v.OrganizationID, "directory.flash.draft_saved")
}

func (h *Handlers) removeService(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	sid := r.PathValue("sid")
	v, err := h.dir.Change(r.Context(), web.UserFrom(r), r.PathValue("id"), atoi(r.PostForm.Get("revision")), func(rec *Record) error {
		i := slices.IndexFunc(rec.Services, func(s Service) bool { return s.ID == sid })
		if i < 0 {
			return errs.NotFoundErr()
		}
		rec.Services = slices.Delete(rec.Services, i, i+1)
		return nil
	})
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.Redirect(w, r, "/ente/"+v.OrganizationID, "directory.flash.service_removed")
}
