package qualification

import (
	"context"
	"fmt"
	"time"

	"github.com/trama-welfare/trama/internal/people/common"
)

// The coordinators' map: for each comune of a territory, how many people
// hold each qualification today and how many volunteers offer to help
// there, so that the cabina di regia sees where the network is thin. A
// person counts in every comune their volunteer profile names; those who
// name none are counted apart.

// Presence is one comune's row.
type Presence struct {
	ISTAT      string
	Name       string
	Province   string
	Population int
	Lat, Lon   float64
	Counts     map[string]int // by qualification code
	Volunteers int
}

// Watchers are the sentinels and natural helpers of the comune.
func (p Presence) Watchers() int { return p.Counts[Sentinel] + p.Counts[NaturalHelper] }

// PerTenThousand is Watchers per 10,000 inhabitants.
func (p Presence) PerTenThousand() float64 {
	if p.Population == 0 {
		return 0
	}
	return float64(p.Watchers()) * 10000 / float64(p.Population)
}

// Level says how well the comune is covered: "none" (no sentinel nor
// helper), "thin" (fewer than ThinBelow per 10,000 inhabitants), "ok".
func (p Presence) Level() string {
	switch {
	case p.Watchers() == 0:
		return "none"
	case p.PerTenThousand() < ThinBelow:
		return "thin"
	}
	return "ok"
}

// ThinBelow is the coverage, in sentinels and helpers per 10,000
// inhabitants, under which a comune counts as thinly covered.
const ThinBelow = 2.0

// Network is the map of a territory.
type Network struct {
	Comuni   []Presence
	Unplaced map[string]int // holders whose profile names no comune of the territory
	Totals   map[string]int
}

// Network computes the map of a territory today.
func (s *Store) Network(ctx context.Context, territoryID string) (*Network, error) {
	n := &Network{Unplaced: map[string]int{}, Totals: map[string]int{}}
	rows, err := s.db.R.QueryContext(ctx, `SELECT c.istat_code, c.name, c.province_code, c.population, c.lat, c.lon
		FROM territory_comuni tc JOIN comuni c ON c.istat_code = tc.istat_code WHERE tc.territory_id = $1 ORDER BY c.name`, territoryID)
	if err != nil {
		return nil, fmt.Errorf("qualification: network comuni: %w", err)
	}
	index := map[string]int{}
	for rows.Next() {
		p := Presence{Counts: map[string]int{}}
		if err := rows.Scan(&p.ISTAT, &p.Name, &p.Province, &p.Population, &p.Lat, &p.Lon); err != nil {
			rows.Close()
			return nil, err
		}
		index[p.ISTAT] = len(n.Comuni)
		n.Comuni = append(n.Comuni, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.db.R.QueryContext(ctx, `SELECT DISTINCT q.user_id, q.code, COALESCE(p.comuni, '') FROM user_qualifications q
		JOIN users u ON u.id = q.user_id LEFT JOIN volunteer_profiles p ON p.user_id = q.user_id
		WHERE u.territory_id = $1 AND u.disabled_at IS NULL AND `+activeSQL(2), territoryID, common.Today(time.Now()))
	if err != nil {
		return nil, fmt.Errorf("qualification: network holders: %w", err)
	}
	for rows.Next() {
		var user, code, comuni string
		if err := rows.Scan(&user, &code, &comuni); err != nil {
			rows.Close()
			return nil, err
		}
		n.Totals[code]++
		placed := false
		for _, c := range common.ParseList(comuni) {
			if i, ok := index[c]; ok {
				n.Comuni[i].Counts[code]++
				placed = true
			}
		}
		if !placed {
			n.Unplaced[code]++
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.db.R.QueryContext(ctx, `SELECT p.comuni FROM volunteer_profiles p JOIN users u ON u.id = p.user_id
		WHERE u.disabled_at IS NULL AND u.territory_id = $1`, territoryID)
	if err != nil {
		return nil, fmt.Errorf("qualification: network volunteers: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var comuni string
		if err := rows.Scan(&comuni); err != nil {
			return nil, err
		}
		for _, c := range common.ParseList(comuni) {
			if i, ok := index[c]; ok {
				n.Comuni[i].Volunteers++
			}
		}
	}
	return n, rows.Err()
}
