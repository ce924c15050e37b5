package bulletin

import (
	"context"
	"embed"
	"encoding/json"
	"io/fs"
	"net/http"
	"time"

	"github.com/trama-welfare/trama/internal/participation/kit"
	"github.com/trama-welfare/trama/internal/platform/web"
)

//go:embed templates/*.html
var templates embed.FS

// Templates are the bulletin's pages.
func Templates() fs.FS { sub, _ := fs.Sub(templates, "templates"); return sub }

// Routes registers the pages.
func (s *Bulletin) Routes(r *web.Router) {
	r.Handle("GET /bacheca", ActionUse, s.list)
	r.Handle("GET /bacheca/nuovo", ActionUse, s.newForm)
	r.Handle("POST /bacheca/nuovo", ActionUse, s.create)
	r.Handle("POST /bacheca/riepilogo", ActionUse, s.digest)
	r.Handle("GET /bacheca/{id}", ActionUse, s.show)
	r.Handle("POST /bacheca/{id}/messaggi", ActionUse, s.reply)
	r.Handle("POST /bacheca/{id}/chiudi", ActionUse, s.closePost)
}

// DigestJob is the handler of the weekly digest job.
func (s *Bulletin) DigestJob(ctx context.Context, _ json.RawMessage) error {
	_, err := s.Digest(ctx, time.Now())
	return err
}

func choices(prefix string, values []string) [][2]string {
	var out [][2]string
	for _, v := range values {
		out = append(out, [2]string{v, prefix + v})
	}
	return out
}

// listPage is what bulletin/list shows.
type listPage struct {
	Posts      []*Post
	Kinds      [][2]string
	Categories [][2]string
	Subscribed bool
}

func (s *Bulletin) list(w http.ResponseWriter, r *http.Request) {
	u, q := web.UserFrom(r), r.URL.Query()
	posts, err := s.List(r.Context(), u, q.Get("tipo"), q.Get("categoria"))
	if err != nil {
		s.Site.Error(w, r, err)
		return
	}
	s.Site.Render(w, r, "bulletin/list", listPage{Posts: posts, Kinds: choices("participation.bulletin.kind.", Kinds),
		Categories: choices("participation.bulletin.category.", Categories), Subscribed: s.Subscribed(r.Context(), u)})
}

// formPage is what bulletin/form shows.
type formPage struct {
	Orgs       [][2]string
	Kinds      [][2]string
	Categories [][2]string
}

func (s *Bulletin) renderForm(w http.ResponseWriter, r *http.Request, form *web.Form, err error) {
	orgs, oerr := s.OrgsOf(r.Context(), web.UserFrom(r))
	if oerr != nil {
		s.Site.Error(w, r, oerr)
		return
	}
	d := formPage{Kinds: choices("participation.bulletin.kind.", Kinds), Categories: choices("participation.bulletin.category.", Categories)}
	for _, o := range orgs {
		d.Orgs = append(d.Orgs, [2]string{o.ID, o.Name})
	}
	s.Site.RenderForm(w, r, "bulletin/form", d, form, err)
}

func (s *Bulletin) newForm(w http.ResponseWriter, r *http.Request) {
	form := web.NewForm(nil)
	form.Values.Set("expires_on", time.Now().In(web.Rome).AddDate(0, 1, 0).Format(time.DateOnly))
	s.renderForm(w, r, form, nil)
}

func (s *Bulletin) create(w http.ResponseWriter, r *http.Request) {
	if !s.Site.ParseForm(w, r) {
		return
	}
	f := r.PostForm
	p := &Post{OrganizationID: f.Get("organization_id"), Kind: f.Get("kind"), Category: f.Get("category"), Title: f.Get("title"),
		Body: f.Get("body"), ExpiresOn: f.Get("expires_on")}
	if err := s.Create(r.Context(), web.UserFrom(r), p); err != nil {
		s.renderForm(w, r, web.NewForm(f), err)
		return
	}
	s.Site.Redirect(w, r, "/bacheca/"+p.ID, "participation.bulletin.flash.created")
}

// showPage is what bulletin/show shows.
type showPage struct {
	Post     *Post
	Owner    bool
	Open     bool
	Threads  [][]Message
	MyOrgs   [][2]string // organizations u may answer from
	Honeypot string
}

func (s *Bulletin) showData(r *http.Request, p *Post) (showPage, error) {
	ctx, u := r.Context(), web.UserFrom(r)
	d := showPage{Post: p, Owner: s.MemberOf(ctx, u, p.OrganizationID), Open: p.Open(today()), Honeypot: kit.HoneypotField}
	msgs, err := s.Threads(ctx, u, p)
	if err != nil {
		return d, err
	}
	for _, m := range msgs {
		if n := len(d.Threads); n == 0 || d.Threads[n-1][0].ThreadOrg != m.ThreadOrg {
			d.Threads = append(d.Threads, nil)
		}
		d.Threads[len(d.Threads)-1] = append(d.Threads[len(d.Threads)-1], m)
	}
	orgs, err := s.OrgsOf(ctx, u)
	if err != nil {
		return d, err
	}
	for _, o := range orgs {
		if o.ID != p.OrganizationID {
			d.MyOrgs = append(d.MyOrgs, [2]string{o.ID, o.Name})
		}
	}
	return d, nil
}

func (s *Bulletin) show(w http.ResponseWriter, r *http.Request) {
	p, err := s.Post(r.Context(), web.UserFrom(r), r.PathValue("id"))
	if err != nil {
		s.Site.Error(w, r, err)
		return
	}
	d, err := s.showData(r, p)
	if err != nil {
		s.Site.Error(w, r, err)
		return
	}
	s.Site.RenderForm(w, r, "bulletin/show", d, web.NewForm(nil), nil)
}

func (s *Bulletin) reply(w http.ResponseWriter, r *http.Request) {
	if !s.Site.ParseForm(w, r) {
		return
	}
	u := web.UserFrom(r)
	p, err := s.Post(r.Context(), u, r.PathValue("id"))
	if err != nil {
		s.Site.Error(w, r, err)
		return
	}
	err = s.CheckSpam(r, "bulletin:"+u.ID)
	if err == nil {
		err = s.Reply(r.Context(), u, p, r.PostForm.Get("from_org"), r.PostForm.Get("thread_org"), r.PostForm.Get("body"))
	}
	if err != nil {
		d, derr := s.showData(r, p)
		if derr != nil {
			s.Site.Error(w, r, derr)
			return
		}
		s.Site.RenderForm(w, r, "bulletin/show", d, web.NewForm(r.PostForm), kit.FormError(err))
		return
	}
	s.Site.Redirect(w, r, "/bacheca/"+p.ID, "participation.bulletin.flash.sent")
}

func (s *Bulletin) closePost(w http.ResponseWriter, r *http.Request) {
	u := web.UserFrom(r)
	p, err := s.Post(r.Context(), u, r.PathValue("id"))
	if err == nil {
		err = s.Close(r.Context(), u, p)
	}
	if err != nil {
		s.Site.Error(w, r, err)
		return
	}
	s.Site.Redirect(w, r, "/bacheca", "participation.bulletin.flash.closed")
}

func (s *Bulletin) digest(w http.ResponseWriter, r *http.Request) {
	if !s.Site.ParseForm(w, r) {
		return
	}
	on := r.PostForm.Get("digest") == "on"
	if err := s.SetDigest(r.Context(), web.UserFrom(r), on); err != nil {
		s.Site.Error(w, r, err)
		return
	}
	s.Site.Redirect(w, r, "/bacheca", "participation.bulletin.flash.digest")
}
