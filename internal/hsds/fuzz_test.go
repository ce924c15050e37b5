package hsds_test

// Fuzz targets of the parsers of outside data: HSDS data packages (CSV),
// HSDS JSON and the Italian spreadsheet. `make test` runs them on their
// seeds (below and in testdata/fuzz/<target>/); `make fuzz` searches for
// new crashers. Every target holds the same invariants: no panic; a
// refusal is a domain error or a row error whose message is in both
// catalogues; what is accepted is valid UTF-8.

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/hsds"
	"github.com/trama-welfare/trama/internal/platform/i18n/i18ntest"
	"github.com/trama-welfare/trama/internal/platform/validate"
)

// checkPackage checks what a reader made of its input.
func checkPackage(t *testing.T, p *hsds.Package, err error) {
	t.Helper()
	i18ntest.Refusal(t, err)
	if p == nil {
		return
	}
	for _, e := range p.Errors {
		i18ntest.Translated(t, e.Where(), e.Key)
	}
	if !p.OK() {
		return
	}
	for _, tb := range spec.All() {
		for _, r := range p.Rows(tb) {
			for i, v := range r.Vals {
				if !utf8.ValidString(v) {
					t.Fatalf("%s.%s accepted invalid UTF-8 %q", tb.Resource, tb.Fields[i].Name, v)
				}
			}
		}
	}
}

// exampleSeeds adds the official examples of a kind as seeds.
func exampleSeeds(f *testing.F, pattern string, add func(name string, b []byte)) {
	files, _ := filepath.Glob(filepath.Join(examples(f), pattern))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		add(filepath.Base(name), b)
	}
}

const fuzzDescriptor = `{"resources":[{"name":"organizations","path":"organizations.csv"},{"name":"services","path":"services.csv"}]}`

// FuzzReadPackage reads a data package whose descriptor and two CSV files
// are made up.
func FuzzReadPackage(f *testing.F) {
	org := "id,name,description\nd9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610,Il Ponte,Doposcuola\n"
	svc := "id,organization_id,name,status,url,minimum_age\nac148810-d857-441c-9679-408f346de14b,d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610,Compiti,active,https://ponte.example,6\n"
	f.Add(fuzzDescriptor, org, svc)
	f.Add(fuzzDescriptor, org, strings.Replace(svc, "https://ponte.example", "javascript:alert(1)", 1))
	f.Add(fuzzDescriptor, org, strings.Replace(svc, ",6\n", ",sei\n", 1))
	f.Add(fuzzDescriptor, "id,name\n\"x,\"\"\n", "\ufeffid\n1,2,3\n")
	f.Add(fuzzDescriptor, "id,name,name\nx,\xff\xfe,y\n", "")
	f.Add(fuzzDescriptor, "id,name,description\nd9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610,Il Ponte \xff,Doposcuola\n", "")
	f.Add(`{"resources":[{"name":"services","path":"../services.csv"}]}`, "", svc)
	f.Add(`{"resources":[{"name":"services","path":"services.csv"},{"name":"services","path":"services.csv"}]}`, "", svc)
	f.Add(`{"resources":`, "", "")
	exampleSeeds(f, "csv/services.csv", func(_ string, b []byte) { f.Add(fuzzDescriptor, org, string(b)) })
	f.Fuzz(func(t *testing.T, descriptor, orgs, services string) {
		fsys := fstest.MapFS{
			"datapackage.json":  {Data: []byte(descriptor)},
			"organizations.csv": {Data: []byte(orgs)},
			"services.csv":      {Data: []byte(services)},
		}
		p, err := spec.ReadFS(fsys)
		checkPackage(t, p, err)
	})
}

// FuzzReadJSON reads an HSDS JSON document under the names that hint what
// it holds.
func FuzzReadJSON(f *testing.F) {
	for _, s := range []string{
		`{"id":"ac148810-d857-441c-9679-408f346de14b","name":"Compiti","status":"active","phones":[{"id":"x","number":"02 1"}]}`,
		`[{"id":"1"},2,"x",null,{"contents":[]}]`,
		`{"contents":[{"id":"ac148810-d857-441c-9679-408f346de14b","organization":{"id":"d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610","name":"\u202eetalp"}}]}`,
		`{"id":"ac148810-d857-441c-9679-408f346de14b","url":"javascript:alert(1)","minimum_age":"sei","name":{"it":"x"}}`,
		`{"id":1e999,"name":true,"schedules":[{"id":"s","freq":"WEEKLY","byday":"XX"}]}`,
		`{"id":"\xff\xfe"}`,
		`[[[[[[[[[[[[]]]]]]]]]]]]`,
	} {
		f.Add("service_full.json", []byte(s))
		f.Add("x.json", []byte(s))
	}
	exampleSeeds(f, "*.json", func(name string, b []byte) { f.Add(name, b) })
	f.Fuzz(func(t *testing.T, name string, doc []byte) {
		p, err := spec.ReadJSON(name, bytes.NewReader(doc))
		checkPackage(t, p, err)
	})
}

// templateSeeds are spreadsheets as people save them, and worse.
var templateSeeds = []string{
	sheet,
	"\ufeff" + sheet,
	strings.ReplaceAll(sheet, ";", ","),
	strings.ReplaceAll(sheet, ";", "\t"),
	"Ente;Servizio;Età minima;Età massima;Giorni;Orari;CAP;Comune\n<script>;=1+1;dieci;-4;lun-dom;25:00-26:00;ABCDE;Atlantide\n",
	"Ente;Servizio;Sito dell'ente;Sito web;Comune\nIl Ponte;Compiti;javascript:alert(1);JAVASCRIPT:alert(1);Buccinasco\n",
	"Ente;Servizio;Giorni;Orari\nCaff\xe8;Ass\xec;sab;9-12\n",
	"Ente;Servizio\n\"Ente;\"\"x\n",
	"Ente\n",
	"",
}

// FuzzTemplate reads a made-up spreadsheet as the upload page does, up to
// the rows it would apply, with a few fixed taxonomy terms (reading them
// and matching organizations in the database is TestTemplateSeeds's): it
// must never panic, every message is translated, and accepted rows hold
// valid UTF-8 and web links only.
func FuzzTemplate(f *testing.F) {
	for _, s := range templateSeeds {
		f.Add([]byte(s))
	}
	read := hsds.FixedTemplateReader()
	f.Fuzz(func(t *testing.T, b []byte) {
		rows, rejected, err := read(hsds.DecodeText(b))
		i18ntest.Refusal(t, err)
		for _, e := range rejected {
			i18ntest.Translated(t, e.Where(), e.Key)
		}
		for _, r := range rows {
			all := strings.Join([]string{r.Ente, r.CF, r.Kind, r.DescrEnte, r.EmailEnte, r.SitoEnte, r.Servizio, r.Descrizione,
				r.Accesso, r.Comune, r.Indirizzo, r.CAP, r.Sede, r.Telefono, r.Email, r.Sito}, "|")
			if !utf8.ValidString(all) {
				t.Fatalf("line %d: invalid UTF-8 accepted: %q", r.Line, all)
			}
			for _, u := range []string{r.SitoEnte, r.Sito} {
				if u == "" {
					continue
				}
				if n, err := validate.URL(u); err != nil || n != u {
					t.Fatalf("line %d: link %q accepted (%q, %v)", r.Line, u, n, err)
				}
			}
		}
	})
}

// TestTemplateSeeds reads the fuzz seeds with the real taxonomies, and
// plans them against a real database as the upload page does: nothing is
// written, every message is translated.
func TestTemplateSeeds(t *testing.T) {
	e := apptest.SQLite(t)
	read, err := hsds.TemplateReader(e.Ctx, e.App.Directory.Tax)
	if err != nil {
		t.Fatal(err)
	}
	tid := newTerritory(t, e.App.DB, "Ambito di prova", "015146")
	before := e.Count(`SELECT COUNT(*) FROM organizations`)
	for _, s := range templateSeeds {
		rows, _, err := read(hsds.DecodeText([]byte(s)))
		i18ntest.Refusal(t, err)
		if s == sheet && len(rows) != 5 {
			t.Fatalf("the example sheet: %d rows accepted, want 5", len(rows))
		}
		plan, _, err := e.App.HSDS.PlanTemplate(e.Ctx, tid, "foglio.csv", hsds.DecodeText([]byte(s)))
		i18ntest.Refusal(t, err)
		if plan != nil {
			for _, pe := range plan.Errors {
				i18ntest.Translated(t, pe.Where(), pe.Key)
			}
		}
	}
	if after := e.Count(`SELECT COUNT(*) FROM organizations`); after != before {
		t.Fatalf("planning wrote %d organizations", after-before)
	}
}
