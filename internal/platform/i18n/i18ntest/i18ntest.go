// Package i18ntest checks, in tests and fuzz targets, that what the code
// answers to bad input is a message of the catalogue in every language.
package i18ntest

import (
	"sync"
	"testing"

	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/i18n"
	webui "github.com/trama-welfare/trama/web"
)

// Catalog is the real catalogue, loaded once.
var Catalog = sync.OnceValue(func() *i18n.Catalog {
	c, err := i18n.Load(webui.Locales())
	if err != nil {
		panic(err)
	}
	return c
})

// Translated fails unless key is a message of every language.
func Translated(t testing.TB, what, key string) {
	t.Helper()
	for _, lang := range Catalog().Langs() {
		if !Catalog().Has(lang, key) {
			t.Fatalf("%s: message %q missing in %s", what, key, lang)
		}
	}
}

// Fields fails unless every field message is translated.
func Fields(t testing.TB, f errs.Fields) {
	t.Helper()
	for field, m := range f {
		Translated(t, field, m.Key)
	}
}

// Refusal fails unless err is nil or a domain error whose messages (its
// own and its fields') are translated.
func Refusal(t testing.TB, err error) {
	t.Helper()
	if err == nil {
		return
	}
	e, ok := errs.As(err)
	if !ok {
		t.Fatalf("not a domain error: %v", err)
	}
	Translated(t, "error", e.Key)
	Fields(t, e.Fields)
}
