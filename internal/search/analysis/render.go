package analysis

import (
	"fmt"
	"strings"
	"unicode"
)

// FTS5Match renders q for SQLite FTS5 `MATCH`, against a column that holds
// IndexText: each term in double quotes, a prefix as "term"*, a phrase as
// "term term", clauses joined by AND, alternatives by OR in parentheses:
//
//	("doposcuol" OR "aiut comp") AND "sport"*
//
// An empty query renders as "" (list without text filtering). Only letters
// and digits of each term are written, so no input can change the syntax.
func (q Query) FTS5Match() string {
	return q.render(func(a Alt) string {
		s := `"` + strings.Join(a.Terms, " ") + `"`
		if a.Prefix {
			s += "*"
		}
		return s
	}, " OR ", " AND ")
}

// TSQuery renders q for PostgreSQL `to_tsquery('simple', …)`, against a
// tsvector built with to_tsvector('simple', IndexText(…)): a prefix as
// term:*, a phrase as term <-> term, clauses joined by &, alternatives by |
// in parentheses (<-> binds tighter than | and &):
//
//	(doposcuol | aiut <-> comp) & sport:*
//
// An empty query renders as "". Only letters and digits of each term are
// written, so no input can change the syntax.
func (q Query) TSQuery() string {
	return q.render(func(a Alt) string {
		s := strings.Join(a.Terms, " <-> ")
		if a.Prefix {
			s += ":*"
		}
		return s
	}, " | ", " & ")
}

// FTS5MatchIn is FTS5Match restricted to some columns of the FTS5 table
// (a column filter, `{name body} : (…)`); with no column it is FTS5Match.
// Column names must be plain identifiers chosen by the caller.
func (q Query) FTS5MatchIn(columns ...string) string {
	m := q.FTS5Match()
	if m == "" || len(columns) == 0 {
		return m
	}
	return "{" + strings.Join(columns, " ") + "} : (" + m + ")"
}

// render writes the sanitised query with alt rendering one alternative.
func (q Query) render(alt func(Alt) string, or, and string) string {
	var clauses []string
	for _, c := range q.sanitized().Clauses {
		alts := make([]string, len(c.Alts))
		for i, a := range c.Alts {
			alts[i] = alt(a)
		}
		s := strings.Join(alts, or)
		if len(alts) > 1 {
			s = "(" + s + ")"
		}
		clauses = append(clauses, s)
	}
	return strings.Join(clauses, and)
}

// sanitized keeps only the letters and digits of every term, so that a
// Query built by hand cannot inject engine syntax. Emptied terms, then
// alternatives, then clauses are dropped.
func (q Query) sanitized() Query {
	var out Query
	for _, c := range q.Clauses {
		var alts []Alt
		for _, a := range c.Alts {
			var terms []string
			for _, t := range a.Terms {
				if t = strings.Map(keepWordRune, t); t != "" {
					terms = append(terms, t)
				}
			}
			if len(terms) > 0 {
				a.Terms = terms
				alts = append(alts, a)
			}
		}
		if len(alts) > 0 {
			out.Clauses = append(out.Clauses, Clause{Text: c.Text, Alts: alts})
		}
	}
	return out
}

func keepWordRune(r rune) rune {
	if isWordRune(r) {
		return unicode.ToLower(r)
	}
	return -1
}

// AtLeast returns q with only the alternatives worth weight or more; a
// clause with none keeps its best ones. q.AtLeast(Exact.Weight()) matches
// the user's own words only: rank its matches above the others.
func (q Query) AtLeast(weight float64) Query {
	out := Query{Clauses: make([]Clause, len(q.Clauses))}
	for i, c := range q.Clauses {
		best := 0.0
		for _, a := range c.Alts {
			best = max(best, a.Weight())
		}
		keep := min(weight, best)
		out.Clauses[i] = Clause{Text: c.Text}
		for _, a := range c.Alts {
			if a.Weight() >= keep {
				out.Clauses[i].Alts = append(out.Clauses[i].Alts, a)
			}
		}
	}
	return out
}

// Matches reports whether a document whose IndexText is indexText matches
// q, with the semantics of both renderings. It is the reference for tests
// and handy for filtering short in-memory lists.
func (q Query) Matches(indexText string) bool {
	tokens := strings.Fields(indexText)
	for _, c := range q.sanitized().Clauses {
		if !c.matches(tokens) {
			return false
		}
	}
	return true
}

func (c Clause) matches(tokens []string) bool {
	for _, a := range c.Alts {
		for start := range tokens {
			if a.matchesAt(tokens[start:]) {
				return true
			}
		}
	}
	return false
}

func (a Alt) matchesAt(tokens []string) bool {
	if len(tokens) < len(a.Terms) {
		return false
	}
	last := len(a.Terms) - 1
	for i, t := range a.Terms {
		if tokens[i] != t && !(a.Prefix && i == last && strings.HasPrefix(tokens[i], t)) {
			return false
		}
	}
	return true
}

// Explain describes q for a debug flag: one line per clause, then one per
// alternative with its kind and weight.
//
//	clause 1 "aiuto compiti"
//	  exact       1.00  aiut comp
//	  synonym     0.70  doposcuol
func Explain(q Query) string {
	if q.Empty() {
		return "(empty query: no text filter)\n"
	}
	var b strings.Builder
	for i, c := range q.Clauses {
		fmt.Fprintf(&b, "clause %d %q\n", i+1, c.Text)
		for _, a := range c.Alts {
			s := strings.Join(a.Terms, " ")
			if a.Prefix {
				s += "*"
			}
			fmt.Fprintf(&b, "  %-10s  %.2f  %s\n", a.Kind, a.Weight(), s)
		}
	}
	return b.String()
}
