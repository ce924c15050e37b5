package schedule

import (
	"cmp"
	"slices"
	"time"
)

// Slot is one opening in a WeekGrid.
type Slot struct {
	// Start and End are the occurrence's times, in the schedule's zone.
	Start, End time.Time
	// Opens and Closes are the local times of day, "HH:MM"; Closes is
	// empty when the schedule has no closing time.
	Opens, Closes string
	// AllDay is set for a schedule without hours.
	AllDay bool
	// Schedule is the index, in the slice given to WeekGrid, of the
	// schedule the slot comes from.
	Schedule int
}

// WeekGrid returns the openings of the week (Monday to Sunday) that
// contains weekOf, for a "this week" table on a service page: index 0 is
// Monday, 6 is Sunday. Each day's slots are sorted by opening time. It
// honours validity periods, exceptions, Until and Count for that concrete
// week; the week's dates are taken in weekOf's location, each slot is
// placed on its local date in its schedule's zone. Two schedules opening
// at the same hours on a day give one slot.
func WeekGrid(schedules []Schedule, weekOf time.Time) [7][]Slot {
	var grid [7][]Slot
	monday := DateOf(weekOf).AddDays(-mondayIndex(weekOf.Weekday()))
	for i, s := range schedules {
		r, f := s.check()
		if f != nil {
			continue
		}
		for o := range r.occurrences(monday) {
			d := DateOf(o.Start)
			if d.Before(monday) {
				continue
			}
			day := daysBetween(monday, d)
			if day > 6 {
				break
			}
			sl := r.slot(o, i)
			if !slices.ContainsFunc(grid[day], func(x Slot) bool {
				return x.Opens == sl.Opens && x.Closes == sl.Closes && x.AllDay == sl.AllDay
			}) {
				grid[day] = append(grid[day], sl)
			}
		}
	}
	for _, slots := range grid {
		slices.SortStableFunc(slots, func(a, b Slot) int {
			return cmp.Or(cmp.Compare(rank(b.AllDay), rank(a.AllDay)), cmp.Compare(a.Opens, b.Opens), cmp.Compare(a.Closes, b.Closes))
		})
	}
	return grid
}

// slot turns occurrence o of the rule into a grid slot.
func (r *rule) slot(o Occurrence, index int) Slot {
	sl := Slot{Start: o.Start, End: o.End, AllDay: o.AllDay, Schedule: index}
	if r.opens != clockNone {
		sl.Opens = canonicalClock(r.opens)
	}
	if r.closes != clockNone {
		sl.Closes = canonicalClock(r.closes)
	}
	return sl
}

// rank puts all-day slots first.
func rank(allDay bool) int {
	if allDay {
		return 1
	}
	return 0
}

// daysBetween counts the days from a to b.
func daysBetween(a, b Date) int {
	return int(b.In(time.UTC).Sub(a.In(time.UTC)).Hours() / 24)
}
