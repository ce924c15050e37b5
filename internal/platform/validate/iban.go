package validate

import "strings"

// ibanLengths are the IBAN lengths of the SEPA countries; other countries
// are checked with the generic rules only (15 to 34 characters, mod 97).
var ibanLengths = map[string]int{
	"AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24,
	"DE": 22, "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22,
	"GI": 23, "GR": 27, "HR": 21, "HU": 28, "IE": 22, "IS": 26, "IT": 27,
	"LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MT": 31, "NL": 18,
	"NO": 15, "PL": 28, "PT": 25, "RO": 24, "SE": 24, "SI": 19, "SK": 24,
	"SM": 27, "VA": 22,
}

// IBAN normalises (trim, no spaces, uppercase) and checks an IBAN: country
// letters, two check digits and the account (BBAN), the length of the
// country, and the ISO 13616 mod-97 check. Italian (and San Marino) IBANs
// must also have the shape CIN + ABI + CAB + account, with the CIN letter
// matching the rest (the same odd/even tables as the codice fiscale).
func IBAN(s string) (string, error) {
	iban := upperASCII(removeSpace(s))
	if iban == "" {
		return iban, fail(KeyIBAN, ReasonEmpty)
	}
	if len(iban) < 15 || len(iban) > 34 {
		return iban, fail(KeyIBAN, ReasonLength)
	}
	if !isUpper(iban[0]) || !isUpper(iban[1]) || !isDigit(iban[2]) || !isDigit(iban[3]) {
		return iban, fail(KeyIBAN, ReasonFormat)
	}
	for i := 4; i < len(iban); i++ {
		if !isUpper(iban[i]) && !isDigit(iban[i]) {
			return iban, fail(KeyIBAN, ReasonChars)
		}
	}
	country := iban[:2]
	if n, ok := ibanLengths[country]; ok && len(iban) != n {
		return iban, fail(KeyIBAN, ReasonLength)
	}
	if country == "IT" || country == "SM" {
		bban := iban[4:]
		if !isUpper(bban[0]) || !allDigits(bban[1:11]) {
			return iban, fail(KeyIBAN, ReasonFormat)
		}
		if checkLetter(bban[1:]) != bban[0] {
			return iban, fail(KeyIBANCheck, ReasonCheck)
		}
	}
	if mod97(iban[4:]+iban[:4]) != 1 {
		return iban, fail(KeyIBANCheck, ReasonCheck)
	}
	return iban, nil
}

// mod97 returns the remainder modulo 97 of s read as a number, letters
// counting as 10 (A) to 35 (Z).
func mod97(s string) int {
	r := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; isDigit(c) {
			r = (r*10 + int(c-'0')) % 97
		} else {
			r = (r*100 + int(c-'A') + 10) % 97
		}
	}
	return r
}

// FormatIBAN returns an IBAN in groups of four characters for reading
// ("IT60 X054 2811 …"), or s unchanged when it is not a valid IBAN.
func FormatIBAN(s string) string {
	iban, err := IBAN(s)
	if err != nil {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(iban); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(iban[i:min(i+4, len(iban))])
	}
	return b.String()
}
