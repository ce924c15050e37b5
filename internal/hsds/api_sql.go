package hsds

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"

	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/search/analysis"
)

// where collects the conditions and arguments of a list query.
type where = db.Where

// Public services: not removed, of an active organization. The
// organization is a condition, not a join, so that a page ordered by name
// walks the services' name index and stops at the page.
const publicServices = "FROM services s WHERE s.deleted_at IS NULL AND EXISTS (SELECT 1 FROM organizations o " +
	"WHERE o.id = s.organization_id AND o.status = 'active')"

// orgName is the name of a service's organization, for the text filter.
const orgName = "(SELECT o.name FROM organizations o WHERE o.id = s.organization_id)"

// searchCondition is the API's text filter: every word of the search (or
// one of its inflections or synonyms, as internal/search/analysis reads
// them) must occur in one of cols. It is a plain LIKE on the analysed
// stems: the indexed engine of internal/search will replace this one
// function.
func searchCondition(w *where, search string, cols ...string) string {
	q := analysis.ParseQuery(search, analysis.Options{Synonyms: analysis.DefaultSynonyms()})
	var clauses []string
	for _, c := range q.Clauses {
		var alts []string
		for _, a := range c.Alts {
			terms := make([]string, len(a.Terms))
			for i, t := range a.Terms {
				terms[i] = db.Like(t)
			}
			ph := w.Arg("%" + strings.Join(terms, "%") + "%")
			for _, col := range cols {
				alts = append(alts, "LOWER("+col+") LIKE "+ph+` ESCAPE '\'`)
			}
		}
		if len(alts) > 0 {
			clauses = append(clauses, "("+strings.Join(alts, " OR ")+")")
		}
	}
	return strings.Join(clauses, " AND ")
}

// serviceFilters adds the conditions on the service (aliased s) the
// parameters ask for. Each is an IN list computed once per query through
// an index, not a condition checked service by service.
func (a *API) serviceFilters(ctx context.Context, w *where, prm params) error {
	switch {
	case prm.Search != "" && a.h.Text != nil:
		cond, err := a.h.Text.TextCondition(ctx, prm.Search, "s.id", &w.Args)
		if err != nil {
			return err
		}
		w.Add(cond)
	case prm.Search != "":
		w.Add(searchCondition(w, prm.Search, "s.name", "s.description", orgName))
	}
	if prm.TermID != "" {
		ph := w.Arg(prm.TermID)
		w.Add(`s.id IN (SELECT at.link_id FROM attributes at WHERE at.taxonomy_term_id = ` + ph +
			` OR at.taxonomy_term_id IN (SELECT tt.id FROM taxonomy_terms tt WHERE tt.parent_id = ` + ph + `))`)
	}
	if prm.TaxonomyID != "" {
		w.Add(`s.id IN (SELECT at.link_id FROM attributes at JOIN taxonomy_terms tt ON tt.id = at.taxonomy_term_id
			WHERE tt.taxonomy_id = ` + w.Arg(prm.TaxonomyID) + `)`)
	}
	if prm.OrganizationID != "" {
		w.Add("s.organization_id = " + w.Arg(prm.OrganizationID))
	}
	if prm.ModifiedAfter != "" {
		w.Add("s.last_modified >= " + w.Arg(prm.ModifiedAfter))
	}
	if prm.MinAge != nil {
		w.Add("(s.maximum_age IS NULL OR s.maximum_age >= " + w.Arg(*prm.MinAge) + ")")
	}
	if prm.MaxAge != nil {
		w.Add("(s.minimum_age IS NULL OR s.minimum_age <= " + w.Arg(*prm.MaxAge) + ")")
	}
	if prm.Day != "" {
		ph := w.Arg("%" + prm.Day + "%")
		w.Add(`s.id IN (SELECT sc.service_id FROM schedules sc WHERE sc.byday LIKE ` + ph + `
			UNION SELECT sx.service_id FROM service_at_locations sx JOIN schedules sc ON sc.service_at_location_id = sx.id
			WHERE sc.byday LIKE ` + ph + `)`)
	}
	return nil
}

// atPlaces is the list (col of service_at_locations x: x.service_id, x.id)
// of the services at the places the parameters ask for, or "" when they
// ask for none; point is the centre of a proximity search. A confidential
// place counts as its comune's centre, and its postcode is not public.
func atPlaces(w *where, prm params, point *[2]float64, col string) string {
	var conds []string
	if prm.Comune != "" {
		conds = append(conds, "l.istat_code = "+w.Arg(prm.Comune))
	}
	if prm.Postcode != "" && prm.Proximity == 0 {
		conds = append(conds, "NOT l.confidential AND l.id IN (SELECT ad.location_id FROM addresses ad WHERE ad.postal_code = "+
			w.Arg(prm.Postcode)+")")
	}
	if prm.Proximity > 0 && point == nil {
		return "SELECT " + col + " FROM service_at_locations x WHERE 1 = 0" // a postcode nobody is at
	}
	if len(conds) == 0 && prm.Proximity == 0 {
		return ""
	}
	from := "SELECT " + col + " FROM service_at_locations x JOIN locations l ON l.id = x.location_id WHERE l.deleted_at IS NULL"
	for _, c := range conds {
		from += " AND " + c
	}
	if prm.Proximity == 0 {
		return from
	}
	public, centre := within(w, point[0], point[1], prm.Proximity)
	return from + " AND NOT l.confidential AND " + public +
		" UNION " + strings.Replace(from, "WHERE", "JOIN comuni cm ON cm.istat_code = l.istat_code WHERE", 1) +
		" AND l.confidential AND " + centre
}

// metresPerDegree is the length of a degree of latitude.
const metresPerDegree = 6371008.8 * math.Pi / 180

// within returns the conditions that a place (l) and a comune's centre
// (cm) are within r metres of (lat, lon): a bounding box on the indexed
// columns, then the distance on a local flat projection (under 0.5% off at
// these scales), with plain arithmetic that both engines run.
func within(w *where, lat, lon, r float64) (place, comune string) {
	dLat := r / metresPerDegree
	kx := metresPerDegree * math.Cos(lat*math.Pi/180)
	dLon := r / math.Max(kx, 1)
	la, lo, k, r2 := w.Arg(lat), w.Arg(lon), w.Arg(kx), w.Arg(r*r)
	lat0, lat1, lon0, lon1 := w.Arg(lat-dLat), w.Arg(lat+dLat), w.Arg(lon-dLon), w.Arg(lon+dLon)
	box := func(latCol, lonCol string) string {
		return fmt.Sprintf("%s BETWEEN %s AND %s AND %s BETWEEN %s AND %s AND "+
			"((%s - %s) * %g) * ((%s - %s) * %g) + ((%s - %s) * %s) * ((%s - %s) * %s) <= %s",
			latCol, lat0, lat1, lonCol, lon0, lon1,
			latCol, la, metresPerDegree, latCol, la, metresPerDegree, lonCol, lo, k, lonCol, lo, k, r2)
	}
	return box("l.latitude", "l.longitude"), box("cm.lat", "cm.lon")
}

// centre is the point of a proximity search: lat and lon, else the average
// position of the public places with the postcode (nil when there is none).
func centre(ctx context.Context, q db.Querier, prm params) (*[2]float64, error) {
	if prm.Proximity == 0 {
		return nil, nil
	}
	if prm.HasPoint {
		return &[2]float64{prm.Lat, prm.Lon}, nil
	}
	var lat, lon sql.NullFloat64
	err := q.QueryRowContext(ctx, `SELECT AVG(l.latitude), AVG(l.longitude) FROM locations l
		JOIN addresses ad ON ad.location_id = l.id
		WHERE ad.postal_code = $1 AND NOT l.confidential AND l.deleted_at IS NULL AND l.latitude IS NOT NULL
			AND EXISTS (SELECT 1 FROM organizations o WHERE o.id = l.organization_id AND o.status = 'active')`,
		prm.Postcode).Scan(&lat, &lon)
	if err != nil {
		return nil, fmt.Errorf("hsds: postcode centre: %w", err)
	}
	if !lat.Valid {
		return nil, nil
	}
	return &[2]float64{lat.Float64, lon.Float64}, nil
}
