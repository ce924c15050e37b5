package porta

import (
	"net/http"
	"slices"
	"time"

	"github.com/trama-welfare/trama/internal/platform/web"
)

// inboxPage is what porta/inbox shows.
type inboxPage struct {
	Rows   []InboxRow
	Status string
	Now    time.Time
}

// Waiting counts the working days a referral has waited.
func (inboxPage) Waiting(since, now time.Time) int { return WorkingDaysBetween(since, now) }

func (h *Handlers) inbox(w http.ResponseWriter, r *http.Request) {
	status := r.URL.Query().Get("stato")
	if !slices.Contains(RefStatuses, status) {
		status = ""
	}
	rows, err := h.porta.Inbox(r.Context(), web.UserFrom(r), status)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.Render(w, r, "porta/inbox", inboxPage{Rows: rows, Status: status, Now: time.Now()})
}

func (h *Handlers) receivedPage(w http.ResponseWriter, r *http.Request, form *web.Form, formErr error) {
	v, err := h.porta.OpenReceived(r.Context(), web.UserFrom(r), r.PathValue("id"))
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	if form == nil {
		form = web.NewForm(nil)
	}
	h.site.RenderForm(w, r, "porta/received", v, form, formErr)
}

func (h *Handlers) received(w http.ResponseWriter, r *http.Request) { h.receivedPage(w, r, nil, nil) }

func (h *Handlers) answer(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	err := h.porta.Answer(r.Context(), web.UserFrom(r), r.PathValue("id"), moveFrom(r))
	h.done(w, r, err, "/invii/"+r.PathValue("id"), "porta.flash.referral_updated", h.receivedPage)
}
