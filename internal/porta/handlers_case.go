package porta

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/trama-welfare/trama/internal/platform/web"
)

// casePage is what porta/case shows.
type casePage struct {
	labels
	*CaseView
	Need        *Need // the need the suggestions are for
	Suggestions []Suggestion
	Results     []Suggestion // a search of the directory
	Query       string
	Category    string
	Searched    bool
}

// HelperChoices are the natural helpers who may be assigned (id, name).
func (p casePage) HelperChoices() [][]string {
	var out [][]string
	for _, h := range p.Eligible {
		out = append(out, []string{h.ID, h.Name})
	}
	return out
}

// Moves lists what a coordinator may do with a referral.
func (casePage) Moves(r *Referral) []string { return CoordinatorMoves(r) }

func (h *Handlers) casePage(w http.ResponseWriter, r *http.Request, form *web.Form, formErr error) {
	ctx, u := r.Context(), web.UserFrom(r)
	v, err := h.porta.OpenCase(ctx, u, r.PathValue("id"))
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	q := r.URL.Query()
	p := casePage{labels: h.labels(r), CaseView: v, Query: q.Get("q"), Category: q.Get("categoria")}
	want := q.Get("bisogno")
	if form != nil && form.Get("need_id") != "" {
		want = form.Get("need_id")
	}
	for _, n := range v.OpenNeeds() {
		if p.Need == nil || n.ID == want {
			p.Need = n
		}
	}
	if p.Need != nil && v.Active() {
		if p.Suggestions, err = h.porta.Suggest(ctx, u, v, p.Need); err != nil {
			h.site.Error(w, r, err)
			return
		}
		if q.Has("q") || q.Has("categoria") {
			p.Searched = true
			if p.Results, err = h.porta.Search(ctx, u, v, p.Need, p.Query, p.Category); err != nil {
				h.site.Error(w, r, err)
				return
			}
		}
	}
	h.explain(r, p.Suggestions)
	h.explain(r, p.Results)
	if form == nil {
		form = web.NewForm(nil)
	}
	h.site.RenderForm(w, r, "porta/case", p, form, formErr)
}

func (h *Handlers) caseView(w http.ResponseWriter, r *http.Request) { h.casePage(w, r, nil, nil) }

// caseDone returns to the case page, or shows it again with the messages.
func (h *Handlers) caseDone(w http.ResponseWriter, r *http.Request, err error, flash string) {
	h.done(w, r, err, back(r, "/coordinamento/porta/casi/"+r.PathValue("id")), flash, h.casePage)
}

func (h *Handlers) addNote(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	err := h.porta.AddNote(r.Context(), web.UserFrom(r), r.PathValue("id"), r.PostForm.Get("kind"), r.PostForm.Get("body"))
	h.caseDone(w, r, err, "porta.flash.note_added")
}

func (h *Handlers) refer(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	_, err := h.porta.Refer(r.Context(), web.UserFrom(r), r.PathValue("id"), r.PostForm.Get("need_id"),
		r.PostForm["service"], r.PostForm.Get("message"))
	h.caseDone(w, r, err, "porta.flash.referred")
}

func (h *Handlers) closeCase(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	err := h.porta.CloseCase(r.Context(), web.UserFrom(r), r.PathValue("id"), r.PostForm.Get("outcome"), r.PostForm.Get("note"))
	h.caseDone(w, r, err, "porta.flash.closed")
}

func (h *Handlers) noticeDone(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	err := h.porta.NoticeDone(r.Context(), web.UserFrom(r), r.PathValue("id"), r.PathValue("nid"))
	h.caseDone(w, r, err, "porta.flash.notice_done")
}

func moveFrom(r *http.Request) Move {
	v := r.PostForm
	return Move{To: v.Get("to"), Outcome: v.Get("outcome"), Reason: v.Get("reason"), Note: v.Get("note")}
}

// updateReferral moves a referral on behalf of a coordinator, then goes
// back to its case.
func (h *Handlers) updateReferral(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	ref, err := h.porta.Update(r.Context(), web.UserFrom(r), r.PathValue("id"), moveFrom(r))
	if ref == nil {
		h.site.Error(w, r, err)
		return
	}
	r.SetPathValue("id", ref.CaseID)
	h.caseDone(w, r, err, "porta.flash.referral_updated")
}

// explain writes each reason of the suggestions as a sentence in the
// reader's language; codes among the arguments become words.
func (h *Handlers) explain(r *http.Request, list []Suggestion) {
	l := h.labels(r)
	for i := range list {
		for j := range list[i].Reasons {
			rs := &list[i].Reasons[j]
			args := slices.Clone(rs.Args)
			switch rs.Key {
			case "porta.match.category", "porta.match.category_near", "porta.match.group", "porta.match.group_other":
				args[0] = l.Term(fmt.Sprint(args[0]))
			case "porta.match.language", "porta.match.no_language":
				args[0] = h.site.T(r, "lang."+fmt.Sprint(args[0]))
			case "porta.match.schedule", "porta.match.schedule_day":
				args[0] = h.site.T(r, "porta.day_long."+fmt.Sprint(args[0]))
				if len(args) > 1 {
					args[1] = h.site.T(r, "porta.part_in."+fmt.Sprint(args[1]))
				}
			}
			rs.Text = h.site.T(r, rs.Key, args...)
		}
	}
}

func (h *Handlers) assignHelper(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	err := h.porta.AssignHelper(r.Context(), web.UserFrom(r), r.PathValue("id"), r.PostForm.Get("helper_id"))
	h.caseDone(w, r, err, "porta.flash.helper_assigned")
}

func (h *Handlers) endHelper(w http.ResponseWriter, r *http.Request) {
	err := h.porta.EndHelper(r.Context(), web.UserFrom(r), r.PathValue("id"), r.PathValue("aid"))
	h.caseDone(w, r, err, "porta.flash.helper_ended")
}

// accompanyPage is what porta/accompany shows: one case, or the list.
type accompanyPage struct {
	labels
	List []*Accompaniment
	One  *Accompaniment
}

func (h *Handlers) accompaniments(w http.ResponseWriter, r *http.Request) {
	list, err := h.porta.Accompaniments(r.Context(), web.UserFrom(r))
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.Render(w, r, "porta/accompany", accompanyPage{labels: h.labels(r), List: list})
}

func (h *Handlers) accompaniment(w http.ResponseWriter, r *http.Request) {
	one, err := h.porta.OpenAccompaniment(r.Context(), web.UserFrom(r), r.PathValue("id"))
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.Render(w, r, "porta/accompany", accompanyPage{labels: h.labels(r), One: one})
}
