package validate

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// PhoneKind classifies an Italian number.
type PhoneKind int

// The kinds of phone numbers accepted.
const (
	PhoneUnknown  PhoneKind = iota // refused
	PhoneLandline                  // 0…: fixed line, area code included
	PhoneMobile                    // 3…
	PhoneService                   // 800 and 803 (numero verde), 840 and 848 (costo ripartito)
)

func (k PhoneKind) String() string {
	switch k {
	case PhoneLandline:
		return "landline"
	case PhoneMobile:
		return "mobile"
	case PhoneService:
		return "service"
	}
	return "unknown"
}

// PhoneNumber is a checked Italian phone number.
type PhoneNumber struct {
	E164 string // "+390612345678": what to store
	Kind PhoneKind
}

// National returns the number as dialled inside Italy, without +39.
func (p PhoneNumber) National() string { return strings.TrimPrefix(p.E164, "+39") }

// String returns Display.
func (p PhoneNumber) String() string { return p.Display() }

// Display returns the number grouped for reading: "+39 06 1234 5678",
// "+39 333 123 4567", "+39 800 123 456".
func (p PhoneNumber) Display() string {
	n := p.National()
	if n == "" {
		return ""
	}
	switch p.Kind {
	case PhoneLandline:
		a := areaCodeLen(n)
		return "+39 " + n[:a] + " " + halves(n[a:])
	case PhoneMobile, PhoneService:
		if len(n) <= 6 {
			return "+39 " + n[:3] + " " + n[3:]
		}
		return "+39 " + n[:3] + " " + n[3:6] + " " + n[6:]
	}
	return p.E164
}

// threeDigitAreas are the area codes of three digits; Milano (02) and Roma
// (06) have two, every other district four.
var threeDigitAreas = map[string]bool{
	"010": true, "011": true, "015": true, "019": true, "030": true, "031": true,
	"035": true, "039": true, "040": true, "041": true, "045": true, "049": true,
	"050": true, "051": true, "055": true, "059": true, "070": true, "071": true,
	"075": true, "079": true, "080": true, "081": true, "085": true, "089": true,
	"090": true, "091": true, "095": true, "099": true,
}

func areaCodeLen(n string) int {
	switch {
	case n[1] == '2' || n[1] == '6':
		return 2
	case threeDigitAreas[n[:3]]:
		return 3
	}
	return 4
}

// halves splits the subscriber number in two groups, the first one shorter.
func halves(s string) string {
	if len(s) <= 4 {
		return s
	}
	return s[:len(s)/2] + " " + s[len(s)/2:]
}

// Phone normalises and checks an Italian phone number: a fixed line
// (0…, 6 to 11 digits), a mobile (3…, 9 or 10 digits) or a service number
// (800 and 840/848 with 6 more digits, 803 with 3). It may start with +39
// or 0039 and contain spaces, dots, dashes, slashes and brackets; letters
// and other country codes are refused. The zero PhoneNumber comes back
// with an error.
func Phone(s string) (PhoneNumber, error) {
	digits, plus, err := phoneDigits(trim(s))
	if err != nil {
		return PhoneNumber{}, err
	}
	n := digits
	switch {
	case plus && strings.HasPrefix(n, "39"):
		n = n[2:]
	case plus:
		return PhoneNumber{}, fail(KeyPhoneCountry, ReasonCountry)
	case strings.HasPrefix(n, "0039"):
		n = n[4:]
	case strings.HasPrefix(n, "00"):
		return PhoneNumber{}, fail(KeyPhoneCountry, ReasonCountry)
	}
	kind, err := phoneKind(n)
	if err != nil {
		return PhoneNumber{}, err
	}
	return PhoneNumber{E164: "+39" + n, Kind: kind}, nil
}

// phoneDigits keeps the digits of s and tells whether it started with +.
func phoneDigits(s string) (digits string, plus bool, err error) {
	if s == "" {
		return "", false, fail(KeyPhone, ReasonEmpty)
	}
	if len(s) > 40 {
		return "", false, fail(KeyPhone, ReasonLength)
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case '0' <= r && r <= '9':
			b.WriteRune(r)
		case r == '+' && b.Len() == 0 && !plus:
			plus = true
		case r == ' ' || r == '.' || r == '-' || r == '/' || r == '(' || r == ')' ||
			(r != utf8.RuneError && unicode.IsSpace(r)):
		default:
			return "", false, fail(KeyPhone, ReasonChars)
		}
	}
	if b.Len() == 0 {
		return "", false, fail(KeyPhone, ReasonChars)
	}
	return b.String(), plus, nil
}

// phoneKind classifies a national number and checks its length.
func phoneKind(n string) (PhoneKind, error) {
	short := fail(KeyPhone, ReasonLength)
	switch {
	case len(n) < 3:
		return PhoneUnknown, short
	case n[0] == '0' && n[1] != '0':
		if len(n) < 6 || len(n) > 11 {
			return PhoneUnknown, short
		}
		return PhoneLandline, nil
	case n[0] == '3':
		if len(n) < 9 || len(n) > 10 {
			return PhoneUnknown, short
		}
		return PhoneMobile, nil
	case n[:3] == "800" || n[:3] == "840" || n[:3] == "848":
		if len(n) != 9 {
			return PhoneUnknown, short
		}
		return PhoneService, nil
	case n[:3] == "803":
		if len(n) != 6 {
			return PhoneUnknown, short
		}
		return PhoneService, nil
	}
	return PhoneUnknown, fail(KeyPhone, ReasonPrefix)
}

// FormatPhone returns a stored number (or anything Phone accepts) grouped
// for reading, or s unchanged when it is not a valid number.
func FormatPhone(s string) string {
	p, err := Phone(s)
	if err != nil {
		return s
	}
	return p.Display()
}
