package directory

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/text"
)

// OrgFilter narrows the back office's list of organizations.
type OrgFilter struct {
	TerritoryID string
	Status      OrgStatus // "" any
	Pending     bool      // with a version waiting for review
	Stale       bool      // with services not verified since StaleBefore
	StaleBefore string    // date, YYYY-MM-DD
	Query       string
	Kind        string
	Category    string // service category's code: an organization with a service in it (or in a subcategory)
	Comune      string // ISTAT code: an organization with a place there
	Sort        string // OrgSortName (default), OrgSortUpdated, OrgSortServices, OrgSortStale
	Desc        bool   // descending
	Offset      int
	Limit       int
}

// Orders of the organizations list.
const (
	OrgSortName     = "name"
	OrgSortUpdated  = "updated"  // last change: published data, or a draft someone edited
	OrgSortServices = "services" // how many services
	OrgSortStale    = "stale"    // how many services to verify
)

// OrgSorts lists them; each has its natural direction (DescByDefault).
var OrgSorts = []string{OrgSortName, OrgSortUpdated, OrgSortServices, OrgSortStale}

// DescByDefault tells whether a sort starts from the largest (newest,
// most services) rather than from A.
func DescByDefault(sort string) bool { return sort != OrgSortName && sort != "" }

// order is the ORDER BY of f: its key, then the name, then the id, so that
// pages never overlap.
func (f OrgFilter) order() string {
	dir := ""
	if f.Desc {
		dir = " DESC"
	}
	switch f.Sort {
	case OrgSortUpdated:
		return "last_update" + dir + ", LOWER(o.name), o.id"
	case OrgSortServices:
		return "n_services" + dir + ", LOWER(o.name), o.id"
	case OrgSortStale:
		return "n_stale" + dir + ", LOWER(o.name), o.id"
	}
	return "LOWER(o.name)" + dir + ", o.id" + dir
}

// hasCategory is the condition "service s has one of the terms ids"
// (attributes_link, then the term on the few rows of s).
func hasCategory(w *db.Where, ids []string) string {
	return `EXISTS (SELECT 1 FROM attributes a WHERE a.link_id = s.id AND a.link_type = '` + linkCategory +
		`' AND a.taxonomy_term_id IN (` + w.In(ids) + `))`
}

// categoryIDs resolves a service category's code to its term and
// subcategories; an unknown code filters nothing (the handlers say so).
func (s *Store) categoryIDs(ctx context.Context, code string) []string {
	if code == "" {
		return nil
	}
	ids, _ := s.tax.Subtree(ctx, TaxServices, code)
	return ids
}

// orgWhere builds the conditions of f. Category and comune are EXISTS on
// indexed columns (services_org then attributes_link; locations_org), so a
// page of a territory's organizations, read in name order, probes each
// organization with a few index lookups.
func (s *Store) orgWhere(ctx context.Context, f OrgFilter) (string, []any) {
	var c db.Where
	if f.TerritoryID != "" {
		c.Add("o.territory_id = " + c.Arg(f.TerritoryID))
	}
	if f.Status != "" {
		c.Add("o.status = " + c.Arg(string(f.Status)))
	}
	if f.Pending {
		c.Add("v.status = 'submitted'")
	}
	if f.Stale {
		c.Add("EXISTS (SELECT 1 FROM services s WHERE s.organization_id = o.id AND s.deleted_at IS NULL AND s.assured_date < " + c.Arg(f.StaleBefore) + ")")
	}
	if f.Kind != "" {
		c.Add("o.kind = " + c.Arg(f.Kind))
	}
	if ids := s.categoryIDs(ctx, f.Category); ids != nil {
		c.Add("EXISTS (SELECT 1 FROM services s WHERE s.organization_id = o.id AND s.deleted_at IS NULL AND " + hasCategory(&c, ids) + ")")
	}
	if f.Comune != "" {
		c.Add("EXISTS (SELECT 1 FROM locations l WHERE l.organization_id = o.id AND l.deleted_at IS NULL AND l.istat_code = " + c.Arg(f.Comune) + ")")
	}
	if q := text.Fold(f.Query); q != "" {
		c.Add(`(LOWER(o.name) LIKE ` + c.Arg("%"+db.Like(q)+"%") + ` ESCAPE '\' OR o.tax_id = ` + c.Arg(strings.ToUpper(strings.TrimSpace(f.Query))) + `)`)
	}
	return c.SQL(), c.Args
}

// ListOrgs returns organizations by name and how many match.
func (s *Store) ListOrgs(ctx context.Context, f OrgFilter) ([]OrgSummary, int, error) {
	where, args := s.orgWhere(ctx, f)
	var total int
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM organizations o
		LEFT JOIN organization_versions v ON v.organization_id = o.id AND v.status IN ('draft', 'submitted', 'changes_requested')
		WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("directory: count organizations: %w", err)
	}
	list, err := s.listOrgs(ctx, where, args, f.order(), f.Offset, f.Limit, f.StaleBefore)
	return list, total, err
}

func (s *Store) listOrgs(ctx context.Context, where string, args []any, order string, offset, limit int, staleBefore string) ([]OrgSummary, error) {
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	stale := staleBefore
	if stale == "" {
		stale = DefaultFreshness.StaleBefore()
	}
	n := len(args)
	args = append(args, stale, limit, max(0, offset))
	// A draft counts as a change once edited (revision > 1): opening the
	// dashboard creates one.
	rows, err := s.db.R.QueryContext(ctx, fmt.Sprintf(`SELECT o.id, o.name, COALESCE(o.territory_id, ''), o.status, o.kind,
			o.published_at, o.updated_at, o.published_version,
			(SELECT COUNT(*) FROM services s WHERE s.organization_id = o.id AND s.deleted_at IS NULL) AS n_services,
			(SELECT COUNT(*) FROM services s WHERE s.organization_id = o.id AND s.deleted_at IS NULL AND s.assured_date < $%d) AS n_stale,
			COALESCE(v.status, ''), COALESCE(v.number, 0), v.updated_at, COALESCE(v.revision, 0),
			CASE WHEN v.revision > 1 AND v.updated_at > o.updated_at THEN v.updated_at ELSE o.updated_at END AS last_update
		FROM organizations o
		LEFT JOIN organization_versions v ON v.organization_id = o.id AND v.status IN ('draft', 'submitted', 'changes_requested')
		WHERE %s ORDER BY %s LIMIT $%d OFFSET $%d`, n+1, where, order, n+2, n+3), args...)
	if err != nil {
		return nil, fmt.Errorf("directory: list organizations: %w", err)
	}
	defer rows.Close()
	var out []OrgSummary
	for rows.Next() {
		var o OrgSummary
		var published, draftUpdated sql.NullTime
		var revision int
		var lastUpdate any // the CASE's type is lost on SQLite: read only for ordering
		if err := rows.Scan(&o.ID, &o.Name, &o.TerritoryID, &o.Status, &o.Kind, &published, &o.UpdatedAt, &o.PublishedNumber,
			&o.ServicesCount, &o.StaleCount, &o.DraftStatus, &o.DraftNumber, &draftUpdated, &revision, &lastUpdate); err != nil {
			return nil, fmt.Errorf("directory: scan organization: %w", err)
		}
		if published.Valid {
			o.PublishedAt = &published.Time
		}
		o.LastUpdate = o.UpdatedAt
		if revision > 1 && draftUpdated.Valid && draftUpdated.Time.After(o.UpdatedAt) {
			o.LastUpdate = draftUpdated.Time
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// ServiceFilter narrows the back office's list of services.
type ServiceFilter struct {
	TerritoryID    string
	OrganizationID string
	Status         string
	Category       string // term code (a parent code includes its children)
	Comune         string // ISTAT code
	Stale          bool
	StaleBefore    string
	Query          string
	Sort           string // name (default), organization, assured
	Offset         int
	Limit          int
}

// ServiceRow is a service as listed in the back office.
type ServiceRow struct {
	ID             string
	Name           string
	OrganizationID string
	Organization   string
	Status         string
	AssuredDate    string
	LastModified   string
	Stale          bool
}

// ListServices returns published services (of any organization status) and
// how many match.
func (s *Store) ListServices(ctx context.Context, f ServiceFilter) ([]ServiceRow, int, error) {
	c := db.Where{Conds: []string{"s.deleted_at IS NULL"}}
	if f.TerritoryID != "" {
		c.Add("s.territory_id = " + c.Arg(f.TerritoryID))
	}
	if f.OrganizationID != "" {
		c.Add("s.organization_id = " + c.Arg(f.OrganizationID))
	}
	if f.Status != "" {
		c.Add("s.status = " + c.Arg(f.Status))
	}
	if ids := s.categoryIDs(ctx, f.Category); ids != nil {
		c.Add(hasCategory(&c, ids))
	}
	if f.Comune != "" {
		c.Add(`EXISTS (SELECT 1 FROM service_at_locations sal JOIN locations l ON l.id = sal.location_id
			WHERE sal.service_id = s.id AND l.istat_code = ` + c.Arg(f.Comune) + `)`)
	}
	staleBefore := f.StaleBefore
	if staleBefore == "" {
		staleBefore = DefaultFreshness.StaleBefore()
	}
	if f.Stale {
		c.Add("s.assured_date < " + c.Arg(staleBefore))
	}
	if q := text.Fold(f.Query); q != "" {
		ph := c.Arg("%" + db.Like(q) + "%")
		c.Add(`(LOWER(s.name) LIKE ` + ph + ` ESCAPE '\' OR LOWER(o.name) LIKE ` + ph + ` ESCAPE '\')`)
	}
	where := c.SQL()
	from := ` FROM services s JOIN organizations o ON o.id = s.organization_id WHERE ` + where
	var total int
	if err := s.db.R.QueryRowContext(ctx, "SELECT COUNT(*)"+from, c.Args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("directory: count services: %w", err)
	}
	order := "s.name, s.id"
	switch f.Sort {
	case "organization":
		order = "o.name, s.name, s.id"
	case "assured":
		order = "s.assured_date, s.name, s.id"
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	stalePh := c.Arg(staleBefore)
	limitPh, offsetPh := c.Arg(f.Limit), c.Arg(max(0, f.Offset))
	rows, err := s.db.R.QueryContext(ctx, `SELECT s.id, s.name, o.id, o.name, s.status, s.assured_date, s.last_modified,
		s.assured_date < `+stalePh+from+` ORDER BY `+order+` LIMIT `+limitPh+` OFFSET `+offsetPh, c.Args...)
	if err != nil {
		return nil, 0, fmt.Errorf("directory: list services: %w", err)
	}
	defer rows.Close()
	var out []ServiceRow
	for rows.Next() {
		var r ServiceRow
		if err := rows.Scan(&r.ID, &r.Name, &r.OrganizationID, &r.Organization, &r.Status, &r.AssuredDate, &r.LastModified, &r.Stale); err != nil {
			return nil, 0, fmt.Errorf("directory: scan service: %w", err)
		}
		out = append(out, r)
	}
	return out, total, rows.Err()
}
