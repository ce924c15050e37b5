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

// FuzzTemplate plans the import of a made-up spreadsheet into a territory
// of a real database, as the upload page does: it must never panic nor
// write anything, and everything it would publish is valid UTF-8.
func FuzzTemplate(f *testing.F) {
	f.Add([]byte(sheet))
	f.Add([]byte("\ufeff" + sheet))
	f.Add([]byte(strings.ReplaceAll(sheet, ";", ",")))
	f.Add([]byte(strings.ReplaceAll(sheet, ";", "\t")))
	f.Add([]byte("Ente;Servizio;Età minima;Età massima;Giorni;Orari;CAP;Comune\n<script>;=1+1;dieci;-4;lun-dom;25:00-26:00;ABCDE;Atlantide\n"))
	f.Add([]byte("Ente;Servizio;Giorni;Orari\nCaff\xe8;Ass\xec;sab;9-12\n"))
	f.Add([]byte("Ente;Servizio\n\"Ente;\"\"x\n"))
	f.Add([]byte("Ente\n"))
	f.Add([]byte(""))
	// One environment for the whole run (each fuzzing worker builds its own).
	e := apptest.SQLite(f)
	tid := newTerritory(f, e.App.DB, "Ambito di prova", "015146")
	f.Fuzz(func(t *testing.T, b []byte) {
		count := func() (n int) {
			if err := e.App.DB.R.QueryRow(`SELECT COUNT(*) FROM organizations`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := count()
		plan, recs, err := e.App.HSDS.PlanTemplate(e.Ctx, tid, "foglio.csv", hsds.DecodeText(b))
		i18ntest.Refusal(t, err)
		if after := count(); after != before {
			t.Fatalf("planning wrote %d organizations", after-before)
		}
		if plan == nil {
			return
		}
		for _, pe := range plan.Errors {
			i18ntest.Translated(t, pe.Where(), pe.Key)
		}
		for _, r := range recs {
			if !utf8.ValidString(r.Organization.Name) {
				t.Fatalf("invalid UTF-8 in %q", r.Organization.Name)
			}
			for _, s := range r.Services {
				if !utf8.ValidString(s.Name + s.Description) {
					t.Fatalf("invalid UTF-8 in %q", s.Name)
				}
			}
		}
	})
}
