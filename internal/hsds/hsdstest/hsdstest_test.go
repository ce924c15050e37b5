package hsdstest_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/hsds/hsdstest"
)

// fakeTB records what the helpers report instead of failing the test.
type fakeTB struct {
	testing.TB // nil: calling anything not overridden panics
	errors     []string
	fatal      bool
}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Errorf(format string, args ...any) {
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.Errorf(format, args...)
	f.fatal = true
}
func (f *fakeTB) failed() bool { return len(f.errors) > 0 }

// example reads one of the official examples beside the schemas.
func example(t *testing.T, name string) []byte {
	t.Helper()
	dir, err := hsdstest.SchemaDir()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "..", "..", "examples", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// mutate returns a copy of doc changed by f.
func mutate(t *testing.T, doc []byte, f func(m map[string]any)) []byte {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(doc))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		t.Fatal(err)
	}
	f(m)
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func obj(v any) map[string]any { return v.(map[string]any) }
func arr(v any) []any          { return v.([]any) }

// Every official example that is an API response matches its schema.
// Not checked: base.json (the "/" endpoint, whose schema lives only inline
// in openapi.json) and tabular.json (CSV files as JSON, not a response).
func TestOfficialExamples(t *testing.T) {
	for _, c := range []struct{ example, schema string }{
		{"service_full", "service"},
		{"organization_full", "organization"},
		{"service_at_location_full", "service_at_location"},
		{"location", "location"},
		{"taxonomy", "taxonomy"},
		{"taxonomy_term", "taxonomy_term"},
	} {
		t.Run(c.example, func(t *testing.T) {
			hsdstest.Validate(t, c.schema, example(t, c.example))
		})
	}
	for _, c := range []struct{ example, schema string }{
		{"service_list", "service"},
		{"organization_list", "organization"},
		{"service_at_location_list", "service_at_location"},
		{"taxonomy_list", "taxonomy"},
		{"taxonomy_term_list", "taxonomy_term"},
	} {
		t.Run(c.example, func(t *testing.T) {
			hsdstest.ValidatePage(t, c.schema, example(t, c.example))
		})
	}
}

func TestValidateRejects(t *testing.T) {
	service := example(t, "service_full")
	cases := []struct {
		name, schema string
		doc          []byte
		want         string // in the message
	}{
		{"missing name", "service", mutate(t, service, func(m map[string]any) { delete(m, "name") }), "name"},
		{"missing id", "service", mutate(t, service, func(m map[string]any) { delete(m, "id") }), "id"},
		{"id not a string", "service", mutate(t, service, func(m map[string]any) { m["id"] = 42 }), "/id"},
		{"id not a uuid", "service", mutate(t, service, func(m map[string]any) { m["id"] = "servizio-1" }), "/id"},
		{"status not in enum", "service", mutate(t, service, func(m map[string]any) { m["status"] = "aperto" }), "/status"},
		{"email not an address", "service", mutate(t, service, func(m map[string]any) { m["email"] = "nessuna" }), "/email"},
		{"age as text", "service", mutate(t, service, func(m map[string]any) { m["minimum_age"] = "dieci" }), "/minimum_age"},
		{"null", "service", mutate(t, service, func(m map[string]any) { m["alert"] = nil }), "/alert"},
		{"phones not an array", "service", mutate(t, service, func(m map[string]any) { m["phones"] = "06 1234" }), "/phones"},
		{"nested phone without number", "service", mutate(t, service, func(m map[string]any) {
			delete(obj(arr(m["phones"])[0]), "number")
		}), "/phones/0"},
		{"nested organization without name", "service", mutate(t, service, func(m map[string]any) {
			delete(obj(m["organization"]), "name")
		}), "/organization"},
		{"modular schema: taxonomy without name", "taxonomy", mutate(t, example(t, "taxonomy"), func(m map[string]any) {
			delete(m, "name")
		}), "name"},
		{"ref across modular files: taxonomy_detail", "taxonomy_term", mutate(t, example(t, "taxonomy_term"), func(m map[string]any) {
			m["taxonomy_detail"] = map[string]any{"id": "not-a-uuid"}
		}), "/taxonomy_detail"},
		{"array instead of object", "service", []byte(`[]`), "want object"},
		{"not JSON", "service", []byte(`{"id": `), "not JSON"},
		{"trailing garbage", "service", append(bytes.Clone(service), '}'), "not JSON"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := &fakeTB{}
			hsdstest.Validate(f, c.schema, c.doc)
			if !f.failed() || f.fatal {
				t.Fatalf("errors %q, fatal %v: want a validation failure", f.errors, f.fatal)
			}
			if !strings.Contains(f.errors[0], c.want) {
				t.Errorf("message %q does not mention %q", f.errors[0], c.want)
			}
			if hsdstest.Check(c.schema, c.doc) == nil {
				t.Error("Check accepts it")
			}
		})
	}
}

func TestValidatePageRejects(t *testing.T) {
	page := example(t, "service_list")
	cases := []struct {
		name string
		doc  []byte
		want string
	}{
		{"item id not a string", mutate(t, page, func(m map[string]any) { obj(arr(m["contents"])[0])["id"] = 1 }), "/contents/0/id"},
		{"item without status", mutate(t, page, func(m map[string]any) { delete(obj(arr(m["contents"])[0]), "status") }), "/contents/0"},
		{"missing total_items", mutate(t, page, func(m map[string]any) { delete(m, "total_items") }), "total_items"},
		{"missing contents", mutate(t, page, func(m map[string]any) { delete(m, "contents") }), "contents"},
		{"contents not an array", mutate(t, page, func(m map[string]any) { m["contents"] = map[string]any{} }), "/contents"},
		{"size as text", mutate(t, page, func(m map[string]any) { m["size"] = "1" }), "/size"},
		{"size disagrees", mutate(t, page, func(m map[string]any) { m["size"] = 2 }), "size is 2"},
		{"empty disagrees", mutate(t, page, func(m map[string]any) { m["empty"] = true }), "empty is true"},
		{"first_page disagrees", mutate(t, page, func(m map[string]any) { m["first_page"] = false }), "first_page"},
		{"last_page disagrees", mutate(t, page, func(m map[string]any) { m["last_page"] = true }), "last_page"},
		{"page 0", mutate(t, page, func(m map[string]any) { m["page_number"] = 0; m["first_page"] = false }), "page_number is 0"},
		{"bare array", []byte(`[]`), "want object"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := &fakeTB{}
			hsdstest.ValidatePage(f, "service", c.doc)
			if !f.failed() || f.fatal {
				t.Fatalf("errors %q, fatal %v: want a validation failure", f.errors, f.fatal)
			}
			if !strings.Contains(f.errors[0], c.want) {
				t.Errorf("message %q does not mention %q", f.errors[0], c.want)
			}
		})
	}
	// An empty last page is fine.
	empty := []byte(`{"total_items":0,"total_pages":0,"page_number":1,"size":0,
		"first_page":true,"last_page":true,"empty":true,"contents":[]}`)
	if err := hsdstest.CheckPage("taxonomy", empty); err != nil {
		t.Errorf("empty page: %v", err)
	}
}

// List items need not carry child arrays, but when they do they are still
// checked against the list schema (no additionalProperties in HSDS).
func TestPageItemsUseListSchema(t *testing.T) {
	full := example(t, "service_full")
	page := mutate(t, example(t, "service_list"), func(m map[string]any) {
		var item map[string]any
		if err := json.Unmarshal(full, &item); err != nil {
			t.Fatal(err)
		}
		m["contents"] = []any{item}
	})
	hsdstest.ValidatePage(t, "service", page)
}

func TestSetupErrors(t *testing.T) {
	f := &fakeTB{}
	hsdstest.Validate(f, "servizio", []byte(`{}`))
	if !f.fatal || !strings.Contains(f.errors[0], "service_at_location") {
		t.Errorf("unknown schema: %q, fatal %v; want the known names", f.errors, f.fatal)
	}
	for _, name := range []string{"../schema/service", "Service", "", "compiled/service"} {
		if err := hsdstest.Check(name, []byte(`{}`)); err == nil {
			t.Errorf("schema name %q accepted", name)
		}
	}
	t.Setenv(hsdstest.EnvSchemas, filepath.Join(t.TempDir(), "nowhere"))
	f = &fakeTB{}
	hsdstest.ValidatePage(f, "service", []byte(`{}`))
	if !f.fatal || !strings.Contains(f.errors[0], hsdstest.EnvSchemas) {
		t.Errorf("missing folder: %q, fatal %v", f.errors, f.fatal)
	}
}

// TRAMA_HSDS_SCHEMAS points at another compiled folder; the folder above
// it holds the modular schemas.
func TestEnvOverride(t *testing.T) {
	root := t.TempDir()
	compiled := filepath.Join(root, "compiled")
	if err := os.Mkdir(compiled, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(path, s string) {
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(compiled, "service.json"), `{"type": "object", "required": ["nome"]}`)
	write(filepath.Join(root, "comune.json"), `{"type": "object", "properties": {"cap": {"$ref": "cap.json"}}}`)
	write(filepath.Join(root, "cap.json"), `{"type": "string", "pattern": "^[0-9]{5}$"}`)
	write(filepath.Join(root, "remote.json"), `{"$ref": "https://example.org/schema.json"}`)
	t.Setenv(hsdstest.EnvSchemas, compiled+string(filepath.Separator))

	if dir, err := hsdstest.SchemaDir(); err != nil || dir != compiled {
		t.Fatalf("SchemaDir = %q, %v", dir, err)
	}
	hsdstest.Validate(t, "service", []byte(`{"nome": "Mensa"}`))
	hsdstest.Validate(t, "comune", []byte(`{"cap": "00184"}`))
	if err := hsdstest.Check("service", []byte(`{"name": "Mensa"}`)); err == nil {
		t.Error("the override's schema was not used")
	}
	if err := hsdstest.Check("comune", []byte(`{"cap": "184"}`)); err == nil {
		t.Error("relative $ref not followed")
	}
	// A $ref to a file that is not there is not fetched from the network.
	if err := hsdstest.Check("remote", []byte(`{}`)); err == nil || !strings.Contains(err.Error(), "no network") {
		t.Errorf("remote $ref: %v", err)
	}
}
