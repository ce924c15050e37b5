package validate

import (
	"unicode/utf8"

	"github.com/trama-welfare/trama/internal/platform/errs"
)

// Checker validates a whole form: each method checks one field, records
// the message for it in Fields and returns the normalised value, so that
//
//	var v validate.Checker
//	o.Name = v.Required("name", o.Name)
//	o.TaxCode = v.CodiceFiscale("tax_code", o.TaxCode)
//	o.Phone = v.Phone("phone", o.Phone)
//	return v.Err()
//
// Empty values (only spaces) are accepted and returned as ""; use Required
// for the fields that must be filled in. A refused value is returned as
// typed, so the form can show it again with the message. The zero Checker
// is ready.
type Checker struct {
	Fields errs.Fields
}

// Err returns nil when every field was fine, else an errs.Invalid error
// with the messages of the fields.
func (v *Checker) Err() error { return v.Fields.Err() }

// OK tells whether no field has a message so far.
func (v *Checker) OK() bool { return len(v.Fields) == 0 }

// Fail records a message for field (the first message of a field wins).
func (v *Checker) Fail(field, key string, args ...any) { v.Fields.Add(field, key, args...) }

// add records err, if any, for field and returns the value to hand back.
func (v *Checker) add(field, value, normalised string, err error) string {
	if err != nil {
		v.record(field, err)
		return value
	}
	return normalised
}

// record adds the message of a validation error for field.
func (v *Checker) record(field string, err error) {
	if e, ok := err.(*Error); ok {
		v.Fail(field, e.Key, e.Args...)
	} else {
		v.Fail(field, "errors.invalid_form")
	}
}

// Required trims value and records "errors.required" when nothing is left.
func (v *Checker) Required(field, value string) string {
	t := trim(value)
	if t == "" {
		v.Fail(field, "errors.required")
	}
	return t
}

// MaxLength trims value and records "errors.too_long" when it has more
// than n characters.
func (v *Checker) MaxLength(field, value string, n int) string {
	t := trim(value)
	if utf8.RuneCountInString(t) > n {
		v.Fail(field, "errors.too_long", n)
	}
	return t
}

// CodiceFiscale checks a person's or an organization's codice fiscale.
func (v *Checker) CodiceFiscale(field, value string) string {
	if trim(value) == "" {
		return ""
	}
	cf, _, err := CodiceFiscale(value)
	return v.add(field, value, cf, err)
}

// PartitaIVA checks a partita IVA.
func (v *Checker) PartitaIVA(field, value string) string {
	if trim(value) == "" {
		return ""
	}
	p, err := PartitaIVA(value)
	return v.add(field, value, p, err)
}

// CAP checks a postcode.
func (v *Checker) CAP(field, value string) string {
	if trim(value) == "" {
		return ""
	}
	c, err := CAP(value)
	return v.add(field, value, c, err)
}

// Phone checks an Italian phone number and returns it in E.164 form
// ("+390612345678"), the form to store.
func (v *Checker) Phone(field, value string) string {
	if trim(value) == "" {
		return ""
	}
	p, err := Phone(value)
	return v.add(field, value, p.E164, err)
}

// Email checks an e-mail address and returns it lowercased.
func (v *Checker) Email(field, value string) string {
	if trim(value) == "" {
		return ""
	}
	e, err := Email(value)
	return v.add(field, value, e, err)
}

// URL checks a web address and returns it with its scheme.
func (v *Checker) URL(field, value string) string {
	if trim(value) == "" {
		return ""
	}
	u, err := URL(value)
	return v.add(field, value, u, err)
}

// IBAN checks an IBAN and returns it without spaces.
func (v *Checker) IBAN(field, value string) string {
	if trim(value) == "" {
		return ""
	}
	i, err := IBAN(value)
	return v.add(field, value, i, err)
}

// TimeOfDay checks a time of day and returns it as "HH:MM".
func (v *Checker) TimeOfDay(field, value string) string {
	if trim(value) == "" {
		return ""
	}
	t, err := TimeOfDay(value)
	return v.add(field, value, t, err)
}

// Date checks a date and returns it as "YYYY-MM-DD".
func (v *Checker) Date(field, value string) string {
	if trim(value) == "" {
		return ""
	}
	d, err := Date(value)
	return v.add(field, value, d, err)
}

// AgeRange checks the minimum and maximum age typed in two fields. An
// empty field means no limit (0 or MaxAge). A bad number is reported on
// its own field, a minimum above the maximum on the maximum's field.
func (v *Checker) AgeRange(minField, maxField, minValue, maxValue string) (lo, hi int) {
	lo, hi = 0, MaxAge
	ok := true
	if trim(minValue) != "" {
		n, err := Age(minValue)
		if err != nil {
			v.record(minField, err)
			ok = false
		}
		lo = n
	}
	if trim(maxValue) != "" {
		n, err := Age(maxValue)
		if err != nil {
			v.record(maxField, err)
			ok = false
			n = MaxAge
		}
		hi = n
	}
	if ok && lo > hi {
		v.Fail(maxField, KeyAgeRange)
	}
	return lo, hi
}
