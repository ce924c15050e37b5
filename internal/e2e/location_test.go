package e2e_test

import (
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/e2e"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/territory"
)

// An operator places a new sede: with JavaScript the map follows the
// comune and a click on it fills the coordinates; without, the plain
// fields work and a change of comune gives the new comune's centre rather
// than keeping the old point. axe-core checks every page.
func TestLocationMapPicker(t *testing.T) {
	for _, js := range []bool{true, false} {
		name := "without JavaScript"
		if js {
			name = "with JavaScript"
		}
		t.Run(name, func(t *testing.T) {
			env := apptest.SQLite(t, localTiles(t))
			tr := &territory.Territory{Name: "Ambito di Corsico"}
			if err := env.App.Territories.Create(env.Ctx, tr); err != nil {
				t.Fatal(err)
			}
			env.App.Territories.AddComuni(env.Ctx, tr.ID, []string{"015036", "015093"})
			coord := env.CreateUser(auth.Coordinator, "coord@comune.example")
			coord.TerritoryID = tr.ID
			env.App.Auth.AdminUpdate(env.Ctx, coord)
			v, err := env.App.Directory.CreateOrganization(env.Ctx, coord, directory.NewOrganization{Name: "Oratorio San Luigi",
				Kind: "parrocchia", Description: "Oratorio estivo.", TerritoryID: tr.ID})
			if err != nil {
				t.Fatal(err)
			}
			org := v.OrganizationID
			op := env.CreateUser(auth.Operator, "don@oratorio.example")
			if err := env.App.Directory.Store.AddMember(env.Ctx, env.App.DB.W, org, op.ID); err != nil {
				t.Fatal(err)
			}
			place := func() directory.Location {
				t.Helper()
				v, err := env.App.Directory.Draft(env.Ctx, op, org)
				if err != nil || len(v.Record.Locations) != 1 {
					t.Fatalf("draft places: %v", err)
				}
				return v.Record.Locations[0]
			}
			field := func(b *e2e.Browser, id string) float64 {
				t.Helper()
				x, err := strconv.ParseFloat(e2e.Eval[string](b, `document.getElementById("`+id+`").value`), 64)
				if err != nil {
					t.Fatalf("%s: %v", id, err)
				}
				return x
			}

			b := e2e.NewBrowser(t, env)
			if !js {
				b.WithoutJavaScript()
			}
			login(b, op.Email)
			b.Visit("/ente/" + org + "/sedi/nuova")
			b.Fill("#f-name", "Oratorio")
			b.Fill("#f-address_1", "Via Roma 2")
			b.Fill("#f-postal_code", "20090")
			visible := e2e.Eval[bool](b, `!document.getElementById("location-picker").hidden`)
			if visible != js {
				t.Fatalf("map picker shown: %v", visible)
			}
			if js {
				// Choosing the comune puts the point at its centre.
				e2e.Eval[chromedp.Void](b, `(s => { s.value = "015036"; s.dispatchEvent(new Event("change")); })(document.getElementById("f-istat_code"))`)
				waitText(b, "#location-map-status", "centro di Buccinasco")
				if lat, lon := field(b, "f-latitude"), field(b, "f-longitude"); lat != 45.416667 || lon != 9.116667 {
					t.Fatalf("after choosing the comune: %v, %v", lat, lon)
				}
				waitCount(b, ".location-map .leaflet-marker-icon", 1)
				// A click on the map, up and right of the centre, moves the point there.
				rect := e2e.Eval[[]float64](b, `(m => { m.scrollIntoView({block: "center", behavior: "instant"}); const r = m.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })(document.getElementById("location-map"))`)
				b.Do(chromedp.MouseClickXY(rect[0]+rect[2]/2+60, rect[1]+rect[3]/2-40))
				waitText(b, "#location-map-status", "Posizione aggiornata")
				lat, lon := field(b, "f-latitude"), field(b, "f-longitude")
				if lat <= 45.416667 || lon <= 9.116667 {
					t.Fatalf("after the click: %v, %v", lat, lon)
				}
				b.Check()
				b.Submit(`form[action*="/sedi/"] button[type=submit]`)
				b.See("Modifica salvata")
				if l := place(); *l.Latitude != lat || *l.Longitude != lon {
					t.Fatalf("saved %v, %v; the map said %v, %v", *l.Latitude, *l.Longitude, lat, lon)
				}
			} else {
				b.Do(e2e.Select("#f-istat_code", "015036"))
				b.Submit(`form[action*="/sedi/"] button[type=submit]`)
				b.See("Modifica salvata")
				if l := place(); *l.Latitude != 45.416667 || *l.Longitude != 9.116667 {
					t.Fatalf("without coordinates the place is at %v, %v, not the comune's centre", *l.Latitude, *l.Longitude)
				}
			}

			// The place moves to Corsico: the old point does not stay.
			b.Visit("/ente/" + org + "/sedi/" + place().ID)
			if js {
				e2e.Eval[chromedp.Void](b, `(s => { s.value = "015093"; s.dispatchEvent(new Event("change")); })(document.getElementById("f-istat_code"))`)
				waitText(b, "#location-map-status", "centro di Corsico")
			} else {
				b.Do(e2e.Select("#f-istat_code", "015093"))
			}
			b.Submit(`form[action*="/sedi/"] button[type=submit]`)
			b.See("Modifica salvata", "Corsico")
			if l := place(); *l.Latitude != 45.433333 || *l.Longitude != 9.116667 || l.ISTATCode != "015093" {
				t.Fatalf("moved to Corsico, the place is at %v, %v (%s)", *l.Latitude, *l.Longitude, l.ISTATCode)
			}
		})
	}
}
