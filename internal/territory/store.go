package territory

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/google/uuid"

	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/geo"
)

// Store reads and writes territories.
type Store struct {
	db  *db.DB
	geo *geo.Store
}

// NewStore returns a Store on d.
func NewStore(d *db.DB) *Store { return &Store{db: d, geo: geo.NewStore(d)} }

// List returns every territory with its number of comuni and inhabitants.
func (s *Store) List(ctx context.Context) ([]Territory, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT t.id, t.name, t.slug, t.description, t.created_at, t.updated_at,
			COUNT(c.istat_code), COALESCE(SUM(c.population), 0)
		FROM territories t
		LEFT JOIN territory_comuni tc ON tc.territory_id = t.id
		LEFT JOIN comuni c ON c.istat_code = tc.istat_code
		GROUP BY t.id, t.name, t.slug, t.description, t.created_at, t.updated_at
		ORDER BY t.name`)
	if err != nil {
		return nil, fmt.Errorf("territory: list: %w", err)
	}
	defer rows.Close()
	var out []Territory
	for rows.Next() {
		var t Territory
		if err := rows.Scan(&t.ID, &t.Name, &t.Slug, &t.Description, &t.CreatedAt, &t.UpdatedAt, &t.ComuniCount, &t.Population); err != nil {
			return nil, fmt.Errorf("territory: scan: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Get returns a territory with its comuni.
func (s *Store) Get(ctx context.Context, id string) (*Territory, error) {
	var t Territory
	err := s.db.R.QueryRowContext(ctx, `SELECT id, name, slug, description, created_at, updated_at
		FROM territories WHERE id = $1`, id).Scan(&t.ID, &t.Name, &t.Slug, &t.Description, &t.CreatedAt, &t.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundErr()
	}
	if err != nil {
		return nil, fmt.Errorf("territory: get %s: %w", id, err)
	}
	codes, err := s.ComuniCodes(ctx, id)
	if err != nil {
		return nil, err
	}
	if t.Comuni, err = s.geo.ByCodes(ctx, codes); err != nil {
		return nil, err
	}
	t.ComuniCount = len(t.Comuni)
	for _, c := range t.Comuni {
		t.Population += c.Population
	}
	return &t, nil
}

// ComuniCodes lists the ISTAT codes of a territory.
func (s *Store) ComuniCodes(ctx context.Context, id string) ([]string, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT istat_code FROM territory_comuni WHERE territory_id = $1 ORDER BY istat_code`, id)
	if err != nil {
		return nil, fmt.Errorf("territory: comuni of %s: %w", id, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Create inserts t with a unique slug derived from its name.
func (s *Store) Create(ctx context.Context, t *Territory) error {
	if err := t.Validate(); err != nil {
		return err
	}
	t.ID = uuid.Must(uuid.NewV7()).String()
	t.CreatedAt = db.Now()
	t.UpdatedAt = t.CreatedAt
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		slug, err := s.freeSlug(ctx, tx, Slugify(t.Name), "")
		if err != nil {
			return err
		}
		t.Slug = slug
		_, err = tx.ExecContext(ctx, `INSERT INTO territories (id, name, slug, description, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $5)`, t.ID, t.Name, t.Slug, t.Description, t.CreatedAt)
		if err != nil {
			return fmt.Errorf("territory: create: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "create", Entity: "territory", EntityID: t.ID})
	})
}

// Update saves name and description.
func (s *Store) Update(ctx context.Context, t *Territory) error {
	if err := t.Validate(); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE territories SET name = $1, description = $2, updated_at = $3 WHERE id = $4`,
			t.Name, t.Description, db.Now(), t.ID)
		if err != nil {
			return fmt.Errorf("territory: update: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.NotFoundErr()
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "update", Entity: "territory", EntityID: t.ID})
	})
}

// AddComuni puts comuni into a territory (codes already there are ignored).
// Unknown codes are refused and nothing is written.
func (s *Store) AddComuni(ctx context.Context, id string, codes []string) error {
	return s.changeComuni(ctx, id, codes, true)
}

// RemoveComuni takes comuni out of a territory.
func (s *Store) RemoveComuni(ctx context.Context, id string, codes []string) error {
	return s.changeComuni(ctx, id, codes, false)
}

func (s *Store) changeComuni(ctx context.Context, id string, codes []string, add bool) error {
	if len(codes) == 0 {
		return errs.E("territory.errors.none_selected")
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var exists int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM territories WHERE id = $1`, id).Scan(&exists); err != nil {
			return err
		}
		if exists == 0 {
			return errs.NotFoundErr()
		}
		for _, c := range codes {
			var err error
			if add {
				_, err = tx.ExecContext(ctx, `INSERT INTO territory_comuni (territory_id, istat_code) VALUES ($1, $2)
					ON CONFLICT (territory_id, istat_code) DO NOTHING`, id, c)
			} else {
				_, err = tx.ExecContext(ctx, `DELETE FROM territory_comuni WHERE territory_id = $1 AND istat_code = $2`, id, c)
			}
			if db.IsForeignKeyViolation(err) {
				return errs.E("territory.errors.unknown_comune", c)
			}
			if err != nil {
				return fmt.Errorf("territory: change comuni: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE territories SET updated_at = $1 WHERE id = $2`, db.Now(), id); err != nil {
			return err
		}
		action := "remove_comuni"
		if add {
			action = "add_comuni"
		}
		return audit.Record(ctx, tx, audit.Entry{Action: action, Entity: "territory", EntityID: id,
			Detail: map[string]any{"comuni": codes}})
	})
}

func (s *Store) freeSlug(ctx context.Context, q db.Querier, base, exceptID string) (string, error) {
	if base == "" {
		base = "ambito"
	}
	slug := base
	for i := 2; ; i++ {
		var n int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM territories WHERE slug = $1 AND id <> $2`, slug, exceptID).Scan(&n); err != nil {
			return "", err
		}
		if n == 0 {
			return slug, nil
		}
		slug = base + "-" + strconv.Itoa(i)
	}
}

// HeaderName is the name shown in the page header: the visitor's territory,
// else the only territory of the installation, else fallback.
func (s *Store) HeaderName(ctx context.Context, userTerritoryID, fallback string) string {
	var name string
	if userTerritoryID != "" {
		if err := s.db.R.QueryRowContext(ctx, `SELECT name FROM territories WHERE id = $1`, userTerritoryID).Scan(&name); err == nil {
			return name
		}
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT name FROM territories ORDER BY name LIMIT 2`)
	if err != nil {
		return fallback
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		rows.Scan(&name)
		names = append(names, name)
	}
	if len(names) == 1 {
		return names[0]
	}
	return fallback
}

// OfComune returns the territories a comune belongs to.
func (s *Store) OfComune(ctx context.Context, istat string) ([]Territory, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT t.id, t.name, t.slug FROM territories t
		JOIN territory_comuni tc ON tc.territory_id = t.id WHERE tc.istat_code = $1 ORDER BY t.name`, istat)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Territory
	for rows.Next() {
		var t Territory
		if err := rows.Scan(&t.ID, &t.Name, &t.Slug); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
