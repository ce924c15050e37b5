package porta

import (
	"net/http"
	"time"

	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/web"
)

// intakePage is what the signal and desk forms and lists show.
type intakePage struct {
	labels
	Comuni []comuneGroup
	Orgs   [][]string // desk: the operator's organizations (id, name)
	List   []Submitted
}

func (h *Handlers) intakeData(r *http.Request, source string) (*intakePage, error) {
	p := &intakePage{labels: h.labels(r)}
	var err error
	if p.Comuni, err = h.servedComuni(r.Context(), ""); err != nil {
		return nil, err
	}
	u := web.UserFrom(r)
	if source == SourceDesk && auth.RoleOf(u) == auth.Operator {
		orgs, err := h.porta.dir.Store.OrganizationsOf(r.Context(), u.ID)
		if err != nil {
			return nil, err
		}
		for _, o := range orgs {
			p.Orgs = append(p.Orgs, []string{o.ID, o.Name})
		}
	}
	return p, nil
}

// sentinelOnly shows volunteers without the qualification how to get it.
func (h *Handlers) sentinelOnly(w http.ResponseWriter, r *http.Request) bool {
	ok, err := h.porta.IsSentinel(r.Context(), web.UserFrom(r))
	if err != nil {
		h.site.Error(w, r, err)
		return false
	}
	if !ok {
		v := h.site.View(w, r, nil)
		h.site.Renderer.Execute(w, http.StatusForbidden, "porta/signal_locked", v)
	}
	return ok
}

func (h *Handlers) signals(w http.ResponseWriter, r *http.Request) {
	if !h.sentinelOnly(w, r) {
		return
	}
	h.submitted(w, r, SourceSignal, "porta/signals")
}

func (h *Handlers) desk(w http.ResponseWriter, r *http.Request) {
	h.submitted(w, r, SourceDesk, "porta/desk")
}

func (h *Handlers) submitted(w http.ResponseWriter, r *http.Request, source, page string) {
	p, err := h.intakeData(r, source)
	if err == nil {
		p.List, err = h.porta.submittedBy(r.Context(), web.UserFrom(r).ID, source)
	}
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.Render(w, r, page, p)
}

func (h *Handlers) signalForm(w http.ResponseWriter, r *http.Request) {
	if !h.sentinelOnly(w, r) {
		return
	}
	h.intakeForm(w, r, SourceSignal, "porta/signal_form")
}

func (h *Handlers) deskForm(w http.ResponseWriter, r *http.Request) {
	h.intakeForm(w, r, SourceDesk, "porta/desk_form")
}

func (h *Handlers) intakeForm(w http.ResponseWriter, r *http.Request, source, page string) {
	p, err := h.intakeData(r, source)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.RenderForm(w, r, page, p, web.NewForm(nil), nil)
}

func (h *Handlers) signalSubmit(w http.ResponseWriter, r *http.Request) {
	if !h.sentinelOnly(w, r) {
		return
	}
	h.intakeSubmit(w, r, SourceSignal, "porta/signal_form", "/segnalazioni", "porta.flash.signal_sent")
}

func (h *Handlers) deskSubmit(w http.ResponseWriter, r *http.Request) {
	h.intakeSubmit(w, r, SourceDesk, "porta/desk_form", "/sportello", "porta.flash.desk_saved")
}

func (h *Handlers) intakeSubmit(w http.ResponseWriter, r *http.Request, source, page, done, flash string) {
	if !h.site.ParseForm(w, r) {
		return
	}
	p, err := h.intakeData(r, source)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	in, fields := ReadIntake(r.PostForm, source, time.Now())
	in.Lang = web.LangFrom(r)
	u := web.UserFrom(r)
	if source == SourceSignal {
		_, err = h.porta.Signal(r.Context(), u, in, fields)
	} else {
		_, err = h.porta.Desk(r.Context(), u, in, fields)
	}
	if err != nil {
		if errs.Is(err, errs.Invalid) {
			h.renderForm(w, r, page, p, err)
			return
		}
		h.site.Error(w, r, err)
		return
	}
	h.site.Redirect(w, r, done, flash)
}
