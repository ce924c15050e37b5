package directory_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/directory"
)

// A place's coordinates follow its comune: moved to another comune with
// its old coordinates sent back unchanged (a form without the map), it
// gets the new comune's centre; coordinates typed with the change, or
// edited within the same comune, are kept.
func TestLocationCoordinatesFollowTheComune(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		tid := setup(t, e)
		_, coordUser := coordinator(t, e, tid)
		org, opUser := publishOrg(t, e, tid, coordUser, "Caritas Buccinasco")
		op := e.As(opUser)
		v, err := e.App.Directory.Draft(e.Ctx, opUser, org)
		if err != nil {
			t.Fatal(err)
		}
		lid := v.Record.Locations[0].ID
		form := op.Get("/ente/"+org+"/sedi/"+lid).Status(t, 200).
			Contains(t, `id="location-picker" hidden`, `id="location-map"`, "js/location.", "vendor/leaflet/leaflet.",
				// the comuni's centres, for the map to follow a change of comune
				`data-centres="{&#34;015036&#34;:[45.416667,9.116667],&#34;015093&#34;:[45.433333,9.116667]}"`,
				`value="45.4167"`, `value="9.1167"`)
		values := url.Values{"revision": {revision(t, form.Body)}, "name": {"Sede"}, "location_type": {"physical"},
			"address_1": {"Via Vittorio Emanuele 3"}, "postal_code": {"20090"}, "istat_code": {"015036"},
			"latitude": {"45.4167"}, "longitude": {"9.1167"}}
		save := func(change func(url.Values)) directory.Location {
			t.Helper()
			v, _ := e.App.Directory.Draft(e.Ctx, opUser, org)
			f := cloneValues(values)
			f.Set("revision", itoa(v.Revision))
			change(f)
			op.PostForm("/ente/"+org+"/sedi/"+lid, f).RedirectsTo(t, "/ente/"+org)
			v, _ = e.App.Directory.Draft(e.Ctx, opUser, org)
			return *v.Record.Location(lid)
		}
		at := func(l directory.Location, lat, lon float64, comune string) {
			t.Helper()
			if l.Latitude == nil || *l.Latitude != lat || *l.Longitude != lon || l.ISTATCode != comune {
				t.Fatalf("place at %v,%v in %s, want %v,%v in %s", ptr(l.Latitude), ptr(l.Longitude), l.ISTATCode, lat, lon, comune)
			}
		}

		// Same comune, the point moved by hand: kept.
		l := save(func(f url.Values) { f.Set("latitude", "45.4201"); f.Set("longitude", "9.1099") })
		at(l, 45.4201, 9.1099, "015036")
		values.Set("latitude", "45.4201")
		values.Set("longitude", "9.1099")

		// Another comune, the old point sent back: the new comune's centre.
		l = save(func(f url.Values) { f.Set("istat_code", "015093") })
		at(l, 45.433333, 9.116667, "015093")
		if l.Address().City != "Corsico" {
			t.Errorf("city %q after the move", l.Address().City)
		}
		values.Set("istat_code", "015093")
		values.Set("latitude", "45.433333")
		values.Set("longitude", "9.116667")

		// Another comune typed by name, with coordinates typed with it: kept.
		l = save(func(f url.Values) {
			f.Set("other_comune", "Buccinasco")
			f.Set("latitude", "45.418")
			f.Set("longitude", "9.12")
		})
		at(l, 45.418, 9.12, "015036")

		// Emptied coordinates are the comune's centre.
		l = save(func(f url.Values) { f.Set("istat_code", "015036"); f.Del("latitude"); f.Del("longitude") })
		at(l, 45.416667, 9.116667, "015036")

		// Half a point is an error on the form.
		v, _ = e.App.Directory.Draft(e.Ctx, opUser, org)
		bad := cloneValues(values)
		bad.Set("revision", itoa(v.Revision))
		bad.Del("longitude")
		op.PostForm("/ente/"+org+"/sedi/"+lid, bad).Status(t, 422).Contains(t, "sia la latitudine sia la longitudine")
	})
}

func ptr(x *float64) any {
	if x == nil {
		return nil
	}
	return *x
}

// A place has opening hours, several slots a day, published with it and
// shown on the public pages.
func TestLocationOpeningHours(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		tid := setup(t, e)
		_, coordUser := coordinator(t, e, tid)
		org, opUser := publishOrg(t, e, tid, coordUser, "Caritas Buccinasco")
		op, d := e.As(opUser), e.App.Directory
		v, _ := d.Draft(e.Ctx, opUser, org)
		l := v.Record.Locations[0]
		form := op.Get("/ente/"+org+"/sedi/"+l.ID).Status(t, 200).Contains(t, "Orari di apertura", `name="sched_0_kind"`, `name="sched_1_kind"`).Body
		if strings.Contains(form, `name="sched_0_location"`) {
			t.Error("a place's hours offer a choice of places")
		}
		values := url.Values{"revision": {revision(t, form)}, "name": {"Sede"}, "location_type": {"physical"},
			"address_1": {"Via Vittorio Emanuele 3"}, "postal_code": {"20090"}, "istat_code": {"015036"},
			"latitude": {"45.4167"}, "longitude": {"9.1167"},
			"sched_0_kind": {"weekly"}, "sched_0_days": {"MO", "TU", "WE", "TH", "FR"}, "sched_0_opens": {"09:00"}, "sched_0_closes": {"12:00"},
			"sched_1_kind": {"weekly"}, "sched_1_days": {"MO", "TU", "WE", "TH", "FR"}, "sched_1_opens": {"15:00"}, "sched_1_closes": {"18:00"}}
		bad := cloneValues(values)
		bad.Set("sched_1_closes", "14:00")
		op.PostForm("/ente/"+org+"/sedi/"+l.ID, bad).Status(t, 422).Contains(t, "sched-1-err", `value="09:00"`)
		op.PostForm("/ente/"+org+"/sedi/"+l.ID, values).RedirectsTo(t, "/ente/"+org)
		v, _ = d.Draft(e.Ctx, opUser, org)
		hours := v.Record.Location(l.ID).Schedules
		if len(hours) != 2 || hours[0].LocationID != l.ID || hours[0].ServiceID != "" || hours[1].OpensAt != "15:00" {
			t.Fatalf("hours: %+v", hours)
		}
		open := submit(t, e, opUser, org)
		e.As(coordUser).Get("/coordinamento/validazioni/"+open.ID).Status(t, 200).Contains(t, "Orari di apertura", "15:00")
		approve(t, e, coordUser, open)
		rec, _, _ := d.Store.Published(e.Ctx, org)
		if got := len(rec.Location(l.ID).Schedules); got != 2 {
			t.Fatalf("%d published hours", got)
		}
		sid := rec.Services[0].ID
		anon := e.Anonymous()
		anon.Get("/servizi/"+sid).Status(t, 200).Contains(t, "Orari di apertura: dal lunedì al venerdì, 9:00–12:00 e 15:00–18:00")
		anon.Get("/enti/"+org).Status(t, 200).Contains(t, "Orari di apertura: ", "15:00–18:00")
	})
}
