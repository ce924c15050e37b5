package analysis

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	snowball "github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/italian"

	"github.com/trama-welfare/trama/internal/platform/text"
)

// MaxTokenRunes is the longest word analysis keeps. Longer runs of letters
// (pasted hashes, hostile input) are dropped at index and query time alike;
// the longest Italian words have about 25 letters.
const MaxTokenRunes = 40

// Tokens analyses text for the index: folds case and accents, splits on
// anything that is neither a letter nor a digit, drops elided articles and
// prepositions (dell'acqua → acqua), stop words and over-long words, and
// stems what is left. Numbers are kept as they are.
func Tokens(text string) []string {
	words := analyze(fold(text))
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = w.stem
	}
	return out
}

// IndexText analyses every field and joins the tokens with single spaces,
// ready to store in the FTS5 table or to feed to_tsvector('simple', …).
// The fields are analysed in order, so phrases can match across the end of
// one field and the start of the next.
func IndexText(fields ...string) string {
	var b strings.Builder
	for _, f := range fields {
		for _, w := range analyze(fold(f)) {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(w.stem)
		}
	}
	return b.String()
}

// word is one analysed word of a folded text.
type word struct {
	fold string // the folded surface form
	stem string // what goes in the index
	end  int    // byte offset just past the word in the folded text
}

// fold is text.Fold made safe for any input.
func fold(s string) string {
	return text.Fold(strings.ToValidUTF8(s, " "))
}

// analyze splits a folded text into words and analyses them.
func analyze(folded string) []word {
	var words []word
	start := -1
	for i, r := range folded + " " {
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start < 0 {
			continue
		}
		tok := folded[start:i]
		start = -1
		if isApostrophe(r) && elisions[tok] && followedByWord(folded[i:]) {
			continue
		}
		if w, ok := analyzeWord(tok); ok {
			w.end = i
			words = append(words, w)
		}
	}
	return words
}

// analyzeWord analyses one folded token; ok is false when it is dropped.
func analyzeWord(tok string) (w word, ok bool) {
	if stopWords[tok] || utf8.RuneCountInString(tok) > MaxTokenRunes {
		return word{}, false
	}
	return word{fold: tok, stem: stem(tok)}, true
}

func isWordRune(r rune) bool {
	return (unicode.IsLetter(r) || unicode.IsDigit(r)) && !isApostrophe(r)
}

// isApostrophe covers the ASCII apostrophe (text.Fold maps the typographic
// ones to it) and U+02BC, which Unicode counts as a letter.
func isApostrophe(r rune) bool { return r == '\'' || r == 'ʼ' }

// followedByWord reports whether s (starting at an apostrophe) continues
// with a letter or digit right after it.
func followedByWord(s string) bool {
	_, n := utf8.DecodeRuneInString(s)
	r, _ := utf8.DecodeRuneInString(s[n:])
	return isWordRune(r)
}

func hasDigit(s string) bool {
	return strings.ContainsFunc(s, unicode.IsDigit)
}

// stem returns the index form of a folded word: its Snowball stem, or the
// word itself when it has digits.
//
// Words are folded before stemming, so attività and attivita (and perché,
// perchè, perche) stem alike by construction; the price is that the
// stemmer's few accented suffixes (-ità, future -erà) are not seen, which
// only changes how much of those words is cut.
func stem(w string) string {
	if hasDigit(w) {
		return w
	}
	return snowballStem(w)
}

// forms returns the stems of the regular inflections of a folded word,
// its own stem first. Snowball is not consistent across gender and number
// (sportivo, sportivi → sport but sportive → sportiv; anziani → anzian but
// anziano → anzi), so a query word also matches the stems of base+{o,a,i,e}
// and, for a word that may be an -io noun or its plural, of the twin base
// (laboratorio, laboratori). So every form of a noun or adjective finds
// every other.
func forms(w string) []string {
	own := stem(w)
	out := []string{own}
	if hasDigit(w) {
		return out
	}
	base := w
	if strings.IndexByte("aeio", w[len(w)-1]) >= 0 {
		base = w[:len(w)-1]
	}
	if utf8.RuneCountInString(base) < 3 {
		return out
	}
	// The -io/-i twin: servizio and servizi, oratoria and oratori.
	twin := ""
	switch {
	case strings.HasSuffix(base, "i"):
		twin = base[:len(base)-1]
	case strings.HasSuffix(w, "i"):
		twin = w
	}
	for _, b := range []string{base, twin} {
		if utf8.RuneCountInString(b) < 3 {
			continue
		}
		for _, v := range []string{"o", "a", "i", "e"} {
			// A form the stemmer leaves whole (anna for anno) is another word.
			s := stem(b + v)
			if len(s) <= len(base) && !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

// snowballStem runs the Snowball Italian stemmer on a lowercase word.
func snowballStem(w string) string {
	env := snowball.NewEnv(w)
	italian.Stem(env)
	if s := env.Current(); s != "" {
		return s
	}
	return w
}
