package analysis

import "strings"

// Query is a parsed search: every clause must match (AND).
// The zero Query is empty and matches everything (callers list without
// text filtering).
type Query struct {
	Clauses []Clause
}

// Clause is one requirement of a query: any of its alternatives (OR).
type Clause struct {
	Text string // the folded query words it stands for, for explanations
	Alts []Alt  // the user's own form first
}

// Alt is one way to satisfy a clause: a stem, or a phrase of stems that
// must appear in order and next to each other.
type Alt struct {
	Terms  []string // analysed tokens, as produced by Tokens
	Prefix bool     // the last term is a prefix (type-ahead)
	Kind   Kind
}

// Kind says where an alternative comes from, which sets how much a match
// on it is worth.
type Kind uint8

// The kinds of alternative, best first.
const (
	Exact      Kind = iota // the user's word or phrase, or a prefix of it
	Inflection             // another gender or number of the user's word
	Synonym                // an entry of a synonym group
	Typo                   // a vocabulary stem one edit away
)

var kindNames = [...]string{"exact", "inflection", "synonym", "typo"}
var kindWeights = [...]float64{1, 0.9, 0.7, 0.4}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// Weight is what a match on an alternative of this kind is worth relative
// to an exact one (1). Callers rank exact matches above the others, e.g.
// with q.AtLeast(Exact.Weight()) as a second, boosting query.
func (k Kind) Weight() float64 {
	if int(k) < len(kindWeights) {
		return kindWeights[k]
	}
	return 0
}

// Weight is the weight of the alternative's kind.
func (a Alt) Weight() float64 { return a.Kind.Weight() }

// Empty reports whether the query has no clause.
func (q Query) Empty() bool { return len(q.Clauses) == 0 }

// covers reports whether every document matching b also matches a: a's
// terms appear in b's, in a row (sport covers attiv sport; sport* covers
// sportiv).
func (a Alt) covers(b Alt) bool {
	if len(a.Terms) == 0 {
		return false
	}
	for start := 0; start+len(a.Terms) <= len(b.Terms); start++ {
		if a.coversAt(b, start) {
			return true
		}
	}
	return false
}

func (a Alt) coversAt(b Alt, start int) bool {
	last := len(a.Terms) - 1
	for i, t := range a.Terms {
		j := start + i
		bt, bPrefix := b.Terms[j], b.Prefix && j == len(b.Terms)-1
		switch {
		case i == last && a.Prefix:
			if !strings.HasPrefix(bt, t) {
				return false
			}
		case bt != t || bPrefix:
			return false
		}
	}
	return true
}

func (a Alt) key() string {
	k := strings.Join(a.Terms, " ")
	if a.Prefix {
		k += "*"
	}
	return k
}

func (c Clause) key() string {
	keys := make([]string, len(c.Alts))
	for i, a := range c.Alts {
		keys[i] = a.key()
	}
	return strings.Join(keys, "|")
}
