package porta

import (
	"context"
	"fmt"

	"github.com/trama-welfare/trama/internal/participation/pact"
)

// Referrals counts the referrals exchanged between organizations of a
// territory, for the pact's network graph: from the organization whose
// desk brought a need in to the organization of the service it was
// referred to (withdrawn referrals and referrals within one organization
// left out). Numbers only: no person, need or case reaches the graph.
func (p *Porta) Referrals(ctx context.Context, territoryID string) ([]pact.Referral, error) {
	rows, err := p.db.R.QueryContext(ctx, `SELECT n.organization_id, r.organization_id, COUNT(*)
		FROM porta_referrals r JOIN porta_needs n ON n.id = r.need_id
		WHERE r.territory_id = $1 AND n.organization_id <> '' AND n.organization_id <> r.organization_id
		AND r.status <> $2
		GROUP BY n.organization_id, r.organization_id
		ORDER BY n.organization_id, r.organization_id`, territoryID, RefWithdrawn)
	if err != nil {
		return nil, fmt.Errorf("porta: referrals between organizations: %w", err)
	}
	defer rows.Close()
	var out []pact.Referral
	for rows.Next() {
		var r pact.Referral
		if err := rows.Scan(&r.From, &r.To, &r.Count); err != nil {
			return nil, fmt.Errorf("porta: referrals between organizations: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
