package hsds

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/trama-welfare/trama/internal/platform/errs"
)

// ReadJSON reads an HSDS JSON document: one object or a list of objects (or
// an API page with "contents") of services, organizations, services at
// locations, locations, taxonomies or taxonomy terms. Nested objects become
// rows of their tables, linked to their parent (a phone nested in a service
// gets its service_id). name is the file name: it says what the objects are
// ("service_full.json", "organizations.json"); without a hint, the keys of
// each object do.
func (s *Spec) ReadJSON(name string, r io.Reader) (*Package, error) {
	dec := json.NewDecoder(stripBOM(r))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, errs.E("hsds.errors.bad_json", err.Error())
	}
	p := newPackage(s)
	p.fromJSON = true
	for _, t := range s.All() {
		p.files[t] = name
	}
	items, ok := doc.([]any)
	if page, isPage := doc.(map[string]any); isPage {
		if c, hasContents := page["contents"].([]any); hasContents {
			items, ok = c, true
		} else {
			items, ok = []any{doc}, true
		}
	}
	if !ok {
		return nil, errs.E("hsds.errors.bad_json", "not an object nor a list")
	}
	hint := resourceHint(name)
	for i, it := range items {
		path := fmt.Sprintf("[%d]", i)
		obj, isObj := it.(map[string]any)
		if !isObj {
			p.fail(RowError{File: name, Path: path, Key: "hsds.errors.not_object"})
			continue
		}
		resource := hint
		if resource == "" {
			resource = guessResource(obj)
		}
		p.walk(resource, obj, path, "", child{})
	}
	p.validate()
	return p, nil
}

// resourceHint reads the resource from a file name: service_full.json,
// services.json, organization_list.json…
func resourceHint(name string) string {
	base := strings.ToLower(name[strings.LastIndexAny(name, `/\`)+1:])
	for _, r := range []string{"service_at_location", "service", "organization", "location", "taxonomy_term", "taxonomy"} {
		if strings.HasPrefix(base, r) {
			return r
		}
	}
	return ""
}

// guessResource tells services (they have a status), services at locations
// (a service or a location, no name) and organizations apart.
func guessResource(obj map[string]any) string {
	_, hasName := obj["name"]
	switch {
	case obj["status"] != nil:
		return "service"
	case !hasName && (obj["service"] != nil || obj["location"] != nil || obj["service_id"] != nil):
		return "service_at_location"
	}
	return "organization"
}

// walk turns obj (a resource, found at path) into a row and recurses into
// its nested objects. parentID and via say how it was nested.
func (p *Package) walk(resource string, obj map[string]any, path, parentID string, via child) {
	t := p.spec.Table(resource)
	vals := make([]string, len(t.Fields))
	row := Row{Vals: vals, Path: path}
	for k, v := range obj {
		i := t.Field(k)
		if i < 0 {
			continue // nested objects below; other properties are allowed by HSDS and ignored
		}
		s, ok := scalar(t.Fields[i], v)
		if !ok {
			p.fail(p.rowError(t, row, k, "hsds.errors.type", jsonType(v)))
			continue
		}
		vals[i] = s
	}
	if via.Link != "" && vals[t.Field(via.Link)] == "" {
		vals[t.Field(via.Link)] = parentID
	}
	if via.Entity != "" && vals[t.Field(via.Entity)] == "" {
		vals[t.Field(via.Entity)] = via.Prop // set by the caller to the parent's resource
	}
	// A nested single object (the service's organization) gives the
	// parent its reference.
	for _, c := range nesting[resource] {
		if sub, ok := obj[c.Prop].(map[string]any); ok && !c.Many {
			if id, ok := sub["id"].(string); ok && vals[t.Field(c.Ref)] == "" {
				vals[t.Field(c.Ref)] = id
			}
		}
	}
	p.merge(t, row)
	id := vals[0]
	for _, c := range nesting[resource] {
		v, present := obj[c.Prop]
		if !present || v == nil {
			continue
		}
		sub := path + "." + c.Prop
		if !c.Many {
			o, ok := v.(map[string]any)
			if !ok {
				p.fail(p.rowError(t, row, c.Prop, "hsds.errors.type", jsonType(v)))
				continue
			}
			p.walk(c.Resource, o, sub, "", child{})
			continue
		}
		list, ok := v.([]any)
		if !ok {
			p.fail(p.rowError(t, row, c.Prop, "hsds.errors.type", jsonType(v)))
			continue
		}
		link := c
		link.Prop = resource // what the entity field of attributes and metadata says
		for i, e := range list {
			o, ok := e.(map[string]any)
			if !ok {
				p.fail(RowError{File: p.files[t], Path: fmt.Sprintf("%s[%d]", sub, i), Key: "hsds.errors.not_object"})
				continue
			}
			p.walk(c.Resource, o, fmt.Sprintf("%s[%d]", sub, i), id, link)
		}
	}
}

// scalar converts a JSON value to the text of a field: strings for text
// fields, numbers for number fields.
func scalar(f Field, v any) (string, bool) {
	number := f.Type == "number" || f.Type == "integer"
	switch x := v.(type) {
	case nil:
		return "", true
	case string:
		return x, !number
	case json.Number:
		return x.String(), number
	case bool:
		if f.Kind == KindBool {
			if x {
				return "true", true
			}
			return "false", true
		}
	}
	return "", false
}

func jsonType(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case json.Number:
		return "number"
	case bool:
		return "boolean"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "null"
}
