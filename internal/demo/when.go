package demo

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/trama-welfare/trama/internal/directory"
)

// A schedule in the data is one line, turned into the row an operator
// would fill in the service form (directory.ScheduleRow):
//
//	"SA 15:00-17:00"                    every Saturday
//	"MO,WE,FR 16:30-18:30"              every Monday, Wednesday and Friday
//	"MO-FR 09:00-12:30"                 every weekday
//	"2SA 09:00-12:00"                   the second Saturday of the month (-1SA: the last)
//	"once +3w SA 15:00-18:00"           once, on the first Saturday three weeks or more
//	                                    after the day the demo is loaded (+10d: days)
//	"… from 09-15 to 06-10"             every year from 15 September to 10 June
//	"… @palestra"                       only at the place with that key
//
// Hours may be left out (all day). Dates of one-off events and seasons are
// counted from the day the demo is loaded, so the demo never looks old.

var (
	hoursRe   = regexp.MustCompile(`^(\d\d:\d\d)-(\d\d:\d\d)$`)
	nthRe     = regexp.MustCompile(`^(-?[1-5])(MO|TU|WE|TH|FR|SA|SU)$`)
	offsetRe  = regexp.MustCompile(`^\+(\d+)([dw])$`)
	monthDay  = regexp.MustCompile(`^(\d\d)-(\d\d)$`)
	weekdayOf = map[string]time.Weekday{"MO": time.Monday, "TU": time.Tuesday, "WE": time.Wednesday,
		"TH": time.Thursday, "FR": time.Friday, "SA": time.Saturday, "SU": time.Sunday}
)

// parseWhen reads one schedule line; places maps place keys to location ids.
func parseWhen(line string, today time.Time, places map[string]string) (directory.ScheduleRow, error) {
	var r directory.ScheduleRow
	f := strings.Fields(line)
	bad := func(why string) (directory.ScheduleRow, error) {
		return r, fmt.Errorf("schedule %q: %s", line, why)
	}
	if len(f) == 0 {
		return bad("empty")
	}
	switch m := nthRe.FindStringSubmatch(f[0]); {
	case f[0] == "once":
		if len(f) < 2 {
			return bad("once needs an offset such as +3w")
		}
		o := offsetRe.FindStringSubmatch(f[1])
		if o == nil {
			return bad("offset must look like +3w or +10d")
		}
		n, _ := strconv.Atoi(o[1])
		if o[2] == "w" {
			n *= 7
		}
		day := today.AddDate(0, 0, n)
		f = f[2:]
		if len(f) > 0 {
			if wd, ok := weekdayOf[f[0]]; ok {
				for day.Weekday() != wd {
					day = day.AddDate(0, 0, 1)
				}
				f = f[1:]
			}
		}
		r.Kind, r.Date = "once", day.Format(time.DateOnly)
	case m != nil:
		r.Kind, r.Nth, r.Weekday = "monthly", m[1], m[2]
		f = f[1:]
	default:
		days, err := parseDays(f[0])
		if err != nil {
			return bad(err.Error())
		}
		r.Kind, r.Days = "weekly", days
		f = f[1:]
	}
	if len(f) > 0 {
		if m := hoursRe.FindStringSubmatch(f[0]); m != nil {
			r.Opens, r.Closes = m[1], m[2]
			f = f[1:]
		}
	}
	for len(f) > 0 {
		switch {
		case f[0] == "from" && len(f) >= 4 && f[2] == "to":
			from, to, err := season(f[1], f[3], today)
			if err != nil {
				return bad(err.Error())
			}
			r.ValidFrom, r.ValidTo, r.Seasonal = from, to, true
			f = f[4:]
		case strings.HasPrefix(f[0], "@"):
			id, ok := places[f[0][1:]]
			if !ok {
				return bad("unknown place " + f[0])
			}
			r.LocationID = id
			f = f[1:]
		default:
			return bad("unexpected " + strconv.Quote(f[0]))
		}
	}
	return r, nil
}

// parseDays reads "SA", "MO,WE,FR", "MO-FR" or "MO-WE,SA".
func parseDays(s string) ([]string, error) {
	var days []string
	for _, part := range strings.Split(s, ",") {
		a, b, isRange := strings.Cut(part, "-")
		i, j := slices.Index(directory.Weekdays, a), slices.Index(directory.Weekdays, b)
		switch {
		case !isRange && i >= 0:
			days = append(days, a)
		case isRange && i >= 0 && j > i:
			days = append(days, directory.Weekdays[i:j+1]...)
		default:
			return nil, fmt.Errorf("days %q: use MO TU WE TH FR SA SU, lists (MO,WE) and ranges (MO-FR)", s)
		}
	}
	return days, nil
}

// season turns "09-15", "06-10" into the dates of the yearly period that
// is under way on today, or the next one: 2026-09-15 and 2027-06-10.
func season(from, to string, today time.Time) (string, string, error) {
	parse := func(s string, year int) (time.Time, error) {
		if !monthDay.MatchString(s) {
			return time.Time{}, fmt.Errorf("season date %q must be MM-DD", s)
		}
		return time.ParseInLocation(time.DateOnly, fmt.Sprintf("%d-%s", year, s), today.Location())
	}
	for year := today.Year() - 1; year <= today.Year()+1; year++ {
		start, err := parse(from, year)
		if err != nil {
			return "", "", err
		}
		end, err := parse(to, year)
		if err != nil {
			return "", "", err
		}
		if end.Before(start) {
			end = end.AddDate(1, 0, 0)
		}
		if !end.Before(today) {
			return start.Format(time.DateOnly), end.Format(time.DateOnly), nil
		}
	}
	return "", "", fmt.Errorf("season %s to %s", from, to)
}
