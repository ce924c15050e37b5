package porta

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/web"
)

// personPage is what porta/person shows.
type personPage struct {
	labels
	*PersonView
	Comuni []comuneGroup
}

// personValues fills the person form from stored details.
func personValues(pr *Person) url.Values {
	d := pr.Details
	v := url.Values{"first_name": {d.FirstName}, "last_name": {d.LastName}, "birth_date": {d.BirthDate},
		"phone": {d.Phone}, "email": {d.Email}, "contact_pref": {d.ContactPref}, "contact_times": {d.ContactTimes},
		"via_org": {d.ViaOrg}, "language": {d.Language}, "istat_code": {pr.ISTATCode}}
	if d.BirthYear > 0 && d.BirthDate == "" {
		v.Set("birth_year", strconv.Itoa(d.BirthYear))
	}
	if d.Adults > 0 {
		v.Set("adults", strconv.Itoa(d.Adults))
	}
	if d.Minors > 0 {
		v.Set("minors", strconv.Itoa(d.Minors))
	}
	return v
}

func (h *Handlers) personPage(w http.ResponseWriter, r *http.Request, form *web.Form, formErr error) {
	u := web.UserFrom(r)
	v, err := h.porta.OpenPerson(r.Context(), u, r.PathValue("id"))
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	comuni, err := h.servedComuni(r.Context(), u.TerritoryID)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	if form == nil {
		form = web.NewForm(personValues(v.Person))
	}
	h.site.RenderForm(w, r, "porta/person", personPage{labels: h.labels(r), PersonView: v, Comuni: comuni}, form, formErr)
}

func (h *Handlers) person(w http.ResponseWriter, r *http.Request) { h.personPage(w, r, nil, nil) }

func (h *Handlers) personDone(w http.ResponseWriter, r *http.Request, err error, flash string) {
	h.done(w, r, err, "/coordinamento/porta/persone/"+r.PathValue("id"), flash, h.personPage)
}

func (h *Handlers) savePerson(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	in, fields := ReadIntake(r.PostForm, SourceDesk, time.Now())
	// Only the person's fields are on this form.
	var mine errs.Fields
	for _, k := range []string{"first_name", "last_name", "birth_year", "birth_date", "phone", "email", "contact_pref",
		"contact_times", "via_org", "language", "adults", "minors", "istat_code"} {
		if f, ok := fields[k]; ok {
			mine.Add(k, f.Key, f.Args...)
		}
	}
	err := h.porta.UpdatePerson(r.Context(), web.UserFrom(r), r.PathValue("id"), in.ISTATCode, in.Person, mine)
	h.personDone(w, r, err, "porta.flash.saved")
}

func (h *Handlers) addConsent(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	err := h.porta.RecordConsent(r.Context(), web.UserFrom(r), r.PathValue("id"), r.PostForm["scope"], r.PostForm.Get("method"))
	h.personDone(w, r, err, "porta.flash.consent_recorded")
}

func (h *Handlers) withdrawConsent(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	if !h.confirmed(w, r, "confirm", "porta.errors.confirm_withdraw", h.personPage) {
		return
	}
	err := h.porta.WithdrawConsent(r.Context(), web.UserFrom(r), r.PathValue("id"))
	h.personDone(w, r, err, "porta.flash.consent_withdrawn")
}

// export downloads everything about the person as JSON, for their right of
// access; the export is audited.
func (h *Handlers) export(w http.ResponseWriter, r *http.Request) {
	x, err := h.porta.ExportFor(r.Context(), web.UserFrom(r), r.PathValue("id"))
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="persona-`+r.PathValue("id")+`.json"`)
	w.Header().Set("Cache-Control", "no-store")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(x)
}

func (h *Handlers) erase(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	if !h.confirmed(w, r, "confirm_erase", "porta.errors.confirm_erase", h.personPage) {
		return
	}
	err := h.porta.EraseFor(r.Context(), web.UserFrom(r), r.PathValue("id"))
	h.personDone(w, r, err, "porta.flash.erased")
}
