package hours

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/trama-welfare/trama/internal/people/common"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/web"
)

// Handlers serve the hours pages.
type Handlers struct {
	site *web.Site
	svc  *Service
}

// NewHandlers wires the handlers.
func NewHandlers(site *web.Site, svc *Service) *Handlers { return &Handlers{site: site, svc: svc} }

// Routes registers the pages.
func (h *Handlers) Routes(r *web.Router) {
	r.Handle("GET /volontariato/ore", common.ActionVolunteer, h.mine)
	r.Handle("POST /volontariato/ore", common.ActionVolunteer, h.log)
	r.Handle("POST /volontariato/ore/{id}/elimina", common.ActionVolunteer, h.remove)
	r.Handle("GET /volontariato/attestato", common.ActionVolunteer, h.myAttestation)
	r.Handle("GET /volontariato/attestato.pdf", common.ActionVolunteer, h.myAttestationPDF)
	r.Handle("GET /ente/{id}/ore", common.ActionOrganize, h.organization)
	r.Handle("POST /ente/{id}/ore/{hid}", common.ActionOrganize, h.review)
	r.Handle("GET /ente/{id}/ore/persone/{uid}/attestato", common.ActionOrganize, h.orgAttestation)
	r.Handle("GET /ente/{id}/ore/persone/{uid}/attestato.pdf", common.ActionOrganize, h.orgAttestationPDF)
}

// Shift is a past shift whose hours can be logged.
type Shift struct {
	SignupID, Title, Organization string
	Start, End                    time.Time
}

// Hours is the length of the shift, for the form.
func (s Shift) Hours() string { return HoursValue(int(s.End.Sub(s.Start).Minutes())) }

// Loggable lists a person's accepted shifts that have begun and have no
// hours yet, most recent first.
func (s *Service) Loggable(ctx context.Context, userID string) ([]Shift, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT g.id, v.title, o.name, s.starts_at, s.ends_at FROM volunteer_signups g
		JOIN volunteer_shifts s ON s.id = g.shift_id JOIN volunteer_opportunities v ON v.id = s.opportunity_id
		JOIN organizations o ON o.id = v.organization_id
		WHERE g.user_id = $1 AND g.status = 'accepted' AND s.starts_at <= $2
		AND NOT EXISTS (SELECT 1 FROM volunteer_hours h WHERE h.signup_id = g.id) ORDER BY s.starts_at DESC LIMIT 50`,
		userID, s.Now().UTC())
	if err != nil {
		return nil, fmt.Errorf("hours: loggable: %w", err)
	}
	defer rows.Close()
	var out []Shift
	for rows.Next() {
		var x Shift
		if err := rows.Scan(&x.SignupID, &x.Title, &x.Organization, &x.Start, &x.End); err != nil {
			return nil, err
		}
		x.Start, x.End = x.Start.In(web.Rome), x.End.In(web.Rome)
		out = append(out, x)
	}
	return out, rows.Err()
}

// Organizations lists the active organizations (for free hours), as
// [id, name] pairs.
func (s *Service) Organizations(ctx context.Context) ([][]string, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, name FROM organizations WHERE status = 'active' ORDER BY name LIMIT 1000`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][]string
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		out = append(out, []string{id, name})
	}
	return out, rows.Err()
}

// queryPeriod reads the period of the query's "dal" and "al".
func queryPeriod(r *http.Request) (Period, error) {
	q := r.URL.Query()
	return ParsePeriod(q.Get("dal"), q.Get("al"))
}

// period reads "dal" and "al" from the query, with the fields as typed for
// the page. Bad dates leave the period open; their messages, translated,
// are in the filter by field for the page to show next to the fields.
func (h *Handlers) period(r *http.Request) (Period, PeriodFilter) {
	f := periodFilter(r, nil)
	p, err := queryPeriod(r)
	if err != nil {
		f.Errors = h.messages(r, err)
		return Period{}, f
	}
	return p, f
}

// messages translates the field messages of err.
func (h *Handlers) messages(r *http.Request, err error) map[string]string {
	msgs := map[string]string{}
	if e, ok := errs.As(err); ok {
		for field, f := range e.Fields {
			msgs[field] = h.site.T(r, f.Key, f.Args...)
		}
	}
	return msgs
}

// PeriodFilter is what the period fields of a page show: the dates as
// typed and their messages.
type PeriodFilter struct {
	From, To string
	Errors   map[string]string
}

func periodFilter(r *http.Request, msgs map[string]string) PeriodFilter {
	return PeriodFilter{From: r.URL.Query().Get("dal"), To: r.URL.Query().Get("al"), Errors: msgs}
}

// minePage is what people/hours_mine shows.
type minePage struct {
	Entries       []Entry
	Totals        Totals
	Shifts        []Shift
	Organizations [][]string
	Period        Period
	Filter        PeriodFilter
}

func (h *Handlers) mine(w http.ResponseWriter, r *http.Request) {
	h.renderMine(w, r, web.NewForm(url.Values{"day": {common.Today(h.svc.Now())}}), nil)
}

func (h *Handlers) renderMine(w http.ResponseWriter, r *http.Request, form *web.Form, formErr error) {
	ctx, u := r.Context(), web.UserFrom(r)
	p := minePage{}
	p.Period, p.Filter = h.period(r)
	var err error
	if p.Entries, p.Totals, err = h.svc.Mine(ctx, u.ID, p.Period); err == nil {
		if p.Shifts, err = h.svc.Loggable(ctx, u.ID); err == nil {
			p.Organizations, err = h.svc.Organizations(ctx)
		}
	}
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.RenderForm(w, r, "people/hours_mine", p, form, formErr)
}

func (h *Handlers) log(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	v := r.PostForm
	f := LogForm{SignupID: v.Get("signup_id"), OrganizationID: v.Get("organization_id"), Day: v.Get("day"),
		Hours: v.Get("hours"), Description: v.Get("description")}
	if _, err := h.svc.Log(r.Context(), web.UserFrom(r), f); err != nil {
		h.renderMine(w, r, web.NewForm(v), asForm(err))
		return
	}
	h.site.Redirect(w, r, "/volontariato/ore", "people.flash.hours_logged")
}

func (h *Handlers) remove(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.Delete(r.Context(), web.UserFrom(r), r.PathValue("id")); err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.Redirect(w, r, "/volontariato/ore", "people.flash.hours_deleted")
}

// orgPage is what people/hours_org shows.
type orgPage struct {
	OrgID, OrgName string
	Status         string
	Period         Period
	Filter         PeriodFilter
	Entries        []Entry
	Totals         Totals
	People         []PersonTotal
	Me             string
}

func (h *Handlers) organization(w http.ResponseWriter, r *http.Request) {
	h.renderOrganization(w, r, nil)
}

func (h *Handlers) renderOrganization(w http.ResponseWriter, r *http.Request, formErr error) {
	u, orgID := web.UserFrom(r), r.PathValue("id")
	p := orgPage{OrgID: orgID, Status: r.URL.Query().Get("stato"), Me: u.ID}
	p.Period, p.Filter = h.period(r)
	var err error
	p.Entries, p.Totals, p.People, err = h.svc.OfOrganization(r.Context(), u, orgID, p.Status, p.Period)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.svc.db.R.QueryRowContext(r.Context(), `SELECT name FROM organizations WHERE id = $1`, orgID).Scan(&p.OrgName)
	h.site.RenderForm(w, r, "people/hours_org", p, web.NewForm(r.PostForm), formErr)
}

func (h *Handlers) review(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	orgID := r.PathValue("id")
	v := r.PostForm
	if _, err := h.svc.Review(r.Context(), web.UserFrom(r), orgID, r.PathValue("hid"), v.Get("action"), v.Get("hours"), v.Get("note")); err != nil {
		// The page has a small form per entry: say the problem on top.
		if e, ok := errs.As(err); ok {
			for _, f := range e.Fields {
				err = errs.E(f.Key, f.Args...)
				break
			}
		}
		h.renderOrganization(w, r, asForm(err))
		return
	}
	h.site.Redirect(w, r, web.LocalPath(v.Get("next"), "/ente/"+orgID+"/ore"), "people.flash.hours_reviewed")
}

// asForm shows Conflicts and Forbidden rules on the form page.
func asForm(err error) error { return common.AsFormError(err) }

// attestationPage is what people/hours_attestation shows: the period
// form and, unless the period is wrong, the attestation.
type attestationPage struct {
	Attestation *Attestation
	Period      string // the period in words
	Filter      PeriodFilter
	Action, PDF string
}

// attestation builds the attestation of period p, or answers the error.
func (h *Handlers) attestation(w http.ResponseWriter, r *http.Request, orgID, userID string, p Period) (*Attestation, bool) {
	a, err := h.svc.Attestation(r.Context(), web.UserFrom(r), orgID, userID, p)
	if err != nil {
		h.site.Error(w, r, err)
		return nil, false
	}
	return a, true
}

// renderAttestation shows the page of an attestation at path. A wrong
// period is answered with its messages (status 422) and no attestation:
// one of every hour would state something not asked for.
func (h *Handlers) renderAttestation(w http.ResponseWriter, r *http.Request, path, orgID, userID string) {
	t := func(key string, args ...any) string { return h.site.T(r, key, args...) }
	page := attestationPage{Action: path, PDF: pdfLink(path+".pdf", r), Filter: periodFilter(r, nil)}
	p, err := queryPeriod(r)
	if err != nil {
		page.Filter.Errors = h.messages(r, err)
		h.site.RenderForm(w, r, "people/hours_attestation", page, web.NewForm(r.URL.Query()), err)
		return
	}
	if a, ok := h.attestation(w, r, orgID, userID, p); ok {
		page.Attestation, page.Period = a, p.Text(t)
		h.site.Render(w, r, "people/hours_attestation", page)
	}
}

func (h *Handlers) myAttestation(w http.ResponseWriter, r *http.Request) {
	h.renderAttestation(w, r, "/volontariato/attestato", "", web.UserFrom(r).ID)
}

func (h *Handlers) orgAttestation(w http.ResponseWriter, r *http.Request) {
	orgID, uid := r.PathValue("id"), r.PathValue("uid")
	h.renderAttestation(w, r, "/ente/"+orgID+"/ore/persone/"+uid+"/attestato", orgID, uid)
}

func pdfLink(path string, r *http.Request) string {
	if r.URL.RawQuery != "" {
		return path + "?" + r.URL.RawQuery
	}
	return path
}

func (h *Handlers) myAttestationPDF(w http.ResponseWriter, r *http.Request) {
	h.pdf(w, r, "", web.UserFrom(r).ID)
}

func (h *Handlers) orgAttestationPDF(w http.ResponseWriter, r *http.Request) {
	h.pdf(w, r, r.PathValue("id"), r.PathValue("uid"))
}

// pdf answers with the attestation as PDF, or a wrong period's message.
func (h *Handlers) pdf(w http.ResponseWriter, r *http.Request, orgID, userID string) {
	p, err := queryPeriod(r)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	if a, ok := h.attestation(w, r, orgID, userID, p); ok {
		h.writePDF(w, r, a)
	}
}

func (h *Handlers) writePDF(w http.ResponseWriter, r *http.Request, a *Attestation) {
	t := func(key string, args ...any) string { return h.site.T(r, key, args...) }
	words := Words{Title: t("people.attestation.title"), Intro: t("people.attestation.intro", a.Person, a.Total.String()),
		Org: t("people.attestation.org"), Month: t("people.attestation.month"), Hours: t("people.attestation.hours"),
		Total: t("people.attestation.total"), Issued: t("people.attestation.issued"), Sign: t("people.attestation.sign"),
		MonthFmt: func(m string) string { return monthName(t, m) }, DateFmt: func(x time.Time) string { return dateName(t, x) }}
	if a.Issuer != "" {
		words.Issuer = t("people.attestation.issuer", a.Issuer)
	}
	words.Period = a.Period.Text(t)
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="attestato-ore.pdf"`)
	if err := a.WritePDF(w, words); err != nil {
		h.site.Error(w, r, err)
	}
}

// monthName writes "2026-11" as "novembre 2026".
func monthName(t func(string, ...any) string, m string) string {
	y, mm, ok := strings.Cut(m, "-")
	n, err := strconv.Atoi(mm)
	if !ok || err != nil {
		return m
	}
	return t("date.month."+strconv.Itoa(n)) + " " + y
}

// dateName writes a date as "22 novembre 2026".
func dateName(t func(string, ...any) string, x time.Time) string {
	x = x.In(web.Rome)
	return strconv.Itoa(x.Day()) + " " + t("date.month."+strconv.Itoa(int(x.Month()))) + " " + strconv.Itoa(x.Year())
}

// MonthName is monthName for templates.
func (a *Attestation) MonthName(v *web.View, m string) string { return monthName(v.T, m) }
