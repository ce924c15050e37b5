package schedule

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// DescribeAll renders together the schedules of one service, as opening
// hours are usually written: days sharing the same hours are grouped, and
// a day with several slots lists them all.
//
//	dal lunedì al venerdì, 8:30–12:30 e 14:00–17:00; il sabato, 9:00–12:00
//	Monday to Friday, 8:30–12:30 and 14:00–17:00; Saturday, 9:00–12:00
//
// Only weekly-like schedules (the same weekdays every week) with the same
// validity and exceptions are merged; the others are described one by
// one. Invalid schedules contribute their Description, if any.
func DescribeAll(schedules []Schedule, lang string) string {
	p := phrasebookFor(lang)
	var blocks []*block
	byContext := map[string]*block{}
	for _, s := range schedules {
		r, f := s.check()
		switch {
		case f != nil:
			if s.Description != "" {
				blocks = append(blocks, &block{text: s.Description})
			}
		case r.plainDays() != nil:
			key := r.context()
			if b, ok := byContext[key]; ok {
				b.rules = append(b.rules, r)
				continue
			}
			b := &block{rules: []*rule{r}}
			byContext[key] = b
			blocks = append(blocks, b)
		default:
			blocks = append(blocks, &block{rules: []*rule{r}})
		}
	}
	texts := make([]string, 0, len(blocks))
	for _, b := range blocks {
		texts = append(texts, b.describe(p))
	}
	return strings.Join(texts, "; ")
}

// block is a run of text in DescribeAll: one schedule, several weekly
// schedules sharing a context, or an invalid schedule's description.
type block struct {
	rules []*rule
	text  string
}

// slot is one opening, in minutes since midnight.
type slot struct{ opens, closes int }

func (b *block) describe(p phrasebook) string {
	if len(b.rules) == 0 {
		return b.text
	}
	if len(b.rules) == 1 {
		return b.rules[0].describe(p)
	}
	groups := b.groups()
	texts := make([]string, len(groups))
	for i, g := range groups {
		var hours []string
		for _, sl := range g.slots {
			if h := p.hours(sl.opens, sl.closes); h != "" {
				hours = append(hours, h)
			}
		}
		texts[i] = p.weekdays(g.days, len(groups) == 1)
		if len(g.days) == 7 {
			texts[i] = p.everyDay()
		}
		if len(hours) > 0 {
			texts[i] += ", " + p.list(hours)
		}
	}
	period := b.rules[0].period(p)
	var out string
	if len(groups) == 1 {
		out = strings.Join(append(texts, period...), ", ")
	} else {
		out = strings.Join(texts, "; ")
		if len(period) > 0 {
			out = strings.Join(period, ", ") + ": " + out
		}
	}
	if ex := b.cancelled(); len(ex) > 0 {
		out += " " + p.except(ex, spansYears(ex))
	}
	return out
}

// dayGroup is a set of weekdays open at the same hours.
type dayGroup struct {
	days  []time.Weekday
	slots []slot
}

// groups collects the slots of every weekday, then groups the days with
// the same slots, in the order of the week (Monday first).
func (b *block) groups() []dayGroup {
	var perDay [7][]slot
	for _, r := range b.rules {
		for _, d := range r.plainDays() {
			sl := slot{r.opens, r.closes}
			if i := mondayIndex(d); !slices.Contains(perDay[i], sl) {
				perDay[i] = append(perDay[i], sl)
			}
		}
	}
	var groups []dayGroup
	for i, slots := range perDay {
		if len(slots) == 0 {
			continue
		}
		slices.SortFunc(slots, func(a, b slot) int {
			return cmp.Or(cmp.Compare(a.opens, b.opens), cmp.Compare(a.closes, b.closes))
		})
		j := slices.IndexFunc(groups, func(g dayGroup) bool { return slices.Equal(g.slots, slots) })
		if j < 0 {
			groups = append(groups, dayGroup{slots: slots})
			j = len(groups) - 1
		}
		groups[j].days = append(groups[j].days, fromMondayIndex(i))
	}
	return groups
}

// cancelled merges the exceptions that cancel an occurrence of any rule.
func (b *block) cancelled() []Date {
	var out []Date
	for _, r := range b.rules {
		for _, d := range r.cancelled() {
			if !slices.Contains(out, d) {
				out = append(out, d)
			}
		}
	}
	slices.SortFunc(out, Date.Compare)
	return out
}

// context identifies what weekly schedules must share to be described
// together: time zone, validity, end and exceptions.
func (r *rule) context() string {
	s := r.s
	ex := slices.Clone(s.Exceptions)
	slices.SortFunc(ex, Date.Compare)
	ex = slices.Compact(ex)
	return fmt.Sprint(r.loc, s.ValidFrom, s.ValidTo, s.Seasonal, s.Until, ex)
}
