package hsds

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/trama-welfare/trama/internal/platform/db"
)

// descriptor writes datapackage.json: the official HSDS resources as the
// specification describes them, then Trama's extension resources, each
// with its fields, its primary key and its link to the HSDS resource it
// extends.
func (ex *Exporter) descriptor(dir string) error {
	d := map[string]any{}
	for k, v := range ex.Spec.raw {
		d[k] = v
	}
	delete(d, "license") // the licence of the specification, not of the data
	d["name"] = "trama-hsds"
	d["title"] = "Trama: rete delle risorse (HSDS 3.0)"
	d["description"] = "The published organizations, services and locations of a Trama installation, " +
		"as an Open Referral HSDS 3.0 tabular data package, with Trama's extension resources (trama_*.csv)."
	d["created"] = time.Now().UTC().Format(time.RFC3339)
	resources, _ := ex.Spec.raw["resources"].([]any)
	resources = append([]any{}, resources...)
	for _, t := range ex.Spec.Extensions {
		var fields []any
		for _, f := range t.Fields {
			fd := map[string]any{"name": f.Name, "type": f.Type, "description": f.Description,
				"constraints": map[string]any{"required": f.Required, "unique": f.Name == "id"}}
			if f.Format != "" {
				fd["format"] = f.Format
			}
			if len(f.Enum) > 0 {
				fd["constraints"].(map[string]any)["enum"] = f.Enum
			}
			fields = append(fields, fd)
		}
		key := map[string]any{"fields": "id", "reference": map[string]any{"resource": t.Base.Resource, "fields": "id"}}
		if t.Name != t.Base.Name {
			key["fields"] = "organization_id"
		}
		resources = append(resources, map[string]any{
			"name": t.Resource, "path": t.Path, "format": "csv", "mediatype": "text/csv",
			"profile":     "tabular-data-resource",
			"description": "Trama extension of " + t.Base.Resource + ": fields Italian community welfare needs beside HSDS.",
			"schema":      map[string]any{"primaryKey": "id", "fields": fields, "foreignKeys": []any{key}},
		})
	}
	d["resources"] = resources
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return fmt.Errorf("hsds: datapackage.json: %w", err)
	}
	return os.WriteFile(filepath.Join(dir, "datapackage.json"), append(b, '\n'), 0o644)
}

// servicesJSON writes every public service, fully nested, as a JSON array.
func (ex *Exporter) servicesJSON(ctx context.Context, name string) (int, error) {
	f, err := os.Create(name)
	if err != nil {
		return 0, fmt.Errorf("hsds: %w", err)
	}
	defer f.Close()
	l := &loader{ctx: ctx, q: ex.DB.R, spec: ex.Spec, centroids: ex.Centroids}
	n := 0
	buf := []byte("[")
	err = publicServiceIDs(ctx, ex.DB.R, 200, func(ids []string) error {
		objs, err := l.byIDs(serviceFull, ids)
		if err != nil {
			return err
		}
		for _, o := range objs {
			if n > 0 {
				buf = append(buf, ',')
			}
			buf = append(buf, '\n')
			buf = o.appendJSON(buf)
			n++
		}
		_, err = f.Write(buf)
		buf = buf[:0]
		return err
	})
	if err != nil {
		return n, err
	}
	if _, err := f.Write(append(buf, "\n]\n"...)); err != nil {
		return n, err
	}
	return n, f.Close()
}

// publicServiceIDs calls fn with the ids of the public services, in id
// order, a batch at a time (keyset pagination: no cursor stays open while
// fn reads).
func publicServiceIDs(ctx context.Context, q db.Querier, size int, fn func([]string) error) error {
	after := ""
	for {
		ids, err := queryIDs(ctx, q, `SELECT id FROM services WHERE id > $1 AND `+published["services"]+
			` ORDER BY id LIMIT $2`, after, size)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			return nil
		}
		if err := fn(ids); err != nil {
			return err
		}
		after = ids[len(ids)-1]
	}
}
