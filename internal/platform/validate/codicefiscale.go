package validate

import "strings"

// CFKind tells a person's codice fiscale from an organization's.
type CFKind int

// The kinds of codice fiscale.
const (
	CFUnknown CFKind = iota // refused: neither shape
	CFPerson                // 16 characters: a natural person (or a ditta individuale)
	CFEntity                // 11 digits: an organization, the same number as its partita IVA
)

func (k CFKind) String() string {
	switch k {
	case CFPerson:
		return "person"
	case CFEntity:
		return "entity"
	}
	return "unknown"
}

// CodiceFiscale normalises (trim, no spaces, uppercase) and checks an
// Italian codice fiscale and says which kind it is:
//
//   - 11 digits: an organization's numeric code, checked like a partita IVA;
//   - 16 characters: a person's code, with surname and name letters, year,
//     month letter, day (+40 for women), Belfiore code of the place of birth
//     and the check character. Omocodia is accepted: the Agenzia delle
//     Entrate replaces the digits with L M N P Q R S T U V starting from the
//     rightmost one, so a letter in a numeric position is allowed only when
//     every numeric position to its right holds a letter too.
func CodiceFiscale(s string) (string, CFKind, error) {
	cf := upperASCII(removeSpace(s))
	switch {
	case cf == "":
		return cf, CFUnknown, fail(KeyCodiceFiscale, ReasonEmpty)
	case len(cf) == 11 && allDigits(cf):
		if err := checkEntityNumber(cf, KeyCodiceFiscale, KeyCodiceFiscaleCheck); err != nil {
			return cf, CFUnknown, err
		}
		return cf, CFEntity, nil
	case len(cf) == 16:
		if err := checkPersonCF(cf); err != nil {
			return cf, CFUnknown, err
		}
		return cf, CFPerson, nil
	case len(cf) == 11:
		return cf, CFUnknown, fail(KeyCodiceFiscale, ReasonChars)
	}
	return cf, CFUnknown, fail(KeyCodiceFiscale, ReasonLength)
}

// PartitaIVA normalises (trim, no spaces, no "IT" prefix) and checks a
// partita IVA: 11 digits, a progressive number (7), the code of the
// provincial office (3) and a Luhn check digit.
func PartitaIVA(s string) (string, error) {
	p := upperASCII(removeSpace(s))
	if len(p) == 13 && p[:2] == "IT" {
		p = p[2:]
	}
	switch {
	case p == "":
		return p, fail(KeyPartitaIVA, ReasonEmpty)
	case len(p) != 11:
		return p, fail(KeyPartitaIVA, ReasonLength)
	case !allDigits(p):
		return p, fail(KeyPartitaIVA, ReasonChars)
	}
	return p, checkEntityNumber(p, KeyPartitaIVA, KeyPartitaIVACheck)
}

// checkEntityNumber checks 11 digits: a progressive number and an office
// code that are not all zeros, and the check digit.
func checkEntityNumber(n, key, checkKey string) error {
	if n[:7] == "0000000" || n[7:10] == "000" {
		return fail(key, ReasonRange)
	}
	if EntityCheckDigit(n[:10]) != n[10] {
		return fail(checkKey, ReasonCheck)
	}
	return nil
}

// EntityCheckDigit returns the check digit of the first 10 digits of a
// partita IVA or numeric codice fiscale (the Luhn algorithm: digits in even
// positions, counting from 1, are doubled and reduced by 9 when above 9),
// or 0 when first10 is not 10 digits.
func EntityCheckDigit(first10 string) byte {
	if len(first10) != 10 || !allDigits(first10) {
		return 0
	}
	sum := 0
	for i := range 10 {
		d := int(first10[i] - '0')
		if i%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return byte('0' + (10-sum%10)%10)
}

// omocodia maps the letters that replace digits back to digits.
const omocodia = "LMNPQRSTUV"

// numericPositions are the positions of digits in a person's codice
// fiscale, from the rightmost, the order in which omocodia replaces them.
var numericPositions = [...]int{14, 13, 12, 10, 9, 7, 6}

// daysIn is the longest day of each month letter (February may be the 29th:
// the year has only two digits).
var daysIn = map[byte]int{
	'A': 31, 'B': 29, 'C': 31, 'D': 30, 'E': 31, 'H': 30,
	'L': 31, 'M': 31, 'P': 30, 'R': 31, 'S': 30, 'T': 31,
}

func checkPersonCF(cf string) error {
	for _, i := range []int{0, 1, 2, 3, 4, 5, 8, 11, 15} {
		if !isUpper(cf[i]) {
			return fail(KeyCodiceFiscale, ReasonChars)
		}
	}
	digits := []byte(cf)
	lettersAllowed := true // omocodia letters only in a suffix of numericPositions
	for _, i := range numericPositions {
		c := cf[i]
		switch {
		case isDigit(c):
			lettersAllowed = false
		case strings.IndexByte(omocodia, c) >= 0:
			if !lettersAllowed {
				return fail(KeyCodiceFiscale, ReasonOmocodia)
			}
			digits[i] = byte('0' + strings.IndexByte(omocodia, c))
		default:
			return fail(KeyCodiceFiscale, ReasonChars)
		}
	}
	maxDay, ok := daysIn[cf[8]]
	if !ok {
		return fail(KeyCodiceFiscaleDate, ReasonMonth)
	}
	day := int(digits[9]-'0')*10 + int(digits[10]-'0')
	if day > 40 {
		day -= 40
	}
	if day < 1 || day > maxDay {
		return fail(KeyCodiceFiscaleDate, ReasonDay)
	}
	// Belfiore codes: A001–M999 for comuni, Z1xx–Z9xx for foreign countries.
	if c := cf[11]; c > 'M' && c != 'Z' {
		return fail(KeyCodiceFiscale, ReasonPlace)
	}
	if PersonCheckChar(cf[:15]) != cf[15] {
		return fail(KeyCodiceFiscaleCheck, ReasonCheck)
	}
	return nil
}

// oddValues are the values of 0–9 and A–Z in odd positions (1st, 3rd…)
// from the official table (DM 23/12/1976).
var oddValues = [36]int{
	1, 0, 5, 7, 9, 13, 15, 17, 19, 21, // 0–9
	1, 0, 5, 7, 9, 13, 15, 17, 19, 21, // A–J
	2, 4, 18, 20, 11, 3, 6, 8, 12, 14, // K–T
	16, 10, 22, 25, 24, 23, // U–Z
}

// PersonCheckChar returns the check character of the first 15 characters
// of a person's codice fiscale (uppercase letters and digits), or 0 when
// first15 is not made of 15 such characters. In odd positions (counting
// from 1) characters take their value from the odd table; in even
// positions digits count as themselves and letters A–Z as 0–25; the sum
// modulo 26 is the letter. The same rule gives the CIN of an Italian
// bank account.
func PersonCheckChar(first15 string) byte {
	if len(first15) != 15 {
		return 0
	}
	return checkLetter(first15)
}

// checkLetter applies the odd/even tables to any run of uppercase letters
// and digits, or returns 0.
func checkLetter(s string) byte {
	sum := 0
	for i := 0; i < len(s); i++ {
		var v int // index in 0–9, A–Z
		switch c := s[i]; {
		case isDigit(c):
			v = int(c - '0')
		case isUpper(c):
			v = 10 + int(c-'A')
		default:
			return 0
		}
		if i%2 == 0 { // odd position counting from 1
			sum += oddValues[v]
		} else if v < 10 {
			sum += v
		} else {
			sum += v - 10
		}
	}
	return byte('A' + sum%26)
}
