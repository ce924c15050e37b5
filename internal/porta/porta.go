package porta

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/geo"
	"github.com/trama-welfare/trama/internal/platform/secret"
	"github.com/trama-welfare/trama/internal/territory"
)

// Actions of the porta, checked per route. Who may act on *which* need,
// case or referral is decided in this package: territory for coordinators,
// membership for organizations, authorship for sentinels and desks.
const (
	ActionSignal auth.Action = "porta.signal" // sentinels send signals (qualification checked here)
	ActionDesk   auth.Action = "porta.desk"   // record a need met at a desk
	ActionTriage auth.Action = "porta.triage" // triage, cases, persons, matching, referrals
	ActionInbox  auth.Action = "porta.inbox"  // an organization's received referrals
	// ActionAccompany: natural helpers see the cases they accompany.
	ActionAccompany auth.Action = "porta.accompany"
)

// Rules are the porta's rows of the permission table. Admins have no
// porta action: they do not read case contents.
var Rules = auth.Rules{
	ActionSignal: {auth.Volunteer},
	ActionDesk:   {auth.Operator, auth.Coordinator},
	ActionTriage: {auth.Coordinator},
	ActionInbox:  {auth.Operator, auth.Coordinator},
	// Natural helpers may be volunteers or citizens; each case is checked.
	ActionAccompany: {auth.Volunteer, auth.Citizen},
}

// Config tunes the porta.
type Config struct {
	// ReminderDays is how many working days a referral may stay unanswered
	// before the organization is reminded and the coordinator alerted.
	ReminderDays int
	// RetentionMonths is how long after closing a case its person's data is
	// kept before it is anonymised.
	RetentionMonths int
}

// DefaultConfig is five working days and 24 months.
var DefaultConfig = Config{ReminderDays: 5, RetentionMonths: 24}

// WithDefaults fills the zero fields.
func (c Config) WithDefaults() Config {
	if c.ReminderDays <= 0 {
		c.ReminderDays = DefaultConfig.ReminderDays
	}
	if c.RetentionMonths <= 0 {
		c.RetentionMonths = DefaultConfig.RetentionMonths
	}
	return c
}

// Porta is the porta di comunità's rules and storage.
type Porta struct {
	db          *db.DB
	keys        *secret.Keyring
	auth        *auth.Service
	dir         *directory.Directory
	geo         *geo.Store
	territories *territory.Store
	people      People
	cfg         Config
}

// New wires the porta.
func New(d *db.DB, keys *secret.Keyring, a *auth.Service, dir *directory.Directory, g *geo.Store,
	t *territory.Store, pp People, cfg Config) *Porta {
	return &Porta{db: d, keys: keys, auth: a, dir: dir, geo: g, territories: t, people: pp, cfg: cfg.WithDefaults()}
}

// Config returns the porta's configuration.
func (p *Porta) Config() Config { return p.cfg }

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// seal encrypts v as JSON; the zero value of a struct still gets sealed
// (it says "nothing known", which is not secret, but keeps one shape).
func (p *Porta) sealJSON(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("porta: encode: %w", err)
	}
	return p.keys.Seal(string(b))
}

// openJSON decrypts a value made by sealJSON into v; an empty value (an
// anonymised row) leaves v as it is.
func (p *Porta) openJSON(sealed string, v any) error {
	s, err := p.keys.Open(sealed)
	if err != nil || s == "" {
		return err
	}
	if err := json.Unmarshal([]byte(s), v); err != nil {
		return fmt.Errorf("porta: decode: %w", err)
	}
	return nil
}

// coordinates tells whether u coordinates the territory.
func coordinates(u *auth.User, territoryID string) bool {
	return auth.RoleOf(u) == auth.Coordinator && u.TerritoryID != "" && u.TerritoryID == territoryID
}

// denied logs an attempt to open something the user may not see, then
// returns NotFound: the answer does not tell that it exists.
func (p *Porta) denied(ctx context.Context, entity, id, why string) error {
	if err := audit.Record(ctx, p.db.W, audit.Entry{Action: "denied", Entity: entity, EntityID: id,
		Detail: map[string]any{"reason": why}}); err != nil {
		return err
	}
	return errs.NotFoundErr()
}

// read writes an audit line for reading a person's data.
func read(ctx context.Context, q db.Querier, entity, id, via string) error {
	return audit.Record(ctx, q, audit.Entry{Action: "read", Entity: entity, EntityID: id, Detail: map[string]any{"via": via}})
}
