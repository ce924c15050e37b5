package demo

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/db"
)

// The workflow stamps everything with the time it runs, so a freshly
// loaded demo would look born this minute, with nothing to verify.
// backdate moves what the workflow has written so far about an
// organization a number of days into the past, as if its people had done
// it then: creation, versions, history, membership, and the services'
// verification dates. The audit log is left as it is: it records what
// really happened (the demo was loaded).

// timeColumns lists, per table, the key columns and the timestamps to move.
var timeColumns = []struct {
	table, orgColumn string
	keys, times      []string
}{
	{"organizations", "id", []string{"id"}, []string{"created_at", "updated_at", "published_at"}},
	{"organization_versions", "organization_id", []string{"id"}, []string{"created_at", "updated_at", "submitted_at", "reviewed_at"}},
	{"organization_history", "organization_id", []string{"id"}, []string{"at"}},
	{"organization_members", "organization_id", []string{"organization_id", "user_id"}, []string{"created_at"}},
	{"services", "organization_id", []string{"id"}, []string{"created_at", "updated_at"}},
	{"locations", "organization_id", []string{"id"}, []string{"created_at", "updated_at"}},
}

func backdate(ctx context.Context, d *db.DB, orgID string, days int) error {
	by := -time.Duration(days) * 24 * time.Hour
	return d.Tx(ctx, func(tx *sql.Tx) error {
		for _, t := range timeColumns {
			if err := shiftTimes(ctx, tx, t.table, t.orgColumn, orgID, t.keys, t.times, by); err != nil {
				return err
			}
		}
		if err := shiftServices(ctx, tx, orgID, by); err != nil {
			return err
		}
		return shiftDocuments(ctx, tx, orgID, by)
	})
}

// shiftTimes moves the timestamps cols of the organization's rows of table.
func shiftTimes(ctx context.Context, tx *sql.Tx, table, orgColumn, orgID string, keys, cols []string, by time.Duration) error {
	rows, err := tx.QueryContext(ctx, "SELECT "+strings.Join(keys, ", ")+", "+strings.Join(cols, ", ")+
		" FROM "+table+" WHERE "+orgColumn+" = $1", orgID)
	if err != nil {
		return fmt.Errorf("demo: read %s: %w", table, err)
	}
	var updates [][]any
	for rows.Next() {
		times := make([]sql.NullTime, len(cols))
		keyVals := make([]any, len(keys))
		dest := make([]any, 0, len(keys)+len(cols))
		for i := range keyVals {
			dest = append(dest, &keyVals[i])
		}
		for i := range times {
			dest = append(dest, &times[i])
		}
		if err := rows.Scan(dest...); err != nil {
			rows.Close()
			return fmt.Errorf("demo: scan %s: %w", table, err)
		}
		args := make([]any, 0, len(cols)+len(keys))
		for _, t := range times {
			if t.Valid {
				args = append(args, t.Time.Add(by))
			} else {
				args = append(args, nil)
			}
		}
		updates = append(updates, append(args, keyVals...))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var set, where []string
	for i, c := range cols {
		set = append(set, fmt.Sprintf("%s = $%d", c, i+1))
	}
	for i, k := range keys {
		where = append(where, fmt.Sprintf("%s = $%d", k, len(cols)+i+1))
	}
	stmt := "UPDATE " + table + " SET " + strings.Join(set, ", ") + " WHERE " + strings.Join(where, " AND ")
	for _, args := range updates {
		if _, err := tx.ExecContext(ctx, stmt, args...); err != nil {
			return fmt.Errorf("demo: backdate %s: %w", table, err)
		}
	}
	return nil
}

// shiftServices moves the services' verification and modification dates
// (text columns, as HSDS has them).
func shiftServices(ctx context.Context, tx *sql.Tx, orgID string, by time.Duration) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, assured_date, last_modified FROM services WHERE organization_id = $1`, orgID)
	if err != nil {
		return fmt.Errorf("demo: read services: %w", err)
	}
	var updates [][3]string
	for rows.Next() {
		var id, assured, modified string
		if err := rows.Scan(&id, &assured, &modified); err != nil {
			rows.Close()
			return err
		}
		updates = append(updates, [3]string{id, shiftDate(assured, by), shiftStamp(modified, by)})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, u := range updates {
		if _, err := tx.ExecContext(ctx, `UPDATE services SET assured_date = $1, last_modified = $2 WHERE id = $3`,
			u[1], u[2], u[0]); err != nil {
			return fmt.Errorf("demo: backdate services: %w", err)
		}
	}
	return nil
}

// shiftDocuments moves the same dates inside the stored versions, so that
// a version and the published tables agree.
func shiftDocuments(ctx context.Context, tx *sql.Tx, orgID string, by time.Duration) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, document FROM organization_versions WHERE organization_id = $1`, orgID)
	if err != nil {
		return fmt.Errorf("demo: read versions: %w", err)
	}
	docs := map[string]string{}
	for rows.Next() {
		var id, doc string
		if err := rows.Scan(&id, &doc); err != nil {
			rows.Close()
			return err
		}
		docs[id] = doc
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for id, doc := range docs {
		var r directory.Record
		if err := json.Unmarshal([]byte(doc), &r); err != nil {
			return fmt.Errorf("demo: version %s: %w", id, err)
		}
		for i := range r.Services {
			s := &r.Services[i]
			s.AssuredDate, s.LastModified = shiftDate(s.AssuredDate, by), shiftStamp(s.LastModified, by)
		}
		b, err := json.Marshal(&r)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE organization_versions SET document = $1 WHERE id = $2`, string(b), id); err != nil {
			return fmt.Errorf("demo: backdate version: %w", err)
		}
	}
	return nil
}

func shiftDate(s string, by time.Duration) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return t.Add(by).Format(time.DateOnly)
}

func shiftStamp(s string, by time.Duration) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return s
	}
	return t.Add(by).Format(time.RFC3339)
}
