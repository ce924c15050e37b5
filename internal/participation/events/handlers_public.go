package events

import (
	"html/template"
	"net/http"
	"slices"
	"time"

	"github.com/trama-welfare/trama/internal/participation/kit"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/web"
)

func sortOccurrences(list []Occurrence) {
	slices.SortStableFunc(list, func(a, b Occurrence) int { return a.Start.Compare(b.Start) })
}

// showPage is what events/show shows.
type showPage struct {
	Event     *Event
	When      string
	Where     string
	Comune    string
	Partners  []kit.Org
	LabTitle  string
	Open      bool
	Past      bool
	CanManage bool
	Organizer bool // may read the registrants
	Next      []Occurrence
	JSONLD    map[string]any
	Honeypot  string
}

func (s *Events) showData(r *http.Request, e *Event) showPage {
	ctx, now := r.Context(), time.Now()
	p := showPage{Event: e, When: s.when(e, web.LangFrom(r)), Where: s.where(e), Comune: e.Comune,
		Open: e.Open(now), Past: e.Past(now), CanManage: s.CanManage(ctx, web.UserFrom(r), e) == nil,
		Organizer: s.CanSeeRegistrants(ctx, web.UserFrom(r), e) == nil,
		Honeypot:  kit.HoneypotField}
	for _, id := range e.Partners {
		if o, err := s.OrgByID(ctx, id); err == nil {
			p.Partners = append(p.Partners, o)
		}
	}
	if e.LabID != "" {
		s.DB.R.QueryRowContext(ctx, `SELECT title FROM labs WHERE id = $1 AND hidden_at IS NULL`, e.LabID).Scan(&p.LabTitle)
	}
	if !e.Schedule.IsOneOff() {
		for _, o := range e.Schedule.Occurrences(now, e.EndsAt.Add(time.Hour), 12) {
			p.Next = append(p.Next, Occurrence{Event: e, Start: o.Start, End: end(o)})
		}
	}
	p.JSONLD = s.jsonLD(e)
	return p
}

func (s *Events) show(w http.ResponseWriter, r *http.Request) {
	e, err := s.Store.Event(r.Context(), r.PathValue("id"))
	if err != nil {
		s.Site.Error(w, r, err)
		return
	}
	if !s.Visible(r.Context(), web.UserFrom(r), e) {
		s.Site.NotFound(w, r)
		return
	}
	form := web.NewForm(nil)
	if u := web.UserFrom(r); u != nil {
		form.Values.Set("name", u.Name)
		form.Values.Set("email", u.Email)
	}
	s.Site.RenderForm(w, r, "events/show", s.showData(r, e), form, nil)
}

func (s *Events) register(w http.ResponseWriter, r *http.Request) {
	if !s.Site.ParseForm(w, r) {
		return
	}
	ctx := r.Context()
	e, err := s.Store.Event(ctx, r.PathValue("id"))
	if err != nil || e.Status == StatusDraft {
		s.Site.NotFound(w, r)
		return
	}
	if err := s.CheckSpam(r, "register"); err != nil {
		s.formError(w, r, e, err)
		return
	}
	reg, err := s.Register(ctx, e.ID, Input{Name: r.PostForm.Get("name"), Email: r.PostForm.Get("email"),
		Answers: answersFrom(r.PostForm, e), User: web.UserFrom(r), Lang: web.LangFrom(r)})
	if err != nil {
		s.formError(w, r, e, err)
		return
	}
	flash := "participation.events.flash.registered"
	if reg.Status == RegWaiting {
		flash = "participation.events.flash.waiting"
	}
	s.Site.Redirect(w, r, "/iscrizioni/"+s.Token(reg.ID), flash)
}

// formError shows a registration error on the event page with what the
// person typed; conflicts (registrations closed) and spam become messages
// on the form too.
func (s *Events) formError(w http.ResponseWriter, r *http.Request, e *Event, err error) {
	if de, ok := errs.As(err); ok && (de.Code == errs.Conflict || de.Code == errs.TooMany) {
		status := http.StatusConflict
		if de.Code == errs.TooMany {
			status = http.StatusTooManyRequests
		}
		v := s.Site.View(w, r, s.showData(r, e))
		v.Form = web.NewForm(r.PostForm)
		v.Form.Errors = errs.Fields{"_form": {Key: de.Key, Args: de.Args}}
		s.Site.Renderer.Execute(w, status, "events/show", v)
		return
	}
	s.Site.RenderForm(w, r, "events/show", s.showData(r, e), web.NewForm(r.PostForm), err)
}

// registrationPage is what events/registration shows.
type registrationPage struct {
	Reg   *Registration
	Event *Event
	When  string
	Where string
	Token string
	QR    template.HTML
}

func (s *Events) registrationPage(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	reg, e, err := s.ByToken(r.Context(), token)
	if err != nil {
		s.Site.Error(w, r, err)
		return
	}
	p := registrationPage{Reg: reg, Event: e, When: s.when(e, web.LangFrom(r)), Where: s.where(e), Token: token}
	if reg.Status == RegConfirmed && e.Status == StatusPublished {
		p.QR, err = kit.QRSVG(s.Link("/eventi/"+e.ID+"/ingresso/"+s.CheckinCode(reg.ID)), s.Site.T(r, "participation.events.qr_label"))
		if err != nil {
			s.Site.Error(w, r, err)
			return
		}
	}
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("Cache-Control", "no-store")
	s.Site.Render(w, r, "events/registration", p)
}

func (s *Events) cancelOwn(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	if _, _, err := s.CancelByToken(r.Context(), token); err != nil {
		s.Site.Error(w, r, err)
		return
	}
	s.Site.Redirect(w, r, "/iscrizioni/"+token, "participation.events.flash.cancelled")
}

// jsonLD describes the event for search engines (schema.org Event).
func (s *Events) jsonLD(e *Event) map[string]any {
	status := "https://schema.org/EventScheduled"
	if e.Status == StatusCancelled {
		status = "https://schema.org/EventCancelled"
	}
	mode := "https://schema.org/OfflineEventAttendanceMode"
	var locations []any
	if e.InPerson() {
		addr := map[string]any{"@type": "PostalAddress", "streetAddress": e.Address, "addressCountry": "IT"}
		if e.Comune != "" {
			addr["addressLocality"] = e.Comune
		}
		locations = append(locations, map[string]any{"@type": "Place", "name": e.PlaceName, "address": addr})
	}
	if e.Online() {
		mode = "https://schema.org/OnlineEventAttendanceMode"
		if e.InPerson() {
			mode = "https://schema.org/MixedEventAttendanceMode"
		}
		locations = append(locations, map[string]any{"@type": "VirtualLocation", "url": e.OnlineURL})
	}
	ld := map[string]any{"@context": "https://schema.org", "@type": "Event", "name": e.Title, "description": e.Description,
		"startDate": e.StartsAt.In(web.Rome).Format(time.RFC3339), "endDate": e.EndsAt.In(web.Rome).Format(time.RFC3339),
		"eventStatus": status, "eventAttendanceMode": mode, "url": s.Link("/eventi/" + e.ID), "inLanguage": "it"}
	if len(locations) == 1 {
		ld["location"] = locations[0]
	} else if len(locations) > 1 {
		ld["location"] = locations
	}
	if e.OrgName != "" {
		ld["organizer"] = map[string]any{"@type": "Organization", "name": e.OrgName}
	}
	if e.Audience != "" {
		ld["audience"] = map[string]any{"@type": "Audience", "audienceType": e.Audience}
	}
	if e.Capacity != nil {
		ld["maximumAttendeeCapacity"] = *e.Capacity
		ld["remainingAttendeeCapacity"] = e.PlacesLeft()
	}
	if e.Registration != RegNone {
		ld["offers"] = map[string]any{"@type": "Offer", "price": "0", "priceCurrency": "EUR", "url": s.Link("/eventi/" + e.ID),
			"availability": map[bool]string{true: "https://schema.org/SoldOut", false: "https://schema.org/InStock"}[e.Full()]}
		ld["isAccessibleForFree"] = true
	}
	return ld
}
