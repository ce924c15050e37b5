package schedule

import (
	"strconv"
	"strings"
	"time"
)

// english writes schedules in British English, in the terse style of
// opening hours: "Monday to Friday, 8:30–12:30", "first Monday of the
// month", "1 October 2026".
type english struct{}

var (
	enNumbers = [13]string{"", "one", "two", "three", "four", "five", "six",
		"seven", "eight", "nine", "ten", "eleven", "twelve"}
	enOrdinals = [6]string{"", "first", "second", "third", "fourth", "fifth"}
	enFromEnd  = [6]string{"", "last", "second-to-last", "third-to-last", "fourth-to-last", "fifth-to-last"}
	enUnits    = [4][2]string{{"day", "days"}, {"week", "weeks"}, {"month", "months"}, {"year", "years"}}
)

func (english) list(items []string) string { return joinList(items, "and") }

func (english) everyDay() string { return "every day" }

func (english) everyN(n int, u unit) string {
	num := strconv.Itoa(n)
	if n < len(enNumbers) {
		num = enNumbers[n]
	}
	return "every " + num + " " + enUnits[u][1]
}

func (english) withInterval(every, what string, u unit) string {
	if u == weeks {
		return every + " on " + what
	}
	return every + ", " + what
}

func (en english) weekdays(days []time.Weekday, every bool) string {
	if every && len(days) == 1 {
		return "every " + days[0].String()
	}
	var items []string
	for _, run := range dayRuns(days) {
		if len(run) < 3 {
			for _, d := range run {
				items = append(items, d.String())
			}
			continue
		}
		items = append(items, run[0].String()+" to "+run[len(run)-1].String())
	}
	return en.list(items)
}

func (en english) nthWeekdays(items []weekdayNum, u unit) string {
	var groups []string
	for i := 0; i < len(items); {
		day := items[i].day
		var ords []string
		for ; i < len(items) && items[i].day == day; i++ {
			ords = append(ords, enOrdinal(items[i].n))
		}
		groups = append(groups, en.list(ords)+" "+day.String())
	}
	return en.list(groups) + enOf(u)
}

func enOf(u unit) string {
	if u == years {
		return " of the year"
	}
	return " of the month"
}

// enOrdinal words positions: first, last, second-to-last, 20th, 6th-to-last.
func enOrdinal(n int) string {
	switch {
	case n > 0 && n <= 5:
		return enOrdinals[n]
	case n < 0 && n >= -5:
		return enFromEnd[-n]
	case n < 0:
		return enNth(-n) + "-to-last"
	}
	return enNth(n)
}

// enNth writes 1st, 2nd, 3rd, 4th, 11th, 21st.
func enNth(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return strconv.Itoa(n) + suffix
}

func (en english) monthDays(days []int, every bool) string {
	var pos, neg []string
	for _, d := range days {
		if d > 0 {
			pos = append(pos, enNth(d))
		} else {
			neg = append(neg, enOrdinal(d))
		}
	}
	var parts []string
	if len(pos) > 0 {
		of := " of the month"
		if every {
			of = " of every month"
		}
		parts = append(parts, en.list(pos)+of)
	}
	if len(neg) > 0 {
		parts = append(parts, en.list(neg)+" day of the month")
	}
	return en.list(parts)
}

func (en english) yearDays(days []int) string {
	items := make([]string, len(days))
	for i, d := range days {
		items[i] = enOrdinal(d)
	}
	return en.list(items) + " day of the year"
}

func (en english) weekNumbers(nos []int) string {
	var pos, items []string
	for _, n := range nos {
		if n > 0 {
			pos = append(pos, strconv.Itoa(n))
		} else {
			items = append(items, "the "+enOrdinal(n)+" week")
		}
	}
	switch len(pos) {
	case 0:
	case 1:
		items = append([]string{"week " + pos[0]}, items...)
	default:
		items = append([]string{"weeks " + en.list(pos)}, items...)
	}
	return "in " + en.list(items) + " of the year"
}

func (english) yearDate(m time.Month, day int, every bool) string {
	s := strconv.Itoa(day) + " " + m.String()
	if every {
		s = "every year on " + s
	}
	return s
}

func (english) ifWeekdays(days []time.Weekday) string {
	names := make([]string, len(days))
	for i, d := range days {
		names[i] = "a " + d.String()
	}
	return "if it is " + joinList(names, "or")
}

func (english) ifMonthDays(days []int) string {
	items := make([]string, len(days))
	for i, d := range days {
		if d > 0 {
			items[i] = "the " + enNth(d)
		} else {
			items[i] = "the " + enOrdinal(d) + " day"
		}
	}
	return "if it is " + joinList(items, "or")
}

func (english) date(d Date) string { return enDate(d, true) }

// enDate writes "25 October 2024", or "25 October".
func enDate(d Date, year bool) string {
	s := strconv.Itoa(d.Day) + " " + d.Month.String()
	if year {
		s += " " + strconv.Itoa(d.Year)
	}
	return s
}

func (english) hours(opens, closes int) string {
	switch {
	case opens == clockNone:
		return ""
	case closes == clockNone:
		return "at " + formatClock(opens)
	}
	return formatClock(opens) + "–" + formatClock(closes)
}

func (english) season(from, to Date) string {
	if from.Day == 1 && endsMonth(to) {
		if from.Month == to.Month {
			return "in " + from.Month.String()
		}
		return from.Month.String() + " to " + to.Month.String()
	}
	return "from " + enDate(from, false) + " to " + enDate(to, false)
}

func (english) span(from, to Date) string {
	switch {
	case to.IsZero():
		return "from " + enDate(from, true)
	case from.IsZero():
		return "until " + enDate(to, true)
	}
	return "from " + enDate(from, from.Year != to.Year) + " to " + enDate(to, true)
}

func (english) count(n int) string { return strconv.Itoa(n) + " times" }

func (english) except(dates []Date, withYear bool) string {
	items := make([]string, len(dates))
	for i, d := range dates {
		items[i] = enDate(d, withYear)
	}
	return "(except " + strings.Join(items, ", ") + ")"
}
