package schedule

import (
	"strconv"
	"strings"
	"time"
)

// italian writes schedules in Italian. The grammar that needs code lives
// here: articles and their elision (il lunedì, la domenica, l'8, l'ultimo),
// articulated prepositions (dal, dall', al, all'), gendered ordinals
// (il primo lunedì, la prima domenica) and the ordinal 1°.
type italian struct{}

var (
	itDays = [7]string{"domenica", "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato"}
	// itMonths is indexed by time.Month.
	itMonths = [13]string{"", "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno",
		"luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"}
	itNumbers = [13]string{"", "uno", "due", "tre", "quattro", "cinque", "sei",
		"sette", "otto", "nove", "dieci", "undici", "dodici"}
	itOrdinals = [6][2]string{{}, {"primo", "prima"}, {"secondo", "seconda"}, {"terzo", "terza"},
		{"quarto", "quarta"}, {"quinto", "quinta"}}
	itFromEnd = [6][2]string{{}, {"ultimo", "ultima"}, {"penultimo", "penultima"},
		{"terzultimo", "terzultima"}, {"quartultimo", "quartultima"}, {"quintultimo", "quintultima"}}
	itUnits = [4][2]string{{"giorno", "giorni"}, {"settimana", "settimane"}, {"mese", "mesi"}, {"anno", "anni"}}
)

func (italian) list(items []string) string { return joinList(items, "e") }

func (italian) everyDay() string { return "tutti i giorni" }

func (italian) everyN(n int, u unit) string {
	return "ogni " + itNumber(n) + " " + itUnits[u][1]
}

func (italian) withInterval(every, what string, _ unit) string { return every + ", " + what }

func (it italian) weekdays(days []time.Weekday, every bool) string {
	if every && len(days) == 1 {
		return "ogni " + itDays[days[0]]
	}
	var items []string
	for _, run := range dayRuns(days) {
		if len(run) < 3 {
			for _, d := range run {
				items = append(items, itArt("", itArticle(d))+itDays[d])
			}
			continue
		}
		first, last := run[0], run[len(run)-1]
		items = append(items, itArt("da", itArticle(first))+itDays[first]+" "+itArt("a", itArticle(last))+itDays[last])
	}
	return it.list(items)
}

// itArticle is the article of a weekday: "la" for domenica, else "il".
func itArticle(d time.Weekday) string {
	if d == time.Sunday {
		return "la"
	}
	return "il"
}

func (it italian) nthWeekdays(items []weekdayNum, u unit) string {
	var groups []string
	for i := 0; i < len(items); {
		day := items[i].day
		fem := day == time.Sunday
		var ords []string
		for ; i < len(items) && items[i].day == day; i++ {
			ords = append(ords, itOrd("", items[i].n, fem))
		}
		groups = append(groups, it.list(ords)+" "+itDays[day])
	}
	return it.list(groups) + itOf(u)
}

func itOf(u unit) string {
	if u == years {
		return " dell'anno"
	}
	return " del mese"
}

// itOrdinal gives the article and the ordinal of position n (negative:
// from the end): il primo, la prima, l'ultimo, il 20°, la 6ª dalla fine.
func itOrdinal(n int, fem bool) (art, word string) {
	g := 0
	if fem {
		g = 1
	}
	art = [2]string{"il", "la"}[g]
	switch {
	case n > 0 && n <= 5:
		return art, itOrdinals[n][g]
	case n == -1:
		return "l'", itFromEnd[1][g] // l'ultimo, l'ultima
	case n < 0 && n >= -5:
		return art, itFromEnd[-n][g]
	}
	word = strconv.Itoa(abs(n)) + [2]string{"°", "ª"}[g]
	if n < 0 {
		word += " dalla fine"
	}
	if itElides(abs(n)) { // l'8° (ottavo), l'11ª (undicesima)
		art = "l'"
	}
	return art, word
}

// itArt glues an article ("il", "la", "l'") to a preposition ("", "da",
// "a", "in"): il, dal, alla, nell'. The result ends with a space unless
// the article is elided.
func itArt(prep, art string) string {
	stem := map[string]string{"": "", "da": "da", "a": "a", "in": "ne"}[prep]
	switch {
	case art == "l'" && stem == "":
		return "l'"
	case art == "l'":
		return stem + "ll'"
	case stem == "":
		return art + " "
	case art == "la":
		return stem + "lla "
	}
	return stem + "l "
}

// itOrd writes an ordinal with its article after a preposition.
func itOrd(prep string, n int, fem bool) string {
	art, word := itOrdinal(n, fem)
	return itArt(prep, art) + word
}

// itElides tells whether a number read aloud starts with a vowel (otto,
// undici, ottanta…), so that its article elides: l'8, l'11.
func itElides(n int) bool {
	return n == 8 || n == 11 || n >= 80 && n <= 89 || n >= 800 && n <= 899
}

func (it italian) monthDays(days []int, every bool) string {
	var pos, neg []string
	for _, d := range days {
		if d > 0 {
			pos = append(pos, itDayArticle("", d))
		} else {
			neg = append(neg, itOrd("", d, false))
		}
	}
	var parts []string
	if len(pos) > 0 {
		of := " del mese"
		if every {
			of = " di ogni mese"
		}
		parts = append(parts, it.list(pos)+of)
	}
	if len(neg) > 0 {
		parts = append(parts, it.list(neg)+" giorno del mese")
	}
	return it.list(parts)
}

// itDayArticle writes a day of the month with its article, glued to a
// preposition ("", "da", "a"): il 15, l'8, dal 1°, all'11.
func itDayArticle(prep string, d int) string {
	if d == 1 {
		return itArt(prep, "il") + "1°"
	}
	art := "il"
	if itElides(d) {
		art = "l'"
	}
	return itArt(prep, art) + strconv.Itoa(d)
}

func (it italian) yearDays(days []int) string {
	items := make([]string, len(days))
	for i, d := range days {
		items[i] = itOrd("", d, false)
	}
	return it.list(items) + " giorno dell'anno"
}

func (it italian) weekNumbers(nos []int) string {
	var pos, items []string
	for _, n := range nos {
		if n > 0 {
			pos = append(pos, strconv.Itoa(n))
		} else {
			items = append(items, itOrd("in", n, true)+" settimana") // nell'ultima settimana
		}
	}
	switch len(pos) {
	case 0:
	case 1:
		items = append([]string{"nella settimana " + pos[0]}, items...)
	default:
		items = append([]string{"nelle settimane " + it.list(pos)}, items...)
	}
	return it.list(items) + " dell'anno"
}

func (italian) yearDate(m time.Month, day int, every bool) string {
	s := itDayArticle("", day) + " " + itMonths[m]
	if every {
		s += " di ogni anno"
	}
	return s
}

func (it italian) ifWeekdays(days []time.Weekday) string {
	names := make([]string, len(days))
	for i, d := range days {
		names[i] = itDays[d]
	}
	return "se è " + joinList(names, "o")
}

func (it italian) ifMonthDays(days []int) string {
	var items []string
	for _, d := range days {
		if d > 0 {
			items = append(items, itDayArticle("", d))
		} else {
			items = append(items, itOrd("", d, false)+" giorno del mese")
		}
	}
	return "se è " + joinList(items, "o")
}

func (italian) date(d Date) string { return itDate("", d, true) }

// itDate writes "il 25 ottobre 2024", "dall'8 marzo", "al 1° gennaio 2027".
func itDate(prep string, d Date, year bool) string {
	s := itDayArticle(prep, d.Day) + " " + itMonths[d.Month]
	if year {
		s += " " + strconv.Itoa(d.Year)
	}
	return s
}

func (italian) hours(opens, closes int) string {
	switch {
	case opens == clockNone:
		return ""
	case closes == clockNone:
		if opens/60 == 1 {
			return "all'" + formatClock(opens)
		}
		return "alle " + formatClock(opens)
	}
	return formatClock(opens) + "–" + formatClock(closes)
}

func (italian) season(from, to Date) string {
	if from.Day == 1 && endsMonth(to) {
		if from.Month == to.Month {
			return itTo(to.Month)
		}
		return "da " + itMonths[from.Month] + " " + itTo(to.Month)
	}
	return itDate("da", from, false) + " " + itDate("a", to, false)
}

// itTo writes "a giugno", or "ad agosto" before the same vowel.
func itTo(m time.Month) string {
	if strings.HasPrefix(itMonths[m], "a") {
		return "ad " + itMonths[m]
	}
	return "a " + itMonths[m]
}

func (italian) span(from, to Date) string {
	switch {
	case to.IsZero():
		return "a partire " + itDate("da", from, true)
	case from.IsZero():
		return "fino " + itDate("a", to, true)
	}
	return itDate("da", from, from.Year != to.Year) + " " + itDate("a", to, true)
}

func (italian) count(n int) string { return "per " + strconv.Itoa(n) + " volte" }

func (italian) except(dates []Date, withYear bool) string {
	items := make([]string, len(dates))
	for i, d := range dates {
		items[i] = strings.TrimPrefix(strings.TrimPrefix(itDate("", d, withYear), "il "), "l'")
	}
	return "(tranne " + strings.Join(items, ", ") + ")"
}

// itNumber writes small numbers in words: "ogni due settimane".
func itNumber(n int) string {
	if n > 0 && n < len(itNumbers) {
		return itNumbers[n]
	}
	return strconv.Itoa(n)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
