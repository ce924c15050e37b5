package directory

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
)

// Actions of the directory, checked per route; who may act on *which*
// organization is decided here, by membership and territory.
const (
	ActionManage   auth.Action = "directory.manage"   // edit the organizations one works for
	ActionReview   auth.Action = "directory.review"   // validate, publish, archive (coordinators)
	ActionNetwork  auth.Action = "directory.network"  // the network's internal directory and notes
	ActionTaxonomy auth.Action = "directory.taxonomy" // edit the taxonomies
)

// Rules are the directory's rows of the permission table.
var Rules = auth.Rules{
	ActionManage:   {auth.Operator, auth.Coordinator, auth.Admin},
	ActionReview:   {auth.Coordinator, auth.Admin},
	ActionNetwork:  {auth.Operator, auth.Coordinator, auth.Admin},
	ActionTaxonomy: {auth.Admin},
}

// Directory is the workflow of the network's directory.
type Directory struct {
	Store  *Store
	Tax    *Taxonomies
	db     *db.DB
	notify Notifier
	index  Indexer

	// Freshness says when published services count as old (reminders,
	// back office) and when the public sees them "da verificare".
	Freshness Freshness

	// AllowPrivateLogoURLs lets the logo's "copy from an address" reach
	// loopback and private networks (tests only).
	AllowPrivateLogoURLs bool
}

// Indexer keeps what is derived from the published records (the search
// index) in step with them: Reindex runs inside the transaction that
// publishes, archives, restores or confirms an organization.
type Indexer interface {
	Reindex(ctx context.Context, q db.Querier, orgID string) error
}

// SetIndexer sets the index told of every change to published data.
func (d *Directory) SetIndexer(ix Indexer) { d.index = ix }

// Reindex tells the indexer, if any, that an organization's published data
// changed, in q (the transaction of the change). Bulk loads that write the
// tables themselves call it for each organization they wrote.
func (d *Directory) Reindex(ctx context.Context, q db.Querier, orgID string) error {
	return d.reindex(ctx, q, orgID)
}

// reindex tells the indexer, if any, that an organization changed.
func (d *Directory) reindex(ctx context.Context, q db.Querier, orgID string) error {
	if d.index == nil {
		return nil
	}
	return d.index.Reindex(ctx, q, orgID)
}

// Notifier tells people about what happened to a record (e-mails).
type Notifier interface {
	Submitted(ctx context.Context, q db.Querier, org *Organization, v *Version) error
	Reviewed(ctx context.Context, q db.Querier, org *Organization, v *Version) error
}

// New wires the workflow.
func New(d *db.DB, tax *Taxonomies, n Notifier) *Directory {
	return &Directory{Store: NewStore(d, tax), Tax: tax, db: d, notify: n, Freshness: DefaultFreshness}
}

// CanEdit tells whether u may edit an organization: its members (operators),
// the coordinators of its territory, admins. Anyone else gets NotFound, so
// that the existence of a pending organization does not leak.
func (d *Directory) CanEdit(ctx context.Context, u *auth.User, orgID string) error {
	review, err := d.reviews(ctx, u, orgID)
	if err != nil || review {
		return err
	}
	if auth.RoleOf(u) == auth.Operator {
		if ok, err := d.Store.IsMember(ctx, orgID, u.ID); err != nil || ok {
			return err
		}
	}
	return errs.NotFoundErr()
}

// CanReview tells whether u may validate an organization's versions: the
// coordinators of its territory and admins.
func (d *Directory) CanReview(ctx context.Context, u *auth.User, orgID string) error {
	review, err := d.reviews(ctx, u, orgID)
	if err == nil && !review {
		err = errs.NotFoundErr()
	}
	return err
}

// reviews tells whether u is an admin or a coordinator of the organization's
// territory; NotFound when the organization does not exist.
func (d *Directory) reviews(ctx context.Context, u *auth.User, orgID string) (bool, error) {
	_, territory, err := d.Store.Status(ctx, orgID)
	if err != nil {
		return false, err
	}
	switch auth.RoleOf(u) {
	case auth.Admin:
		return true, nil
	case auth.Coordinator:
		return u.TerritoryID != "" && u.TerritoryID == territory, nil
	}
	return false, nil
}

// Reviewer tells whether u reviews this organization (to show the controls).
func (d *Directory) Reviewer(ctx context.Context, u *auth.User, orgID string) bool {
	return d.CanReview(ctx, u, orgID) == nil
}

// Draft returns the organization's open version, creating a draft from the
// published record when there is none.
func (d *Directory) Draft(ctx context.Context, u *auth.User, orgID string) (*Version, error) {
	if err := d.CanEdit(ctx, u, orgID); err != nil {
		return nil, err
	}
	var v *Version
	err := d.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if v, err = d.Store.OpenVersion(ctx, tx, orgID); err != nil || v != nil {
			return err
		}
		rec, err := d.Store.loadRecord(ctx, tx, orgID)
		if err != nil {
			return err
		}
		var base int
		tx.QueryRowContext(ctx, `SELECT published_version FROM organizations WHERE id = $1`, orgID).Scan(&base)
		v = &Version{OrganizationID: orgID, Status: VersionDraft, Record: *rec, BaseVersion: base, CreatedBy: u.Email}
		if err := d.Store.insertVersion(ctx, tx, v); err != nil {
			return err
		}
		return d.Store.history(ctx, tx, orgID, v.Number, "", VersionDraft, "")
	})
	return v, err
}

// Change applies edit to the organization's draft and saves it, unless
// someone saved the draft since revision (then it is a Conflict and nothing
// is written). edit returns validation errors for the form.
func (d *Directory) Change(ctx context.Context, u *auth.User, orgID string, revision int, edit func(r *Record) error) (*Version, error) {
	v, err := d.Draft(ctx, u, orgID)
	if err != nil {
		return nil, err
	}
	if !v.Editable() {
		return v, errs.New(errs.Conflict, "directory.errors.not_editable")
	}
	if revision != v.Revision {
		return v, errs.New(errs.Conflict, "directory.errors.stale_draft")
	}
	if err := edit(&v.Record); err != nil {
		return v, err
	}
	if err := d.db.Tx(ctx, func(tx *sql.Tx) error { return d.Store.saveDraft(ctx, tx, v, revision) }); err != nil {
		return v, err
	}
	return v, nil
}

// Submit sends the draft to the coordinators for review, after checking the
// whole record.
func (d *Directory) Submit(ctx context.Context, u *auth.User, orgID string) (*Version, error) {
	if err := d.CanEdit(ctx, u, orgID); err != nil {
		return nil, err
	}
	var v *Version
	err := d.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if v, err = d.Store.OpenVersion(ctx, tx, orgID); err != nil {
			return err
		}
		if v == nil || !v.Editable() {
			return errs.New(errs.Conflict, "directory.errors.nothing_to_submit")
		}
		if err := d.ValidateRecord(ctx, &v.Record); err != nil {
			return err
		}
		if err := d.Store.setVersionStatus(ctx, tx, v, VersionSubmitted, ""); err != nil {
			return err
		}
		return d.notify.Submitted(ctx, tx, &v.Record.Organization, v)
	})
	return v, err
}

// Withdraw takes a submitted version back to draft (to change it further).
func (d *Directory) Withdraw(ctx context.Context, u *auth.User, orgID string) error {
	if err := d.CanEdit(ctx, u, orgID); err != nil {
		return err
	}
	return d.db.Tx(ctx, func(tx *sql.Tx) error {
		v, err := d.Store.OpenVersion(ctx, tx, orgID)
		if err != nil {
			return err
		}
		if v == nil || v.Status != VersionSubmitted {
			return errs.New(errs.Conflict, "directory.errors.not_submitted")
		}
		return d.Store.setVersionStatus(ctx, tx, v, VersionDraft, "")
	})
}

// Approve publishes a version: the public sees it from now on. Coordinators
// may also publish a draft directly (their own edits).
func (d *Directory) Approve(ctx context.Context, u *auth.User, versionID, comment string) (*Version, error) {
	v, err := d.Store.VersionByID(ctx, versionID)
	if err != nil {
		return nil, err
	}
	if err := d.CanReview(ctx, u, v.OrganizationID); err != nil {
		return nil, err
	}
	if !v.Open() {
		return nil, errs.New(errs.Conflict, "directory.errors.version_moved")
	}
	if err := d.ValidateRecord(ctx, &v.Record); err != nil {
		return nil, err
	}
	today := time.Now().In(rome).Format("2006-01-02")
	for i := range v.Record.Services {
		v.Record.Services[i].AssuredDate = today
		v.Record.Services[i].AssurerEmail = u.Email
	}
	err = d.db.Tx(ctx, func(tx *sql.Tx) error {
		old, err := d.Store.loadRecord(ctx, tx, v.OrganizationID)
		if err != nil {
			return err
		}
		var prevStatus OrgStatus
		tx.QueryRowContext(ctx, `SELECT status FROM organizations WHERE id = $1`, v.OrganizationID).Scan(&prevStatus)
		status := OrgActive
		if prevStatus == OrgArchived {
			status = OrgArchived
		}
		if err := d.Store.publishRecord(ctx, tx, old, &v.Record, v.Number, status); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE organization_versions SET status = $1 WHERE organization_id = $2 AND status = $3`,
			VersionSuperseded, v.OrganizationID, VersionPublished); err != nil {
			return err
		}
		doc, err := encode(&v.Record)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE organization_versions SET document = $1 WHERE id = $2`, doc, v.ID); err != nil {
			return err
		}
		if err := d.Store.setVersionStatus(ctx, tx, v, VersionPublished, strings.TrimSpace(comment)); err != nil {
			return err
		}
		if err := d.reindex(ctx, tx, v.OrganizationID); err != nil {
			return err
		}
		return d.notify.Reviewed(ctx, tx, &v.Record.Organization, v)
	})
	return v, err
}

// RequestChanges sends a version back to its organization with a comment
// saying what to change.
func (d *Directory) RequestChanges(ctx context.Context, u *auth.User, versionID, comment string) (*Version, error) {
	comment = strings.TrimSpace(comment)
	if comment == "" {
		var f errs.Fields
		f.Add("comment", "directory.errors.comment_required")
		return nil, f.Err()
	}
	v, err := d.Store.VersionByID(ctx, versionID)
	if err != nil {
		return nil, err
	}
	if err := d.CanReview(ctx, u, v.OrganizationID); err != nil {
		return nil, err
	}
	if v.Status != VersionSubmitted {
		return nil, errs.New(errs.Conflict, "directory.errors.not_submitted")
	}
	err = d.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := d.Store.setVersionStatus(ctx, tx, v, VersionChangesRequested, comment); err != nil {
			return err
		}
		return d.notify.Reviewed(ctx, tx, &v.Record.Organization, v)
	})
	return v, err
}

// SetArchived archives an organization (hidden from the public, kept with
// its history) or restores it.
func (d *Directory) SetArchived(ctx context.Context, u *auth.User, orgID string, archived bool, reason string) error {
	if err := d.CanReview(ctx, u, orgID); err != nil {
		return err
	}
	return d.db.Tx(ctx, func(tx *sql.Tx) error {
		var st OrgStatus
		var published int
		if err := tx.QueryRowContext(ctx, `SELECT status, published_version FROM organizations WHERE id = $1`, orgID).Scan(&st, &published); err != nil {
			return err
		}
		to := OrgArchived
		var archivedAt any = db.Now()
		switch {
		case archived && st == OrgArchived, !archived && st != OrgArchived:
			return errs.New(errs.Conflict, "directory.errors.version_moved")
		case !archived && published == 0:
			to, archivedAt = OrgPending, nil
		case !archived:
			to, archivedAt = OrgActive, nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE organizations SET status = $1, archived_at = $2, updated_at = $3 WHERE id = $4`,
			to, archivedAt, db.Now(), orgID); err != nil {
			return fmt.Errorf("directory: archive: %w", err)
		}
		if err := d.reindex(ctx, tx, orgID); err != nil {
			return err
		}
		return d.Store.history(ctx, tx, orgID, published, string(st), string(to), strings.TrimSpace(reason))
	})
}

// Confirm records that the organization's services are still correct (the
// "ancora corretto" link): their verification date becomes today, in the
// published data and in the open draft if any.
func (d *Directory) Confirm(ctx context.Context, orgID, by string) (int, error) {
	today := time.Now().In(rome).Format("2006-01-02")
	var n int64
	err := d.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE services SET assured_date = $1, assurer_email = $2, reminded_at = NULL, updated_at = $3
			WHERE organization_id = $4 AND deleted_at IS NULL`, today, by, db.Now(), orgID)
		if err != nil {
			return fmt.Errorf("directory: confirm: %w", err)
		}
		n, _ = res.RowsAffected()
		if v, err := d.Store.OpenVersion(ctx, tx, orgID); err == nil && v != nil {
			for i := range v.Record.Services {
				v.Record.Services[i].AssuredDate, v.Record.Services[i].AssurerEmail = today, by
			}
			doc, err := encode(&v.Record)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE organization_versions SET document = $1 WHERE id = $2`, doc, v.ID); err != nil {
				return err
			}
		}
		if err := d.reindex(ctx, tx, orgID); err != nil {
			return err
		}
		return d.Store.history(ctx, tx, orgID, 0, "", "confirmed", by)
	})
	return int(n), err
}

var rome = mustRome()

func mustRome() *time.Location {
	l, err := time.LoadLocation("Europe/Rome")
	if err != nil {
		panic(err)
	}
	return l
}
