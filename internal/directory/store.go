package directory

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
)

// Store reads and writes the directory.
type Store struct {
	db  *db.DB
	tax *Taxonomies
}

// NewStore returns a Store on d.
func NewStore(d *db.DB, tax *Taxonomies) *Store { return &Store{db: d, tax: tax} }

// NewID returns a new identifier (UUID v7: time-ordered).
func NewID() string { return uuid.Must(uuid.NewV7()).String() }

// Version statuses.
const (
	VersionDraft            = "draft"
	VersionSubmitted        = "submitted"
	VersionChangesRequested = "changes_requested"
	VersionPublished        = "published"
	VersionSuperseded       = "superseded"
)

// Version is one version of an organization's record.
type Version struct {
	ID             string
	OrganizationID string
	Number         int
	Status         string
	Record         Record
	BaseVersion    int
	Revision       int
	CreatedBy      string
	CreatedAt      time.Time
	UpdatedAt      time.Time
	SubmittedAt    *time.Time
	ReviewedBy     string
	ReviewedAt     *time.Time
	Comment        string
}

// Open tells whether the version can still change (draft, submitted, sent back).
func (v *Version) Open() bool {
	return v.Status == VersionDraft || v.Status == VersionSubmitted || v.Status == VersionChangesRequested
}

// Editable tells whether operators may edit it now.
func (v *Version) Editable() bool {
	return v.Status == VersionDraft || v.Status == VersionChangesRequested
}

const versionCols = `id, organization_id, number, status, document, base_version, revision, created_by, created_at,
	updated_at, submitted_at, reviewed_by, reviewed_at, comment`

func scanVersion(s interface{ Scan(...any) error }) (*Version, error) {
	var v Version
	var doc string
	var submitted, reviewed sql.NullTime
	err := s.Scan(&v.ID, &v.OrganizationID, &v.Number, &v.Status, &doc, &v.BaseVersion, &v.Revision, &v.CreatedBy,
		&v.CreatedAt, &v.UpdatedAt, &submitted, &v.ReviewedBy, &reviewed, &v.Comment)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(doc), &v.Record); err != nil {
		return nil, fmt.Errorf("directory: version %s has a broken document: %w", v.ID, err)
	}
	if submitted.Valid {
		v.SubmittedAt = &submitted.Time
	}
	if reviewed.Valid {
		v.ReviewedAt = &reviewed.Time
	}
	return &v, nil
}

// OpenVersion returns the organization's open version, or nil.
func (s *Store) OpenVersion(ctx context.Context, q db.Querier, orgID string) (*Version, error) {
	v, err := scanVersion(q.QueryRowContext(ctx, `SELECT `+versionCols+` FROM organization_versions
		WHERE organization_id = $1 AND status IN ('draft', 'submitted', 'changes_requested')`, orgID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("directory: open version of %s: %w", orgID, err)
	}
	return v, nil
}

// VersionByID returns a version.
func (s *Store) VersionByID(ctx context.Context, id string) (*Version, error) {
	v, err := scanVersion(s.db.R.QueryRowContext(ctx, `SELECT `+versionCols+` FROM organization_versions WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundErr()
	}
	if err != nil {
		return nil, fmt.Errorf("directory: version %s: %w", id, err)
	}
	return v, nil
}

// Versions lists an organization's versions, newest first (without the
// documents' content being needed by the caller, but they come along).
func (s *Store) Versions(ctx context.Context, orgID string) ([]*Version, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+versionCols+` FROM organization_versions
		WHERE organization_id = $1 ORDER BY number DESC`, orgID)
	if err != nil {
		return nil, fmt.Errorf("directory: versions of %s: %w", orgID, err)
	}
	defer rows.Close()
	var out []*Version
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func encode(r *Record) (string, error) {
	b, err := json.Marshal(r)
	if err != nil {
		return "", fmt.Errorf("directory: encode record: %w", err)
	}
	return string(b), nil
}

// insertVersion stores a new version.
func (s *Store) insertVersion(ctx context.Context, q db.Querier, v *Version) error {
	doc, err := encode(&v.Record)
	if err != nil {
		return err
	}
	if v.ID == "" {
		v.ID = NewID()
	}
	now := db.Now()
	v.CreatedAt, v.UpdatedAt = now, now
	if v.Revision == 0 {
		v.Revision = 1
	}
	err = q.QueryRowContext(ctx, `INSERT INTO organization_versions (id, organization_id, number, status, document,
			base_version, revision, created_by, created_at, updated_at, submitted_at, reviewed_by, reviewed_at, comment)
		VALUES ($1, $2, (SELECT COALESCE(MAX(number), 0) + 1 FROM organization_versions WHERE organization_id = $2),
			$3, $4, $5, $6, $7, $8, $8, $9, $10, $11, $12)
		RETURNING number`,
		v.ID, v.OrganizationID, v.Status, doc, v.BaseVersion, v.Revision, v.CreatedBy, now, v.SubmittedAt,
		v.ReviewedBy, v.ReviewedAt, v.Comment).Scan(&v.Number)
	if db.IsUniqueViolation(err) {
		return errs.New(errs.Conflict, "directory.errors.draft_exists")
	}
	if err != nil {
		return fmt.Errorf("directory: insert version: %w", err)
	}
	return nil
}

// saveDraft writes the document of an open version if nobody changed it
// since revision; it bumps the revision.
func (s *Store) saveDraft(ctx context.Context, q db.Querier, v *Version, revision int) error {
	doc, err := encode(&v.Record)
	if err != nil {
		return err
	}
	now := db.Now()
	res, err := q.ExecContext(ctx, `UPDATE organization_versions SET document = $1, revision = revision + 1, updated_at = $2
		WHERE id = $3 AND revision = $4 AND status IN ('draft', 'changes_requested')`, doc, now, v.ID, revision)
	if err != nil {
		return fmt.Errorf("directory: save draft: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.New(errs.Conflict, "directory.errors.stale_draft")
	}
	v.Revision, v.UpdatedAt = revision+1, now
	return nil
}

// setVersionStatus moves a version and writes the history line.
func (s *Store) setVersionStatus(ctx context.Context, q db.Querier, v *Version, to, comment string) error {
	now := db.Now()
	a := audit.ActorFrom(ctx)
	var submitted, reviewedAt any = v.SubmittedAt, v.ReviewedAt
	reviewedBy := v.ReviewedBy
	switch to {
	case VersionSubmitted:
		submitted = now
	case VersionPublished, VersionChangesRequested:
		reviewedAt, reviewedBy = now, a.Label
	}
	res, err := q.ExecContext(ctx, `UPDATE organization_versions SET status = $1, updated_at = $2, submitted_at = $3,
		reviewed_at = $4, reviewed_by = $5, comment = $6 WHERE id = $7 AND status = $8`,
		to, now, submitted, reviewedAt, reviewedBy, comment, v.ID, v.Status)
	if err != nil {
		return fmt.Errorf("directory: version status: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.New(errs.Conflict, "directory.errors.version_moved")
	}
	if err := s.history(ctx, q, v.OrganizationID, v.Number, v.Status, to, comment); err != nil {
		return err
	}
	v.Status, v.Comment = to, comment
	return nil
}

// history writes a line of an organization's history: who, when, from, to, why.
func (s *Store) history(ctx context.Context, q db.Querier, orgID string, version int, from, to, comment string) error {
	a := audit.ActorFrom(ctx)
	_, err := q.ExecContext(ctx, `INSERT INTO organization_history (organization_id, version_number, at, actor_id,
		actor_label, from_status, to_status, comment) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		orgID, version, db.Now(), a.ID, a.Label, from, to, comment)
	if err != nil {
		return fmt.Errorf("directory: history: %w", err)
	}
	return audit.Record(ctx, q, audit.Entry{Action: "status", Entity: "organization", EntityID: orgID,
		Detail: map[string]any{"version": version, "from": from, "to": to}})
}

// HistoryLine is one transition.
type HistoryLine struct {
	At         time.Time
	ActorLabel string
	Version    int
	From, To   string
	Comment    string
}

// History lists an organization's transitions, newest first.
func (s *Store) History(ctx context.Context, orgID string) ([]HistoryLine, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT at, actor_label, version_number, from_status, to_status, comment
		FROM organization_history WHERE organization_id = $1 ORDER BY at DESC, id DESC`, orgID)
	if err != nil {
		return nil, fmt.Errorf("directory: history of %s: %w", orgID, err)
	}
	defer rows.Close()
	var out []HistoryLine
	for rows.Next() {
		var h HistoryLine
		if err := rows.Scan(&h.At, &h.ActorLabel, &h.Version, &h.From, &h.To, &h.Comment); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// Published returns the published record of an organization, nil when it
// was never published, and its status (which tells whether the public may
// see it).
func (s *Store) Published(ctx context.Context, orgID string) (*Record, OrgStatus, error) {
	return s.PublishedIn(ctx, s.db.R, orgID)
}

// PublishedIn is Published read through q (a transaction that may have
// just changed it).
func (s *Store) PublishedIn(ctx context.Context, q db.Querier, orgID string) (*Record, OrgStatus, error) {
	var st OrgStatus
	var version int
	err := q.QueryRowContext(ctx, `SELECT status, published_version FROM organizations WHERE id = $1`, orgID).Scan(&st, &version)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", errs.NotFoundErr()
	}
	if err != nil {
		return nil, "", fmt.Errorf("directory: organization %s: %w", orgID, err)
	}
	if version == 0 {
		return nil, st, nil
	}
	r, err := s.loadRecord(ctx, q, orgID)
	return r, st, err
}

// Status returns an organization's status and territory.
func (s *Store) Status(ctx context.Context, orgID string) (OrgStatus, string, error) {
	var st OrgStatus
	var territory sql.NullString
	err := s.db.R.QueryRowContext(ctx, `SELECT status, territory_id FROM organizations WHERE id = $1`, orgID).Scan(&st, &territory)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", errs.NotFoundErr()
	}
	if err != nil {
		return "", "", fmt.Errorf("directory: organization %s: %w", orgID, err)
	}
	return st, territory.String, nil
}

// IsMember tells whether a user works for an organization.
func (s *Store) IsMember(ctx context.Context, orgID, userID string) (bool, error) {
	var n int
	err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM organization_members WHERE organization_id = $1 AND user_id = $2`,
		orgID, userID).Scan(&n)
	return n > 0, err
}

// AddMember links a user to an organization (nothing when already linked).
func (s *Store) AddMember(ctx context.Context, q db.Querier, orgID, userID string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO organization_members (organization_id, user_id, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (organization_id, user_id) DO NOTHING`, orgID, userID, db.Now())
	if err != nil {
		return fmt.Errorf("directory: add member: %w", err)
	}
	// Someone without a territory now works in the organization's.
	if _, err := q.ExecContext(ctx, `UPDATE users SET territory_id = (SELECT territory_id FROM organizations WHERE id = $1)
		WHERE id = $2 AND territory_id IS NULL`, orgID, userID); err != nil {
		return fmt.Errorf("directory: member territory: %w", err)
	}
	return audit.Record(ctx, q, audit.Entry{Action: "add_member", Entity: "organization", EntityID: orgID,
		Detail: map[string]any{"user_id": userID}})
}

// Member is a person who works for an organization.
type Member struct {
	UserID string
	Name   string
	Email  string
	Since  time.Time
}

// Members lists the people of an organization.
func (s *Store) Members(ctx context.Context, orgID string) ([]Member, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT u.id, u.name, u.email, m.created_at FROM organization_members m
		JOIN users u ON u.id = m.user_id WHERE m.organization_id = $1 ORDER BY u.name`, orgID)
	if err != nil {
		return nil, fmt.Errorf("directory: members: %w", err)
	}
	defer rows.Close()
	var out []Member
	for rows.Next() {
		var m Member
		if err := rows.Scan(&m.UserID, &m.Name, &m.Email, &m.Since); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// MemberEmails lists the e-mail addresses of an organization's active people.
func (s *Store) MemberEmails(ctx context.Context, orgID string) ([]string, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT u.email FROM organization_members m JOIN users u ON u.id = m.user_id
		WHERE m.organization_id = $1 AND u.disabled_at IS NULL ORDER BY u.email`, orgID)
	if err != nil {
		return nil, fmt.Errorf("directory: member e-mails: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// OrganizationsOf lists the organizations a user works for.
func (s *Store) OrganizationsOf(ctx context.Context, userID string) ([]OrgSummary, error) {
	return s.listOrgs(ctx, "o.id IN (SELECT organization_id FROM organization_members WHERE user_id = $1)", []any{userID}, "LOWER(o.name), o.id", 0, 100, "")
}
