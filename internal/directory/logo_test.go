package directory_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/directory"
)

func pngImage(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	img.Set(0, 0, color.RGBA{200, 30, 30, 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// An operator gives the organization a legal status and uploads a logo;
// the logo is served from Trama's own origin, to the organization's editors
// while in the draft, to everyone once published; bad files are refused on
// the form and leave nothing behind.
func TestOrganizationLegalStatusAndLogo(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		tid := setup(t, e)
		_, coordUser := coordinator(t, e, tid)
		org, opUser := publishOrg(t, e, tid, coordUser, "Caritas Buccinasco")
		op, anon := e.As(opUser), e.Anonymous()
		d := e.App.Directory
		form := op.Get("/ente/"+org+"/dati").Status(t, 200).
			Contains(t, `enctype="multipart/form-data"`, `list="legal-statuses"`, `<option value="Associazione non riconosciuta">`, `type="file" id="f-logo"`).Body
		fields := url.Values{"revision": {revision(t, form)}, "name": {"Caritas Buccinasco"}, "kind": {"odv"},
			"description": {"Aiuto alle famiglie."}, "legal_status": {"Associazione riconosciuta"}}
		logos := func() int { return e.Count(`SELECT COUNT(*) FROM organization_logos WHERE organization_id = $1`, org) }
		draft := func() directory.Organization {
			v, err := d.Draft(e.Ctx, opUser, org)
			if err != nil {
				t.Fatal(err)
			}
			fields.Set("revision", itoa(v.Revision))
			return v.Record.Organization
		}

		// Files that are not images, or too big, are refused on the form.
		svg := []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)
		op.PostFile("/ente/"+org+"/dati", fields, "logo", "logo.svg", svg).Status(t, 422).
			Contains(t, "Il logo deve essere un&#39;immagine PNG, JPEG, GIF o WebP", `value="Associazione riconosciuta"`)
		big := append(pngImage(t, 4, 4), make([]byte, directory.MaxLogoBytes)...)
		op.PostFile("/ente/"+org+"/dati", fields, "logo", "grande.png", big).Status(t, 422).Contains(t, "al massimo 1 MB")
		op.PostFile("/ente/"+org+"/dati", fields, "logo", "alto.png", pngImage(t, 1, 5000)).Status(t, 422).Contains(t, "4096 pixel")
		// A good logo with a bad field: the form comes back, the upload is not kept.
		tooLong := cloneValues(fields)
		tooLong.Set("legal_status", strings.Repeat("x", 201))
		op.PostFile("/ente/"+org+"/dati", tooLong, "logo", "logo.png", pngImage(t, 40, 20)).Status(t, 422).Contains(t, "f-legal_status-err")
		if n := logos(); n != 0 {
			t.Fatalf("%d logos kept from refused forms", n)
		}

		// The logo goes into the draft.
		logo := pngImage(t, 40, 20)
		op.PostFile("/ente/"+org+"/dati", fields, "logo", "logo.png", logo).RedirectsTo(t, "/ente/"+org)
		o := draft()
		path := o.LogoPath()
		if o.LegalStatus != "Associazione riconosciuta" || path == "" || o.Logo != e.URL+path {
			t.Fatalf("draft: legal status %q, logo %q", o.LegalStatus, o.Logo)
		}
		r := op.Get(path).Status(t, 200)
		if r.Header.Get("Content-Type") != "image/png" || r.Body != string(logo) || !strings.Contains(r.Header.Get("Cache-Control"), "private") {
			t.Fatalf("logo for its editors: %s %s, %d bytes", r.Header.Get("Content-Type"), r.Header.Get("Cache-Control"), len(r.Body))
		}
		op.Get("/ente/"+org).Status(t, 200).Contains(t, `<img src="`+path+`"`, "Associazione riconosciuta")
		anon.Get(path).Status(t, 404) // not published yet
		anon.Get("/enti/"+org).Status(t, 200).Lacks(t, path, "Associazione riconosciuta")
		e.As(e.CreateUser("operatore", "altro@ente.example")).Get(path).Status(t, 404)

		// Saving without a file keeps the logo.
		op.PostFile("/ente/"+org+"/dati", fields, "logo", "", nil).RedirectsTo(t, "/ente/"+org)
		if draft().LogoPath() != path {
			t.Fatal("saving without a file dropped the logo")
		}

		// Published: everyone sees it, from this origin.
		open := submit(t, e, opUser, org)
		coord := e.As(coordUser)
		coord.Get("/coordinamento/validazioni/"+open.ID).Status(t, 200).Contains(t, "Forma giuridica", "Associazione riconosciuta", path)
		approve(t, e, coordUser, open)
		r = anon.Get(path).Status(t, 200)
		if r.Body != string(logo) || !strings.Contains(r.Header.Get("Cache-Control"), "public") {
			t.Fatalf("published logo: %s, %d bytes", r.Header.Get("Cache-Control"), len(r.Body))
		}
		page := anon.Get("/enti/"+org).Status(t, 200).
			Contains(t, `<img src="`+path+`" alt="Logo di Caritas Buccinasco"`, "Forma giuridica", "Associazione riconosciuta", `"logo":"`+e.URL+path)
		if csp := page.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "img-src 'self' data:") || strings.Contains(csp, "img-src *") {
			t.Fatalf("CSP: %s", csp)
		}
		op.Get("/rete/"+org).Status(t, 200).Contains(t, `<img src="`+path+`"`, "Associazione riconosciuta")
		anon.Get("/api/hsds/organizations/"+org).Status(t, 200).Contains(t, `"logo":"`+e.URL+path+`"`, `"legal_status":"Associazione riconosciuta"`)

		// A logo from elsewhere (an HSDS import) is kept but not shown.
		if _, err := e.App.DB.W.Exec(`UPDATE organizations SET logo = 'https://esempio.example/logo.png' WHERE id = $1`, org); err != nil {
			t.Fatal(err)
		}
		anon.Get("/enti/"+org).Status(t, 200).Lacks(t, "esempio.example/logo.png")
		anon.Get(path).Status(t, 404) // no longer the published logo

		// Removing it.
		draft() // the revision after the approval
		f := cloneValues(fields)
		f.Set("remove_logo", "on")
		op.PostFile("/ente/"+org+"/dati", f, "logo", "", nil).RedirectsTo(t, "/ente/"+org)
		if o := draft(); o.Logo != "" {
			t.Fatalf("logo after removal: %q", o.Logo)
		}
	})
}

func itoa(n int) string { return strconv.Itoa(n) }

// A logo can be copied from an address: Trama downloads it and serves it
// itself. Addresses of the server's own network are refused.
func TestLogoFromAddress(t *testing.T) {
	e := apptest.SQLite(t)
	tid := setup(t, e)
	_, coordUser := coordinator(t, e, tid)
	org, opUser := publishOrg(t, e, tid, coordUser, "Caritas Buccinasco")
	op, d := e.As(opUser), e.App.Directory
	logo := pngImage(t, 30, 30)
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/logo.png":
			w.Write(logo)
		case "/vecchio.png":
			http.Redirect(w, r, "/logo.png", http.StatusFound)
		case "/pagina.html":
			w.Write([]byte("<html>non è un'immagine</html>"))
		default:
			http.NotFound(w, r)
		}
	}))
	defer site.Close()
	fields := func(addr string) url.Values {
		v, err := d.Draft(e.Ctx, opUser, org)
		if err != nil {
			t.Fatal(err)
		}
		return url.Values{"revision": {itoa(v.Revision)}, "name": {"Caritas Buccinasco"}, "kind": {"odv"},
			"description": {"Aiuto alle famiglie."}, "logo_url": {addr}}
	}

	// The test's server is on loopback: refused as the server's own network.
	op.PostForm("/ente/"+org+"/dati", fields(site.URL+"/logo.png")).Status(t, 422).
		Contains(t, "f-logo_url-err", "Non riusciamo a scaricare l&#39;immagine")
	op.PostForm("/ente/"+org+"/dati", fields("ftp://esempio.example/logo.png")).Status(t, 422).Contains(t, "http:// o https://")

	d.AllowPrivateLogoURLs = true
	op.PostForm("/ente/"+org+"/dati", fields(site.URL+"/nulla.png")).Status(t, 422).Contains(t, "Non riusciamo a scaricare")
	op.PostForm("/ente/"+org+"/dati", fields(site.URL+"/pagina.html")).Status(t, 422).Contains(t, "PNG, JPEG, GIF o WebP")
	if n := e.Count(`SELECT COUNT(*) FROM organization_logos`); n != 0 {
		t.Fatalf("%d logos kept from refused addresses", n)
	}
	op.PostForm("/ente/"+org+"/dati", fields(site.URL+"/vecchio.png")).RedirectsTo(t, "/ente/"+org)
	v, _ := d.Draft(e.Ctx, opUser, org)
	path := v.Record.Organization.LogoPath()
	if path == "" {
		t.Fatalf("logo %q", v.Record.Organization.Logo)
	}
	if r := op.Get(path).Status(t, 200); r.Body != string(logo) || r.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("copied logo: %s, %d bytes", r.Header.Get("Content-Type"), len(r.Body))
	}
}

// Logos nothing uses any more (replaced, removed) are pruned after a day;
// the published one, the draft's and recent uploads stay.
func TestPruneLogos(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		tid := setup(t, e)
		_, coordUser := coordinator(t, e, tid)
		org, opUser := publishOrg(t, e, tid, coordUser, "Caritas Buccinasco")
		op, d := e.As(opUser), e.App.Directory
		upload := func() string {
			t.Helper()
			v, _ := d.Draft(e.Ctx, opUser, org)
			f := url.Values{"revision": {itoa(v.Revision)}, "name": {"Caritas Buccinasco"}, "kind": {"odv"}, "description": {"Aiuto."}}
			op.PostFile("/ente/"+org+"/dati", f, "logo", "logo.png", pngImage(t, 8, 8)).RedirectsTo(t, "/ente/"+org)
			v, _ = d.Draft(e.Ctx, opUser, org)
			return strings.TrimPrefix(v.Record.Organization.LogoPath(), "/loghi/")
		}
		replaced := upload()
		published := upload()
		open := submit(t, e, opUser, org)
		approve(t, e, coordUser, open)
		inDraft := upload()
		fresh := upload() // replaces inDraft in the draft, but is recent
		if _, err := e.App.DB.W.Exec(`UPDATE organization_logos SET created_at = $1 WHERE id <> $2`,
			time.Now().Add(-48*time.Hour).UTC(), fresh); err != nil {
			t.Fatal(err)
		}
		n, err := d.Store.PruneLogos(e.Ctx, time.Now().Add(-24*time.Hour))
		if err != nil || n != 2 {
			t.Fatalf("pruned %d (%v), want 2: the replaced one and the one replaced in the draft", n, err)
		}
		for id, want := range map[string]int{replaced: 0, inDraft: 0, published: 1, fresh: 1} {
			if got := e.Count(`SELECT COUNT(*) FROM organization_logos WHERE id = $1`, id); got != want {
				t.Errorf("logo %s: %d rows, want %d", id, got, want)
			}
		}
	})
}
