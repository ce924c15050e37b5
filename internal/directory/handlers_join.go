package directory

import (
	"log/slog"
	"net/http"
	"net/url"

	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/web"
)

// Joining the network: the "aderisci" form and the page its e-mailed link
// opens.

// signUpPage is what directory/signup shows.
type signUpPage struct {
	Kinds       choices
	Territories choices
	Guest       bool
	Token       string // the join link's token: the confirmation page
}

func (h *Handlers) signUpData(r *http.Request) (signUpPage, error) {
	t, err := h.territoryChoices(r.Context())
	return signUpPage{Kinds: h.kindChoices(), Territories: t, Guest: web.UserFrom(r) == nil}, err
}

func (h *Handlers) signUpForm(w http.ResponseWriter, r *http.Request) {
	data, err := h.signUpData(r)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	form := web.NewForm(nil)
	if len(data.Territories) == 1 {
		form.Values.Set("territory_id", data.Territories[0][0])
	}
	h.site.RenderForm(w, r, "directory/signup", data, form, nil)
}

// newOrganization reads the organization's fields of the sign-up form.
func newOrganization(f url.Values) NewOrganization {
	return NewOrganization{Name: f.Get("name"), Kind: f.Get("kind"), TaxID: f.Get("tax_id"), Email: f.Get("email"),
		Description: f.Get("description"), TerritoryID: f.Get("territory_id")}
}

// signUp joins a logged-in user's organization at once; a visitor's
// request is kept and answered by e-mail, with the same page whether the
// address has an account or not.
func (h *Handlers) signUp(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	data, err := h.signUpData(r)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	// Joins per connection and hour.
	ip := audit.ActorFrom(r.Context()).IP
	if err := h.auth.FormAllowed(r.Context(), "join", ip, auth.SignupsPerIPHour); err != nil {
		h.formError(w, r, "directory/signup", data, err)
		return
	}
	f, u := r.PostForm, web.UserFrom(r)
	if u == nil {
		a := Applicant{Name: f.Get("person_name"), Email: f.Get("person_email"), Password: f.Get("person_password"),
			Lang: web.LangFrom(r), PrivacyAccepted: checked(f, "privacy")}
		if err := h.dir.Apply(r.Context(), h.auth, newOrganization(f), a); err != nil {
			h.formError(w, r, "directory/signup", data, err)
			return
		}
		h.joinCounted(r, ip)
		h.site.Render(w, r, "account/check_mail", "directory.signup.sent")
		return
	}
	v, err := h.dir.SignUp(r.Context(), h.auth, u, newOrganization(f))
	if err != nil {
		h.formError(w, r, "directory/signup", data, err)
		return
	}
	h.joinCounted(r, ip)
	h.site.Redirect(w, r, "/ente/"+v.OrganizationID, "directory.flash.signed_up")
}

func (h *Handlers) joinCounted(r *http.Request, ip string) {
	if err := h.auth.FormSent(r.Context(), "join", ip); err != nil {
		slog.Warn("directory: count a join", "err", err)
	}
}

// joinLink checks the join link of the request: expired links get 410; a
// request for an address with an account needs its owner logged in (others
// are sent to log in, and come back here). It returns the request, or nil
// when the answer is written.
func (h *Handlers) joinLink(w http.ResponseWriter, r *http.Request, token string) *JoinRequest {
	ctx := r.Context()
	req, err := h.dir.JoinRequestFor(ctx, token)
	if err != nil {
		h.linkError(w, r, err)
		return nil
	}
	owner, err := h.dir.JoinOwner(ctx, h.auth, req)
	if err != nil {
		h.site.Error(w, r, err)
		return nil
	}
	u := web.UserFrom(r)
	switch {
	case owner != nil && u == nil:
		back := "/aderisci/conferma?" + url.Values{"token": {token}}.Encode()
		h.site.Redirect(w, r, "/accedi?"+url.Values{"next": {back}}.Encode(), "directory.flash.join_login")
		return nil
	case owner != nil && u.ID != owner.ID:
		h.site.Error(w, r, errs.ForbiddenErr())
		return nil
	}
	return req
}

// joinConfirmForm is the page the join link opens: the organization's data
// as typed, to check and confirm (a click, so mail scanners that open links
// change nothing).
func (h *Handlers) joinConfirmForm(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	req := h.joinLink(w, r, token)
	if req == nil {
		return
	}
	data, err := h.signUpData(r)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	data.Guest, data.Token = false, token
	n := req.Org
	form := web.NewForm(url.Values{"name": {n.Name}, "kind": {n.Kind}, "tax_id": {n.TaxID}, "email": {n.Email},
		"description": {n.Description}, "territory_id": {n.TerritoryID}})
	h.site.RenderForm(w, r, "directory/signup", data, form, nil)
}

// joinConfirm finishes joining from the join link's page: the organization
// is created, with the account of the address (made now when there was
// none, and logged in) as its first operator.
func (h *Handlers) joinConfirm(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	token := r.PostForm.Get("token")
	if h.joinLink(w, r, token) == nil {
		return
	}
	current := web.UserFrom(r)
	v, member, err := h.dir.FinishJoin(r.Context(), h.auth, current, token, newOrganization(r.PostForm))
	if e, ok := errs.As(err); ok && e.Key == "errors.link_expired" {
		h.site.ErrorStatus(w, r, http.StatusGone, "errors.link_expired")
		return
	}
	if err != nil {
		data, derr := h.signUpData(r)
		if derr != nil {
			h.site.Error(w, r, derr)
			return
		}
		data.Guest, data.Token = false, token
		h.formError(w, r, "directory/signup", data, err)
		return
	}
	if current == nil || current.ID != member.ID {
		if old := web.SessionToken(r); old != "" {
			h.auth.Logout(r.Context(), old)
		}
		session, err := h.auth.Store.CreateSession(r.Context(), member.ID, web.ClientIP(r, false), r.UserAgent())
		if err != nil {
			h.site.Error(w, r, err)
			return
		}
		h.site.SetSessionCookie(w, session)
	}
	h.site.Redirect(w, r, "/ente/"+v.OrganizationID, "directory.flash.signed_up")
}
