package volunteer

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/people/common"
	"github.com/trama-welfare/trama/internal/people/qualification"
	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/geo"
	"github.com/trama-welfare/trama/internal/platform/secret"
)

// Service holds volunteering's rules; who may do what to which
// opportunity or sign-up is decided here.
type Service struct {
	db    *db.DB
	auth  *auth.Service
	dir   *directory.Directory
	quals *qualification.Store
	keys  *secret.Keyring
	geo   *geo.Store
	mail  common.Mail
	// Now is the clock (tests move it).
	Now func() time.Time
	// FindComune resolves a typed comune name: the search's resolver
	// (search.Env.FindComune), set when the application is wired.
	FindComune func(name string) (geo.Comune, bool)
}

// NewService wires the service.
func NewService(d *db.DB, a *auth.Service, dir *directory.Directory, q *qualification.Store, keys *secret.Keyring,
	g *geo.Store, m common.Mail) *Service {
	return &Service{db: d, auth: a, dir: dir, quals: q, keys: keys, geo: g, mail: m, Now: time.Now}
}

const profileColumns = `p.user_id, u.name, p.skills, p.skills_other, p.languages, p.availability, p.comuni, p.driving_licence,
	p.about, p.birth_date, p.visible, p.discoverable, p.consent_at, p.created_at, p.updated_at`

func (s *Service) scanProfile(sc interface{ Scan(...any) error }) (*Profile, error) {
	var p Profile
	var skills, langs, avail, comuni, visible, birth string
	if err := sc.Scan(&p.UserID, &p.Name, &skills, &p.SkillsOther, &langs, &avail, &comuni, &p.DrivingLicence, &p.About, &birth,
		&visible, &p.Discoverable, &p.ConsentAt, &p.CreatedAt, &p.UpdatedAt); err != nil {
		return nil, err
	}
	p.Skills, p.Languages, p.Availability = common.ParseList(skills), common.ParseList(langs), common.ParseList(avail)
	p.Comuni, p.Visible = common.ParseList(comuni), common.ParseList(visible)
	if birth != "" {
		opened, err := s.keys.Open(birth)
		if err != nil {
			return nil, fmt.Errorf("volunteer: open birth date: %w", err)
		}
		p.BirthDate = opened
	}
	return &p, nil
}

// Profile returns a person's volunteer profile, NotFound when they are not
// a volunteer.
func (s *Service) Profile(ctx context.Context, userID string) (*Profile, error) {
	p, err := s.scanProfile(s.db.R.QueryRowContext(ctx, `SELECT `+profileColumns+`
		FROM volunteer_profiles p JOIN users u ON u.id = p.user_id WHERE p.user_id = $1`, userID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundErr()
	}
	if err != nil {
		return nil, fmt.Errorf("volunteer: profile: %w", err)
	}
	return p, nil
}

// profiles returns the profiles of some people (by user id).
func (s *Service) profiles(ctx context.Context, where string, args ...any) ([]*Profile, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+profileColumns+` FROM volunteer_profiles p JOIN users u ON u.id = p.user_id
		WHERE u.disabled_at IS NULL AND `+where+` ORDER BY u.name`, args...)
	if err != nil {
		return nil, fmt.Errorf("volunteer: profiles: %w", err)
	}
	defer rows.Close()
	var out []*Profile
	for rows.Next() {
		p, err := s.scanProfile(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// SaveProfile creates or updates u's volunteer profile. Becoming a
// volunteer records the consent, makes a cittadino a volontario and puts
// someone without a territory in the territory of their first comune.
func (s *Service) SaveProfile(ctx context.Context, u *auth.User, f ProfileForm) (*Profile, error) {
	old, err := s.Profile(ctx, u.ID)
	isNew := errs.Is(err, errs.NotFound)
	if err != nil && !isNew {
		return nil, err
	}
	p := &Profile{UserID: u.ID, Name: u.Name}
	known := func(c string) bool { _, ok, _ := s.geo.Comune(ctx, c); return ok }
	resolve := func(typed string) (string, bool) { return s.ResolveComune(ctx, typed) }
	if err := f.Build(p, known, resolve, isNew); err != nil {
		return nil, err
	}
	sealed := ""
	if p.BirthDate != "" {
		if sealed, err = s.keys.Seal(p.BirthDate); err != nil {
			return nil, err
		}
	}
	now := db.Now()
	p.UpdatedAt, p.CreatedAt, p.ConsentAt = now, now, now
	if !isNew {
		p.CreatedAt, p.ConsentAt = old.CreatedAt, old.ConsentAt
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO volunteer_profiles (user_id, skills, skills_other, languages, availability, comuni,
			driving_licence, about, birth_date, visible, discoverable, consent_at, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)
			ON CONFLICT (user_id) DO UPDATE SET skills = $2, skills_other = $3, languages = $4, availability = $5, comuni = $6,
			driving_licence = $7, about = $8, birth_date = $9, visible = $10, discoverable = $11, updated_at = $13`,
			u.ID, p.Skills.String(), p.SkillsOther, p.Languages.String(), p.Availability.String(), p.Comuni.String(),
			p.DrivingLicence, p.About, sealed, p.Visible.String(), p.Discoverable, p.ConsentAt, now)
		if err != nil {
			return fmt.Errorf("volunteer: save profile: %w", err)
		}
		action := "update"
		if isNew {
			action = "create"
		}
		if err := audit.Record(ctx, tx, audit.Entry{Action: action, Entity: "volunteer_profile", EntityID: u.ID,
			Detail: map[string]any{"visible": p.Visible.String(), "discoverable": p.Discoverable}}); err != nil {
			return err
		}
		if isNew {
			return common.BecomeVolunteer(ctx, tx, u.ID, "", p.Comuni)
		}
		return nil
	})
	return p, err
}
