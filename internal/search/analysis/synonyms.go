package analysis

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/trama-welfare/trama/data"
)

// Synonyms are groups of words and phrases that mean the same thing to a
// family searching the directory (doposcuola, aiuto compiti, sostegno
// scolastico). They are applied at query time: a query word or phrase found
// in a group also matches every other entry of the group, and vice versa.
// Entries are kept in analysed form, so inflections and accents do not
// matter (centri estivi finds the entry centro estivo).
//
// The zero value and nil have no groups. A Synonyms is read-only after
// ParseSynonyms and safe for concurrent use.
type Synonyms struct {
	groups  [][]synEntry
	byFirst map[string][]synRef // first stem of an entry → the entries
}

// synEntry is one analysed entry of a group.
type synEntry struct {
	terms []string   // the stems, in order; more than one is a phrase
	forms [][]string // for each word, the stems of its inflections (own first)
}

type synRef struct{ group, entry int }

// ParseSynonyms reads synonym groups: one group per line, entries separated
// by commas, multi-word entries allowed, everything after # ignored, blank
// lines skipped. A group needs at least two entries that differ once
// analysed, and every entry needs a word that is not a stop word.
func ParseSynonyms(r io.Reader) (*Synonyms, error) {
	s := &Synonyms{byFirst: make(map[string][]synRef)}
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		content, _, _ := strings.Cut(sc.Text(), "#")
		if strings.TrimSpace(content) == "" {
			continue
		}
		var group []synEntry
		for raw := range strings.SplitSeq(content, ",") {
			if strings.TrimSpace(raw) == "" {
				continue
			}
			e, err := parseEntry(raw)
			if err != nil {
				return nil, fmt.Errorf("analysis: synonyms line %d: %w", line, err)
			}
			if !slices.ContainsFunc(group, func(g synEntry) bool { return slices.Equal(g.terms, e.terms) }) {
				group = append(group, e)
			}
		}
		if len(group) < 2 {
			return nil, fmt.Errorf("analysis: synonyms line %d: a group needs two entries that differ once analysed", line)
		}
		g := len(s.groups)
		s.groups = append(s.groups, group)
		for i, e := range group {
			s.byFirst[e.terms[0]] = append(s.byFirst[e.terms[0]], synRef{g, i})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("analysis: synonyms: %w", err)
	}
	return s, nil
}

func parseEntry(raw string) (synEntry, error) {
	words := analyze(fold(raw))
	if len(words) == 0 {
		return synEntry{}, fmt.Errorf("%q has no searchable word", strings.TrimSpace(raw))
	}
	e := synEntry{terms: make([]string, len(words)), forms: make([][]string, len(words))}
	for i, w := range words {
		e.terms[i] = w.stem
		e.forms[i] = forms(w.fold)
	}
	return e, nil
}

// Len returns the number of groups.
func (s *Synonyms) Len() int {
	if s == nil {
		return 0
	}
	return len(s.groups)
}

// DefaultSynonyms returns the groups of data/sinonimi.txt, shipped in the
// binary. It panics if that file is malformed, which the tests rule out.
func DefaultSynonyms() *Synonyms { return defaultSynonyms() }

var defaultSynonyms = sync.OnceValue(func() *Synonyms {
	f, err := data.FS.Open("sinonimi.txt")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	s, err := ParseSynonyms(f)
	if err != nil {
		panic(err)
	}
	return s
})

// match finds the longest entry that starts the query words ws, comparing
// each entry stem with the inflection stems of the query word. It returns
// the number of words matched (0 for none) and the groups that contain such
// an entry.
func (s *Synonyms) match(ws []qword) (n int, groups []int) {
	if s == nil || len(ws) == 0 {
		return 0, nil
	}
	for _, first := range ws[0].forms {
		for _, ref := range s.byFirst[first] {
			e := s.groups[ref.group][ref.entry]
			if len(e.terms) < n || !e.matches(ws) {
				continue
			}
			if len(e.terms) > n {
				n, groups = len(e.terms), groups[:0]
			}
			if !slices.Contains(groups, ref.group) {
				groups = append(groups, ref.group)
			}
		}
	}
	return n, groups
}

// matches reports whether the entry's stems are among the inflection stems
// of the first words of ws.
func (e synEntry) matches(ws []qword) bool {
	if len(e.terms) > len(ws) {
		return false
	}
	for i, t := range e.terms {
		if !slices.Contains(ws[i].forms, t) {
			return false
		}
	}
	return true
}

// alternatives returns the entries of the groups as query alternatives.
func (s *Synonyms) alternatives(groups []int) []Alt {
	var alts []Alt
	for _, g := range groups {
		for _, e := range s.groups[g] {
			alts = append(alts, inflectedAlts(e.forms, Synonym, Synonym, false)...)
		}
	}
	return alts
}
