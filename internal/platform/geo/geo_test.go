package geo_test

import (
	"context"
	"math"
	"testing"

	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/dbtest"
	"github.com/trama-welfare/trama/internal/platform/geo"
)

func TestComuniLoadedAndSearchable(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := geo.NewStore(d)
		var n int
		d.R.QueryRow(`SELECT COUNT(*) FROM comuni`).Scan(&n)
		if n != 7901 {
			t.Fatalf("%d comuni, want 7901", n)
		}
		if err := geo.LoadComuni(ctx, d); err != nil { // idempotent
			t.Fatal(err)
		}
		c, ok, err := s.Comune(ctx, "015036")
		if err != nil || !ok || c.Label() != "Buccinasco (MI)" || c.Population != 26711 {
			t.Fatalf("Buccinasco: %+v %v %v", c, ok, err)
		}
		if _, ok, _ := s.Comune(ctx, "999999"); ok {
			t.Fatal("unknown code found")
		}
		for q, first := range map[string]string{
			"bucc":          "Buccinasco",
			"CANTU":         "Cantù",
			"città di cas":  "Città di Castello",
			"forli":         "Forlì",
			"sant'angelo l": "Sant'Angelo Lodigiano",
		} {
			list, err := s.Search(ctx, q, 5)
			if err != nil || len(list) == 0 || list[0].Name != first {
				t.Errorf("Search(%q) = %v, %v; want %s first", q, list, err, first)
			}
		}
		pd, _ := s.Search(ctx, "pd", 200)
		if len(pd) < 100 || pd[0].Name != "Padova" {
			t.Errorf("province PD: %d comuni, first %v", len(pd), pd[0].Name)
		}
		if list, _ := s.Search(ctx, "  ", 5); list != nil {
			t.Error("empty query returned comuni")
		}
		if list, _ := s.Search(ctx, "%", 5); len(list) != 0 {
			t.Error("a LIKE wildcard was not escaped")
		}
	})
}

func TestDistance(t *testing.T) {
	// Milano Duomo → Roma Colosseo is about 477 km.
	d := geo.DistanceKm(45.4642, 9.1900, 41.8902, 12.4922)
	if math.Abs(d-477) > 3 {
		t.Errorf("Milano–Roma %f km", d)
	}
	minLat, maxLat, minLon, maxLon := geo.BoundingBox(45.4, 9.1, 10)
	if geo.DistanceKm(45.4, 9.1, maxLat, 9.1) < 9.9 || geo.DistanceKm(45.4, 9.1, 45.4, minLon) < 9.9 || minLat >= maxLat || minLon >= maxLon {
		t.Error("bounding box smaller than the radius")
	}
}
