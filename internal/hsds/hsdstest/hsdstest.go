// Package hsdstest checks JSON documents against the official HSDS 3.0
// JSON schemas, with the validator github.com/santhosh-tekuri/jsonschema/v6,
// offline. Tests of the HSDS API, import and export use it on every
// document they produce:
//
//	hsdstest.Validate(t, "service", body)          // GET /services/{id}
//	hsdstest.ValidatePage(t, "service", body)      // GET /services
//
// The schemas are read from the folder SchemaDir finds (the shared folder
// beside the project, or $TRAMA_HSDS_SCHEMAS): the compiled schemas
// (service, organization, service_at_location and their _list variants,
// every $ref already inlined) and, from the folder above, the modular ones
// (taxonomy, taxonomy_term, location, phone…, linked by relative $ref) and
// openapi.json, whose Page schema describes paginated responses.
//
// Trama is stricter than the schemas in two ways: formats (uuid, email,
// uri, date-time) are asserted, and a page must carry every Page property
// with values that agree with each other (see CheckPage).
package hsdstest

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Validate fails t unless doc is valid JSON matching the named schema:
// a compiled one ("service", "organization", "service_at_location") or a
// modular one ("taxonomy", "taxonomy_term", "location", "phone"…). A
// missing schema folder or an unknown name stops the test.
func Validate(t testing.TB, schemaName string, doc []byte) {
	t.Helper()
	s, err := load(schemaName, false)
	if err != nil {
		t.Fatalf("%v", err)
		return
	}
	if err := validate(s, doc); err != nil {
		t.Errorf("hsdstest: %s: %v", schemaName, err)
	}
}

// ValidatePage fails t unless doc is a page of a list response (the HSDS
// API reference, "Lists and Pagination"): the Page properties total_items,
// total_pages, page_number, size, first_page, last_page and empty, all
// present and consistent, and contents, an array whose items match the
// <schemaName>_list compiled schema when there is one (as the list
// endpoints of openapi.json say: items need not carry child arrays), else
// schemaName.
func ValidatePage(t testing.TB, schemaName string, doc []byte) {
	t.Helper()
	s, err := load(schemaName, true)
	if err != nil {
		t.Fatalf("%v", err)
		return
	}
	if err := validatePage(s, doc); err != nil {
		t.Errorf("hsdstest: page of %s: %v", schemaName, err)
	}
}

// Check returns nil when doc matches the named schema, else an error that
// lists every violation with its JSON pointer.
func Check(schemaName string, doc []byte) error {
	s, err := load(schemaName, false)
	if err != nil {
		return err
	}
	return validate(s, doc)
}

// CheckPage is the error-returning form of ValidatePage. Besides the
// schemas it checks that the Page values agree: size is the number of
// items in contents, empty tells whether total_items is 0, first_page
// whether page_number is 1, last_page whether page_number ≥ total_pages,
// and page_number is at least 1.
func CheckPage(schemaName string, doc []byte) error {
	s, err := load(schemaName, true)
	if err != nil {
		return err
	}
	return validatePage(s, doc)
}

func load(name string, page bool) (*jsonschema.Schema, error) {
	dir, err := SchemaDir()
	if err != nil {
		return nil, err
	}
	r, err := registryFor(dir)
	if err != nil {
		return nil, err
	}
	if page {
		return r.pageSchema(name)
	}
	return r.schema(name)
}

func parse(doc []byte) (any, error) {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return nil, fmt.Errorf("not JSON: %w", err)
	}
	return v, nil
}

func validate(s *jsonschema.Schema, doc []byte) error {
	v, err := parse(doc)
	if err != nil {
		return err
	}
	return s.Validate(v)
}

func validatePage(s *jsonschema.Schema, doc []byte) error {
	v, err := parse(doc)
	if err != nil {
		return err
	}
	if err := s.Validate(v); err != nil {
		return err
	}
	return consistent(v.(map[string]any))
}
