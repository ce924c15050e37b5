package common

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
)

// BecomeVolunteer makes a person a volunteer, in q (the caller's
// transaction, whose earlier writes it sees). It is the one place where
// this happens, whether the person fills in the volunteer profile or is
// granted a qualification (a course completed, a coordinator's grant):
//
//   - a cittadino becomes a volontario, the role that signs up to shifts,
//     logs hours and — with the sentinel qualification — sends signals to
//     the porta di comunità; operators, coordinators and admins keep their
//     role;
//   - someone without a territory joins territoryID or, when that is
//     empty, the territory of the first of comuni that belongs to one.
//
// The change is written in the audit log.
func BecomeVolunteer(ctx context.Context, q db.Querier, userID, territoryID string, comuni List) error {
	var role string
	var territory sql.NullString
	err := q.QueryRowContext(ctx, `SELECT role, territory_id FROM users WHERE id = $1`, userID).Scan(&role, &territory)
	if errors.Is(err, sql.ErrNoRows) {
		return errs.NotFoundErr()
	}
	if err != nil {
		return fmt.Errorf("people: become volunteer: %w", err)
	}
	detail := map[string]any{}
	if auth.Role(role) == auth.Citizen {
		detail["role"] = map[string]any{"from": role, "to": auth.Volunteer}
		role = string(auth.Volunteer)
	}
	if territory.String == "" {
		// A comune of no territory leaves territoryID empty: try the next.
		for i := 0; territoryID == "" && i < len(comuni); i++ {
			q.QueryRowContext(ctx, `SELECT territory_id FROM territory_comuni WHERE istat_code = $1 ORDER BY territory_id LIMIT 1`, comuni[i]).
				Scan(&territoryID)
		}
		if territoryID != "" {
			territory = sql.NullString{String: territoryID, Valid: true}
			detail["territory_id"] = map[string]any{"from": "", "to": territoryID}
		}
	}
	if len(detail) == 0 {
		return nil
	}
	if _, err := q.ExecContext(ctx, `UPDATE users SET role = $1, territory_id = $2, updated_at = $3 WHERE id = $4`,
		role, territory, db.Now(), userID); err != nil {
		return fmt.Errorf("people: become volunteer: %w", err)
	}
	return audit.Record(ctx, q, audit.Entry{Action: "update", Entity: "user", EntityID: userID, Detail: detail})
}
