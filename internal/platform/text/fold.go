// Package text holds the small text helpers shared by every capability:
// accent folding for matching Italian words typed with or without accents.
package text

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Fold lowercases s, removes diacritics (attività → attivita), turns
// typographic apostrophes into ASCII ones and collapses runs of white space.
// Two strings that a user would call "the same word" fold equal.
func Fold(s string) string {
	out := s
	if !isASCII(s) { // ASCII has no diacritics: skip the costly normalization
		t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
		var err error
		if out, _, err = transform.String(t, s); err != nil {
			out = s
		}
	}
	out = strings.Map(func(r rune) rune {
		switch r {
		case '’', '‘', '`', '´':
			return '\''
		}
		return unicode.ToLower(r)
	}, out)
	return strings.Join(strings.Fields(out), " ")
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
