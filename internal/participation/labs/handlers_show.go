package labs

import (
	"net/http"
	"strings"
	"time"

	"github.com/trama-welfare/trama/internal/participation/kit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/web"
)

// showPage is what labs/show shows.
type showPage struct {
	Lab          *Lab
	Phases       []string
	Problems     []*Post
	Proposals    []*Post
	Outcomes     []*Outcome
	Events       []labEvent
	Facilitator  bool
	Coordinator  bool   // may hide the lab or show it again
	CanPost      string // kind the visitor may post now, or ""
	States       []string
	Honeypot     string
	OpenProposal []*Post
}

type labEvent struct {
	ID, Title string
	StartsAt  time.Time
}

func (s *Labs) showData(r *http.Request, l *Lab) (showPage, error) {
	ctx, u := r.Context(), web.UserFrom(r)
	p := showPage{Lab: l, Phases: Phases, Facilitator: s.CanFacilitate(u, l) == nil, States: OutcomeStates,
		Honeypot: kit.HoneypotField, Coordinator: kit.Coordinates(u, l.TerritoryID)}
	var err error
	if p.Problems, err = s.Posts(ctx, l.ID, KindProblem); err != nil {
		return p, err
	}
	if p.Proposals, err = s.Posts(ctx, l.ID, KindProposal); err != nil {
		return p, err
	}
	for _, pr := range p.Proposals {
		if pr.State != StateMerged && !pr.Hidden() {
			p.OpenProposal = append(p.OpenProposal, pr)
		}
	}
	if p.Outcomes, err = s.Outcomes(ctx, l.ID); err != nil {
		return p, err
	}
	for _, kind := range []string{KindProblem, KindProposal} {
		if l.Accepts(kind) && !l.Hidden() {
			p.CanPost = kind
		}
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT id, title, starts_at FROM events WHERE lab_id = $1 AND status <> 'draft'
		ORDER BY starts_at`, l.ID)
	if err != nil {
		return p, err
	}
	defer rows.Close()
	for rows.Next() {
		var e labEvent
		if err := rows.Scan(&e.ID, &e.Title, &e.StartsAt); err != nil {
			return p, err
		}
		p.Events = append(p.Events, e)
	}
	return p, rows.Err()
}

// visibleLab loads the lab of the address for its visitor: a hidden lab
// is NotFound but for those who run it.
func (s *Labs) visibleLab(r *http.Request) (*Lab, error) {
	l, err := s.Lab(r.Context(), r.PathValue("id"))
	if err == nil && l.Hidden() {
		err = s.CanFacilitate(web.UserFrom(r), l)
	}
	return l, err
}

func (s *Labs) show(w http.ResponseWriter, r *http.Request) {
	l, err := s.visibleLab(r)
	if err != nil {
		s.Site.Error(w, r, err)
		return
	}
	data, err := s.showData(r, l)
	if err != nil {
		s.Site.Error(w, r, err)
		return
	}
	s.Site.RenderForm(w, r, "labs/show", data, web.NewForm(nil), nil)
}

func (s *Labs) contribute(w http.ResponseWriter, r *http.Request) {
	if !s.Site.ParseForm(w, r) {
		return
	}
	l, err := s.visibleLab(r)
	if err != nil {
		s.Site.Error(w, r, err)
		return
	}
	u := web.UserFrom(r)
	if err := s.CheckSpam(r, "lab:"+u.ID); err != nil {
		s.errorOn(w, r, l, nil, err)
		return
	}
	p, err := s.Contribute(r.Context(), u, l, r.PostForm.Get("title"), r.PostForm.Get("body"))
	if err != nil {
		s.errorOn(w, r, l, nil, err)
		return
	}
	s.Site.Redirect(w, r, "/laboratori/"+l.ID+"/contributi/"+p.ID, "participation.labs.flash.posted")
}

// postPage is what labs/post shows.
type postPage struct {
	Lab         *Lab
	Post        *Post
	Comments    []Comment
	Facilitator bool
	Others      []*Post // proposals it could be merged into
	MergedInto  *Post
	CanSupport  bool
	Honeypot    string
}

func (s *Labs) postData(r *http.Request, l *Lab, p *Post) (postPage, error) {
	ctx := r.Context()
	d := postPage{Lab: l, Post: p, Facilitator: s.CanFacilitate(web.UserFrom(r), l) == nil, Honeypot: kit.HoneypotField,
		CanSupport: p.Kind == KindProposal && l.Discussing() && !p.Hidden() && p.State == StateOpen}
	var err error
	if d.Comments, err = s.Comments(ctx, p.ID); err != nil {
		return d, err
	}
	if p.MergedInto != "" {
		d.MergedInto, _ = s.Post(ctx, l.ID, p.MergedInto)
	}
	if d.Facilitator {
		all, err := s.Posts(ctx, l.ID, p.Kind)
		if err != nil {
			return d, err
		}
		for _, o := range all {
			if o.ID != p.ID && o.State != StateMerged {
				d.Others = append(d.Others, o)
			}
		}
	}
	return d, nil
}

// loadPost loads the lab and the post of the request.
func (s *Labs) loadPost(w http.ResponseWriter, r *http.Request) (*Lab, *Post, bool) {
	l, err := s.visibleLab(r)
	var p *Post
	if err == nil {
		p, err = s.Post(r.Context(), l.ID, r.PathValue("pid"))
	}
	if err != nil {
		s.Site.Error(w, r, err)
		return nil, nil, false
	}
	return l, p, true
}

func (s *Labs) post(w http.ResponseWriter, r *http.Request) {
	l, p, ok := s.loadPost(w, r)
	if !ok {
		return
	}
	data, err := s.postData(r, l, p)
	if err != nil {
		s.Site.Error(w, r, err)
		return
	}
	s.Site.RenderForm(w, r, "labs/post", data, web.NewForm(nil), nil)
}

// onPost runs a form's action on the post of the request: do returns
// where to go next; its errors show on the post's page with the input kept.
func (s *Labs) onPost(w http.ResponseWriter, r *http.Request, flash string, do func(u *auth.User, l *Lab, p *Post) (string, error)) {
	if !s.Site.ParseForm(w, r) {
		return
	}
	l, p, ok := s.loadPost(w, r)
	if !ok {
		return
	}
	next, err := do(web.UserFrom(r), l, p)
	if err != nil {
		s.errorOn(w, r, l, p, err)
		return
	}
	s.Site.Redirect(w, r, next, flash)
}

func postURL(l *Lab, p *Post) string { return "/laboratori/" + l.ID + "/contributi/" + p.ID }

func (s *Labs) comment(w http.ResponseWriter, r *http.Request) {
	s.onPost(w, r, "participation.labs.flash.commented", func(u *auth.User, l *Lab, p *Post) (string, error) {
		if err := s.CheckSpam(r, "lab:"+u.ID); err != nil {
			return "", err
		}
		return postURL(l, p), s.Comment(r.Context(), u, l, p, r.PostForm.Get("comment"))
	})
}

func (s *Labs) hide(w http.ResponseWriter, r *http.Request) {
	s.onPost(w, r, "participation.labs.flash.moderated", func(u *auth.User, l *Lab, p *Post) (string, error) {
		return postURL(l, p), s.Hide(r.Context(), u, l, p, r.PostForm.Get("hide") == "1", r.PostForm.Get("reason"))
	})
}

func (s *Labs) merge(w http.ResponseWriter, r *http.Request) {
	s.onPost(w, r, "participation.labs.flash.merged", func(u *auth.User, l *Lab, p *Post) (string, error) {
		into := r.PostForm.Get("into")
		return "/laboratori/" + l.ID + "/contributi/" + into, s.Merge(r.Context(), u, l, p, into)
	})
}

func (s *Labs) answer(w http.ResponseWriter, r *http.Request) {
	s.onPost(w, r, "participation.labs.flash.answered", func(u *auth.User, l *Lab, p *Post) (string, error) {
		return postURL(l, p), s.SetAnswer(r.Context(), u, l, p, r.PostForm.Get("answer"))
	})
}

func (s *Labs) support(w http.ResponseWriter, r *http.Request) {
	if !s.Site.ParseForm(w, r) {
		return
	}
	l, p, ok := s.loadPost(w, r)
	if !ok {
		return
	}
	here := "/laboratori/" + l.ID + "/contributi/" + p.ID
	u := web.UserFrom(r)
	err := s.CheckSpam(r, "support")
	var result string
	if err == nil {
		result, err = s.Support(r.Context(), l, p, u, r.PostForm.Get("email"), web.LangFrom(r))
	}
	switch {
	case err == ErrAlreadySupported:
		web.SetFlash(w, "participation.labs.flash.already_supported", "info")
		http.Redirect(w, r, here, http.StatusSeeOther)
	case err != nil:
		s.errorOn(w, r, l, p, err)
	case result == Pending:
		s.Site.Redirect(w, r, here, "participation.labs.flash.support_pending")
	default:
		s.Site.Redirect(w, r, here, "participation.labs.flash.supported")
	}
}

func (s *Labs) hideComment(w http.ResponseWriter, r *http.Request) {
	if !s.Site.ParseForm(w, r) {
		return
	}
	l, ok := s.facilitated(w, r)
	if !ok {
		return
	}
	postID, err := s.HideComment(r.Context(), web.UserFrom(r), l, r.PathValue("cid"), r.PostForm.Get("reason"))
	if err != nil {
		s.Site.Error(w, r, err)
		return
	}
	s.Site.Redirect(w, r, "/laboratori/"+l.ID+"/contributi/"+postID, "participation.labs.flash.moderated")
}

func (s *Labs) outcome(w http.ResponseWriter, r *http.Request) {
	if !s.Site.ParseForm(w, r) {
		return
	}
	l, ok := s.facilitated(w, r)
	if !ok {
		return
	}
	o := &Outcome{Title: r.PostForm.Get("outcome_title"), Body: r.PostForm.Get("outcome_body"),
		State: r.PostForm.Get("outcome_state"), Reason: r.PostForm.Get("outcome_reason")}
	if err := s.PublishOutcome(r.Context(), web.UserFrom(r), l, o, r.PostForm["outcome_posts"]); err != nil {
		s.errorOn(w, r, l, nil, err)
		return
	}
	s.Site.Redirect(w, r, "/laboratori/"+l.ID+"#esiti", "participation.labs.flash.outcome")
}

func (s *Labs) outcomeState(w http.ResponseWriter, r *http.Request) {
	if !s.Site.ParseForm(w, r) {
		return
	}
	l, ok := s.facilitated(w, r)
	if !ok {
		return
	}
	err := s.UpdateOutcome(r.Context(), web.UserFrom(r), l, r.PathValue("oid"), r.PostForm.Get("state"), r.PostForm.Get("reason"))
	if err != nil {
		if e, ok := errs.As(err); ok && e.Code == errs.Invalid {
			s.errorOn(w, r, l, nil, err)
			return
		}
		s.Site.Error(w, r, err)
		return
	}
	s.Site.Redirect(w, r, "/laboratori/"+l.ID+"#esiti", "participation.labs.flash.outcome")
}

// supportPage is what labs/support shows: the button that confirms a
// support by e-mail (a POST, so mail scanners opening links confirm
// nothing).
type supportPage struct {
	Lab   *Lab
	Post  *Post
	Token string
}

func (s *Labs) supportPage(w http.ResponseWriter, r *http.Request) {
	token := strings.TrimSpace(r.PathValue("token"))
	l, p, err := s.PendingSupport(r.Context(), token)
	if err != nil {
		s.Site.Error(w, r, err)
		return
	}
	w.Header().Set("Referrer-Policy", "no-referrer")
	s.Site.Render(w, r, "labs/support", supportPage{Lab: l, Post: p, Token: token})
}

func (s *Labs) confirmSupport(w http.ResponseWriter, r *http.Request) {
	l, p, err := s.ConfirmSupport(r.Context(), r.PathValue("token"))
	if err != nil {
		s.Site.Error(w, r, err)
		return
	}
	s.Site.Redirect(w, r, "/laboratori/"+l.ID+"/contributi/"+p.ID, "participation.labs.flash.supported")
}

func (s *Labs) hideLab(w http.ResponseWriter, r *http.Request) {
	if !s.Site.ParseForm(w, r) {
		return
	}
	l, err := s.Lab(r.Context(), r.PathValue("id"))
	if err != nil {
		s.Site.Error(w, r, err)
		return
	}
	hide := r.PostForm.Get("hide") == "1"
	if err := s.SetHidden(r.Context(), web.UserFrom(r), l, hide, r.PostForm.Get("lab_reason")); err != nil {
		s.errorOn(w, r, l, nil, err)
		return
	}
	flash := "participation.labs.flash.lab_shown"
	if hide {
		flash = "participation.labs.flash.lab_hidden"
	}
	s.Site.Redirect(w, r, "/laboratori/"+l.ID, flash)
}
