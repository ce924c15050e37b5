package directory

import (
	"context"

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
