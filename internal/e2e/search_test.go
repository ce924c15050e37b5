package e2e_test

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/trama-welfare/trama/internal/app"
	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/e2e"
	"github.com/trama-welfare/trama/internal/search/searchtest"
)

// A 1×1 PNG: the map tiles of the test's own tile server.
var tilePNG, _ = base64.StdEncoding.DecodeString("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==")

// localTiles serves the maps' tiles from a server of the test, not the
// internet, for as long as the test runs.
func localTiles(t *testing.T) apptest.Option {
	tiles := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(tilePNG)
	}))
	t.Cleanup(tiles.Close)
	return apptest.Option(func(c *app.Config) { c.MapTiles = tiles.URL + "/{z}/{x}/{y}.png" })
}

// phone makes the tab a phone: 390×844, touch, mobile.
func phone(b *e2e.Browser) {
	b.Do(chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulatePortrait))
}

// A parent looks for something for an 8-year-old on Saturday near
// Buccinasco, on a phone, with and without JavaScript, and opens a result.
func TestParentSearchesOnAPhone(t *testing.T) {
	for _, js := range []bool{false, true} {
		name := "without JavaScript"
		if js {
			name = "with JavaScript"
		}
		t.Run(name, func(t *testing.T) {
			env := apptest.SQLite(t, localTiles(t))
			f := searchtest.Publish(t, env)
			b := e2e.NewBrowser(t, env)
			phone(b)
			if !js {
				b.WithoutJavaScript()
			}
			b.Visit("/")
			b.Submit(`#nav-main a[href="/servizi"]`)
			b.See("Cerca servizi e attività", "13 servizi trovati")

			b.Fill("#f-q", "sabato")
			b.Fill("#f-comune", "Buccinasco")
			b.Click(".search-more summary")
			b.Do(chromedp.SendKeys("#f-age", "8"))
			b.Submit(`#search-form button[type=submit]`)
			b.See("3 servizi trovati", "Minibasket", "Ludoteca Arcobaleno", "Letture animate", "da 6 a 10 anni", "Gratuito", "0,1 km")
			path := b.Path()
			for _, want := range []string{"q=sabato", "age=8", "comune=Buccinasco"} {
				if !strings.Contains(path, want) {
					t.Errorf("the search is not a link: %s lacks %s", path, want)
				}
			}
			if first := b.Text(".search-item h3 a"); first != "Minibasket" {
				t.Errorf("first result %q", first)
			}
			opened := "minibasket"

			if js {
				// Instant results while typing; the address follows.
				b.Fill("#f-q", "ludoteca")
				waitText(b, "#search-count", "1 servizio trovato")
				if p := b.Path(); !strings.Contains(p, "q=ludoteca") {
					t.Errorf("instant results did not update the address: %s", p)
				}
				b.Check()
				// The map, with a marker per result.
				b.Click("#map-toggle")
				waitCount(b, ".leaflet-marker-icon", 1)
				if pressed := e2e.Eval[string](b, `document.getElementById("map-toggle").getAttribute("aria-pressed")`); pressed != "true" {
					t.Errorf("map toggle aria-pressed=%s", pressed)
				}
				b.Check()
				b.Do(chromedp.SetValue("#f-q", "sabat"), chromedp.SendKeys("#f-q", "o"))
				waitText(b, "#search-count", "3 servizi trovati")
				// "Vicino a me": the parent is in Assago and allows the position.
				allowPosition(b, 45.403, 9.129)
				b.Submit("#near-me")
				b.See("Distanze dalla tua posizione", "3 servizi trovati")
				if first := b.Text(".search-item h3 a"); first != "Ludoteca Arcobaleno" {
					t.Errorf("nearest first: %q", first)
				}
				opened = "ludoteca"
			} else if e2e.Eval[bool](b, `!document.getElementById("map-toggle").hidden`) {
				t.Error("the map button shows without JavaScript")
			}

			b.Submit(".search-item h3 a")
			if want := "/servizi/" + f.Services[opened]; b.Path() != want {
				t.Errorf("opened %s, want %s", b.Path(), want)
			}
		})
	}
}

// allowPosition grants the page the position (lat, lon).
func allowPosition(b *e2e.Browser, lat, lon float64) {
	acc := 10.0
	b.Do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, browser.SetPermission, browser.SetPermissionParams{
			Permission: &browser.PermissionDescriptor{Name: "geolocation"}, Setting: browser.PermissionSettingGranted}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, t, emulation.SetGeolocationOverride, emulation.SetGeolocationOverrideParams{Latitude: &lat, Longitude: &lon, Accuracy: &acc})
		return err
	}))
}

// The list stays usable when the map tiles cannot be loaded.
func TestMapWithoutTiles(t *testing.T) {
	tiles := httptest.NewServer(http.NotFoundHandler())
	defer tiles.Close()
	env := apptest.SQLite(t, apptest.Option(func(c *app.Config) { c.MapTiles = tiles.URL + "/{z}/{x}/{y}.png" }))
	searchtest.Publish(t, env)
	b := e2e.NewBrowser(t, env)
	b.Visit("/servizi?comune=Buccinasco")
	b.Click("#map-toggle")
	waitText(b, ".search-map-note", "La mappa di sfondo non si carica")
	b.See("Minibasket", "Ludoteca Arcobaleno")
	if n := e2e.Eval[int](b, `document.querySelectorAll(".search-item h3 a").length`); n < 5 {
		t.Errorf("only %d results listed", n)
	}
	// (No Check here: the failed tiles are console errors on purpose.)
}

func waitText(b *e2e.Browser, sel, want string) {
	b.T.Helper()
	text := ""
	for range 200 {
		text = e2e.Eval[string](b, `(document.querySelector(`+"`"+sel+"`"+`) || {}).textContent || ""`)
		if strings.Contains(text, want) {
			return
		}
		time.Sleep(25 * time.Millisecond)
	}
	b.T.Fatalf("%s never said %q (it says %q) on %s", sel, want, text, b.Path())
}

func waitCount(b *e2e.Browser, sel string, n int) {
	b.T.Helper()
	for range 200 {
		if e2e.Eval[int](b, `document.querySelectorAll(`+"`"+sel+"`"+`).length`) >= n {
			return
		}
		time.Sleep(25 * time.Millisecond)
	}
	b.T.Fatalf("fewer than %d %s", n, sel)
}
