package analysis

import (
	"hash/maphash"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// Vocabulary is the set of stems present in the index, loaded by callers
// from the database (fts5vocab on SQLite, ts_stat on PostgreSQL). It finds
// the stems one typo away from a query stem.
//
// Lookups use a deletion neighbourhood (as in SymSpell): every stem is
// filed under itself and under each string made by deleting one of its
// runes. Two strings are one insertion, deletion, substitution or adjacent
// transposition apart only if they share such a key, so a lookup hashes the
// term and its deletions (len+1 keys) and verifies the few stems filed
// there. Keys are 64-bit hashes, so the index holds no strings but the
// stems themselves.
//
// The zero value is empty and ready to use; a Vocabulary is safe for
// concurrent use.
type Vocabulary struct {
	mu      sync.RWMutex
	seed    maphash.Seed
	words   []string
	heads   map[uint64]uint32 // key → 1 + index of its first entry
	entries []vocabEntry      // chained per key, newest first
	sorted  []string          // words in order, for prefixes; nil after an Add
}

type vocabEntry struct {
	word uint32 // index in words
	next uint32 // 1 + index of the next entry under the same key, 0 at the end
}

// Add puts stems in the vocabulary; empty, over-long and known ones are
// ignored.
func (v *Vocabulary) Add(stems ...string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.heads == nil {
		v.seed = maphash.MakeSeed()
		v.heads = make(map[uint64]uint32)
	}
	var h maphash.Hash
	h.SetSeed(v.seed)
	for _, s := range stems {
		if s == "" || utf8.RuneCountInString(s) > MaxTokenRunes || v.contains(&h, s) {
			continue
		}
		id := uint32(len(v.words))
		v.words = append(v.words, s)
		v.sorted = nil
		v.file(hashCut(&h, s, 0, 0), id)
		for i, r := range s {
			v.file(hashCut(&h, s, i, utf8.RuneLen(r)), id)
		}
	}
}

func (v *Vocabulary) file(key uint64, id uint32) {
	v.entries = append(v.entries, vocabEntry{word: id, next: v.heads[key]})
	v.heads[key] = uint32(len(v.entries))
}

// Len returns the number of stems.
func (v *Vocabulary) Len() int {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return len(v.words)
}

// Contains reports whether stem is in the vocabulary.
func (v *Vocabulary) Contains(stem string) bool {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.heads == nil {
		return false
	}
	var h maphash.Hash
	h.SetSeed(v.seed)
	return v.contains(&h, stem)
}

func (v *Vocabulary) contains(h *maphash.Hash, s string) bool {
	for e := v.heads[hashCut(h, s, 0, 0)]; e != 0; e = v.entries[e-1].next {
		if v.words[v.entries[e-1].word] == s {
			return true
		}
	}
	return false
}

// Fuzzy returns the stems at Damerau-Levenshtein distance exactly 1 from
// term (one insertion, deletion, substitution or transposition of adjacent
// runes), sorted.
func (v *Vocabulary) Fuzzy(term string) []string {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.heads == nil || term == "" || utf8.RuneCountInString(term) > MaxTokenRunes {
		return nil
	}
	var h maphash.Hash
	h.SetSeed(v.seed)
	var found []uint32
	visit := func(key uint64) {
		for e := v.heads[key]; e != 0; e = v.entries[e-1].next {
			id := v.entries[e-1].word
			if !slices.Contains(found, id) && oneEdit(term, v.words[id]) {
				found = append(found, id)
			}
		}
	}
	visit(hashCut(&h, term, 0, 0))
	for i, r := range term {
		visit(hashCut(&h, term, i, utf8.RuneLen(r)))
	}
	out := make([]string, len(found))
	for i, id := range found {
		out[i] = v.words[id]
	}
	slices.Sort(out)
	return out
}

// WithPrefix returns the stems that start with prefix (the prefix itself
// included), at most max of them: the shortest, then in order. A search
// asks for these few whole stems instead of a prefix, which full-text
// engines answer by merging every matching term.
func (v *Vocabulary) WithPrefix(prefix string, max int) []string {
	if prefix == "" || max <= 0 {
		return nil
	}
	v.mu.RLock()
	sorted := v.sorted
	v.mu.RUnlock()
	if sorted == nil {
		v.mu.Lock()
		if v.sorted == nil {
			v.sorted = slices.Clone(v.words)
			slices.Sort(v.sorted)
		}
		sorted = v.sorted
		v.mu.Unlock()
	}
	i, _ := slices.BinarySearch(sorted, prefix)
	var out []string
	for ; i < len(sorted) && strings.HasPrefix(sorted[i], prefix); i++ {
		out = append(out, sorted[i])
	}
	slices.SortStableFunc(out, func(a, b string) int { return len(a) - len(b) })
	return out[:min(max, len(out))]
}

// hashCut hashes s without its bytes [i, i+n).
func hashCut(h *maphash.Hash, s string, i, n int) uint64 {
	h.Reset()
	h.WriteString(s[:i])
	h.WriteString(s[i+n:])
	return h.Sum64()
}

// oneEdit reports whether a and b are exactly one insertion, deletion,
// substitution or adjacent transposition apart.
func oneEdit(a, b string) bool {
	var bufA, bufB [MaxTokenRunes + 1]rune
	ra, rb := appendRunes(bufA[:0], a), appendRunes(bufB[:0], b)
	if len(ra) < len(rb) {
		ra, rb = rb, ra
	}
	i := 0
	for i < len(rb) && ra[i] == rb[i] {
		i++
	}
	switch len(ra) - len(rb) {
	case 0:
		if i == len(ra) {
			return false // equal
		}
		if slices.Equal(ra[i+1:], rb[i+1:]) {
			return true // substitution
		}
		return i+1 < len(ra) && ra[i] == rb[i+1] && ra[i+1] == rb[i] &&
			slices.Equal(ra[i+2:], rb[i+2:]) // transposition
	case 1:
		return slices.Equal(ra[i+1:], rb[i:]) // deletion
	}
	return false
}

func appendRunes(dst []rune, s string) []rune {
	for _, r := range s {
		dst = append(dst, r)
	}
	return dst
}
