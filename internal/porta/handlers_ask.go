package porta

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/web"
)

// PublicCategories are the top-level categories the public form offers,
// each in plain words (porta.category.<code>).
var PublicCategories = []string{"BEN", "CASA", "LAV", "EDU", "FAM", "SAL", "ANZ", "DIS", "MIG", "ASC"}

// Flood protection of the public form: real people send a request or two;
// a connection shared by a library or a desk may send a few more.
const (
	askPerHour    = 10
	askPerDay     = 30
	followPerHr   = 30
	honeypot      = "sito_web" // a field people never see nor fill
	receiptCookie = "trama_porta_receipt"
)

// askPage is what porta/ask_form and porta/ask_review show.
type askPage struct {
	labels
	Categories []string
	Comuni     []comuneGroup
	Retention  int
	Review     *Intake
	Hidden     [][2]string // what was typed, carried through the consent step
}

func (h *Handlers) askData(r *http.Request) (*askPage, error) {
	comuni, err := h.servedComuni(r.Context(), "")
	return &askPage{labels: h.labels(r), Categories: PublicCategories, Comuni: comuni,
		Retention: h.porta.cfg.RetentionMonths}, err
}

func (h *Handlers) askForm(w http.ResponseWriter, r *http.Request) {
	p, err := h.askData(r)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	v := url.Values{}
	if u := web.UserFrom(r); u != nil {
		first, _, _ := strings.Cut(u.Name, " ")
		v.Set("first_name", first)
		v.Set("email", u.Email)
	}
	h.site.RenderForm(w, r, "porta/ask_form", p, web.NewForm(v), nil)
}

// onlyConsent drops the consent messages (the first step has no consent).
func onlyConsent(f errs.Fields) (rest errs.Fields, consent bool) {
	for k, v := range f {
		if k == "consent" || k == "consent_method" {
			consent = true
			continue
		}
		rest.Add(k, v.Key, v.Args...)
	}
	return rest, consent
}

// askPost reads a post of the public form; it answers itself bad
// encodings and bots (the honeypot).
func (h *Handlers) askPost(w http.ResponseWriter, r *http.Request) (*askPage, bool) {
	if !h.site.ParseForm(w, r) || h.trapped(w, r) {
		return nil, false
	}
	return h.askPage(w, r)
}

// askPage reads what the form shows, answering errors itself.
func (h *Handlers) askPage(w http.ResponseWriter, r *http.Request) (*askPage, bool) {
	p, err := h.askData(r)
	if err != nil {
		h.site.Error(w, r, err)
		return nil, false
	}
	return p, true
}

// askReview checks the first step and shows the consent step, carrying
// what was typed in hidden fields ("edit" goes back to the form).
func (h *Handlers) askReview(w http.ResponseWriter, r *http.Request) {
	p, ok := h.askPost(w, r)
	if !ok {
		return
	}
	if r.PostForm.Has("edit") {
		h.site.RenderForm(w, r, "porta/ask_form", p, web.NewForm(r.PostForm), nil)
		return
	}
	in, fields := ReadIntake(r.PostForm, SourceWeb, time.Now())
	if rest, _ := onlyConsent(fields); len(rest) > 0 {
		h.site.RenderForm(w, r, "porta/ask_form", p, web.NewForm(r.PostForm), rest.Err())
		return
	}
	h.renderReview(w, r, p, &in, nil, http.StatusOK)
}

func (h *Handlers) renderReview(w http.ResponseWriter, r *http.Request, p *askPage, in *Intake, formErr *errs.Error, status int) {
	p.Review = in
	keys := make([]string, 0, len(r.PostForm))
	for k := range r.PostForm {
		if k != "consent" && k != "consent_referrals" && k != "edit" && k != honeypot {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, v := range r.PostForm[k] {
			p.Hidden = append(p.Hidden, [2]string{k, v})
		}
	}
	form := web.NewForm(r.PostForm)
	if formErr != nil {
		form.Errors = formErr.Fields
		if formErr.Key != "errors.invalid_form" {
			form.Errors.Add("_form", formErr.Key, formErr.Args...)
		}
	}
	v := h.site.View(w, r, p)
	v.Form = form
	h.site.Renderer.Execute(w, status, "porta/ask_review", v)
}

// trapped answers a form whose honeypot was filled (a bot) as if it had
// worked, without storing anything.
func (h *Handlers) trapped(w http.ResponseWriter, r *http.Request) bool {
	if r.PostForm.Get(honeypot) == "" {
		return false
	}
	slog.Warn("porta: honeypot filled, request dropped", "ip", web.ClientIP(r, h.trustProxy))
	http.Redirect(w, r, "/chiedi-aiuto/ricevuta", http.StatusSeeOther)
	return true
}

// allow counts a hit against the flood limits of a client.
func (h *Handlers) allow(r *http.Request, name string, limits ...limit) bool {
	ip := web.ClientIP(r, h.trustProxy)
	for _, l := range limits {
		ok, err := h.limiter.Allow(r.Context(), fmt.Sprintf("porta-%s-%s:%s", name, l.per, ip), l.n, l.per)
		if err != nil {
			slog.Error("porta: rate limit", "err", err)
			continue // a broken counter must not block people asking for help
		}
		if !ok {
			return false
		}
	}
	return true
}

// limit is a number of hits allowed per period.
type limit struct {
	n   int
	per time.Duration
}

func (h *Handlers) askSubmit(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) || h.trapped(w, r) {
		return
	}
	// What the form shows (every comune served: thousands in a national
	// installation) is read only when the form is shown again, not on the
	// way to the receipt.
	in, fields := ReadIntake(r.PostForm, SourceWeb, time.Now())
	in.Lang = web.LangFrom(r)
	showForm := func(err error) {
		if p, ok := h.askPage(w, r); ok {
			h.site.RenderForm(w, r, "porta/ask_form", p, web.NewForm(r.PostForm), err)
		}
	}
	showReview := func(e *errs.Error, status int) {
		if p, ok := h.askPage(w, r); ok {
			h.renderReview(w, r, p, &in, e, status)
		}
	}
	if rest, consent := onlyConsent(fields); len(rest) > 0 {
		showForm(rest.Err())
		return
	} else if consent {
		e, _ := errs.As(fields.Err())
		showReview(e, http.StatusUnprocessableEntity)
		return
	}
	if !h.allow(r, "ask", limit{askPerHour, time.Hour}, limit{askPerDay, 24 * time.Hour}) {
		showReview(errs.New(errs.TooMany, "porta.errors.too_many"), http.StatusTooManyRequests)
		return
	}
	_, code, err := h.porta.Ask(r.Context(), in, nil)
	if err != nil {
		if e, ok := errs.As(err); ok && e.Code == errs.Invalid {
			showForm(err)
			return
		}
		h.site.Error(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: receiptCookie, Value: code, Path: "/chiedi-aiuto", MaxAge: 15 * 60,
		HttpOnly: true, Secure: h.site.Config.SecureCookies, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/chiedi-aiuto/ricevuta", http.StatusSeeOther)
}

// askReceipt shows the receipt code just made (kept a quarter of an hour
// in a cookie of this browser, so a reload does not send the request
// twice nor lose the code).
func (h *Handlers) askReceipt(w http.ResponseWriter, r *http.Request) {
	code := ""
	if c, err := r.Cookie(receiptCookie); err == nil {
		code = NormalizeReceipt(c.Value)
	}
	h.site.Render(w, r, "porta/ask_receipt", code)
}

// followPage is what porta/follow shows.
type followPage struct {
	Code      string
	Followed  *Followed
	Withdrawn bool
}

func (h *Handlers) followForm(w http.ResponseWriter, r *http.Request) {
	h.site.RenderForm(w, r, "porta/follow", followPage{}, web.NewForm(nil), nil)
}

func (h *Handlers) lookup(w http.ResponseWriter, r *http.Request) (string, *Followed, bool) {
	if !h.site.ParseForm(w, r) {
		return "", nil, false
	}
	code := NormalizeReceipt(r.PostForm.Get("code"))
	if !h.allow(r, "follow", limit{followPerHr, time.Hour}) {
		h.site.ErrorStatus(w, r, http.StatusTooManyRequests, "porta.errors.too_many_lookups")
		return "", nil, false
	}
	var f *Followed
	var err error = errs.NotFoundErr()
	if code != "" {
		f, err = h.porta.Follow(r.Context(), code)
	}
	if errs.Is(err, errs.NotFound) {
		var fe errs.Fields
		fe.Add("code", "porta.errors.receipt_unknown")
		w.Header().Set("Cache-Control", "no-store")
		h.site.RenderForm(w, r, "porta/follow", followPage{}, web.NewForm(r.PostForm), fe.Err())
		return "", nil, false
	}
	if err != nil {
		h.site.Error(w, r, err)
		return "", nil, false
	}
	return code, f, true
}

func (h *Handlers) follow(w http.ResponseWriter, r *http.Request) {
	code, f, ok := h.lookup(w, r)
	if !ok {
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	h.site.RenderForm(w, r, "porta/follow", followPage{Code: code, Followed: f}, web.NewForm(nil), nil)
}

// followWithdraw withdraws consent with the receipt code, after an explicit
// confirmation.
func (h *Handlers) followWithdraw(w http.ResponseWriter, r *http.Request) {
	code, f, ok := h.lookup(w, r)
	if !ok {
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	if r.PostForm.Get("confirm") != "on" {
		var fe errs.Fields
		fe.Add("confirm", "porta.errors.confirm_withdraw")
		h.site.RenderForm(w, r, "porta/follow", followPage{Code: code, Followed: f}, web.NewForm(r.PostForm), fe.Err())
		return
	}
	if err := h.porta.WithdrawByReceipt(r.Context(), code); err != nil {
		h.site.Error(w, r, err)
		return
	}
	f, err := h.porta.Follow(r.Context(), code)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.RenderForm(w, r, "porta/follow", followPage{Code: code, Followed: f, Withdrawn: true}, web.NewForm(nil), nil)
}
