package volunteer

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/trama-welfare/trama/internal/people/common"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
)

// Shifts are the occurrences of an opportunity's schedule. A shift gets a
// row in volunteer_shifts when the first person signs up to it; the row
// counts the places taken, so that a conditional UPDATE can take a place
// atomically on both engines.

// Shift is one occurrence with its places.
type Shift struct {
	ID      string // "" until someone signs up
	Start   time.Time
	End     time.Time
	Places  int
	Taken   int
	Waiting int
	// Mine is the visitor's own sign-up, if any.
	Mine *Signup
	// Signups are the sign-ups, for the organization's page.
	Signups []Signup
}

// Left is the number of free places.
func (s Shift) Left() int { return max(s.Places-s.Taken, 0) }

// Full tells whether no place is free.
func (s Shift) Full() bool { return s.Left() == 0 }

// Key identifies the occurrence in forms: its start in Unix seconds.
func (s Shift) Key() int64 { return s.Start.Unix() }

// Horizon is how far ahead shifts are offered.
const Horizon = 90 * 24 * time.Hour

// Upcoming returns the next shifts of o (at most limit) from now, with
// their places and, when userID is set, that person's sign-up.
func (s *Service) Upcoming(ctx context.Context, o *Opportunity, userID string, limit int) ([]Shift, error) {
	now := s.Now()
	occ := o.Rule.Occurrences(now, now.Add(Horizon), limit)
	if len(occ) == 0 {
		return nil, nil
	}
	stored, err := s.storedShifts(ctx, o.ID, occ[0].Start, occ[len(occ)-1].Start)
	if err != nil {
		return nil, err
	}
	out := make([]Shift, 0, len(occ))
	for _, oc := range occ {
		sh := Shift{Start: oc.Start, End: oc.End, Places: o.Places}
		if st, ok := stored[oc.Start.Unix()]; ok {
			sh.ID, sh.Places, sh.Taken, sh.Waiting = st.ID, st.Places, st.Taken, st.Waiting
		}
		out = append(out, sh)
	}
	if userID != "" {
		mine, err := s.signupsWhere(ctx, `v.id = $1 AND g.user_id = $2 AND g.status IN ('pending', 'accepted', 'waiting')`, o.ID, userID)
		if err != nil {
			return nil, err
		}
		for i := range out {
			for j := range mine {
				if mine[j].Start.Equal(out[i].Start) {
					out[i].Mine = &mine[j]
				}
			}
		}
	}
	return out, nil
}

// storedShifts reads the shift rows of an opportunity between two starts,
// by start (Unix seconds), with the length of their waiting lists.
func (s *Service) storedShifts(ctx context.Context, oppID string, from, to time.Time) (map[int64]Shift, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT s.id, s.starts_at, s.ends_at, s.places, s.taken,
		(SELECT COUNT(*) FROM volunteer_signups g WHERE g.shift_id = s.id AND g.status = 'waiting')
		FROM volunteer_shifts s WHERE s.opportunity_id = $1 AND s.starts_at >= $2 AND s.starts_at <= $3`, oppID, from.UTC(), to.UTC())
	if err != nil {
		return nil, fmt.Errorf("volunteer: shifts: %w", err)
	}
	defer rows.Close()
	out := map[int64]Shift{}
	for rows.Next() {
		var sh Shift
		if err := rows.Scan(&sh.ID, &sh.Start, &sh.End, &sh.Places, &sh.Taken, &sh.Waiting); err != nil {
			return nil, err
		}
		out[sh.Start.Unix()] = sh
	}
	return out, rows.Err()
}

// occurrenceAt checks that o has a shift starting at start (Unix seconds)
// that has not begun, and returns it.
func (s *Service) occurrenceAt(o *Opportunity, start int64) (Shift, error) {
	t := time.Unix(start, 0).In(o.Rule.Location())
	if !t.After(s.Now()) {
		return Shift{}, errs.New(errs.Conflict, "people.errors.shift_past")
	}
	occ := o.Rule.Occurrences(t, t.Add(time.Second), 1)
	if len(occ) != 1 || !occ[0].Start.Equal(t) {
		return Shift{}, errs.NotFoundErr()
	}
	return Shift{Start: occ[0].Start, End: occ[0].End, Places: o.Places}, nil
}

// materialize returns the id of the shift row of o at sh.Start, creating
// it (in tx) when nobody signed up yet. Two people creating it at once
// both end up with the same row.
func (s *Service) materialize(ctx context.Context, tx *sql.Tx, o *Opportunity, sh Shift) (string, error) {
	if _, err := tx.ExecContext(ctx, `INSERT INTO volunteer_shifts (id, opportunity_id, starts_at, ends_at, places, taken, created_at)
		VALUES ($1, $2, $3, $4, $5, 0, $6) ON CONFLICT (opportunity_id, starts_at) DO NOTHING`,
		common.NewID(), o.ID, sh.Start.UTC(), sh.End.UTC(), o.Places, db.Now()); err != nil {
		return "", fmt.Errorf("volunteer: create shift: %w", err)
	}
	var id string
	if err := tx.QueryRowContext(ctx, `SELECT id FROM volunteer_shifts WHERE opportunity_id = $1 AND starts_at = $2`,
		o.ID, sh.Start.UTC()).Scan(&id); err != nil {
		return "", fmt.Errorf("volunteer: find shift: %w", err)
	}
	return id, nil
}

// takePlace takes a free place of a shift, atomically: the conditional
// UPDATE is the only check, so concurrent sign-ups can never over-book.
func takePlace(ctx context.Context, q db.Querier, shiftID string) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE volunteer_shifts SET taken = taken + 1 WHERE id = $1 AND taken < places`, shiftID)
	if err != nil {
		return false, fmt.Errorf("volunteer: take place: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// resize applies o's places to its future shifts, never below the places
// taken, and fills the places that opened from the waiting lists.
func (s *Service) resize(ctx context.Context, tx *sql.Tx, o *Opportunity) error {
	if _, err := tx.ExecContext(ctx, `UPDATE volunteer_shifts SET places = CASE WHEN taken > $1 THEN taken ELSE $1 END
		WHERE opportunity_id = $2 AND starts_at > $3`, o.Places, o.ID, s.Now().UTC()); err != nil {
		return fmt.Errorf("volunteer: resize shifts: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT s.id FROM volunteer_shifts s JOIN volunteer_signups g ON g.shift_id = s.id
		WHERE s.opportunity_id = $1 AND s.starts_at > $2 AND s.taken < s.places AND g.status = 'waiting'`, o.ID, s.Now().UTC())
	if err != nil {
		return err
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids {
		if err := s.promote(ctx, tx, id, o); err != nil {
			return err
		}
	}
	return rows.Err()
}
