package directory

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/trama-welfare/trama/internal/platform/db"
)

// The directory tables follow HSDS, where a table's columns are the JSON
// field names of its object. So one small mapper, driven by the json tags of
// the model's scalar fields, reads and writes every HSDS table; nested arrays
// are other tables and are skipped. Trama's extra columns (status,
// timestamps) are passed by the caller.

type column struct {
	name  string
	index int
	kind  reflect.Kind // String, Bool, Ptr (*int, *float64)
}

var columnsCache sync.Map // reflect.Type → []column

func columnsOf(t reflect.Type) []column {
	if c, ok := columnsCache.Load(t); ok {
		return c.([]column)
	}
	var cols []column
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		switch f.Type.Kind() {
		case reflect.String, reflect.Bool:
			cols = append(cols, column{name: name, index: i, kind: f.Type.Kind()})
		case reflect.Pointer:
			if k := f.Type.Elem().Kind(); k == reflect.Int || k == reflect.Float64 {
				cols = append(cols, column{name: name, index: i, kind: reflect.Pointer})
			}
		}
	}
	columnsCache.Store(t, cols)
	return cols
}

// quote protects column names that are SQL keywords (interval, count, option).
func quote(name string) string { return `"` + name + `"` }

func columnList(cols []column, prefix string) string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = prefix + quote(c.name)
	}
	return strings.Join(names, ", ")
}

// skipColumns drops the named columns (fields the table keeps elsewhere).
func skipColumns(cols []column, skip ...string) []column {
	var out []column
	for _, c := range cols {
		if !contains(skip, c.name) {
			out = append(out, c)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// selectRows reads rows of table into values of T.
func selectRows[T any](ctx context.Context, q db.Querier, table, where string, args ...any) ([]T, error) {
	cols := columnsOf(reflect.TypeFor[T]())
	return selectCols[T](ctx, q, cols, table, where, args...)
}

func selectCols[T any](ctx context.Context, q db.Querier, cols []column, table, where string, args ...any) ([]T, error) {
	query := "SELECT " + columnList(cols, "") + " FROM " + table
	if where != "" {
		query += " WHERE " + where
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("directory: read %s: %w", table, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := scanInto(rows, reflect.ValueOf(&v).Elem(), cols); err != nil {
			return nil, fmt.Errorf("directory: scan %s: %w", table, err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func scanInto(s interface{ Scan(...any) error }, v reflect.Value, cols []column) error {
	dest := make([]any, len(cols))
	for i, c := range cols {
		f := v.Field(c.index)
		switch c.kind {
		case reflect.Pointer:
			if f.Type().Elem().Kind() == reflect.Int {
				dest[i] = new(sql.NullInt64)
			} else {
				dest[i] = new(sql.NullFloat64)
			}
		case reflect.String:
			dest[i] = new(sql.NullString)
		default:
			dest[i] = f.Addr().Interface()
		}
	}
	if err := s.Scan(dest...); err != nil {
		return err
	}
	for i, c := range cols {
		f := v.Field(c.index)
		switch d := dest[i].(type) {
		case *sql.NullString:
			f.SetString(d.String)
		case *sql.NullInt64:
			if d.Valid {
				n := int(d.Int64)
				f.Set(reflect.ValueOf(&n))
			}
		case *sql.NullFloat64:
			if d.Valid {
				x := d.Float64
				f.Set(reflect.ValueOf(&x))
			}
		}
	}
	return nil
}

func valuesOf(v reflect.Value, cols []column) []any {
	args := make([]any, len(cols))
	for i, c := range cols {
		f := v.Field(c.index)
		switch {
		case c.kind == reflect.Pointer && f.IsNil():
			args[i] = nil
		case c.kind == reflect.Pointer:
			args[i] = f.Elem().Interface()
		case c.name == "territory_id" && f.String() == "":
			args[i] = nil // a foreign key: NULL, not ''
		default:
			args[i] = f.Interface()
		}
	}
	return args
}

// insertRows writes values as new rows of table; extra columns (name →
// value) are added to every row.
func insertRows[T any](ctx context.Context, q db.Querier, table string, values []T, extra ...any) error {
	return upsertRows(ctx, q, table, values, false, extra...)
}

// upsertRows inserts values, updating the rows whose id already exists when
// update is true (every column but created_at). extra holds name, value
// pairs written to every row.
func upsertRows[T any](ctx context.Context, q db.Querier, table string, values []T, update bool, extra ...any) error {
	if len(values) == 0 {
		return nil
	}
	cols := columnsOf(reflect.TypeFor[T]())
	var extraNames []string
	var extraVals []any
	for i := 0; i+1 < len(extra); i += 2 {
		extraNames = append(extraNames, extra[i].(string))
		extraVals = append(extraVals, extra[i+1])
	}
	names := columnList(cols, "")
	for _, n := range extraNames {
		names += ", " + quote(n)
	}
	n := len(cols) + len(extraNames)
	stmt := "INSERT INTO " + table + " (" + names + ") VALUES (" + db.Placeholders(1, n) + ")"
	if update {
		var sets []string
		for _, c := range cols {
			if c.name != "id" {
				sets = append(sets, quote(c.name)+" = excluded."+quote(c.name))
			}
		}
		for _, n := range extraNames {
			if n != "created_at" { // kept from the first insert
				sets = append(sets, quote(n)+" = excluded."+quote(n))
			}
		}
		stmt += " ON CONFLICT (id) DO UPDATE SET " + strings.Join(sets, ", ")
	}
	for _, v := range values {
		args := append(valuesOf(reflect.ValueOf(v), cols), extraVals...)
		if _, err := q.ExecContext(ctx, stmt, args...); err != nil {
			return fmt.Errorf("directory: write %s: %w", table, err)
		}
	}
	return nil
}

// deleteIDs removes rows of table by id.
func deleteIDs(ctx context.Context, q db.Querier, table string, ids []string) error {
	const batch = 200
	for start := 0; start < len(ids); start += batch {
		part := ids[start:min(start+batch, len(ids))]
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		if _, err := q.ExecContext(ctx, "DELETE FROM "+table+" WHERE id IN ("+db.Placeholders(1, len(part))+")", args...); err != nil {
			return fmt.Errorf("directory: delete from %s: %w", table, err)
		}
	}
	return nil
}
