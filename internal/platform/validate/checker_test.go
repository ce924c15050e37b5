package validate_test

import (
	"regexp"
	"slices"
	"testing"

	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/i18n"
	"github.com/trama-welfare/trama/internal/platform/validate"
	webui "github.com/trama-welfare/trama/web"
)

func TestCheckerValidForm(t *testing.T) {
	var v validate.Checker
	got := []string{
		v.Required("name", "  Caritas  "),
		v.MaxLength("description", " Mensa ", 10),
		v.CodiceFiscale("tax_code", "rssmra85t10a562s"),
		v.PartitaIVA("vat", "IT 06363391001"),
		v.CAP("cap", " 00184 "),
		v.Phone("phone", "06 1234 5678"),
		v.Email("email", "Info@Esempio.IT"),
		v.URL("website", "www.esempio.it"),
		v.IBAN("iban", "it60 x054 2811 1010 0000 0123 456"),
		v.TimeOfDay("opens", "9.30"),
		v.Date("from", "22/11/2026"),
		v.Phone("fax", "   "), // optional and empty
	}
	want := []string{
		"Caritas", "Mensa", "RSSMRA85T10A562S", "06363391001", "00184", "+390612345678",
		"info@esempio.it", "https://www.esempio.it", "IT60X0542811101000000123456", "09:30", "2026-11-22", "",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	lo, hi := v.AgeRange("min_age", "max_age", "6", "")
	if lo != 6 || hi != validate.MaxAge {
		t.Errorf("AgeRange = %d, %d", lo, hi)
	}
	if err := v.Err(); err != nil || !v.OK() {
		t.Errorf("Err = %v", err)
	}
}

func TestCheckerInvalidForm(t *testing.T) {
	var v validate.Checker
	if got := v.Phone("phone", "06 CHIAMA"); got != "06 CHIAMA" {
		t.Errorf("refused value %q, want it as typed", got)
	}
	v.Required("name", " ")
	v.Required("tax_code", "X")
	v.CodiceFiscale("tax_code", "RSSMRA85T10A562A")
	v.MaxLength("description", "abcdefghijk", 10)
	v.CAP("cap", "1234")
	v.URL("website", "ftp://esempio.it")
	v.Date("from", "31/02/2026")
	v.Date("to", "1/1/1700")
	v.AgeRange("min_age", "max_age", "18", "14")
	v.AgeRange("min_a", "max_a", "abc", "500")
	v.Fail("custom", "errors.required")

	err := v.Err()
	e, ok := errs.As(err)
	if !ok || e.Code != errs.Invalid {
		t.Fatalf("Err = %v, want an errs.Invalid", err)
	}
	want := map[string]errs.Field{
		"phone":       {Key: validate.KeyPhone},
		"name":        {Key: "errors.required"},
		"tax_code":    {Key: validate.KeyCodiceFiscaleCheck},
		"description": {Key: "errors.too_long", Args: []any{10}},
		"cap":         {Key: validate.KeyCAP},
		"website":     {Key: validate.KeyURL},
		"from":        {Key: validate.KeyDate},
		"to":          {Key: validate.KeyDateRange, Args: []any{validate.MinYear, validate.MaxYear}},
		"max_age":     {Key: validate.KeyAgeRange},
		"min_a":       {Key: validate.KeyAge, Args: []any{0, validate.MaxAge}},
		"max_a":       {Key: validate.KeyAge, Args: []any{0, validate.MaxAge}},
		"custom":      {Key: "errors.required"},
	}
	for field, w := range want {
		got, ok := e.Fields[field]
		if !ok || got.Key != w.Key || !slices.Equal(got.Args, w.Args) {
			t.Errorf("%s: %+v, want %+v", field, got, w)
		}
	}
	if len(e.Fields) != len(want) {
		t.Errorf("fields %v, want %d", e.Fields, len(want))
	}
	if v.OK() {
		t.Error("OK with messages")
	}
}

var verbRe = regexp.MustCompile(`%[-+# 0]*[0-9]*(\.[0-9]+)?[a-zA-Z%]`)

// TestMessages: every key the package returns has a message in Italian and
// in English, and the messages take as many arguments as the errors carry.
func TestMessages(t *testing.T) {
	cat, err := i18n.Load(webui.Locales())
	if err != nil {
		t.Fatal(err)
	}
	args := map[string]int{ // how many arguments each key is given
		validate.KeyCodiceFiscale: 0, validate.KeyCodiceFiscaleCheck: 0, validate.KeyCodiceFiscaleDate: 0,
		validate.KeyPartitaIVA: 0, validate.KeyPartitaIVACheck: 0, validate.KeyCAP: 0,
		validate.KeyPhone: 0, validate.KeyPhoneCountry: 0, validate.KeyEmail: 0,
		validate.KeyURL: 0, validate.KeyURLTooLong: 1, validate.KeyIBAN: 0, validate.KeyIBANCheck: 0,
		validate.KeyTime: 0, validate.KeyDate: 0, validate.KeyDateRange: 2,
		validate.KeyAge: 2, validate.KeyAgeRange: 0,
		"errors.required": 0, "errors.too_long": 1,
	}
	for key, n := range args {
		for _, lang := range []string{"it", "en"} {
			if !cat.Has(lang, key) {
				t.Errorf("%s: no %q message", key, lang)
				continue
			}
			if verbs := verbRe.FindAllString(cat.T(lang, key), -1); len(verbs) != n {
				t.Errorf("%s (%s): verbs %v, want %d", key, lang, verbs, n)
			}
		}
	}
	for _, k := range cat.Keys("it") {
		if _, ok := args[k]; !ok && len(k) > 16 && k[:16] == "validate.errors." {
			t.Errorf("%s: in the catalogue but never returned", k)
		}
	}
}
