// Package errs holds the domain error codes every capability returns and the
// web layer maps to an HTTP status and a message in the user's language.
//
// Messages are i18n keys, never finished sentences: the store and the rules
// don't know the user's language, the page does.
package errs

import (
	"errors"
	"maps"
	"slices"
)

// Code classifies an error for the user.
type Code string

const (
	Invalid   Code = "invalid"   // bad input: 422 with messages next to the fields
	NotFound  Code = "not_found" // 404
	Forbidden Code = "forbidden" // 403
	Conflict  Code = "conflict"  // 409: a rule or a concurrent change prevents it
	TooMany   Code = "too_many"  // 429: rate limited
)

// Error is a domain error. Key is an i18n key for the whole error; Fields
// maps form field names to i18n keys of messages shown next to them.
type Error struct {
	Code   Code
	Key    string
	Args   []any
	Fields Fields
}

// Field is the message for one form field.
type Field struct {
	Key  string
	Args []any
}

func (e *Error) Error() string {
	s := string(e.Code)
	if e.Key != "" {
		s += ": " + e.Key
	}
	if len(e.Fields) > 0 {
		s += " " + fieldsString(e.Fields)
	}
	return s
}

func fieldsString(f Fields) string {
	s := "("
	for i, k := range slices.Sorted(maps.Keys(f)) {
		if i > 0 {
			s += ", "
		}
		s += k + ": " + f[k].Key
	}
	return s + ")"
}

// New returns an error with a code and a message key.
func New(code Code, key string, args ...any) *Error {
	return &Error{Code: code, Key: key, Args: args}
}

// E returns an Invalid error with a message key.
func E(key string, args ...any) *Error { return New(Invalid, key, args...) }

// NotFoundErr is the usual "not found".
func NotFoundErr() *Error { return New(NotFound, "errors.not_found") }

// ForbiddenErr is the usual "you may not".
func ForbiddenErr() *Error { return New(Forbidden, "errors.forbidden") }

// CodeOf returns the code of err, or "" when err is not a domain error.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// Is tells whether err is a domain error with the given code.
func Is(err error, code Code) bool { return err != nil && CodeOf(err) == code }

// As returns the domain error inside err, if any.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Fields collects per-field validation messages. The zero value is ready.
type Fields map[string]Field

// Add records a message for a field, keeping the first one.
func (f *Fields) Add(field, key string, args ...any) {
	if *f == nil {
		*f = Fields{}
	}
	if _, ok := (*f)[field]; !ok {
		(*f)[field] = Field{Key: key, Args: args}
	}
}

// Has tells whether field already has a message.
func (f Fields) Has(field string) bool { _, ok := f[field]; return ok }

// Err returns nil when there are no messages, else an Invalid error.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Key: "errors.invalid_form", Fields: f}
}
