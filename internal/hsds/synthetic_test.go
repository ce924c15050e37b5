package hsds_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/uuid"
)

// writeSynthetic writes an HSDS data package of n services, shaped like a
// real directory: an organization every 4 services (with a phone and
// Trama's extension row), a place every 2 services (address, comune), and
// per service a service at location, one or two weekly schedules, one or
// two categories, sometimes a phone and a cost.
func writeSynthetic(t testing.TB, dir string, n int) {
	t.Helper()
	rng := rand.New(rand.NewPCG(1, uint64(n)))
	id := func() string { return uuid.Must(uuid.NewRandomFromReader(rngReader{rng})).String() }
	files := map[string]*csv.Writer{}
	var closers []*os.File
	open := func(name string, header ...string) *csv.Writer {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		closers = append(closers, f)
		w := csv.NewWriter(f)
		w.Write(header)
		files[name] = w
		return w
	}
	orgs := open("organizations.csv", "id", "name", "description", "email", "website", "tax_id")
	trOrgs := open("trama_organizations.csv", "id", "kind", "volunteers_count")
	services := open("services.csv", "id", "organization_id", "name", "description", "status", "minimum_age", "maximum_age", "email", "last_modified")
	trServices := open("trama_services.csv", "id", "free", "capacity")
	locs := open("locations.csv", "id", "location_type", "organization_id", "name", "latitude", "longitude")
	trLocs := open("trama_locations.csv", "id", "istat_code", "confidential")
	addrs := open("addresses.csv", "id", "location_id", "address_1", "city", "state_province", "postal_code", "country", "address_type")
	sals := open("service_at_location.csv", "id", "service_id", "location_id")
	scheds := open("schedules.csv", "id", "service_id", "freq", "byday", "opens_at", "closes_at", "valid_from", "valid_to")
	attrs := open("attributes.csv", "id", "link_id", "taxonomy_term_id", "link_type", "link_entity")
	phones := open("phones.csv", "id", "organization_id", "service_id", "number")
	costs := open("cost_options.csv", "id", "service_id", "amount", "currency", "option")
	terms := []string{"c53fcda0-c917-54a8-a5d2-42634bdceed0", "ef964861-6e1c-52ac-9372-8001291f9aaa",
		"de11fdab-b883-5e28-baf1-e8b216701030", "ac1f2b8d-77d1-5fbe-8ed3-d51e433879bb", "6b69002a-dc0b-51f8-a22e-57348715a7b3"}
	days := []string{"MO", "TU", "WE", "TH", "FR", "SA", "MO,WE", "TU,TH", "MO,WE,FR"}
	words := []string{"doposcuola", "sport", "ascolto", "famiglie", "bambini", "ragazzi", "anziani", "laboratorio",
		"compiti", "musica", "teatro", "accoglienza", "volontari", "quartiere", "comunità", "sostegno"}
	text := func(k int) string {
		s := ""
		for i := range k {
			if i > 0 {
				s += " "
			}
			s += words[rng.IntN(len(words))]
		}
		return s
	}
	var org, loc string
	for i := range n {
		if i%4 == 0 {
			org = id()
			orgs.Write([]string{org, fmt.Sprintf("Associazione %s %d", text(2), i/4), text(30), fmt.Sprintf("info%d@ente.example", i/4),
				fmt.Sprintf("https://ente%d.example", i/4), ""})
			trOrgs.Write([]string{org, "aps", fmt.Sprint(rng.IntN(80))})
			phones.Write([]string{id(), org, "", fmt.Sprintf("02 %07d", rng.IntN(9999999))})
		}
		if i%2 == 0 {
			loc = id()
			lat, lon := 45.0+rng.Float64()*2, 8.5+rng.Float64()*3
			locs.Write([]string{loc, "physical", org, "Sede " + text(2), fmt.Sprintf("%.6f", lat), fmt.Sprintf("%.6f", lon)})
			trLocs.Write([]string{loc, "015036", "false"})
			addrs.Write([]string{id(), loc, fmt.Sprintf("Via %s %d", text(1), rng.IntN(200)), "Buccinasco", "MI", "20090", "IT", "physical"})
		}
		s := id()
		lo := rng.IntN(60)
		services.Write([]string{s, org, "Servizio " + text(3), text(50), "active", fmt.Sprint(lo), fmt.Sprint(lo + rng.IntN(40)),
			fmt.Sprintf("servizio%d@ente.example", i), "2025-01-01T10:00:00Z"})
		trServices.Write([]string{s, fmt.Sprint(rng.IntN(2) == 0), fmt.Sprint(rng.IntN(50))})
		sals.Write([]string{id(), s, loc})
		for k := range 1 + rng.IntN(2) {
			scheds.Write([]string{id(), s, "WEEKLY", days[(i+k)%len(days)], "15:00", "18:00", "2025-09-01", "2026-06-30"})
			attrs.Write([]string{id(), s, terms[(i+k)%len(terms)], "category", "service"})
		}
		if rng.IntN(2) == 0 {
			phones.Write([]string{id(), "", s, fmt.Sprintf("333 %07d", rng.IntN(9999999))})
		}
		if rng.IntN(3) == 0 {
			costs.Write([]string{id(), s, fmt.Sprint(rng.IntN(100)), "EUR", "Quota mensile"})
		}
	}
	var resources []map[string]string
	for name, w := range files {
		w.Flush()
		if err := w.Error(); err != nil {
			t.Fatal(err)
		}
		resources = append(resources, map[string]string{"name": resourceOf(name), "path": name})
	}
	for _, f := range closers {
		f.Close()
	}
	b, _ := json.Marshal(map[string]any{"name": "synthetic", "resources": resources})
	if err := os.WriteFile(filepath.Join(dir, "datapackage.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func resourceOf(path string) string {
	t := spec.ByPath(path)
	if t == nil {
		panic(path)
	}
	return t.Resource
}

type rngReader struct{ r *rand.Rand }

func (r rngReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r.r.Uint32())
	}
	return len(p), nil
}

// TestWriteSyntheticPackage writes a synthetic package for measuring the
// command line import: TRAMA_SYNTH_DIR=/tmp/pkg TRAMA_SYNTH_SERVICES=100000.
func TestWriteSyntheticPackage(t *testing.T) {
	dir := os.Getenv("TRAMA_SYNTH_DIR")
	if dir == "" {
		t.Skip("set TRAMA_SYNTH_DIR (and TRAMA_SYNTH_SERVICES) to write a synthetic package")
	}
	n := 100000
	fmt.Sscan(os.Getenv("TRAMA_SYNTH_SERVICES"), &n)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeSynthetic(t, dir, n)
}
