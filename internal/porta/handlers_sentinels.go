package porta

import (
	"net/http"
	"time"

	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/validate"
	"github.com/trama-welfare/trama/internal/platform/web"
)

// sentinelsPage is what porta/sentinels shows.
type sentinelsPage struct {
	List []Qualified
	Now  time.Time
}

func (h *Handlers) sentinelsPage(w http.ResponseWriter, r *http.Request, form *web.Form, formErr error) {
	list, err := h.porta.Sentinels(r.Context(), web.UserFrom(r))
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	if form == nil {
		form = web.NewForm(nil)
	}
	h.site.RenderForm(w, r, "porta/sentinels", sentinelsPage{List: list, Now: time.Now()}, form, formErr)
}

func (h *Handlers) sentinels(w http.ResponseWriter, r *http.Request) { h.sentinelsPage(w, r, nil, nil) }

func (h *Handlers) grant(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	var c validate.Checker
	var until *time.Time
	if d := c.Date("valid_until", r.PostForm.Get("valid_until")); d != "" && c.OK() {
		t, _ := time.ParseInLocation("2006-01-02", d, rome)
		t = t.AddDate(0, 0, 1) // valid through that day
		until = &t
	}
	err := c.Err()
	if err == nil {
		err = h.porta.GrantSentinel(r.Context(), web.UserFrom(r), r.PostForm.Get("email"), until)
	}
	h.done(w, r, err, "/coordinamento/sentinelle", "porta.flash.granted", h.sentinelsPage)
}

func (h *Handlers) revoke(w http.ResponseWriter, r *http.Request) {
	err := h.porta.RevokeSentinel(r.Context(), web.UserFrom(r), r.PathValue("uid"))
	if errs.Is(err, errs.NotFound) {
		h.site.Error(w, r, err)
		return
	}
	h.done(w, r, err, "/coordinamento/sentinelle", "porta.flash.revoked", h.sentinelsPage)
}
