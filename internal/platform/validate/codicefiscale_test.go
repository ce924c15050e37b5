package validate_test

import (
	"testing"

	"github.com/trama-welfare/trama/internal/platform/validate"
)

// The check characters below were computed with PersonCheckChar and
// checked by hand with the published tables. For RSSMRA85T10A562:
//
//	odd positions  R S R 8 T 0 5 2 → 8+12+8+19+14+1+13+5 = 80
//	even positions S M A 5 1 A 6   → 18+12+0+5+1+0+6     = 42
//	(80+42) mod 26 = 122 mod 26 = 18 → S
//
// MRTMTT25D09F205Z is the textbook example (Matteo Moretti, born in Milano
// on 9 April 1925). The omocodia variants replace digits from the right.
var validCF = []struct {
	in, want string
	kind     validate.CFKind
}{
	{"RSSMRA85T10A562S", "RSSMRA85T10A562S", validate.CFPerson},
	{"rssmra85t10a562s", "RSSMRA85T10A562S", validate.CFPerson},
	{"  RSS MRA 85T10 A562S\t", "RSSMRA85T10A562S", validate.CFPerson},
	{"MRTMTT25D09F205Z", "MRTMTT25D09F205Z", validate.CFPerson},
	{"VRDGPP80A01H501U", "VRDGPP80A01H501U", validate.CFPerson}, // 1 January, Roma
	{"BNCLRA92M55F205P", "BNCLRA92M55F205P", validate.CFPerson}, // a woman: 15+40
	{"RSSMRA70A41F839Y", "RSSMRA70A41F839Y", validate.CFPerson}, // a woman born on the 1st
	{"FRRLCU01R64Z404M", "FRRLCU01R64Z404M", validate.CFPerson}, // born abroad (Z404)
	{"RSSMRA85T10A56NH", "RSSMRA85T10A56NH", validate.CFPerson}, // omocodia, 1 digit
	{"RSSMRA85T10A5SNT", "RSSMRA85T10A5SNT", validate.CFPerson}, // omocodia, 2 digits
	{"RSSMRAURTMLARSNL", "RSSMRAURTMLARSNL", validate.CFPerson}, // omocodia, all 7
	{"BNCLRAVNMRRFNLRR", "BNCLRAVNMRRFNLRR", validate.CFPerson}, // omocodia, all 7, woman
	{"06363391001", "06363391001", validate.CFEntity},           // Agenzia delle Entrate
	{"80078750587", "80078750587", validate.CFEntity},           // INPS
	{"02438750586", "02438750586", validate.CFEntity},           // Roma Capitale
	{" 0123 4567 897 ", "01234567897", validate.CFEntity},       // computed
	{"97532760580", "97532760580", validate.CFEntity},           // an association (9…)
}

func TestCodiceFiscaleValid(t *testing.T) {
	for _, c := range validCF {
		got, kind, err := validate.CodiceFiscale(c.in)
		if err != nil || got != c.want || kind != c.kind {
			t.Errorf("CodiceFiscale(%q) = %q, %v, %v; want %q, %v", c.in, got, kind, err, c.want, c.kind)
		}
	}
}

func TestCodiceFiscaleInvalid(t *testing.T) {
	const (
		shape = validate.KeyCodiceFiscale
		check = validate.KeyCodiceFiscaleCheck
		date  = validate.KeyCodiceFiscaleDate
	)
	cases := []struct {
		in     string
		key    string
		reason validate.Reason
	}{
		{"", shape, validate.ReasonEmpty},
		{"   ", shape, validate.ReasonEmpty},
		{"RSSMRA85T10A562", shape, validate.ReasonLength},    // 15
		{"RSSMRA85T10A562SS", shape, validate.ReasonLength},  // 17
		{"0636339100", shape, validate.ReasonLength},         // 10 digits
		{"063633910012", shape, validate.ReasonLength},       // 12 digits
		{"RSSMRA85T10A562Ş", shape, validate.ReasonLength},   // not ASCII: 17 bytes
		{"0636339100A", shape, validate.ReasonChars},         // 11 but not digits
		{"RSSMRA85T10A562A", check, validate.ReasonCheck},    // wrong check letter
		{"RSSMRA85T10A5627", shape, validate.ReasonChars},    // digit as check
		{"RSSMRA58T10A562S", check, validate.ReasonCheck},    // swapped digits
		{"RSSMRA85T01A562S", check, validate.ReasonCheck},    // swapped digits
		{"RSSMRA85X10A562S", date, validate.ReasonMonth},     // X is no month
		{"RSSMRA85F10A562S", date, validate.ReasonMonth},     // F is no month
		{"RSSMRA85T00A562S", date, validate.ReasonDay},       // day 0
		{"RSSMRA85T32A562S", date, validate.ReasonDay},       // day 32
		{"RSSMRA85T40A562S", date, validate.ReasonDay},       // day 0 of a woman
		{"RSSMRA85T72A562S", date, validate.ReasonDay},       // day 32 of a woman
		{"RSSMRA85D31A562S", date, validate.ReasonDay},       // 31 April
		{"RSSMRA85B30A562S", date, validate.ReasonDay},       // 30 February
		{"RSSMRA85T10N562S", shape, validate.ReasonPlace},    // no Belfiore code starts with N
		{"RSSMRA85T10Y562S", shape, validate.ReasonPlace},    // nor with Y
		{"RSSMRA85T10A5S2S", shape, validate.ReasonOmocodia}, // letter left of a digit
		{"RSSMRAU5T10A562S", shape, validate.ReasonOmocodia}, // first digit only
		{"RSSMRA8AT10A562S", shape, validate.ReasonChars},    // A is not an omocodia letter
		{"RSSMRA85T10A56ZS", shape, validate.ReasonChars},    // Z is not an omocodia letter
		{"RSSMR485T10A562S", shape, validate.ReasonChars},    // digit in the name letters
		{"RSSMRA85T10A562-", shape, validate.ReasonChars},    // punctuation
		{"RSSMRA85T1OA562S", shape, validate.ReasonChars},    // letter O for zero
		{"RSSMRA85T10A562\x00", shape, validate.ReasonChars}, // control character
		{"06363391002", check, validate.ReasonCheck},         // wrong check digit
		{"06363391010", check, validate.ReasonCheck},         // swapped digits
		{"00000000000", shape, validate.ReasonRange},         // passes Luhn, but no number
		{"12345670000", shape, validate.ReasonRange},         // office 000
	}
	for _, c := range cases {
		got, kind, err := validate.CodiceFiscale(c.in)
		refused(t, c.in, err, c.key, c.reason)
		if kind != validate.CFUnknown {
			t.Errorf("%q: kind %v on error", c.in, kind)
		}
		if again, _, _ := validate.CodiceFiscale(got); again != got {
			t.Errorf("%q: cleaned %q, again %q", c.in, got, again)
		}
	}
}

func TestPersonCheckChar(t *testing.T) {
	cases := []struct {
		in   string
		want byte
	}{
		{"RSSMRA85T10A562", 'S'},
		{"MRTMTT25D09F205", 'Z'},
		{"RSSMRA85T10A56N", 'H'},
		{"BNCLRA92M55F205", 'P'},
		// Odd positions A A A 0 A 0 0 0 are worth 1 each, even ones 0: 8 → I.
		{"AAAAAA00A00A000", 'I'},
		{"RSSMRA85T10A56", 0},  // too short
		{"RSSMRA85T10A56n", 0}, // lowercase is not normalised here
	}
	for _, c := range cases {
		if got := validate.PersonCheckChar(c.in); got != c.want {
			t.Errorf("PersonCheckChar(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestEntityCheckDigit(t *testing.T) {
	cases := []struct {
		in   string
		want byte
	}{
		{"0636339100", '1'},
		{"8007875058", '7'},
		{"0123456789", '7'},
		{"0000000000", '0'},
		{"1234567890", '3'},
		{"123456789", 0},
		{"123456789X", 0},
	}
	for _, c := range cases {
		if got := validate.EntityCheckDigit(c.in); got != c.want {
			t.Errorf("EntityCheckDigit(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestPartitaIVA(t *testing.T) {
	valid := []struct{ in, want string }{
		{"06363391001", "06363391001"},
		{"IT06363391001", "06363391001"},
		{"it 063 633 910 01", "06363391001"},
		{"01234567897", "01234567897"},
		{"12345678903", "12345678903"},
		{"00743110157", "00743110157"},
	}
	for _, c := range valid {
		if got, err := validate.PartitaIVA(c.in); err != nil || got != c.want {
			t.Errorf("PartitaIVA(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	invalid := []struct {
		in     string
		key    string
		reason validate.Reason
	}{
		{"", validate.KeyPartitaIVA, validate.ReasonEmpty},
		{"0636339100", validate.KeyPartitaIVA, validate.ReasonLength},
		{"RSSMRA85T10A562S", validate.KeyPartitaIVA, validate.ReasonLength},
		{"FR06363391001", validate.KeyPartitaIVA, validate.ReasonLength},
		{"0636339100O", validate.KeyPartitaIVA, validate.ReasonChars},
		{"06363391000", validate.KeyPartitaIVACheck, validate.ReasonCheck},
		{"01234567890", validate.KeyPartitaIVACheck, validate.ReasonCheck},
		{"00000000000", validate.KeyPartitaIVA, validate.ReasonRange},
	}
	for _, c := range invalid {
		_, err := validate.PartitaIVA(c.in)
		refused(t, c.in, err, c.key, c.reason)
	}
}
