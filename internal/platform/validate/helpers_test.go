package validate_test

import (
	"errors"
	"testing"

	"github.com/trama-welfare/trama/internal/platform/validate"
)

// refused asserts that err is a *validate.Error with key and reason.
func refused(t *testing.T, input string, err error, key string, reason validate.Reason) {
	t.Helper()
	var e *validate.Error
	if !errors.As(err, &e) {
		t.Errorf("%q: err = %v, want %s (%s)", input, err, key, reason)
		return
	}
	if e.Key != key || e.Reason != reason {
		t.Errorf("%q: got %s (%s), want %s (%s)", input, e.Key, e.Reason, key, reason)
	}
}
