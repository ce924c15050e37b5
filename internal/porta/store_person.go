package porta

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/secret"
	"github.com/trama-welfare/trama/internal/platform/text"
)

// lookupHashes are the keyed hashes that find the same person again without
// decrypting anyone: name and birth year, phone, e-mail.
type lookupHashes struct{ Name, Phone, Email string }

func hashesOf(kr *secret.Keyring, d PersonDetails) lookupHashes {
	var h lookupHashes
	year := d.BirthYear
	if year == 0 && len(d.BirthDate) >= 4 {
		year = atoi(d.BirthDate[:4])
	}
	if name := text.Fold(d.FirstName + " " + d.LastName); name != "" && d.LastName != "" && year > 0 {
		h.Name = kr.Hash("porta-name|" + name + "|" + strconv.Itoa(year))
	}
	if d.Phone != "" {
		h.Phone = kr.Hash("porta-phone|" + d.Phone)
	}
	if d.Email != "" {
		h.Email = kr.Hash("porta-email|" + strings.ToLower(d.Email))
	}
	return h
}

// PhoneHash and EmailHash find persons by contact (searches, the command line).
func PhoneHash(kr *secret.Keyring, e164 string) string {
	return hashesOf(kr, PersonDetails{Phone: e164}).Phone
}

// EmailHash is the lookup hash of an e-mail address.
func EmailHash(kr *secret.Keyring, email string) string {
	return hashesOf(kr, PersonDetails{Email: email}).Email
}

func (p *Porta) insertPerson(ctx context.Context, q db.Querier, pr *Person) error {
	details, err := p.sealJSON(pr.Details)
	if err != nil {
		return err
	}
	h := hashesOf(p.keys, pr.Details)
	pr.ID = newID()
	now := db.Now()
	pr.CreatedAt, pr.UpdatedAt = now, now
	pr.HasMinors = pr.HasMinors || pr.Details.Minors > 0
	if pr.Lang == "" {
		pr.Lang = "it"
	}
	_, err = q.ExecContext(ctx, `INSERT INTO porta_persons (id, territory_id, istat_code, has_minors, lang, details,
		name_hash, phone_hash, email_hash, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
		pr.ID, pr.TerritoryID, pr.ISTATCode, pr.HasMinors, pr.Lang, details, h.Name, h.Phone, h.Email, now)
	if err != nil {
		return fmt.Errorf("porta: insert person: %w", err)
	}
	return nil
}

func (p *Porta) updatePerson(ctx context.Context, q db.Querier, pr *Person) error {
	details, err := p.sealJSON(pr.Details)
	if err != nil {
		return err
	}
	h := hashesOf(p.keys, pr.Details)
	pr.UpdatedAt = db.Now()
	pr.HasMinors = pr.HasMinors || pr.Details.Minors > 0
	_, err = q.ExecContext(ctx, `UPDATE porta_persons SET istat_code = $1, has_minors = $2, details = $3, name_hash = $4,
		phone_hash = $5, email_hash = $6, updated_at = $7 WHERE id = $8 AND anonymised_at IS NULL`,
		pr.ISTATCode, pr.HasMinors, details, h.Name, h.Phone, h.Email, pr.UpdatedAt, pr.ID)
	if err != nil {
		return fmt.Errorf("porta: update person: %w", err)
	}
	return nil
}

const personCols = `id, territory_id, istat_code, has_minors, lang, details, created_at, updated_at, anonymised_at`

func (p *Porta) scanPerson(s interface{ Scan(...any) error }) (*Person, error) {
	var pr Person
	var details string
	var anon sql.NullTime
	if err := s.Scan(&pr.ID, &pr.TerritoryID, &pr.ISTATCode, &pr.HasMinors, &pr.Lang, &details, &pr.CreatedAt,
		&pr.UpdatedAt, &anon); err != nil {
		return nil, err
	}
	if anon.Valid {
		pr.AnonymisedAt = &anon.Time
	}
	if err := p.openJSON(details, &pr.Details); err != nil {
		return nil, fmt.Errorf("porta: person %s: %w", pr.ID, err)
	}
	return &pr, nil
}

// person reads a person, decrypting their details. Callers check access
// and audit the read.
func (p *Porta) person(ctx context.Context, q db.Querier, id string) (*Person, error) {
	pr, err := p.scanPerson(q.QueryRowContext(ctx, `SELECT `+personCols+` FROM porta_persons WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundErr()
	}
	if err != nil {
		return nil, fmt.Errorf("porta: person %s: %w", id, err)
	}
	return pr, nil
}

// personTerritory returns a person's territory without decrypting anything.
func (p *Porta) personTerritory(ctx context.Context, id string) (string, error) {
	var t string
	err := p.db.R.QueryRowContext(ctx, `SELECT territory_id FROM porta_persons WHERE id = $1`, id).Scan(&t)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errs.NotFoundErr()
	}
	return t, err
}

// Duplicate is another person who may be the same one.
type Duplicate struct {
	Person *Person
	Same   []string // name, phone, email: what matched
	NeedID string   // their most recent need
	Status string
}

// duplicates finds other persons of the territory with the same name and
// birth year, phone or e-mail.
func (p *Porta) duplicates(ctx context.Context, pr *Person) ([]Duplicate, error) {
	h := hashesOf(p.keys, pr.Details)
	conds, args := []string{}, []any{pr.TerritoryID, pr.ID}
	add := func(col, v string) {
		if v != "" {
			args = append(args, v)
			conds = append(conds, fmt.Sprintf("%s = $%d", col, len(args)))
		}
	}
	add("name_hash", h.Name)
	add("phone_hash", h.Phone)
	add("email_hash", h.Email)
	if len(conds) == 0 {
		return nil, nil
	}
	rows, err := p.db.R.QueryContext(ctx, `SELECT `+personCols+` FROM porta_persons WHERE territory_id = $1 AND id <> $2
		AND anonymised_at IS NULL AND (`+strings.Join(conds, " OR ")+`) ORDER BY created_at DESC LIMIT 20`, args...)
	if err != nil {
		return nil, fmt.Errorf("porta: duplicates: %w", err)
	}
	var out []Duplicate
	for rows.Next() {
		other, err := p.scanPerson(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		oh := hashesOf(p.keys, other.Details)
		d := Duplicate{Person: other}
		for _, m := range []struct{ what, a, b string }{{"name", h.Name, oh.Name}, {"phone", h.Phone, oh.Phone}, {"email", h.Email, oh.Email}} {
			if m.a != "" && m.a == m.b {
				d.Same = append(d.Same, m.what)
			}
		}
		out = append(out, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		p.db.R.QueryRowContext(ctx, `SELECT id, status FROM porta_needs WHERE person_id = $1 ORDER BY created_at DESC LIMIT 1`,
			out[i].Person.ID).Scan(&out[i].NeedID, &out[i].Status)
	}
	return out, nil
}

// hasDuplicates tells, without decrypting, whether a person shares a hash
// with another person of the territory (for the triage queue's flag).
func (p *Porta) duplicateFlags(ctx context.Context, territoryID string, persons []string) (map[string]bool, error) {
	if len(persons) == 0 {
		return map[string]bool{}, nil
	}
	args := []any{territoryID}
	for _, id := range persons {
		args = append(args, id)
	}
	// One EXISTS per hash, each through its (territory_id, hash) index and
	// stopping at the first other person: a join with the three hashes in
	// one OR compared every pair of persons of the territory (the queue
	// page timed out at 30 s with 1,500 requests in the load test).
	other := func(col string) string {
		return `(a.` + col + ` <> '' AND EXISTS (SELECT 1 FROM porta_persons b WHERE b.territory_id = a.territory_id
			AND b.` + col + ` = a.` + col + ` AND b.id <> a.id AND b.anonymised_at IS NULL))`
	}
	rows, err := p.db.R.QueryContext(ctx, `SELECT a.id FROM porta_persons a
		WHERE a.territory_id = $1 AND a.anonymised_at IS NULL AND a.id IN (`+db.Placeholders(2, len(persons))+`)
		AND (`+other("name_hash")+` OR `+other("phone_hash")+` OR `+other("email_hash")+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("porta: duplicate flags: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

// FindByContact returns the ids of the persons of a territory ("" for all)
// with this phone (E.164) or e-mail.
func (p *Porta) FindByContact(ctx context.Context, territoryID, phone, email string) ([]string, error) {
	h := hashesOf(p.keys, PersonDetails{Phone: phone, Email: email})
	if h.Phone == "" && h.Email == "" {
		return nil, nil
	}
	if h.Phone == "" {
		h.Phone = "-"
	}
	if h.Email == "" {
		h.Email = "-"
	}
	rows, err := p.db.R.QueryContext(ctx, `SELECT id FROM porta_persons WHERE (phone_hash = $1 OR email_hash = $2)
		AND ($3 = '' OR territory_id = $3) AND anonymised_at IS NULL ORDER BY created_at DESC`, h.Phone, h.Email, territoryID)
	if err != nil {
		return nil, fmt.Errorf("porta: find by contact: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
