package main

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/search/benchmix"
)

// The plain approach of directory software on PostgreSQL: the directory's
// own tables, to_tsvector('italian', name || ' ' || description) with an
// expression GIN index, ts_rank for relevance, joins and EXISTS for the
// filters, a window count for the total. No synonyms, typos or category
// counts: it does less than Trama's search, and is measured for comparison.
const plainIndex = `CREATE INDEX IF NOT EXISTS bench_services_italian ON services
	USING GIN (to_tsvector('italian', name || ' ' || description))`

const plainBase = `SELECT s.id, s.name, count(*) OVER () FROM services s JOIN organizations o ON o.id = s.organization_id
	WHERE o.status = 'active' AND s.deleted_at IS NULL AND s.status IN ('active', 'temporarily closed')`

const plainText = ` AND to_tsvector('italian', s.name || ' ' || s.description) @@ plainto_tsquery('italian', $1)`

const plainRank = ` ORDER BY ts_rank(to_tsvector('italian', s.name || ' ' || s.description), plainto_tsquery('italian', $1)) DESC LIMIT 20`

func runPlain(ctx context.Context, dsn string, clients int, d time.Duration) (benchmix.Result, error) {
	pg, err := db.Open(ctx, dsn)
	if err != nil {
		return benchmix.Result{}, err
	}
	defer pg.Close()
	if pg.Dialect != db.Postgres {
		return benchmix.Result{}, fmt.Errorf("plain: PostgreSQL only")
	}
	if _, err := pg.W.ExecContext(ctx, plainIndex); err != nil {
		return benchmix.Result{}, err
	}
	var ids []string
	rows, err := pg.R.QueryContext(ctx, `SELECT service_id FROM search_docs TABLESAMPLE SYSTEM (1) LIMIT 24`)
	if err != nil {
		return benchmix.Result{}, err
	}
	for rows.Next() {
		var id string
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	run := func(ctx context.Context, q string, args ...any) error {
		rows, err := pg.R.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
		}
		return rows.Err()
	}
	return benchmix.Run(ctx, benchmix.Mix(ids), clients, d, 0, func(ctx context.Context, r benchmix.Request) error {
		v := r.Values
		switch r.Class {
		case benchmix.TextOnly:
			return run(ctx, plainBase+plainText+plainRank, v.Get("q"))
		case benchmix.TextCatAge:
			q := plainBase + plainText + ` AND EXISTS (SELECT 1 FROM attributes a JOIN taxonomy_terms t ON t.id = a.taxonomy_term_id
				LEFT JOIN taxonomy_terms p ON p.id = t.parent_id WHERE a.link_id = s.id AND a.link_type = 'category' AND (t.code = $2 OR p.code = $2))`
			args := []any{v.Get("q"), v.Get("category")}
			if age, err := strconv.Atoi(v.Get("age")); err == nil {
				q += ` AND (s.minimum_age IS NULL OR s.minimum_age <= $3) AND (s.maximum_age IS NULL OR s.maximum_age >= $3)`
				args = append(args, age)
			} else {
				q += ` AND (s.maximum_age IS NULL OR s.maximum_age >= $3)`
				args = append(args, map[string]int{"adulti": 18, "anziani": 65}[v.Get("age")])
			}
			return run(ctx, q+plainRank, args...)
		case benchmix.NearComune:
			var lat, lon float64
			if err := pg.R.QueryRowContext(ctx, `SELECT lat, lon FROM comuni WHERE name = $1 ORDER BY population DESC LIMIT 1`, v.Get("comune")).Scan(&lat, &lon); err != nil {
				return err
			}
			km, _ := strconv.ParseFloat(v.Get("km"), 64)
			dLat, dLon := km/111.32, km/(111.32*math.Cos(lat*math.Pi/180))
			return run(ctx, plainBase+` AND EXISTS (SELECT 1 FROM service_at_locations sal JOIN locations l ON l.id = sal.location_id
				WHERE sal.service_id = s.id AND l.latitude BETWEEN $1 AND $2 AND l.longitude BETWEEN $3 AND $4
				AND 6371.0088 * 2 * asin(sqrt(power(sin(radians(l.latitude - $5) / 2), 2) + cos(radians($5)) * cos(radians(l.latitude))
				* power(sin(radians(l.longitude - $6) / 2), 2))) <= $7) ORDER BY s.assured_date DESC LIMIT 20`,
				lat-dLat, lat+dLat, lon-dLon, lon+dLon, lat, lon, km)
		case benchmix.DayTime:
			day := []string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}[atoi(v.Get("day"))]
			part := dayParts[v.Get("time")]
			return run(ctx, plainBase+` AND EXISTS (SELECT 1 FROM schedules sc WHERE sc.service_id = s.id AND sc.byday LIKE $1
				AND sc.opens_at < $3 AND sc.closes_at > $2) ORDER BY s.assured_date DESC LIMIT 20`, "%"+day+"%", part[0], part[1])
		case benchmix.TypeAhead:
			return run(ctx, plainBase+` AND to_tsvector('italian', s.name || ' ' || s.description) @@ to_tsquery('italian', $1 || ':*') LIMIT 8`, v.Get("q"))
		case benchmix.Detail:
			return run(ctx, `SELECT s.*, l.* FROM services s LEFT JOIN service_at_locations sal ON sal.service_id = s.id
				LEFT JOIN locations l ON l.id = sal.location_id WHERE s.id = $1`, v.Get("id"))
		}
		return nil
	}), nil
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// dayParts are the parts of the day as opening hours compare them.
var dayParts = map[string][2]string{"mattina": {"00:00", "12:00"}, "pomeriggio": {"12:00", "18:00"}, "sera": {"18:00", "24:00"}}
