// Package validate normalises and checks the Italian data people type into
// forms or that arrives in imported files: codice fiscale and partita IVA,
// CAP, phone numbers, e-mail addresses, web addresses, IBAN, times of day,
// dates and age ranges.
//
// Every validator takes a string, never panics, and returns the normalised
// value and an *Error that says why the value was refused. Validators that
// return a string return it cleaned (trimmed, spaces removed, case fixed…)
// even when they refuse it, and cleaning is idempotent: passing a result
// back in gives the same result. Phone returns a PhoneNumber, the zero one
// when it refuses the input.
//
// An *Error carries an i18n message key (validate.errors.*, messages in
// web/locales/<lang>/validate.toml) for the page, and a Reason for tests
// and logs. Forms use a Checker, which collects the messages per field in
// an errs.Fields.
package validate

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Message keys of the field errors, in web/locales/<lang>/validate.toml.
const (
	KeyCodiceFiscale      = "validate.errors.codice_fiscale"
	KeyCodiceFiscaleCheck = "validate.errors.codice_fiscale_check"
	KeyCodiceFiscaleDate  = "validate.errors.codice_fiscale_date"
	KeyPartitaIVA         = "validate.errors.partita_iva"
	KeyPartitaIVACheck    = "validate.errors.partita_iva_check"
	KeyCAP                = "validate.errors.cap"
	KeyPhone              = "validate.errors.phone"
	KeyPhoneCountry       = "validate.errors.phone_country"
	KeyEmail              = "validate.errors.email"
	KeyURL                = "validate.errors.url"
	KeyURLTooLong         = "validate.errors.url_too_long"
	KeyIBAN               = "validate.errors.iban"
	KeyIBANCheck          = "validate.errors.iban_check"
	KeyTime               = "validate.errors.time"
	KeyDate               = "validate.errors.date"
	KeyDateRange          = "validate.errors.date_range"
	KeyAge                = "validate.errors.age"
	KeyAgeRange           = "validate.errors.age_range"
)

// Reason is a short machine-readable cause of a refusal.
type Reason string

// The reasons a value can be refused for.
const (
	ReasonEmpty       Reason = "empty"       // nothing but spaces
	ReasonLength      Reason = "length"      // too short or too long
	ReasonChars       Reason = "chars"       // a character that does not belong there
	ReasonCheck       Reason = "check"       // the check digit or character does not match
	ReasonMonth       Reason = "month"       // codice fiscale: not a month letter
	ReasonDay         Reason = "day"         // codice fiscale: impossible day of birth
	ReasonPlace       Reason = "place"       // codice fiscale: not a Belfiore code
	ReasonOmocodia    Reason = "omocodia"    // codice fiscale: letters for digits out of order
	ReasonRange       Reason = "range"       // a number or date outside its range
	ReasonCountry     Reason = "country"     // phone: not an Italian number
	ReasonPrefix      Reason = "prefix"      // phone: not a fixed, mobile or service number
	ReasonScheme      Reason = "scheme"      // URL: not http or https
	ReasonHost        Reason = "host"        // URL or e-mail: no valid domain name
	ReasonCredentials Reason = "credentials" // URL: user or password in it
	ReasonFormat      Reason = "format"      // the shape is wrong
	ReasonOrder       Reason = "order"       // age range: minimum above maximum
)

// Error says why a value was refused: Key and Args make the message shown
// next to the field, Reason is for tests and logs.
type Error struct {
	Key    string
	Args   []any
	Reason Reason
}

func (e *Error) Error() string { return "validate: " + e.Key + " (" + string(e.Reason) + ")" }

func fail(key string, reason Reason, args ...any) *Error {
	return &Error{Key: key, Args: args, Reason: reason}
}

// removeSpace drops every white-space rune. Invalid UTF-8 becomes U+FFFD
// first, or dropping a space could join two stray bytes into a new
// no-break space, and cleaning would not be idempotent.
func removeSpace(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !(unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff') {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// upperASCII uppercases ASCII letters only and leaves every other byte.
func upperASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// lowerASCII lowercases ASCII letters only and leaves every other byte.
func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c - 'A' + 'a'
		}
	}
	return string(b)
}

// trim removes white space around s, including no-break and zero-width spaces.
func trim(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff'
	})
}

func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
func isUpper(c byte) bool  { return 'A' <= c && c <= 'Z' }
func isLetter(c byte) bool { return isUpper(c) || ('a' <= c && c <= 'z') }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}
