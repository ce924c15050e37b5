package porta

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/sealed"
	"github.com/trama-welfare/trama/internal/platform/secret"
)

// JobRetention is the daily job that anonymises the people whose cases
// closed longer ago than the retention period.
const JobRetention = "porta.retention"

// SealedTables are the porta's encrypted columns, for key rotation.
var SealedTables = []sealed.Table{
	{Name: "porta_persons", Key: "id", Columns: []string{"details"}, Hashes: func(kr *secret.Keyring, open map[string]string) map[string]string {
		var d PersonDetails
		json.Unmarshal([]byte(open["details"]), &d)
		h := hashesOf(kr, d)
		return map[string]string{"name_hash": h.Name, "phone_hash": h.Phone, "email_hash": h.Email}
	}},
	{Name: "porta_needs", Key: "id", Columns: []string{"details", "reason", "receipt_code"}, Hashes: func(kr *secret.Keyring, open map[string]string) map[string]string {
		if open["receipt_code"] == "" {
			return nil
		}
		return map[string]string{"receipt_hash": receiptHash(kr, open["receipt_code"])}
	}},
	{Name: "porta_events", Key: "id", Columns: []string{"body"}},
	{Name: "porta_referrals", Key: "id", Columns: []string{"message"}},
	{Name: "porta_referral_history", Key: "id", Columns: []string{"note"}},
}

// anonymise removes everything that identifies a person or tells their
// story, stopping whatever is still open first. What remains — comune,
// categories, dates, statuses, outcomes, the referral history without its
// notes — is for statistics only.
func (p *Porta) anonymise(ctx context.Context, tx *sql.Tx, personID, why string) error {
	if err := p.stopProcessing(ctx, tx, personID, NeedClosed, OutcomeWithdrawn, why); err != nil {
		return err
	}
	now := db.Now()
	steps := []string{
		`UPDATE porta_persons SET details = '', name_hash = '', phone_hash = '', email_hash = '', anonymised_at = $2, updated_at = $2 WHERE id = $1`,
		`UPDATE porta_needs SET details = '', reason = '', receipt_hash = '', receipt_code = '', updated_at = $2 WHERE person_id = $1`,
		`UPDATE porta_events SET body = '' WHERE person_id = $1 AND at <= $2`,
		`UPDATE porta_referrals SET message = '', updated_at = $2 WHERE person_id = $1`,
		`UPDATE porta_referral_history SET note = '' WHERE at <= $2 AND referral_id IN (SELECT id FROM porta_referrals WHERE person_id = $1)`,
	}
	for _, q := range steps {
		if _, err := tx.ExecContext(ctx, q, personID, now); err != nil {
			return fmt.Errorf("porta: anonymise: %w", err)
		}
	}
	return audit.Record(ctx, tx, audit.Entry{Action: "anonymise", Entity: "porta_person", EntityID: personID,
		Detail: map[string]any{"why": why}})
}

// ApplyRetention anonymises the people with nothing open whose needs,
// cases and referrals all ended before the retention period. It returns
// how many it anonymised.
func (p *Porta) ApplyRetention(ctx context.Context, now time.Time) (int, error) {
	cutoff := now.UTC().AddDate(0, -p.cfg.RetentionMonths, 0)
	rows, err := p.db.R.QueryContext(ctx, `SELECT pr.id FROM porta_persons pr WHERE pr.anonymised_at IS NULL
		AND NOT EXISTS (SELECT 1 FROM porta_needs n WHERE n.person_id = pr.id AND (n.closed_at IS NULL OR n.closed_at >= $1))
		AND NOT EXISTS (SELECT 1 FROM porta_cases c WHERE c.person_id = pr.id AND (c.closed_at IS NULL OR c.closed_at >= $1))
		AND NOT EXISTS (SELECT 1 FROM porta_referrals r WHERE r.person_id = pr.id AND COALESCE(r.closed_at, r.updated_at) >= $1)
		ORDER BY pr.id`, cutoff)
	if err != nil {
		return 0, fmt.Errorf("porta: retention: %w", err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for i, id := range ids {
		if err := p.db.Tx(ctx, func(tx *sql.Tx) error { return p.anonymise(ctx, tx, id, "retention") }); err != nil {
			return i, err
		}
	}
	return len(ids), nil
}

// RetentionJob is the handler of JobRetention.
func (p *Porta) RetentionJob() func(context.Context, json.RawMessage) error {
	return func(ctx context.Context, _ json.RawMessage) error {
		_, err := p.ApplyRetention(ctx, time.Now())
		return err
	}
}

// Erase anonymises a person at their request (the command line: the
// operator of the installation acts). The referral history stays, without
// anything personal, for statistics.
func (p *Porta) Erase(ctx context.Context, personID string) error {
	if _, err := p.personTerritory(ctx, personID); err != nil {
		return err
	}
	return p.db.Tx(ctx, func(tx *sql.Tx) error { return p.anonymise(ctx, tx, personID, "erasure") })
}

// EraseFor is Erase by a coordinator of the person's territory.
func (p *Porta) EraseFor(ctx context.Context, u *auth.User, personID string) error {
	if err := p.canSeePerson(ctx, u, personID); err != nil {
		return err
	}
	return p.Erase(ctx, personID)
}
