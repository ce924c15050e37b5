// Package hsds speaks Open Referral HSDS 3.0 to the outside world: it
// imports HSDS tabular data packages and HSDS JSON, exports the published
// directory as a data package and JSON, imports the Italian spreadsheet
// template of associations, and serves the open HSDS API at /api/hsds.
//
// The directory (internal/directory) keeps its published data in tables that
// mirror HSDS: one table per HSDS resource, with the same columns. So this
// package is driven by the official data package descriptor (spec/): the
// list of resources, their fields, types, formats and enumerations decide
// what an import checks, what an export writes and what the API returns.
package hsds

import (
	"embed"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/trama-welfare/trama/internal/platform/geo"
)

//go:embed spec/datapackage.json spec/openapi.json
var specFS embed.FS

// Kind is how the database stores a field.
type Kind int

const (
	KindText     Kind = iota // TEXT NOT NULL DEFAULT ''
	KindInt                  // INTEGER, NULL when empty
	KindFloat                // REAL / DOUBLE PRECISION, NULL when empty
	KindBool                 // BOOLEAN (Trama extensions)
	KindTimezone             // HSDS number (UTC offset), stored as an IANA zone name
)

// Field is a column of an HSDS resource.
type Field struct {
	Name     string
	Type     string // string, number, date, datetime, time, boolean
	Format   string // uuid, email, uri or ""
	Required bool
	Enum     []string
	Kind     Kind
	// Description documents Trama's extension fields in exported packages.
	Description string
}

// Table is an HSDS resource and the database table that stores it.
type Table struct {
	Resource string // "service_at_location"
	Name     string // database table, "service_at_locations"
	Path     string // file in a data package, "service_at_location.csv"
	Fields   []Field
	// Ext is Trama's extension resource of the same rows (same ids), or nil.
	Ext *Table
	// Base is, for an extension resource, the table it extends.
	Base  *Table
	index map[string]int
}

// Field returns the position of a field, or -1.
func (t *Table) Field(name string) int {
	if i, ok := t.index[name]; ok {
		return i
	}
	return -1
}

// Names lists the field names in order.
func (t *Table) Names() []string {
	out := make([]string, len(t.Fields))
	for i, f := range t.Fields {
		out[i] = f.Name
	}
	return out
}

func (t *Table) finish() *Table {
	t.index = map[string]int{}
	for i, f := range t.Fields {
		t.index[f.Name] = i
	}
	return t
}

// dbTables maps HSDS resources to the directory's tables.
var dbTables = map[string]string{
	"organization": "organizations", "program": "programs", "service": "services", "attribute": "attributes",
	"service_at_location": "service_at_locations", "location": "locations", "phone": "phones",
	"contact": "contacts", "address": "addresses", "schedule": "schedules", "funding": "funding",
	"service_area": "service_areas", "required_document": "required_documents", "language": "languages",
	"accessibility": "accessibility", "taxonomy_term": "taxonomy_terms", "metadata": "metadata",
	"meta_table_description": "meta_table_descriptions", "cost_option": "cost_options",
	"organization_identifier": "organization_identifiers", "taxonomy": "taxonomies",
}

// Numbers stored as integers and as reals; every other field is text.
var (
	intFields   = []string{"year_incorporated", "minimum_age", "maximum_age", "extension", "count", "interval"}
	floatFields = []string{"latitude", "longitude", "amount"}
)

// Spec is the HSDS data model as Trama stores it.
type Spec struct {
	Tables     []*Table // HSDS resources, in the order of the official descriptor
	Extensions []*Table // Trama's extension resources
	byResource map[string]*Table
	byPath     map[string]*Table
	raw        map[string]any // the official descriptor, for the export
}

// Table returns the table of an HSDS resource or extension, or nil.
func (s *Spec) Table(resource string) *Table { return s.byResource[resource] }

// ByPath returns the table stored in a package file ("services.csv"), or nil.
func (s *Spec) ByPath(path string) *Table { return s.byPath[path] }

// All lists HSDS tables then extensions.
func (s *Spec) All() []*Table { return append(slices.Clone(s.Tables), s.Extensions...) }

type descriptor struct {
	Resources []struct {
		Name   string `json:"name"`
		Path   string `json:"path"`
		Schema struct {
			Fields []struct {
				Name        string `json:"name"`
				Type        string `json:"type"`
				Format      string `json:"format"`
				Constraints struct {
					Required bool     `json:"required"`
					Enum     []string `json:"enum"`
				} `json:"constraints"`
			} `json:"fields"`
		} `json:"schema"`
	} `json:"resources"`
}

// LoadSpec reads the embedded official descriptor and adds Trama's
// extension resources.
func LoadSpec() (*Spec, error) {
	b, err := specFS.ReadFile("spec/datapackage.json")
	if err != nil {
		return nil, fmt.Errorf("hsds: %w", err)
	}
	var d descriptor
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, fmt.Errorf("hsds: datapackage.json: %w", err)
	}
	s := &Spec{byResource: map[string]*Table{}, byPath: map[string]*Table{}}
	if err := json.Unmarshal(b, &s.raw); err != nil {
		return nil, fmt.Errorf("hsds: datapackage.json: %w", err)
	}
	for _, r := range d.Resources {
		name, ok := dbTables[r.Name]
		if !ok {
			return nil, fmt.Errorf("hsds: resource %q has no table", r.Name)
		}
		t := &Table{Resource: r.Name, Name: name, Path: r.Path}
		for _, f := range r.Schema.Fields {
			fd := Field{Name: f.Name, Type: f.Type, Format: f.Format, Required: f.Constraints.Required, Enum: f.Constraints.Enum}
			switch {
			case r.Name == "schedule" && f.Name == "timezone":
				fd.Kind = KindTimezone
			case slices.Contains(intFields, f.Name):
				fd.Kind = KindInt
			case slices.Contains(floatFields, f.Name):
				fd.Kind = KindFloat
			}
			t.Fields = append(t.Fields, fd)
		}
		s.add(t.finish())
		s.Tables = append(s.Tables, t)
	}
	for _, t := range extensions() {
		if t.Base = s.byResource[t.Base.Resource]; t.Base != nil && t.Name == t.Base.Name {
			t.Base.Ext = t
		}
		s.add(t.finish())
		s.Extensions = append(s.Extensions, t)
	}
	return s, nil
}

func (s *Spec) add(t *Table) {
	s.byResource[t.Resource] = t
	s.byPath[t.Path] = t
}

// MustSpec is LoadSpec for package-level use: the descriptor is embedded,
// so an error is a programming error.
func MustSpec() *Spec {
	s, err := LoadSpec()
	if err != nil {
		panic(err)
	}
	return s
}

// Centroids returns the centre of every comune by ISTAT code: the public
// coordinates of confidential places.
func Centroids() (map[string][2]float64, error) {
	all, err := geo.ReadComuni()
	if err != nil {
		return nil, err
	}
	out := make(map[string][2]float64, len(all))
	for _, c := range all {
		out[c.ISTAT] = [2]float64{c.Lat, c.Lon}
	}
	return out, nil
}
