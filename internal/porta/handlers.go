package porta

import (
	"context"
	"embed"
	"io/fs"
	"net/http"
	"strings"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/ratelimit"
	"github.com/trama-welfare/trama/internal/platform/web"
)

//go:embed templates/*.html
var templates embed.FS

// Templates are this package's pages.
func Templates() fs.FS { sub, _ := fs.Sub(templates, "templates"); return sub }

// Handlers serve the porta's pages.
type Handlers struct {
	site       *web.Site
	porta      *Porta
	limiter    *ratelimit.Limiter
	trustProxy bool
}

// NewHandlers wires the handlers.
func NewHandlers(site *web.Site, p *Porta, l *ratelimit.Limiter, trustProxy bool) *Handlers {
	return &Handlers{site: site, porta: p, limiter: l, trustProxy: trustProxy}
}

// Routes registers the pages.
func (h *Handlers) Routes(r *web.Router) {
	// Citizens: ask for help, follow the request.
	r.Handle("GET /chiedi-aiuto", auth.Public, h.askForm)
	r.Handle("POST /chiedi-aiuto", auth.Public, h.askReview)
	r.Handle("POST /chiedi-aiuto/invia", auth.Public, h.askSubmit)
	r.Handle("GET /chiedi-aiuto/ricevuta", auth.Public, h.askReceipt)
	r.Handle("GET /chiedi-aiuto/segui", auth.Public, h.followForm)
	r.Handle("POST /chiedi-aiuto/segui", auth.Public, h.follow)
	r.Handle("POST /chiedi-aiuto/segui/ritira", auth.Public, h.followWithdraw)

	// Sentinels and desks.
	r.Handle("GET /segnalazioni", ActionSignal, h.signals)
	r.Handle("GET /segnalazioni/nuova", ActionSignal, h.signalForm)
	r.Handle("POST /segnalazioni/nuova", ActionSignal, h.signalSubmit)
	r.Handle("GET /sportello", ActionDesk, h.desk)
	r.Handle("GET /sportello/nuovo", ActionDesk, h.deskForm)
	r.Handle("POST /sportello/nuovo", ActionDesk, h.deskSubmit)

	// Coordination: triage, cases, persons, referrals.
	r.Handle("GET /coordinamento/porta", ActionTriage, h.queue)
	r.Handle("GET /coordinamento/porta/richieste/{id}", ActionTriage, h.need)
	r.Handle("POST /coordinamento/porta/richieste/{id}/assegna", ActionTriage, h.assign)
	r.Handle("POST /coordinamento/porta/richieste/{id}/unisci", ActionTriage, h.merge)
	r.Handle("POST /coordinamento/porta/richieste/{id}/non-pertinente", ActionTriage, h.notPertinent)
	r.Handle("POST /coordinamento/porta/richieste/{id}/modifica", ActionTriage, h.editNeed)
	r.Handle("GET /coordinamento/porta/casi", ActionTriage, h.cases)
	r.Handle("GET /coordinamento/porta/casi/{id}", ActionTriage, h.caseView)
	r.Handle("POST /coordinamento/porta/casi/{id}/note", ActionTriage, h.addNote)
	r.Handle("POST /coordinamento/porta/casi/{id}/invii", ActionTriage, h.refer)
	r.Handle("POST /coordinamento/porta/casi/{id}/chiudi", ActionTriage, h.closeCase)
	r.Handle("POST /coordinamento/porta/casi/{id}/avvisi/{nid}", ActionTriage, h.noticeDone)
	r.Handle("POST /coordinamento/porta/casi/{id}/accompagnatori", ActionTriage, h.assignHelper)
	r.Handle("POST /coordinamento/porta/casi/{id}/accompagnatori/{aid}/fine", ActionTriage, h.endHelper)
	r.Handle("POST /coordinamento/porta/invii/{id}/stato", ActionTriage, h.updateReferral)
	r.Handle("GET /coordinamento/porta/persone/{id}", ActionTriage, h.person)
	r.Handle("POST /coordinamento/porta/persone/{id}", ActionTriage, h.savePerson)
	r.Handle("POST /coordinamento/porta/persone/{id}/consensi", ActionTriage, h.addConsent)
	r.Handle("POST /coordinamento/porta/persone/{id}/consensi/ritira", ActionTriage, h.withdrawConsent)
	r.Handle("GET /coordinamento/porta/persone/{id}/esporta", ActionTriage, h.export)
	r.Handle("POST /coordinamento/porta/persone/{id}/cancella", ActionTriage, h.erase)

	// Natural helpers: the cases they accompany.
	r.Handle("GET /accompagnamenti", ActionAccompany, h.accompaniments)
	r.Handle("GET /accompagnamenti/{id}", ActionAccompany, h.accompaniment)

	// Organizations: referrals received.
	r.Handle("GET /invii", ActionInbox, h.inbox)
	r.Handle("GET /invii/{id}", ActionInbox, h.received)
	r.Handle("POST /invii/{id}/stato", ActionInbox, h.answer)
}

// labels shows stored codes in the request's language.
type labels struct {
	ctx  context.Context
	lang string
	p    *Porta
}

func (h *Handlers) labels(r *http.Request) labels {
	return labels{ctx: r.Context(), lang: web.LangFrom(r), p: h.porta}
}

// Term is the label of a taxonomy term.
func (l labels) Term(code string) string {
	if t, ok := l.p.dir.Tax.ByCode(l.ctx, code); ok {
		return t.Label(l.lang)
	}
	return code
}

// Terms joins the labels of codes.
func (l labels) Terms(codes []string) string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = l.Term(c)
	}
	return strings.Join(out, ", ")
}

// Comune is the name of a comune with its province.
func (l labels) Comune(istat string) string {
	if c, ok, _ := l.p.geo.Comune(l.ctx, istat); ok {
		return c.Label()
	}
	return istat
}

// Tree is the service categories, top level with children.
func (l labels) Tree() []directory.Term {
	t, _ := l.p.dir.Tax.Tree(l.ctx, directory.TaxServices)
	return t
}

// Languages are the choices of the language select: code, label key.
func (l labels) Languages() [][]string {
	out := make([][]string, len(Languages))
	for i, c := range Languages {
		out[i] = []string{c, "lang." + c}
	}
	return out
}

// comuneGroup is an optgroup of the comune select: a territory's comuni.
type comuneGroup struct {
	Territory string
	Comuni    [][]string // istat, label
}

// servedComuni lists the comuni of every territory (the only ones the
// porta can take requests for), or of one territory.
func (h *Handlers) servedComuni(ctx context.Context, territoryID string) ([]comuneGroup, error) {
	list, err := h.porta.territories.List(ctx)
	if err != nil {
		return nil, err
	}
	var out []comuneGroup
	for _, t := range list {
		if territoryID != "" && t.ID != territoryID {
			continue
		}
		codes, err := h.porta.territories.ComuniCodes(ctx, t.ID)
		if err != nil {
			return nil, err
		}
		comuni, err := h.porta.geo.ByCodes(ctx, codes)
		if err != nil {
			return nil, err
		}
		g := comuneGroup{Territory: t.Name}
		for _, c := range comuni {
			g.Comuni = append(g.Comuni, []string{c.ISTAT, c.Label()})
		}
		if len(g.Comuni) > 0 {
			out = append(out, g)
		}
	}
	return out, nil
}

// asInvalid shows conflicts (something changed meanwhile, a rule that
// stops the action) on the form, so that what was typed is not lost.
func asInvalid(err error) error {
	if e, ok := errs.As(err); ok && e.Code == errs.Conflict {
		return &errs.Error{Code: errs.Invalid, Key: e.Key, Args: e.Args}
	}
	return err
}

// renderForm shows a form again with what was typed and the messages.
func (h *Handlers) renderForm(w http.ResponseWriter, r *http.Request, page string, data any, err error) {
	h.site.RenderForm(w, r, page, data, web.NewForm(r.PostForm), asInvalid(err))
}

// done redirects after a form that worked, or shows its page again (again)
// with the messages next to the fields and what was typed.
func (h *Handlers) done(w http.ResponseWriter, r *http.Request, err error, to, flash string, again func(http.ResponseWriter, *http.Request, *web.Form, error)) {
	switch {
	case err == nil:
		h.site.Redirect(w, r, to, flash)
	case errs.Is(err, errs.Invalid) || errs.Is(err, errs.Conflict):
		again(w, r, web.NewForm(r.PostForm), asInvalid(err))
	default:
		h.site.Error(w, r, err)
	}
}

// back redirects to a page of the site named by the form's "return", or to
// fallback.
func back(r *http.Request, fallback string) string {
	return web.LocalPath(r.PostForm.Get("return"), fallback)
}

// confirmed tells whether the confirmation checkbox of a form that cannot
// be undone is ticked; if not, it shows the page again with the message.
func (h *Handlers) confirmed(w http.ResponseWriter, r *http.Request, field, key string, again func(http.ResponseWriter, *http.Request, *web.Form, error)) bool {
	if r.PostForm.Get(field) == "on" {
		return true
	}
	var f errs.Fields
	f.Add(field, key)
	again(w, r, web.NewForm(r.PostForm), f.Err())
	return false
}
