package validate_test

// Fuzz targets: go test -run '^$' -fuzz FuzzPhone ./internal/platform/validate/
// Seeds live in testdata/fuzz/<target>/. Every target holds the same
// invariants: no panic; a refusal is a *validate.Error with a message key;
// the normalised value normalises to itself; a valid value stays valid.

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/trama-welfare/trama/internal/platform/validate"
)

// checkErr fails unless err is nil or a *validate.Error with a key.
func checkErr(t *testing.T, in string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var e *validate.Error
	if !errors.As(err, &e) || !strings.HasPrefix(e.Key, "validate.errors.") || e.Reason == "" {
		t.Fatalf("%q: unexpected error %#v", in, err)
	}
}

// idempotent checks a validator that returns its normalised string.
func idempotent(t *testing.T, in string, f func(string) (string, error)) {
	t.Helper()
	n, err := f(in)
	checkErr(t, in, err)
	n2, err2 := f(n)
	if n2 != n {
		t.Fatalf("%q: normalised %q, then %q", in, n, n2)
	}
	if err == nil && err2 != nil {
		t.Fatalf("%q: valid, but its normal form %q is refused: %v", in, n, err2)
	}
}

func FuzzCodiceFiscale(f *testing.F) {
	f.Fuzz(func(t *testing.T, in string) {
		cf, kind, err := validate.CodiceFiscale(in)
		idempotent(t, in, func(s string) (string, error) { n, _, err := validate.CodiceFiscale(s); return n, err })
		if err != nil {
			return
		}
		switch {
		case kind == validate.CFPerson && len(cf) == 16 && validate.PersonCheckChar(cf[:15]) == cf[15]:
		case kind == validate.CFEntity && len(cf) == 11 && validate.EntityCheckDigit(cf[:10]) == cf[10]:
			if p, err := validate.PartitaIVA(cf); err != nil || p != cf {
				t.Fatalf("%q: entity code but not a partita IVA: %v", cf, err)
			}
		default:
			t.Fatalf("%q: accepted as %v", cf, kind)
		}
	})
}

func FuzzPartitaIVA(f *testing.F) {
	f.Fuzz(func(t *testing.T, in string) { idempotent(t, in, validate.PartitaIVA) })
}

func FuzzCAP(f *testing.F) {
	f.Fuzz(func(t *testing.T, in string) {
		idempotent(t, in, validate.CAP)
		if c, err := validate.CAP(in); err == nil && (len(c) != 5 || c < validate.MinCAP || c > validate.MaxCAP) {
			t.Fatalf("%q accepted as %q", in, c)
		}
	})
}

func FuzzPhone(f *testing.F) {
	f.Fuzz(func(t *testing.T, in string) {
		p, err := validate.Phone(in)
		checkErr(t, in, err)
		if err != nil {
			return
		}
		if !strings.HasPrefix(p.E164, "+39") || len(p.E164) > 16 || strings.Trim(p.E164[1:], "0123456789") != "" {
			t.Fatalf("%q: E.164 %q", in, p.E164)
		}
		for _, again := range []string{p.E164, p.Display(), p.National()} {
			if q, err := validate.Phone(again); err != nil || q != p {
				t.Fatalf("%q → %+v, but %q → %+v, %v", in, p, again, q, err)
			}
		}
	})
}

func FuzzEmail(f *testing.F) {
	f.Fuzz(func(t *testing.T, in string) {
		idempotent(t, in, validate.Email)
		if e, err := validate.Email(in); err == nil && (len(e) > validate.MaxEmailLength || strings.ToLower(e) != e) {
			t.Fatalf("%q accepted as %q", in, e)
		}
	})
}

func FuzzURL(f *testing.F) {
	f.Fuzz(func(t *testing.T, in string) {
		idempotent(t, in, validate.URL)
		u, err := validate.URL(in)
		if err != nil {
			return
		}
		if len(u) > validate.MaxURLLength || !(strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://")) ||
			strings.ContainsAny(u, " \t\r\n\"<>\\`") {
			t.Fatalf("%q accepted as %q", in, u)
		}
	})
}

func FuzzIBAN(f *testing.F) {
	f.Fuzz(func(t *testing.T, in string) {
		idempotent(t, in, validate.IBAN)
		iban, err := validate.IBAN(in)
		if err != nil {
			return
		}
		if again, err := validate.IBAN(validate.FormatIBAN(iban)); err != nil || again != iban {
			t.Fatalf("%q: grouped form refused: %v", iban, err)
		}
	})
}

func FuzzTimeOfDay(f *testing.F) {
	f.Fuzz(func(t *testing.T, in string) {
		idempotent(t, in, validate.TimeOfDay)
		if s, err := validate.TimeOfDay(in); err == nil {
			if _, perr := time.Parse("15:04", s); perr != nil || len(s) != 5 {
				t.Fatalf("%q accepted as %q", in, s)
			}
		}
	})
}

func FuzzDate(f *testing.F) {
	f.Fuzz(func(t *testing.T, in string) {
		idempotent(t, in, validate.Date)
		if s, err := validate.Date(in); err == nil {
			d, perr := time.Parse(time.DateOnly, s)
			if perr != nil || d.Year() < validate.MinYear || d.Year() > validate.MaxYear {
				t.Fatalf("%q accepted as %q", in, s)
			}
		}
	})
}

func FuzzAgeRange(f *testing.F) {
	f.Fuzz(func(t *testing.T, minAge, maxAge string) {
		lo, hi, err := validate.AgeRange(minAge, maxAge)
		checkErr(t, minAge+"|"+maxAge, err)
		if err != nil {
			return
		}
		if lo < 0 || hi > validate.MaxAge || lo > hi {
			t.Fatalf("%q–%q accepted as %d–%d", minAge, maxAge, lo, hi)
		}
		var v validate.Checker
		if l, h := v.AgeRange("min", "max", minAge, maxAge); l != lo || h != hi || !v.OK() {
			t.Fatalf("Checker disagrees: %d–%d %v", l, h, v.Fields)
		}
	})
}
