// Package kit holds what the parts of Partecipazione (events, labs, pact
// and network, bulletin) share: their dependencies, the organizations a
// user acts for, the territory a page shows, spam checks, e-mails in the
// recipient's language, safe Markdown and QR codes.
package kit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/geo"
	"github.com/trama-welfare/trama/internal/platform/i18n"
	"github.com/trama-welfare/trama/internal/platform/mail"
	"github.com/trama-welfare/trama/internal/platform/ratelimit"
	"github.com/trama-welfare/trama/internal/platform/secret"
	"github.com/trama-welfare/trama/internal/platform/web"
)

// Config tunes Partecipazione.
type Config struct {
	// RegistrantRetention is how long after an event ends its registrants'
	// personal data is kept; then it is purged and only counts remain.
	RegistrantRetention time.Duration
	// FormLimit is how many public forms (registrations, supports) one
	// address may send in an hour.
	FormLimit int
}

// DefaultFormLimit is FormLimit when not configured.
const DefaultFormLimit = 40

// WithDefaults fills the unset values.
func (c Config) WithDefaults() Config {
	if c.RegistrantRetention <= 0 {
		c.RegistrantRetention = DefaultRetention
	}
	if c.FormLimit <= 0 {
		c.FormLimit = DefaultFormLimit
	}
	return c
}

// DefaultRetention keeps registrants' data for 90 days after the event.
const DefaultRetention = 90 * 24 * time.Hour

// Deps are the platform services every part uses.
type Deps struct {
	Site    *web.Site
	DB      *db.DB
	Auth    *auth.Service
	Keys    *secret.Keyring
	Limiter *ratelimit.Limiter
	Dir     *directory.Directory
	Geo     *geo.Store
	Cat     *i18n.Catalog
	BaseURL string
	Config  Config
}

// NewID returns a new time-ordered id.
func NewID() string { return uuid.Must(uuid.NewV7()).String() }

// Scope is the territory a user works in ("" for admins: all).
func Scope(u *auth.User) string {
	if u == nil || u.Role == auth.Admin {
		return ""
	}
	return u.TerritoryID
}

// Org is an organization as Partecipazione shows it.
type Org struct {
	ID, Name, TerritoryID string
}

// OrgsOf lists the active or pending organizations u works for.
func (d *Deps) OrgsOf(ctx context.Context, u *auth.User) ([]Org, error) {
	if u == nil {
		return nil, nil
	}
	list, err := d.Dir.Store.OrganizationsOf(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	var out []Org
	for _, o := range list {
		if o.Status != directory.OrgArchived {
			out = append(out, Org{ID: o.ID, Name: o.Name, TerritoryID: o.TerritoryID})
		}
	}
	return out, nil
}

// MemberOf tells whether u works for the organization.
func (d *Deps) MemberOf(ctx context.Context, u *auth.User, orgID string) bool {
	if u == nil || orgID == "" {
		return false
	}
	ok, err := d.Dir.Store.IsMember(ctx, orgID, u.ID)
	return err == nil && ok
}

// OrgByID returns an organization that is not archived.
func (d *Deps) OrgByID(ctx context.Context, id string) (Org, error) {
	var o Org
	var t sql.NullString
	err := d.DB.R.QueryRowContext(ctx, `SELECT id, name, territory_id FROM organizations WHERE id = $1 AND status <> 'archived'`, id).
		Scan(&o.ID, &o.Name, &t)
	if errors.Is(err, sql.ErrNoRows) {
		return o, errs.NotFoundErr()
	}
	o.TerritoryID = t.String
	return o, err
}

// ActiveOrgs lists the published organizations of a territory ("" all).
func (d *Deps) ActiveOrgs(ctx context.Context, territoryID string) ([]Org, error) {
	rows, err := d.DB.R.QueryContext(ctx, `SELECT id, name, COALESCE(territory_id, '') FROM organizations
		WHERE status = 'active' AND ($1 = '' OR territory_id = $1) ORDER BY name`, territoryID)
	if err != nil {
		return nil, fmt.Errorf("participation: organizations: %w", err)
	}
	defer rows.Close()
	var out []Org
	for rows.Next() {
		var o Org
		if err := rows.Scan(&o.ID, &o.Name, &o.TerritoryID); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// Coordinates tells whether u coordinates the territory (or is an admin).
func Coordinates(u *auth.User, territoryID string) bool {
	switch auth.RoleOf(u) {
	case auth.Admin:
		return true
	case auth.Coordinator:
		return u.TerritoryID != "" && u.TerritoryID == territoryID
	}
	return false
}

// Territory is a territory's id and name.
type Territory struct{ ID, Name string }

// Territories lists the territories by name.
func (d *Deps) Territories(ctx context.Context) ([]Territory, error) {
	rows, err := d.DB.R.QueryContext(ctx, `SELECT id, name FROM territories ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Territory
	for rows.Next() {
		var t Territory
		if err := rows.Scan(&t.ID, &t.Name); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// PageTerritory is the territory a public page shows: the "ambito"
// parameter, else the visitor's, else the first one ("" when none).
func (d *Deps) PageTerritory(r *http.Request) (Territory, []Territory, error) {
	list, err := d.Territories(r.Context())
	if err != nil || len(list) == 0 {
		return Territory{}, list, err
	}
	want := r.URL.Query().Get("ambito")
	if want == "" {
		if u := web.UserFrom(r); u != nil {
			want = u.TerritoryID
		}
	}
	for _, t := range list {
		if t.ID == want {
			return t, list, nil
		}
	}
	return list[0], list, nil
}

// HoneypotField is the form field people never see nor fill in: a value
// there means a robot filled the form.
const HoneypotField = "sito_web"

// CheckSpam refuses a form whose honeypot is filled, and counts the
// request against the hourly limit of the client's address for key. It
// returns a domain error the page shows.
func (d *Deps) CheckSpam(r *http.Request, key string) error {
	if strings.TrimSpace(r.PostForm.Get(HoneypotField)) != "" {
		return errs.E("participation.errors.spam")
	}
	ip := audit.ActorFrom(r.Context()).IP
	ok, err := d.Limiter.Allow(r.Context(), "participation:"+key+":"+ip, d.Config.FormLimit, time.Hour)
	if err != nil {
		return err
	}
	if !ok {
		return errs.New(errs.TooMany, "participation.errors.too_many")
	}
	return nil
}

// Mail enqueues, in q, the message key.subject / key.body in lang. Both
// get args; a subject uses them with explicit indexes ("%[2]s").
func (d *Deps) Mail(ctx context.Context, q db.Querier, to, lang, key string, attach []mail.Attachment, args ...any) error {
	if !d.Cat.Supported(lang) {
		lang = i18n.Default
	}
	subject := d.Cat.T(lang, key+".subject")
	if strings.Contains(subject, "%[") {
		subject = d.Cat.T(lang, key+".subject", args...)
	}
	return mail.Send(ctx, q, mail.Message{To: to, Subject: subject, Body: d.Cat.T(lang, key+".body", args...),
		Attachments: attach})
}

// Link is an absolute address on the site.
func (d *Deps) Link(path string) string { return d.BaseURL + path }

// Recipient is someone to e-mail.
type Recipient struct{ Email, Name, Lang string }
