package schedule_test

import (
	"time"

	"github.com/trama-welfare/trama/internal/schedule"
)

var rome = mustZone("Europe/Rome")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// d is a short date constructor for tables.
func d(y int, m time.Month, day int) schedule.Date { return schedule.NewDate(y, m, day) }

// at is a wall-clock time in Rome.
func at(y int, m time.Month, day, h, min int) time.Time {
	return time.Date(y, m, day, h, min, 0, 0, rome)
}

// weekdays is shorthand for a list of weekdays.
func weekdays(days ...time.Weekday) []time.Weekday { return days }

// starts formats the starts of occurrences as "2006-01-02 15:04 MST".
func starts(occ []schedule.Occurrence) []string {
	out := make([]string, len(occ))
	for i, o := range occ {
		out[i] = o.Start.Format("2006-01-02 15:04 MST")
	}
	return out
}
