package hsds

import (
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// The directory's types carry the HSDS field names in their json tags (the
// columns of its tables), so a row of a table fills a value of its type
// field by field. Trama's extension rows fill the extra fields (kind,
// istat_code, free …) the same way.

type setter struct {
	index int          // struct field
	kind  reflect.Kind // String, Bool, Pointer (*int, *float64)
	float bool
}

var settersCache sync.Map // setterKey → []setter (per table field; index -1: none)

type setterKey struct {
	t   *Table
	typ reflect.Type
}

func settersFor(t *Table, typ reflect.Type) []setter {
	key := setterKey{t, typ}
	if s, ok := settersCache.Load(key); ok {
		return s.([]setter)
	}
	byName := map[string]setter{}
	for i := range typ.NumField() {
		f := typ.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch f.Type.Kind() {
		case reflect.String, reflect.Bool:
			byName[name] = setter{index: i, kind: f.Type.Kind()}
		case reflect.Pointer:
			if k := f.Type.Elem().Kind(); k == reflect.Int || k == reflect.Float64 {
				byName[name] = setter{index: i, kind: reflect.Pointer, float: k == reflect.Float64}
			}
		}
	}
	out := make([]setter, len(t.Fields))
	for i, f := range t.Fields {
		s, ok := byName[f.Name]
		if !ok {
			s.index = -1
		}
		out[i] = s
	}
	settersCache.Store(key, out)
	return out
}

// fill sets the fields of v (a pointer to a struct) from a row of t.
// Values were checked when read, so parse errors cannot happen here.
func fill(v any, t *Table, r Row) {
	rv := reflect.ValueOf(v).Elem()
	for i, s := range settersFor(t, rv.Type()) {
		if s.index < 0 {
			continue
		}
		val := r.Vals[i]
		f := rv.Field(s.index)
		switch {
		case s.kind == reflect.String && t.Fields[i].Kind == KindTimezone:
			if val != "" {
				zone, _ := zoneOfOffset(val)
				f.SetString(zone)
			}
		case s.kind == reflect.String:
			f.SetString(val)
		case s.kind == reflect.Bool:
			b, _ := parseBool(val)
			f.SetBool(b)
		case val == "":
			f.SetZero()
		case s.float:
			x, _ := strconv.ParseFloat(val, 64)
			f.Set(reflect.ValueOf(&x))
		default:
			x, _ := strconv.ParseFloat(val, 64)
			n := int(x)
			f.Set(reflect.ValueOf(&n))
		}
	}
}

// decode returns the row (and its extension row, when the package has one)
// as a value of T.
func decode[T any](p *Package, t *Table, r Row) T {
	var v T
	fill(&v, t, r)
	if t.Ext != nil {
		if ext, ok := p.Lookup(t.Ext, r.Vals[0]); ok {
			fill(&v, t.Ext, ext)
		}
	}
	return v
}
