package hsds

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/trama-welfare/trama/internal/platform/validate"
)

// RowError is a rejected value or row: where (file and line of a CSV, or the
// path of a JSON object) and why (a message key of the catalogue, with its
// arguments).
type RowError struct {
	File  string
	Line  int    // CSV line, the header being line 1; 0 in JSON
	Path  string // JSON path of the object ("[2].phones[0]"); "" in CSV
	Field string
	Key   string
	Args  []any
}

// Where is "services.csv, line 4" or "services.json, [2].phones[0]".
func (e RowError) Where() string {
	switch {
	case e.Line > 0:
		return fmt.Sprintf("%s:%d", e.File, e.Line)
	case e.Path != "":
		return e.File + " " + e.Path
	}
	return e.File
}

// Translator renders message keys (the i18n catalogue in one language).
type Translator func(key string, args ...any) string

// Message is the error in one line: where, field, reason.
func (e RowError) Message(t Translator) string {
	s := e.Where() + ": "
	if e.Field != "" {
		s += e.Field + ": "
	}
	return s + t(e.Key, e.Args...)
}

// check returns the message key (and arguments) of what is wrong with v as
// a value of f, or "" when it is fine. Empty values are checked by the
// caller (required fields).
func check(f Field, v string) (string, []any) {
	if !utf8.ValidString(v) {
		return "hsds.errors.encoding", nil
	}
	switch f.Kind {
	case KindInt:
		x, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
			return "hsds.errors.number", []any{v}
		}
		if x != math.Trunc(x) || math.Abs(x) > 1e15 {
			return "hsds.errors.integer", []any{v}
		}
	case KindFloat:
		x, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
			return "hsds.errors.number", []any{v}
		}
	case KindBool:
		if _, ok := parseBool(v); !ok {
			return "hsds.errors.boolean", []any{v}
		}
	case KindTimezone:
		if _, ok := zoneOfOffset(v); !ok {
			return "hsds.errors.timezone", []any{v}
		}
	}
	switch f.Type {
	case "number":
		if f.Kind == KindText {
			if _, err := strconv.ParseFloat(v, 64); err != nil {
				return "hsds.errors.number", []any{v}
			}
		}
	case "date":
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return "hsds.errors.date", []any{v}
		}
	case "datetime":
		if _, err := time.Parse(time.RFC3339, v); err != nil {
			return "hsds.errors.datetime", []any{v}
		}
	case "time":
		if !validTime(v) {
			return "hsds.errors.time", []any{v}
		}
	}
	switch f.Format {
	case "uuid":
		if u, err := uuid.Parse(v); err != nil || len(v) != 36 || u.String() != strings.ToLower(v) {
			return "hsds.errors.uuid", []any{v}
		}
	case "email":
		if _, err := validate.Email(v); err != nil || strings.TrimSpace(v) != v {
			return "hsds.errors.email", []any{v}
		}
	case "uri":
		if !validURI(v) {
			return "hsds.errors.uri", []any{v}
		}
	}
	if len(f.Enum) > 0 && !slices.Contains(f.Enum, v) {
		return "hsds.errors.enum", []any{v, strings.Join(f.Enum, ", ")}
	}
	return "", nil
}

// validTime accepts HH:MM:SS and HH:MM (24:00 included), with an optional
// UTC offset or Z as RFC 3339 allows.
func validTime(v string) bool {
	if i := strings.IndexAny(v, "Z+-"); i > 0 {
		v = v[:i]
	}
	if len(v) == 5 {
		v += ":00"
	}
	if v == "24:00:00" {
		return true
	}
	if len(v) > 8 && v[8] == '.' {
		v = v[:8]
	}
	_, err := time.Parse(time.TimeOnly, v)
	return err == nil
}

// validURI accepts absolute URIs (a scheme, then anything RFC 3986 allows)
// of the schemes that name a document, an address or a term. Script
// schemes (javascript:, data:, vbscript:) are refused: these values become
// links on public pages.
func validURI(v string) bool {
	if strings.ContainsAny(v, " \t\n\r") {
		return false
	}
	u, err := url.Parse(v)
	return err == nil && uriSchemes[strings.ToLower(u.Scheme)] && (u.Host != "" || u.Opaque != "" || u.Path != "")
}

var uriSchemes = map[string]bool{"http": true, "https": true, "ftp": true, "mailto": true, "tel": true, "urn": true}

// parseBool reads booleans as written in data packages and spreadsheets.
func parseBool(v string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true", "1", "yes", "y", "t", "si", "sì", "vero", "x":
		return true, true
	case "false", "0", "no", "n", "f", "falso", "":
		return false, true
	}
	return false, false
}
