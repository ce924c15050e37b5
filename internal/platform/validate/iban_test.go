package validate_test

import (
	"testing"

	"github.com/trama-welfare/trama/internal/platform/validate"
)

func TestIBANValid(t *testing.T) {
	cases := []struct{ in, want, display string }{
		// The textbook Italian example: its CIN X matches ABI, CAB and account.
		{"IT60X0542811101000000123456", "IT60X0542811101000000123456", "IT60 X054 2811 1010 0000 0123 456"},
		{" it60 x054 2811 1010 0000 0123 456 ", "IT60X0542811101000000123456", "IT60 X054 2811 1010 0000 0123 456"},
		{"DE89 3704 0044 0532 0130 00", "DE89370400440532013000", "DE89 3704 0044 0532 0130 00"},
		{"GB82WEST12345698765432", "GB82WEST12345698765432", "GB82 WEST 1234 5698 7654 32"},
		{"FR1420041010050500013M02606", "FR1420041010050500013M02606", "FR14 2004 1010 0505 0001 3M02 606"},
		{"NO9386011117947", "NO9386011117947", "NO93 8601 1117 947"},
		{"BR1800360305000010009795493C1", "BR1800360305000010009795493C1", "BR18 0036 0305 0000 1000 9795 493C 1"}, // outside SEPA: generic rules
	}
	for _, c := range cases {
		got, err := validate.IBAN(c.in)
		if err != nil || got != c.want {
			t.Errorf("IBAN(%q) = %q, %v; want %q", c.in, got, err, c.want)
			continue
		}
		if d := validate.FormatIBAN(c.in); d != c.display {
			t.Errorf("FormatIBAN(%q) = %q, want %q", c.in, d, c.display)
		}
	}
}

func TestIBANInvalid(t *testing.T) {
	const (
		shape = validate.KeyIBAN
		check = validate.KeyIBANCheck
	)
	cases := []struct {
		in     string
		key    string
		reason validate.Reason
	}{
		{"", shape, validate.ReasonEmpty},
		{"IT60X05428111010000001234", shape, validate.ReasonLength},     // 25 < 27
		{"IT60X054281110100000012345678", shape, validate.ReasonLength}, // 29 > 27
		{"DE8937040044053201300", shape, validate.ReasonLength},         // 21 ≠ 22
		{"IT60", shape, validate.ReasonLength},
		{"1T60X0542811101000000123456", shape, validate.ReasonFormat},
		{"ITX0X0542811101000000123456", shape, validate.ReasonFormat},
		{"IT60X054281110100000012345-", shape, validate.ReasonChars},
		{"IT60X05428111010000001234à", shape, validate.ReasonChars},
		{"IT6000542811101000000123456", shape, validate.ReasonFormat}, // no CIN letter
		{"IT60XA542811101000000123456", shape, validate.ReasonFormat}, // letter in ABI
		{"IT60Y0542811101000000123456", check, validate.ReasonCheck},  // wrong CIN
		{"IT61X0542811101000000123456", check, validate.ReasonCheck},  // wrong check digits
		{"IT60X0542811101000000123465", check, validate.ReasonCheck},  // swapped digits
		// Passes mod 97, but its CIN should be X: a made-up example found on the web.
		{"IT40S0542811101000000123456", check, validate.ReasonCheck},
		{"DE88370400440532013000", check, validate.ReasonCheck},
		{"GB82WEST12345698765433", check, validate.ReasonCheck},
	}
	for _, c := range cases {
		got, err := validate.IBAN(c.in)
		refused(t, c.in, err, c.key, c.reason)
		if again, _ := validate.IBAN(got); again != got {
			t.Errorf("%q: cleaned %q, again %q", c.in, got, again)
		}
		if f := validate.FormatIBAN(c.in); f != c.in {
			t.Errorf("FormatIBAN(%q) = %q, want it unchanged", c.in, f)
		}
	}
}
