package analysis

import (
	"strings"

	"github.com/trama-welfare/trama/internal/platform/text"
)

// stopList is Snowball's Italian stop word list
// (https://snowballstem.org/algorithms/italian/stop.txt, BSD licence,
// © Martin Porter and Richard Boulton), one line per paradigm, minus the
// future forms whose accent-folded spelling is an ordinary word or a name
// (avrò, avrà, sarò, sarà → Sara, farò → faro, farà → Fara, starò, starà):
// folding happens before the stop check, and "Il Faro" or "Casa Sara" must
// stay findable.
const stopList = `
ad al allo ai agli all agl alla alle con col coi
da dal dallo dai dagli dall dagl dalla dalle
di del dello dei degli dell degl della delle
in nel nello nei negli nell negl nella nelle
su sul sullo sui sugli sull sugl sulla sulle
per tra contro io tu lui lei noi voi loro
mio mia miei mie tuo tua tuoi tue suo sua suoi sue
nostro nostra nostri nostre vostro vostra vostri vostre
mi ti ci vi lo la li le gli ne il un uno una ma ed se perché anche come dov dove
che chi cui non più quale quanto quanti quanta quante
quello quelli quella quelle questo questi questa queste si tutto tutti
a c e i l o
ho hai ha abbiamo avete hanno abbia abbiate abbiano
avremo avrete avranno avrei avresti avrebbe avremmo avreste avrebbero
avevo avevi aveva avevamo avevate avevano ebbi avesti ebbe avemmo aveste ebbero
avessi avesse avessimo avessero avendo avuto avuta avuti avute
sono sei è siamo siete sia siate siano sarai saremo sarete saranno
sarei saresti sarebbe saremmo sareste sarebbero ero eri era eravamo eravate erano
fui fosti fu fummo foste furono fossi fosse fossimo fossero essendo
faccio fai facciamo fanno faccia facciate facciano farai faremo farete faranno
farei faresti farebbe faremmo fareste farebbero facevo facevi faceva facevamo facevate facevano
feci facesti fece facemmo faceste fecero facessi facesse facessimo facessero facendo
sto stai sta stiamo stanno stia stiate stiano starai staremo starete staranno
starei staresti starebbe staremmo stareste starebbero stavo stavi stava stavamo stavate stavano
stetti stesti stette stemmo steste stettero stessi stesse stessimo stessero stando
`

// elisions are the words that drop their last vowel before a vowel
// (l'oratorio, dell'acqua, un'attività, quest'anno): followed by an
// apostrophe and a letter they carry no meaning and are skipped.
const elisionList = `
l all dall dell nell sull coll pell gl agl dagl degl negl sugl
un d c m t s v n quest quell nessun ciascun qualcun tutt dov com cos anch ch mezz
`

var (
	stopWords = wordSet(stopList)
	elisions  = wordSet(elisionList)
)

func wordSet(list string) map[string]bool {
	set := make(map[string]bool)
	for _, w := range strings.Fields(list) {
		set[text.Fold(w)] = true
	}
	return set
}

// IsStopWord reports whether the (folded, lowercase) word is an Italian
// stop word, which analysis drops at index and query time alike.
func IsStopWord(word string) bool { return stopWords[word] }
