package directory

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/trama-welfare/trama/internal/platform/db"
)

// What the HSDS importer and exporter (internal/hsds) need of the directory:
// its record loader and the way Trama's own attributes are identified.

// Link types of the HSDS attributes that hold Trama's categories, target
// groups and art. 5 activities.
const (
	LinkCategory    = linkCategory
	LinkTargetGroup = linkTargetGroup
	LinkActivity    = linkActivity
)

// TransitionImported is the history line of an organization published by
// an import.
const TransitionImported = "imported"

// LoadRecord reads the published record of an organization from the HSDS
// tables, in q (a transaction that just wrote them, for instance).
func (s *Store) LoadRecord(ctx context.Context, q db.Querier, orgID string) (*Record, error) {
	return s.loadRecord(ctx, q, orgID)
}

// DerivedAttribute is the attribute row that links an entity to a term of
// Trama's own fields (categories, target groups, activities), with its
// stable id.
func DerivedAttribute(linkID, linkEntity, linkType, termID string) Attribute {
	return derivedAttribute(linkID, linkEntity, linkType, termID)
}

// PublishImported makes rec the published state of its organization at
// once, in tx: the back office's spreadsheet import, a coordinator's
// trusted bulk load. The organization is created when new, gets a new
// published version (the older one superseded) and a history line
// "imported"; an archived organization stays archived.
func (d *Directory) PublishImported(ctx context.Context, tx *sql.Tx, rec *Record, by, comment string) error {
	id := rec.Organization.ID
	var prev OrgStatus
	err := tx.QueryRowContext(ctx, `SELECT status FROM organizations WHERE id = $1`, id).Scan(&prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("directory: import %s: %w", id, err)
	}
	var old *Record
	if prev != "" {
		if old, err = d.Store.loadRecord(ctx, tx, id); err != nil {
			return err
		}
	}
	var number int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(number), 0) + 1 FROM organization_versions
		WHERE organization_id = $1`, id).Scan(&number); err != nil {
		return fmt.Errorf("directory: import %s: %w", id, err)
	}
	status := OrgActive
	if prev == OrgArchived {
		status = OrgArchived
	}
	if err := d.Store.publishRecord(ctx, tx, old, rec, number, status); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE organization_versions SET status = $1 WHERE organization_id = $2 AND status = $3`,
		VersionSuperseded, id, VersionPublished); err != nil {
		return fmt.Errorf("directory: import %s: %w", id, err)
	}
	now := db.Now()
	v := &Version{OrganizationID: id, Status: VersionPublished, Record: *rec, BaseVersion: number - 1,
		CreatedBy: by, ReviewedBy: by, ReviewedAt: &now, Comment: comment}
	if err := d.Store.insertVersion(ctx, tx, v); err != nil {
		return err
	}
	if err := d.Store.history(ctx, tx, id, v.Number, string(prev), TransitionImported, comment); err != nil {
		return err
	}
	return d.reindex(ctx, tx, id)
}
