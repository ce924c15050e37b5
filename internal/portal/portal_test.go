package portal_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/search/searchtest"
)

var ldBlock = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

// jsonLD parses the page's JSON-LD block.
func jsonLD(t *testing.T, body string) map[string]any {
	t.Helper()
	m := ldBlock.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no JSON-LD block")
	}
	var ld map[string]any
	if err := json.Unmarshal([]byte(m[1]), &ld); err != nil {
		t.Fatalf("JSON-LD is not JSON: %v\n%s", err, m[1])
	}
	return ld
}

// A published service's page says what, for whom, when, where, cost,
// contacts and organization, with its JSON-LD; the public sees nothing
// else.
func TestServicePage(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		f := searchtest.Publish(t, e)
		guest := e.Anonymous()
		r := guest.Get("/servizi/"+f.Services["minibasket"]).Status(t, 200)
		r.Contains(t, "<h1 id=\"h-service\">Minibasket</h1>", "Basket per bambini e bambine",
			`href="/enti/`+f.Orgs["polisportiva"]+`"`, "Polisportiva Buccinasco APS",
			"da 6 a 10 anni", "Bambini", // for whom
			"ogni sabato", "15:00–18:00", `<caption>I prossimi 7 giorni`, `scope="row">sabato`, // when
			"Palestra comunale", "Via Roma 10", "Buccinasco (MI)", `data-lat="45.417"`, `id="portal-map"`, // where
			"Gratuito", "Aggiungi al calendario", `href="/servizi/`+f.Services["minibasket"]+`.ics"`,
			"Informazioni verificate dall&#39;ente il", `id="portal-share"`, "/static/js/portal.")
		if h := r.Header.Get("Content-Security-Policy"); !strings.Contains(h, "script-src 'self'") {
			t.Errorf("CSP %q", h)
		}
		ld := jsonLD(t, r.Body)
		if ld["@type"] != "Service" || ld["name"] != "Minibasket" || ld["@context"] != "https://schema.org" {
			t.Errorf("JSON-LD %v", ld)
		}
		if prov, _ := ld["provider"].(map[string]any); prov["@type"] != "Organization" || prov["name"] != "Polisportiva Buccinasco APS" {
			t.Errorf("provider %v", ld["provider"])
		}
		areas, _ := ld["areaServed"].([]any)
		if len(areas) != 1 || areas[0].(map[string]any)["@type"] != "Place" {
			t.Errorf("areaServed %v", ld["areaServed"])
		}

		// A confidential place: its comune, never its address or position.
		r = guest.Get("/servizi/"+f.Services["antiviolenza"]).Status(t, 200)
		r.Contains(t, "Centro antiviolenza", "Casa rifugio", "Buccinasco (MI)", "L&#39;indirizzo è riservato")
		r.Lacks(t, "Via Segreta", "45.425", "9.1", "20090", "data-lat", `id="portal-map"`)
		ld = jsonLD(t, r.Body)
		place := ld["areaServed"].([]any)[0].(map[string]any)
		if _, ok := place["geo"]; ok {
			t.Errorf("confidential place with a position: %v", place)
		}
		if addr := place["address"].(map[string]any); addr["streetAddress"] != nil || addr["addressLocality"] != "Buccinasco" {
			t.Errorf("confidential address %v", addr)
		}

		// In English.
		req, _ := http.NewRequest("GET", e.URL+"/servizi/"+f.Services["ludoteca"], nil)
		req.Header.Set("Accept-Language", "en")
		guest.Do(req).Status(t, 200).Contains(t, "Offered by", "For whom", "from 3 to 10 years", "The next 7 days", "Add to calendar")
	})
}

// Unknown ids, drafts, inactive services and archived organizations are
// not found, with a translated page.
func TestNotFound(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		f := searchtest.Publish(t, e)
		guest := e.Anonymous()
		for _, key := range []string{"calcio-bozza", "nuoto-chiuso", "calcio-archiviato"} {
			guest.Get("/servizi/"+f.Services[key]).Status(t, 404).Contains(t, "Questo servizio non esiste")
			guest.Get("/servizi/"+f.Services[key]+".ics").Status(t, 404)
		}
		guest.Get("/servizi/00000000-0000-7000-8000-000000000000").Status(t, 404).Contains(t, "Questo servizio non esiste")
		guest.Get("/servizi/nessuno.ics").Status(t, 404)
		for _, key := range []string{"bozza", "archiviata"} {
			guest.Get("/enti/"+f.Orgs[key]).Status(t, 404).Contains(t, "Questo ente non esiste")
		}
		guest.Get("/enti/nessuno").Status(t, 404)
	})
}

// An organization's page lists its published services.
func TestOrganizationPage(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		f := searchtest.Publish(t, e)
		r := e.Anonymous().Get("/enti/"+f.Orgs["polisportiva"]).Status(t, 200)
		r.Contains(t, "<h1>Polisportiva Buccinasco APS</h1>", "Sport per bambini, ragazzi e adulti a Buccinasco.",
			"3 servizi", `href="/servizi/`+f.Services["minibasket"]+`"`, `href="/servizi/`+f.Services["calcio"]+`"`,
			"Ginnastica dolce", "Palestra comunale", "Via Roma 10")
		r.Lacks(t, "Corso di nuoto") // inactive
		if ld := jsonLD(t, r.Body); ld["@type"] != "Organization" || ld["name"] != "Polisportiva Buccinasco APS" {
			t.Errorf("JSON-LD %v", ld)
		}
		// The confidential place shows its comune only.
		r = e.Anonymous().Get("/enti/"+f.Orgs["famiglie"]).Status(t, 200)
		r.Contains(t, "Casa rifugio", "indirizzo riservato", "Sportello famiglie", "Centro antiviolenza")
		r.Lacks(t, "Via Segreta")
	})
}
