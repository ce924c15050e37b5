package porta

import (
	"crypto/rand"
	"strings"

	"github.com/trama-welfare/trama/internal/platform/secret"
)

// Receipt codes let a citizen follow their request without an account:
// twelve characters of Crockford's base32 (no I, L, O, U: nothing to
// confuse when read aloud or copied by hand), 60 random bits, shown in
// three groups: "7KQ4-M2XD-9RTA".
const receiptAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

const receiptLen = 12

// NewReceipt returns a new random receipt code.
func NewReceipt() string {
	b := make([]byte, receiptLen)
	rand.Read(b)
	var s strings.Builder
	for i, c := range b {
		if i > 0 && i%4 == 0 {
			s.WriteByte('-')
		}
		s.WriteByte(receiptAlphabet[int(c)%len(receiptAlphabet)])
	}
	return s.String()
}

// NormalizeReceipt reads a code as typed: case, spaces and dashes don't
// matter, and the letters people confuse with digits count as those digits.
// It returns "" when the result cannot be a code.
func NormalizeReceipt(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == ' ' || r == '-' || r == '.' || r == '\t':
			continue
		case r == 'O':
			r = '0'
		case r == 'I' || r == 'L':
			r = '1'
		}
		if !strings.ContainsRune(receiptAlphabet, r) {
			return ""
		}
		b.WriteRune(r)
	}
	if b.Len() != receiptLen {
		return ""
	}
	out := b.String()
	return out[:4] + "-" + out[4:8] + "-" + out[8:]
}

// receiptHash is the keyed hash stored to find a need by its code.
func receiptHash(kr *secret.Keyring, code string) string {
	return kr.Hash("porta-receipt|" + NormalizeReceipt(code))
}
