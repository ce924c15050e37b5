package hsds

import (
	"database/sql"
	"strconv"
	"unicode/utf8"
)

// object is a row read for the API or the export, with its nested objects.
type object struct {
	t    *Table
	vals []any // per field: string, int64, float64 or nil
	kids map[string][]*object
	// Trama's columns that decide what is shown.
	confidential bool
	istat        string
}

func (o *object) id() string { s, _ := o.vals[0].(string); return s }

// str returns a text field.
func (o *object) str(field string) string {
	if i := o.t.Field(field); i >= 0 {
		s, _ := o.vals[i].(string)
		return s
	}
	return ""
}

// scanner holds the destinations of one row of a table's fields.
type scanner struct {
	t     *Table
	dest  []any
	extra []any
}

func newScanner(t *Table, extra ...any) *scanner {
	s := &scanner{t: t, extra: extra}
	for _, f := range t.Fields {
		switch f.Kind {
		case KindInt:
			s.dest = append(s.dest, new(sql.NullInt64))
		case KindFloat:
			s.dest = append(s.dest, new(sql.NullFloat64))
		case KindBool:
			s.dest = append(s.dest, new(sql.NullBool))
		default:
			s.dest = append(s.dest, new(sql.NullString))
		}
	}
	return s
}

func (s *scanner) targets() []any { return append(append([]any{}, s.dest...), s.extra...) }

// values copies the scanned row.
func (s *scanner) values() []any {
	out := make([]any, len(s.dest))
	for i, d := range s.dest {
		switch x := d.(type) {
		case *sql.NullInt64:
			if x.Valid {
				out[i] = x.Int64
			}
		case *sql.NullFloat64:
			if x.Valid {
				out[i] = x.Float64
			}
		case *sql.NullBool:
			out[i] = x.Bool
		case *sql.NullString:
			out[i] = x.String
		}
	}
	return out
}

// cell is how a value is written in a CSV cell.
func cell(f Field, v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case string:
		if f.Kind == KindTimezone {
			if n, ok := offsetOfZone(x); ok {
				return strconv.Itoa(n)
			}
			return ""
		}
		return x
	}
	return ""
}

// appendJSON writes the object (fields in the order of the specification,
// then nested objects in the order of nesting). Empty optional fields are
// left out: HSDS formats (uuid, uri, email) do not accept empty strings.
func (o *object) appendJSON(b []byte) []byte {
	b = append(b, '{')
	first := true
	key := func(name string) {
		if !first {
			b = append(b, ',')
		}
		first = false
		b = appendString(b, name)
		b = append(b, ':')
	}
	for i, f := range o.t.Fields {
		switch x := o.vals[i].(type) {
		case int64:
			key(f.Name)
			b = strconv.AppendInt(b, x, 10)
		case float64:
			key(f.Name)
			b = strconv.AppendFloat(b, x, 'f', -1, 64)
		case string:
			if f.Kind == KindTimezone {
				if n, ok := offsetOfZone(x); ok {
					key(f.Name)
					b = strconv.AppendInt(b, int64(n), 10)
				}
				continue
			}
			if x != "" || (f.Required && f.Format == "") {
				key(f.Name)
				b = appendString(b, x)
			}
		}
	}
	for _, c := range nesting[o.t.Resource] {
		kids, ok := o.kids[c.Prop]
		if !ok || (!c.Many && len(kids) == 0) {
			continue
		}
		key(c.Prop)
		if !c.Many {
			b = kids[0].appendJSON(b)
			continue
		}
		b = append(b, '[')
		for j, k := range kids {
			if j > 0 {
				b = append(b, ',')
			}
			b = k.appendJSON(b)
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

const hexDigits = "0123456789abcdef"

// appendString writes s as a JSON string (invalid UTF-8 becomes U+FFFD;
// <, > and & are escaped, as encoding/json does).
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20 || c == '<' || c == '>' || c == '&':
				// <, > and & as encoding/json writes them: a response that a
				// browser would render as HTML carries no markup.
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, `\ufffd`...)
		} else if r == '\u2028' || r == '\u2029' {
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}
