package analysis

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits that keep hostile input cheap.
const (
	// DefaultMaxTerms is how many analysed words a query keeps when
	// Options.MaxTerms is zero; later words are ignored.
	DefaultMaxTerms = 12
	// MaxQueryBytes is how much of the raw query is read.
	MaxQueryBytes = 1024
	// maxAlts caps the alternatives of one clause, maxTypos its typo ones.
	maxAlts  = 24
	maxTypos = 6
	// minPrefixRunes is the shortest last word used as a prefix; a shorter
	// one is ignored until the user types more.
	minPrefixRunes = 2
	// minTypoRunes is the shortest word for which typos are tolerated.
	minTypoRunes = 5
)

// Options tune ParseQuery. The zero value parses plain words: no prefix,
// no synonyms, no typo tolerance, DefaultMaxTerms words.
type Options struct {
	// Prefix makes the last word a prefix (type-ahead) unless the query
	// ends with a space or punctuation.
	Prefix bool
	// Synonyms expands words and phrases found in a group; usually
	// DefaultSynonyms().
	Synonyms *Synonyms
	// Vocabulary, the stems present in the index, enables one typo of
	// tolerance on unknown words of minTypoRunes letters or more.
	Vocabulary *Vocabulary
	// MaxTerms caps the analysed words; 0 means DefaultMaxTerms.
	MaxTerms int
}

// qword is a query word with the stems of its inflections.
type qword struct {
	word
	forms []string
}

// ParseQuery turns what a user typed into a Query. Words are analysed like
// the index (Tokens); stop words and punctuation are ignored; text between
// double quotes ("…", “…”, «…») is a phrase, matched literally (no
// inflections, synonyms or typos). Each other word becomes a clause with
// its inflections, the synonyms of the longest synonym entry starting at
// it (which may cover several words) and, when the word is unknown to
// opts.Vocabulary, the vocabulary stems one typo away. It never fails:
// bad input gives fewer clauses.
func ParseQuery(q string, opts Options) Query {
	q = clip(q, MaxQueryBytes)
	open := opts.Prefix && endsInWord(q)
	left := opts.MaxTerms
	if left <= 0 {
		left = DefaultMaxTerms
	}
	p := parser{opts: opts}
	segs := segments(fold(q))
	for i, s := range segs {
		words := analyze(s.text)
		truncated := len(words) > left
		if truncated {
			words = words[:left]
		}
		left -= len(words)
		partial := open && !truncated && i == len(segs)-1 && !s.closed &&
			len(words) > 0 && words[len(words)-1].end == len(s.text)
		if s.quoted {
			p.phrase(words, partial)
		} else {
			p.words(words, partial)
		}
		if left == 0 {
			break
		}
	}
	return Query{Clauses: p.clauses}
}

type parser struct {
	opts    Options
	clauses []Clause
	seen    map[string]bool
}

// phrase adds a quoted phrase as a clause of one alternative.
func (p *parser) phrase(words []word, partial bool) {
	if len(words) == 0 || partial && len(words) == 1 && utf8.RuneCountInString(words[0].fold) < minPrefixRunes {
		return
	}
	alt := Alt{Prefix: partial, Kind: Exact}
	folds := make([]string, len(words))
	for i, w := range words {
		alt.Terms = append(alt.Terms, w.stem)
		folds[i] = w.fold
	}
	p.add(Clause{Text: strings.Join(folds, " "), Alts: []Alt{alt}})
}

// words adds the clauses of unquoted words; partial marks the last word as
// still being typed.
func (p *parser) words(words []word, partial bool) {
	ws := make([]qword, len(words))
	for i, w := range words {
		ws[i] = qword{word: w, forms: forms(w.fold)}
	}
	for i := 0; i < len(ws); {
		n, groups := p.opts.Synonyms.match(ws[i:])
		if n == 0 {
			n = 1
		}
		span := ws[i : i+n]
		last := partial && i+n == len(ws)
		i += n
		if last && n == 1 && utf8.RuneCountInString(span[0].fold) < minPrefixRunes {
			continue
		}
		c := Clause{Text: span[0].fold}
		switch {
		case n > 1:
			forms := make([][]string, n)
			for j, w := range span {
				forms[j] = w.forms
				if j > 0 {
					c.Text += " " + w.fold
				}
			}
			c.Alts = inflectedAlts(forms, Exact, Inflection, last)
		case last:
			c.Alts = prefixAlts(span[0])
		default:
			c.Alts = wordAlts(span[0])
		}
		if n == 1 && len(groups) == 0 {
			// A word still being typed may be finished with a typo too.
			c.Alts = append(c.Alts, p.typos(span[0])...)
		}
		c.Alts = append(c.Alts, p.opts.Synonyms.alternatives(groups)...)
		p.add(c)
	}
}

// wordAlts are the alternatives of a whole word: its stem, then the stems
// of its other inflections.
func wordAlts(w qword) []Alt {
	return inflectedAlts([][]string{w.forms}, Exact, Inflection, false)
}

// maxPhraseForms caps the inflected variants of one phrase.
const maxPhraseForms = 8

// inflectedAlts returns a phrase (or word) in its inflected variants, given
// the stems of each word's inflections, own stems first: the first variant
// has kind first, the others kind other.
func inflectedAlts(forms [][]string, first, other Kind, prefix bool) []Alt {
	alts := []Alt{{Kind: first, Prefix: prefix}}
	for _, fs := range forms {
		var next []Alt
		for _, a := range alts {
			for _, f := range fs {
				if len(next) == maxPhraseForms {
					break
				}
				next = append(next, Alt{Terms: append(slices.Clip(a.Terms), f), Kind: other, Prefix: prefix})
			}
		}
		alts = next
	}
	alts[0].Kind = first
	return alts
}

// prefixAlts are the alternatives of a word still being typed: the word
// as a prefix (bambi → bambin), its stem (a complete word is stemmed
// shorter than itself: ludoteca → ludotec; milano → mil, which as a prefix
// would also find militare), and the stems of likely completions the
// prefix misses: the other inflections (sportiv → sportivo → sport) and
// -ione nouns (educazi → educazione → educ).
func prefixAlts(w qword) []Alt {
	alts := []Alt{
		{Terms: []string{w.fold}, Prefix: true, Kind: Exact},
		{Terms: []string{w.stem}, Kind: Exact},
	}
	for _, f := range w.forms[1:] {
		alts = append(alts, Alt{Terms: []string{f}, Kind: Inflection})
	}
	if !hasDigit(w.fold) {
		for _, c := range completions(w.fold) {
			alts = append(alts, Alt{Terms: []string{stem(c)}, Kind: Inflection})
		}
	}
	return alts
}

// completions returns the words a prefix may be the start of whose stem is
// shorter than the prefix: the -zione nouns, the most common such family.
func completions(p string) []string {
	switch {
	case strings.HasSuffix(p, "io"):
		return []string{p + "ne"}
	case strings.HasSuffix(p, "i"):
		return []string{p + "one"}
	case strings.HasSuffix(p, "z"):
		return []string{p + "ione"}
	}
	return nil
}

// typos returns the vocabulary stems one edit away from an unknown word.
func (p *parser) typos(w qword) []Alt {
	v := p.opts.Vocabulary
	if v == nil || utf8.RuneCountInString(w.fold) < minTypoRunes || hasDigit(w.fold) {
		return nil
	}
	for _, f := range w.forms {
		if v.Contains(f) {
			return nil
		}
	}
	var alts []Alt
	for _, t := range v.Fuzzy(w.stem) {
		if len(alts) == maxTypos {
			break
		}
		alts = append(alts, Alt{Terms: []string{t}, Kind: Typo})
	}
	return alts
}

// add appends a clause after removing the alternatives that an earlier
// (better) one already covers and capping them; a clause equal to an
// earlier one is dropped.
func (p *parser) add(c Clause) {
	var alts []Alt
	for _, a := range c.Alts {
		if len(alts) < maxAlts && !slices.ContainsFunc(alts, func(b Alt) bool { return b.covers(a) }) {
			alts = append(alts, a)
		}
	}
	c.Alts = alts
	k := c.key()
	if p.seen[k] {
		return
	}
	if p.seen == nil {
		p.seen = make(map[string]bool)
	}
	p.seen[k] = true
	p.clauses = append(p.clauses, c)
}

// segment is a run of the query inside or outside double quotes.
type segment struct {
	text   string
	quoted bool
	closed bool // a quoted segment whose closing quote was typed
}

// segments splits a folded query on double quotes; an unclosed quote runs
// to the end.
func segments(s string) []segment {
	var segs []segment
	quoted := false
	start := 0
	for i, r := range s {
		if !isQuote(r) {
			continue
		}
		segs = append(segs, segment{text: s[start:i], quoted: quoted, closed: quoted})
		quoted = !quoted
		start = i + utf8.RuneLen(r)
	}
	return append(segs, segment{text: s[start:], quoted: quoted})
}

func isQuote(r rune) bool {
	switch r {
	case '"', '“', '”', '„', '«', '»', '＂':
		return true
	}
	return false
}

// clip makes s valid UTF-8 and cuts it to at most n bytes on a rune
// boundary.
func clip(s string, n int) string {
	s = strings.ToValidUTF8(s, " ")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// endsInWord reports whether s ends with a letter or digit: the user is
// still typing its last word.
func endsInWord(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return (unicode.IsLetter(r) || unicode.IsDigit(r)) && !isApostrophe(r)
}
