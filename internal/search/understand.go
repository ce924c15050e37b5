package search

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/trama-welfare/trama/internal/platform/geo"
	"github.com/trama-welfare/trama/internal/platform/text"
)

// Families type what they need as a sentence: "attività per un bambino di
// 8 anni il sabato pomeriggio vicino a Buccinasco". understand reads the
// parts that are filters — a weekday, a part of the day, an age ("8 anni"),
// a comune after "a", "in", "vicino a", "presso" — and leaves the other
// words as text. Words that only say "something for a child" go once an
// age is known. Nothing is guessed beyond these patterns.

// understood is what a sentence says besides its words.
type understood struct {
	Text   string // the words left
	Day    *time.Weekday
	Part   Part
	Age    *int
	Comune *geo.Comune
}

var (
	weekdayWords = map[string]time.Weekday{"domenica": time.Sunday, "lunedi": time.Monday, "martedi": time.Tuesday,
		"mercoledi": time.Wednesday, "giovedi": time.Thursday, "venerdi": time.Friday, "sabato": time.Saturday,
		"domeniche": time.Sunday, "sabati": time.Saturday}
	partWordsIn = map[string]Part{"mattina": Morning, "mattino": Morning, "mattine": Morning, "pomeriggio": Afternoon,
		"pomeriggi": Afternoon, "sera": Evening, "serata": Evening, "sere": Evening}
	// Before a comune: strong cues, and weak ones ("giocare a calcio" is not
	// the comune of Calcio) that count only before a capital letter.
	placeWords = map[string]bool{"vicino": true, "presso": true, "dintorni": true, "zona": true, "a": false, "ad": false, "in": false}
	// vague words carry no meaning a service's text would repeat.
	vague = map[string]bool{"attivita": true, "servizio": true, "servizi": true, "cerco": true, "cerchiamo": true,
		"qualcosa": true, "iniziative": true, "iniziativa": true, "proposte": true, "vicino": true}
	// person words say who it is for: the age says it better.
	personWords = map[string]bool{"bambino": true, "bambina": true, "bambini": true, "bambine": true, "bimbo": true, "bimba": true,
		"bimbi": true, "figlio": true, "figlia": true, "figli": true, "ragazzo": true, "ragazza": true, "ragazzi": true, "ragazze": true,
		"anni": true, "anno": true}
)

func splitWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’' })
}

// understand reads the filters a sentence holds.
func (e *Env) understand(q string) understood {
	words, typed := splitWords(text.Fold(q)), splitWords(q)
	capital := func(i int) bool {
		return len(typed) == len(words) && typed[i] != "" && unicode.IsUpper([]rune(typed[i])[0])
	}
	var u understood
	keep := make([]bool, len(words))
	for i := range words {
		keep[i] = true
	}
	for i := 0; i < len(words); i++ {
		w := words[i]
		if d, ok := weekdayWords[w]; ok && u.Day == nil {
			u.Day, keep[i] = &d, false
			continue
		}
		if p, ok := partWordsIn[w]; ok && u.Part == "" {
			u.Part, keep[i] = p, false
			continue
		}
		if n, err := strconv.Atoi(w); err == nil && i+1 < len(words) && (words[i+1] == "anni" || words[i+1] == "anno") && u.Age == nil && n <= 120 {
			u.Age, keep[i], keep[i+1] = &n, false, false
			i++
			continue
		}
		if strong, cue := placeWords[w]; cue && u.Comune == nil {
			// "vicino a Cesano Boscone": the longest comune name that follows.
			j := i + 1
			for j < len(words) {
				s, ok := placeWords[words[j]]
				if !ok {
					break
				}
				strong = strong || s
				j++
			}
			if j == len(words) || !strong && !capital(j) {
				continue
			}
			for n := min(5, len(words)-j); n >= 1; n-- {
				if c, ok := e.exactComune(strings.Join(words[j:j+n], " ")); ok {
					u.Comune = &c
					for k := i; k < j+n; k++ {
						keep[k] = false
					}
					i = j + n - 1
					break
				}
			}
		}
	}
	var left []string
	for i, w := range words {
		if keep[i] && !vague[w] && !(u.Age != nil && personWords[w]) {
			left = append(left, w)
		}
	}
	u.Text = strings.Join(left, " ")
	if u.Day == nil && u.Part == "" && u.Age == nil && u.Comune == nil {
		u.Text = q // nothing understood: the words as typed
	}
	return u
}

// exactComune is the comune whose whole name is s (folded), the most
// populous of its name.
func (e *Env) exactComune(s string) (geo.Comune, bool) {
	var best geo.Comune
	found := false
	for _, c := range e.byName[s] {
		if !found || c.Population > best.Population {
			best, found = c, true
		}
	}
	return best, found
}
