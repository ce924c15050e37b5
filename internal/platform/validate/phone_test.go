package validate_test

import (
	"testing"

	"github.com/trama-welfare/trama/internal/platform/validate"
)

func TestPhoneValid(t *testing.T) {
	cases := []struct {
		in, e164, display string
		kind              validate.PhoneKind
	}{
		{"06 1234 5678", "+390612345678", "+39 06 1234 5678", validate.PhoneLandline},
		{"+39 06 1234 5678", "+390612345678", "+39 06 1234 5678", validate.PhoneLandline},
		{"0039 06.1234.5678", "+390612345678", "+39 06 1234 5678", validate.PhoneLandline},
		{"(06) 123-4567", "+39061234567", "+39 06 123 4567", validate.PhoneLandline},
		{"02/12345678", "+390212345678", "+39 02 1234 5678", validate.PhoneLandline},
		{"011 1234567", "+390111234567", "+39 011 123 4567", validate.PhoneLandline},
		{"0471-123456", "+390471123456", "+39 0471 123 456", validate.PhoneLandline},
		{"0923 21 000", "+39092321000", "+39 0923 21 000", validate.PhoneLandline},
		{"333 123 4567", "+393331234567", "+39 333 123 4567", validate.PhoneMobile},
		{"+393331234567", "+393331234567", "+39 333 123 4567", validate.PhoneMobile},
		{"(+39) 333.123.4567", "+393331234567", "+39 333 123 4567", validate.PhoneMobile},
		{"\u00a0347 1234567\u00a0", "+393471234567", "+39 347 123 4567", validate.PhoneMobile},
		{"393 123 4567", "+393931234567", "+39 393 123 4567", validate.PhoneMobile}, // 39… is a mobile prefix, not the country
		{"338 123456", "+39338123456", "+39 338 123 456", validate.PhoneMobile},     // 9 digits, old numbers
		{"800 123 456", "+39800123456", "+39 800 123 456", validate.PhoneService},
		{"803 116", "+39803116", "+39 803 116", validate.PhoneService},
		{"848 800 333", "+39848800333", "+39 848 800 333", validate.PhoneService},
	}
	for _, c := range cases {
		p, err := validate.Phone(c.in)
		if err != nil || p.E164 != c.e164 || p.Display() != c.display || p.Kind != c.kind {
			t.Errorf("Phone(%q) = %q %q %v, %v; want %q %q %v", c.in, p.E164, p.Display(), p.Kind, err, c.e164, c.display, c.kind)
			continue
		}
		if got := validate.FormatPhone(c.e164); got != c.display {
			t.Errorf("FormatPhone(%q) = %q, want %q", c.e164, got, c.display)
		}
		if p.National() != c.e164[3:] {
			t.Errorf("%q: National = %q", c.in, p.National())
		}
	}
}

func TestPhoneInvalid(t *testing.T) {
	const (
		phone   = validate.KeyPhone
		country = validate.KeyPhoneCountry
	)
	cases := []struct {
		in     string
		key    string
		reason validate.Reason
	}{
		{"", phone, validate.ReasonEmpty},
		{" \t ", phone, validate.ReasonEmpty},
		{"06 1234 567a", phone, validate.ReasonChars},
		{"tel. 06 12345678", phone, validate.ReasonChars},
		{"333 CHIAMAMI", phone, validate.ReasonChars},
		{"06 1234 5678 int. 2", phone, validate.ReasonChars},
		{"+39 +39 333 1234567", phone, validate.ReasonChars},
		{"333+1234567", phone, validate.ReasonChars},
		{"---", phone, validate.ReasonChars},
		{"06 123", phone, validate.ReasonLength},          // 5 digits
		{"06 1234 5678 90", phone, validate.ReasonLength}, // 12 digits
		{"333 1234", phone, validate.ReasonLength},        // short mobile
		{"333 1234 56789", phone, validate.ReasonLength},  // long mobile
		{"800 12345", phone, validate.ReasonLength},       // short green number
		{"803 1234", phone, validate.ReasonLength},        // long 803
		{"12", phone, validate.ReasonLength},              // too short for anything
		{"+39 12", phone, validate.ReasonLength},          //
		{"112", phone, validate.ReasonPrefix},             // emergency numbers are not listed
		{"199 123 456", phone, validate.ReasonPrefix},     // premium rate
		{"5512345678", phone, validate.ReasonPrefix},      // 55: internet numbers
		{"+39 0012345678", phone, validate.ReasonPrefix},  // 00 after the country code
		{"+44 20 7946 0958", country, validate.ReasonCountry},
		{"0044 20 7946 0958", country, validate.ReasonCountry},
		{"+378 0549 123456", country, validate.ReasonCountry}, // San Marino has its own code
		{"0612345678901234567890123456789012345678901", phone, validate.ReasonLength},
	}
	for _, c := range cases {
		p, err := validate.Phone(c.in)
		refused(t, c.in, err, c.key, c.reason)
		if p != (validate.PhoneNumber{}) {
			t.Errorf("%q: %+v on error", c.in, p)
		}
		if got := validate.FormatPhone(c.in); got != c.in {
			t.Errorf("FormatPhone(%q) = %q, want it unchanged", c.in, got)
		}
	}
}

func TestPhoneKindString(t *testing.T) {
	for k, want := range map[validate.PhoneKind]string{
		validate.PhoneUnknown: "unknown", validate.PhoneLandline: "landline",
		validate.PhoneMobile: "mobile", validate.PhoneService: "service",
	} {
		if k.String() != want {
			t.Errorf("%d: %q, want %q", k, k.String(), want)
		}
	}
}
