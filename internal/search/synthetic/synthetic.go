// Package synthetic writes a realistic, national-scale directory for
// measuring Trama: organizations and services spread over the Italian
// comuni by population, Italian texts from varied templates, schedules,
// ages and costs, published and indexed for search. The same seed gives
// the same directory (apart from dates, which follow today's).
package synthetic

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/geo"
	"github.com/trama-welfare/trama/internal/search"
	"github.com/trama-welfare/trama/internal/territory"
)

// Options say how much to generate.
type Options struct {
	Services int
	Seed     uint64
	// Progress, when set, is told how many services are written so far.
	Progress func(done, total int)
}

// Stats say what was written.
type Stats struct {
	Organizations, Locations, Services int
}

// ErrNotEmpty is returned when the directory already has organizations.
var ErrNotEmpty = errors.New("synthetic: the directory already has organizations: use an empty database")

// perTx is how many services go into one transaction.
const perTx = 10000

// Generate writes a directory of opts.Services services into d, one
// territory per region, and indexes it in ix.
func Generate(ctx context.Context, d *db.DB, ix *search.Index, terr *territory.Store, opts Options) (Stats, error) {
	var st Stats
	var n int
	if err := d.R.QueryRowContext(ctx, `SELECT count(*) FROM organizations`).Scan(&n); err != nil {
		return st, err
	}
	if n > 0 {
		return st, ErrNotEmpty
	}
	g, err := newGen(ctx, ix, terr, opts.Seed)
	if err != nil {
		return st, err
	}
	g.dialect = d.Dialect
	var batch []*directory.Record
	size := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := d.Tx(ctx, func(tx *sql.Tx) error { return g.write(ctx, tx, batch) })
		if err != nil {
			return err
		}
		batch, size = nil, 0
		if opts.Progress != nil {
			opts.Progress(st.Services, opts.Services)
		}
		return nil
	}
	for st.Services < opts.Services {
		rec := g.organization(opts.Services - st.Services)
		batch = append(batch, rec)
		st.Organizations++
		st.Locations += len(rec.Locations)
		st.Services += len(rec.Services)
		if size += len(rec.Services); size >= perTx {
			if err := flush(); err != nil {
				return st, err
			}
		}
	}
	if err := flush(); err != nil {
		return st, err
	}
	if d.Dialect == db.Postgres { // fresh statistics for the planner after a bulk load
		if _, err := d.W.ExecContext(ctx, `ANALYZE`); err != nil {
			return st, err
		}
	}
	return st, nil
}

// gen holds the state of one generation.
type gen struct {
	ctx         context.Context
	ix          *search.Index
	rng         *rand.Rand
	src         *rand.ChaCha8 // also the bytes of the ids
	dialect     db.Dialect
	seq         uint64
	comuni      []geo.Comune
	cumPop      []float64
	territories map[string]string // region code → territory id
	terms       map[string]string // term code → id
	kindCum     []int
	now         time.Time
}

func newGen(ctx context.Context, ix *search.Index, terr *territory.Store, seed uint64) (*gen, error) {
	all, err := geo.ReadComuni()
	if err != nil {
		return nil, err
	}
	var key [32]byte
	for i := range 8 {
		key[i] = byte(seed >> (8 * i))
	}
	src := rand.NewChaCha8(key)
	g := &gen{ctx: ctx, ix: ix, rng: rand.New(src), src: src, comuni: all,
		territories: map[string]string{}, terms: map[string]string{}, now: time.Now().UTC()}
	total := 0.0
	byRegion := map[string][]string{}
	names := map[string]string{}
	for _, c := range all {
		total += float64(c.Population)
		g.cumPop = append(g.cumPop, total)
		byRegion[c.RegionCode] = append(byRegion[c.RegionCode], c.ISTAT)
		names[c.RegionCode] = c.Region
	}
	regions := make([]string, 0, len(byRegion))
	for code := range byRegion {
		regions = append(regions, code)
	}
	sort.Strings(regions)
	for _, code := range regions {
		t := &territory.Territory{Name: "Rete sintetica " + names[code],
			Description: "Dati sintetici per misurare le prestazioni: non sono enti reali."}
		if err := terr.Create(ctx, t); err != nil {
			return nil, fmt.Errorf("synthetic: territory: %w", err)
		}
		if err := terr.AddComuni(ctx, t.ID, byRegion[code]); err != nil {
			return nil, fmt.Errorf("synthetic: territory comuni: %w", err)
		}
		g.territories[code] = t.ID
	}
	sum := 0
	for _, k := range kinds {
		sum += k.weight
		g.kindCum = append(g.kindCum, sum)
		for _, code := range []string{k.cat, k.target} {
			t, ok := ix.Env.Tax.ByCode(ctx, code)
			if !ok {
				return nil, fmt.Errorf("synthetic: unknown term %s", code)
			}
			g.terms[code] = t.ID
		}
	}
	return g, nil
}

// id returns a UUID v7 whose time part is a counter: unique, ordered like
// the directory's own ids (so indexes grow at their end) and the same for
// the same seed.
func (g *gen) id() string {
	g.seq++
	var u uuid.UUID
	g.src.Read(u[6:])
	t := uint64(1_700_000_000_000) + g.seq
	for i := range 6 {
		u[i] = byte(t >> (8 * (5 - i)))
	}
	u[6] = u[6]&0x0f | 0x70
	u[8] = u[8]&0x3f | 0x80
	return u.String()
}

func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

// comune picks a comune with a probability proportional to its population.
func (g *gen) comune() geo.Comune {
	x := g.rng.Float64() * g.cumPop[len(g.cumPop)-1]
	return g.comuni[sort.SearchFloat64s(g.cumPop, x)]
}

func (g *gen) kind() kind {
	x := g.rng.IntN(g.kindCum[len(g.kindCum)-1])
	return kinds[sort.SearchInts(g.kindCum, x+1)]
}

// organization makes one published record of at most max services.
func (g *gen) organization(max int) *directory.Record {
	c := g.comune()
	first := g.kind()
	word := pick(g.rng, orgWords)
	name := strings.NewReplacer("%s", word, "%c", c.Name, "%n", pick(g.rng, saints)).Replace(pick(g.rng, orgForms))
	o := directory.Organization{ID: g.id(), Name: name, TerritoryID: g.territories[c.RegionCode],
		Description: strings.ReplaceAll(pick(g.rng, first.intro), "%s", c.Name),
		Email:       "info@" + strings.ToLower(strings.Map(alnum, word)) + ".example"}
	rec := &directory.Record{Organization: o}
	nLoc := 1
	if g.rng.IntN(4) == 0 {
		nLoc = 2
	}
	spread := 0.004 + 0.00002*math.Sqrt(float64(c.Population))
	for i := range nLoc {
		lat := c.Lat + (g.rng.Float64()*2-1)*spread
		lon := c.Lon + (g.rng.Float64()*2-1)*spread*1.4
		l := directory.Location{ID: g.id(), LocationType: directory.LocationPhysical, OrganizationID: o.ID,
			Name: pick(g.rng, placeNames), Latitude: &lat, Longitude: &lon, ISTATCode: c.ISTAT}
		if i == 0 && first.confidential {
			l.Confidential = true
		}
		l.Addresses = []directory.Address{{ID: g.id(), LocationID: l.ID, Address1: fmt.Sprintf("%s %d", pick(g.rng, streets), 1+g.rng.IntN(120)),
			City: c.Name, StateProvince: c.ProvinceCode, PostalCode: fmt.Sprintf("%05d", 10+g.rng.IntN(98000)), Country: "IT", AddressType: directory.LocationPhysical}}
		if g.rng.IntN(5) < 2 {
			l.Accessibility = []directory.Accessibility{{ID: g.id(), LocationID: l.ID, Description: "Ingresso senza gradini"}}
		}
		rec.Locations = append(rec.Locations, l)
	}
	n := 1 + g.rng.IntN(3)
	if g.rng.IntN(4) == 0 {
		n += g.rng.IntN(6)
	}
	for i := range min(n, max) {
		k := first
		if i > 0 {
			k = g.kind()
		}
		rec.Services = append(rec.Services, g.service(rec, k, c, word))
	}
	return rec
}

func alnum(r rune) rune {
	if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
		return r
	}
	return -1
}

// service makes one service of kind k.
func (g *gen) service(rec *directory.Record, k kind, c geo.Comune, word string) directory.Service {
	r := g.rng
	s := directory.Service{ID: g.id(), OrganizationID: rec.Organization.ID, Status: directory.StatusActive,
		Name: pick(r, k.names), Categories: []string{k.cat}, TargetGroups: []string{k.target},
		TerritoryID: rec.Organization.TerritoryID, Free: r.Float64() < k.freeProb}
	switch r.IntN(5) {
	case 0:
		s.Name += " " + word
	case 1:
		s.Name += " a " + c.Name
	}
	desc := strings.ReplaceAll(pick(r, k.intro), "%s", c.Name)
	for range 1 + r.IntN(2) {
		desc += " " + pick(r, sentences)
	}
	s.Description = desc
	if a := pick(r, k.ages); a[0] >= 0 || a[1] >= 0 {
		if a[0] >= 0 {
			lo := a[0]
			s.MinimumAge = &lo
		}
		if a[1] >= 0 {
			hi := a[1]
			s.MaximumAge = &hi
		}
	}
	if !s.Free {
		s.FeesDescription = pick(r, []string{"%d euro al mese", "Quota annuale di %d euro", "%d euro a incontro", "Contributo di %d euro a settimana"})
		s.FeesDescription = fmt.Sprintf(s.FeesDescription, 5+5*r.IntN(20))
	}
	if r.IntN(10) == 0 {
		s.Languages = []directory.Language{{ID: g.id(), ServiceID: s.ID, Code: pick(r, otherLanguages)}}
	}
	if r.IntN(50) == 0 {
		s.Status = directory.StatusTemporarilyClosed
	}
	loc := rec.Locations[r.IntN(len(rec.Locations))]
	if k.confidential {
		loc = rec.Locations[0]
	}
	s.ServiceAtLocations = []directory.ServiceAtLocation{{ID: g.id(), ServiceID: s.ID, LocationID: loc.ID}}
	if len(k.days) > 0 {
		for j := range 1 + r.IntN(2) {
			h := pick(r, k.hours)
			sc := directory.Schedule{ID: g.id(), ServiceID: s.ID, Freq: "WEEKLY", ByDay: pick(r, k.days), OpensAt: h[0], ClosesAt: h[1]}
			if j == 1 {
				sc.ByDay = "SA"
			}
			switch {
			case k.summer:
				sc.ValidFrom, sc.ValidTo, sc.Seasonal = "2026-06-10", "2026-07-31", true
			case k.seasonal:
				sc.ValidFrom, sc.ValidTo, sc.Seasonal = "2026-09-15", "2027-06-10", true
			}
			s.Schedules = append(s.Schedules, sc)
		}
	}
	s.AssuredDate = g.now.AddDate(0, 0, -r.IntN(400)).Format("2006-01-02")
	s.LastModified = s.AssuredDate + "T10:00:00Z"
	return s
}
