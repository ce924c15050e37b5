// Package geo knows the Italian comuni (ISTAT codes, names, provinces,
// coordinates, population) and distances between points.
package geo

import (
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/trama-welfare/trama/data"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/text"
)

// Comune is an Italian municipality.
type Comune struct {
	ISTAT        string
	Name         string
	Province     string
	ProvinceCode string
	Region       string
	RegionCode   string
	Lat, Lon     float64
	Population   int
}

// Label is "Buccinasco (MI)".
func (c Comune) Label() string { return c.Name + " (" + c.ProvinceCode + ")" }

// ReadComuni parses the bundled comuni.csv.
func ReadComuni() ([]Comune, error) {
	f, err := data.FS.Open("comuni.csv")
	if err != nil {
		return nil, fmt.Errorf("geo: open comuni.csv: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("geo: read comuni.csv header: %w", err)
	}
	want := "istat_code,name,province,province_code,region,region_code,lat,lon,population"
	if strings.Join(header, ",") != want {
		return nil, fmt.Errorf("geo: comuni.csv header is %q, want %q", strings.Join(header, ","), want)
	}
	var out []Comune
	for line := 2; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("geo: comuni.csv line %d: %w", line, err)
		}
		lat, err1 := strconv.ParseFloat(rec[6], 64)
		lon, err2 := strconv.ParseFloat(rec[7], 64)
		pop, err3 := strconv.Atoi(rec[8])
		if err := errors.Join(err1, err2, err3); err != nil {
			return nil, fmt.Errorf("geo: comuni.csv line %d: %w", line, err)
		}
		out = append(out, Comune{ISTAT: rec[0], Name: rec[1], Province: rec[2], ProvinceCode: rec[3],
			Region: rec[4], RegionCode: rec[5], Lat: lat, Lon: lon, Population: pop})
	}
	return out, nil
}

// LoadComuni fills the comuni table from the bundled CSV. It does nothing
// when the table already holds the same number of rows, so it is cheap to
// call at every start.
func LoadComuni(ctx context.Context, d *db.DB) error {
	all, err := ReadComuni()
	if err != nil {
		return err
	}
	var have int
	if err := d.W.QueryRowContext(ctx, "SELECT COUNT(*) FROM comuni").Scan(&have); err != nil {
		return fmt.Errorf("geo: count comuni: %w", err)
	}
	if have == len(all) {
		return nil
	}
	return d.Tx(ctx, func(tx *sql.Tx) error {
		const batch = 500
		for start := 0; start < len(all); start += batch {
			end := min(start+batch, len(all))
			var sb strings.Builder
			sb.WriteString(`INSERT INTO comuni (istat_code, name, name_key, province, province_code,
				region, region_code, lat, lon, population) VALUES `)
			args := make([]any, 0, (end-start)*10)
			for i, c := range all[start:end] {
				if i > 0 {
					sb.WriteString(", ")
				}
				sb.WriteString("(" + db.Placeholders(len(args)+1, 10) + ")")
				args = append(args, c.ISTAT, c.Name, text.Fold(c.Name), c.Province, c.ProvinceCode,
					c.Region, c.RegionCode, c.Lat, c.Lon, c.Population)
			}
			sb.WriteString(` ON CONFLICT (istat_code) DO UPDATE SET name = excluded.name,
				name_key = excluded.name_key, province = excluded.province,
				province_code = excluded.province_code, region = excluded.region,
				region_code = excluded.region_code, lat = excluded.lat, lon = excluded.lon,
				population = excluded.population`)
			if _, err := tx.ExecContext(ctx, sb.String(), args...); err != nil {
				return fmt.Errorf("geo: load comuni: %w", err)
			}
		}
		return nil
	})
}

// Store reads comuni.
type Store struct{ db *db.DB }

// NewStore returns a Store on d.
func NewStore(d *db.DB) *Store { return &Store{db: d} }

const comuneCols = "istat_code, name, province, province_code, region, region_code, lat, lon, population"

func scanComune(s interface{ Scan(...any) error }) (Comune, error) {
	var c Comune
	err := s.Scan(&c.ISTAT, &c.Name, &c.Province, &c.ProvinceCode, &c.Region, &c.RegionCode, &c.Lat, &c.Lon, &c.Population)
	return c, err
}

// Comune returns one comune by ISTAT code; ok is false when there is none.
func (s *Store) Comune(ctx context.Context, istat string) (c Comune, ok bool, err error) {
	c, err = scanComune(s.db.R.QueryRowContext(ctx, "SELECT "+comuneCols+" FROM comuni WHERE istat_code = $1", istat))
	if errors.Is(err, sql.ErrNoRows) {
		return Comune{}, false, nil
	}
	if err != nil {
		return Comune{}, false, fmt.Errorf("geo: comune %s: %w", istat, err)
	}
	return c, true, nil
}

// Search finds comuni whose name starts with (or contains) q, or whose
// province code or name is q. Accents and case don't matter. Names that
// start with q come first, then the most populous.
func (s *Store) Search(ctx context.Context, q string, limit int) ([]Comune, error) {
	key := text.Fold(q)
	if key == "" {
		return nil, nil
	}
	rows, err := s.db.R.QueryContext(ctx, "SELECT "+comuneCols+` FROM comuni
		WHERE name_key LIKE $1 ESCAPE '\' OR LOWER(province_code) = $2 OR LOWER(province) = $2
		ORDER BY CASE WHEN name_key LIKE $3 ESCAPE '\' THEN 0 ELSE 1 END, population DESC, name
		LIMIT $4`, "%"+db.Like(key)+"%", key, db.Like(key)+"%", limit)
	if err != nil {
		return nil, fmt.Errorf("geo: search comuni: %w", err)
	}
	return collect(rows)
}

// ByCodes returns the comuni with the given ISTAT codes, sorted by name.
func (s *Store) ByCodes(ctx context.Context, codes []string) ([]Comune, error) {
	if len(codes) == 0 {
		return nil, nil
	}
	args := make([]any, len(codes))
	for i, c := range codes {
		args[i] = c
	}
	rows, err := s.db.R.QueryContext(ctx, "SELECT "+comuneCols+" FROM comuni WHERE istat_code IN ("+
		db.Placeholders(1, len(codes))+") ORDER BY name", args...)
	if err != nil {
		return nil, fmt.Errorf("geo: comuni by code: %w", err)
	}
	return collect(rows)
}

func collect(rows *sql.Rows) ([]Comune, error) {
	defer rows.Close()
	var out []Comune
	for rows.Next() {
		c, err := scanComune(rows)
		if err != nil {
			return nil, fmt.Errorf("geo: scan comune: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

const earthRadiusKm = 6371.0088

// DistanceKm is the great-circle distance between two WGS84 points.
func DistanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	rad := math.Pi / 180
	dLat := (lat2 - lat1) * rad
	dLon := (lon2 - lon1) * rad
	a := math.Sin(dLat/2)*math.Sin(dLat/2) +
		math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthRadiusKm * math.Asin(math.Min(1, math.Sqrt(a)))
}

// BoundingBox returns the lat/lon box that contains every point within km of
// (lat, lon): a cheap prefilter on indexed columns before the exact distance.
func BoundingBox(lat, lon, km float64) (minLat, maxLat, minLon, maxLon float64) {
	dLat := km / 111.32
	cos := math.Cos(lat * math.Pi / 180)
	dLon := 180.0
	if cos > 1e-6 {
		dLon = math.Min(180, km/(111.32*cos))
	}
	return lat - dLat, lat + dLat, lon - dLon, lon + dLon
}
