package porta

import (
	"math"
	"slices"
	"strings"
	"time"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/geo"
)

// Matching suggests services for a need and says why. Each criterion of the
// issue adds or takes points and leaves a reason: category fit, age and
// target group, distance from the person's comune, schedule compatibility,
// free or paid, capacity and waiting list, language. The weights are in
// one table below, so they can be read and tuned together.
var weights = struct {
	CategoryExact, CategoryNear, CategorySibling        int
	GroupFit, GroupOther                                int
	AgeFit, AgeOut                                      int
	SameComune, Near, Close, Far, Online                int
	ScheduleFit, ScheduleOut                            int
	Free, FreeWanted, PaidButFree                       int
	PlacesFree, Full, FullWaitingList, Language, NoLang int
}{
	CategoryExact: 40, CategoryNear: 30, CategorySibling: 12,
	GroupFit: 15, GroupOther: -10,
	AgeFit: 10, AgeOut: -30,
	SameComune: 15, Near: 10, Close: 5, Far: -10, Online: 8,
	ScheduleFit: 10, ScheduleOut: -10,
	Free: 4, FreeWanted: 15, PaidButFree: -25,
	PlacesFree: 3, Full: -15, FullWaitingList: -5, Language: 10, NoLang: -5,
}

// Profile is what matching knows of the person and their need.
type Profile struct {
	Categories []string          // need categories
	Parents    map[string]string // term code → parent code, for the whole taxonomy
	Ages       []int             // ages of who is to be helped
	Groups     []string          // target group codes that fit them
	ISTAT      string            // the person's comune
	Lat, Lon   float64
	Located    bool
	Days       []time.Weekday
	Parts      [][2]int // minutes of the day, from and to
	PartNames  []string
	FreeOnly   bool
	Language   string // ISO 639-1, "" or "it" when Italian is fine
}

// Place is a location of a service with its coordinates.
type Place struct {
	ISTAT    string
	Lat, Lon float64
	Located  bool
	Online   bool
}

// Candidate is a service considered for a need.
type Candidate struct {
	Service      directory.Service
	Organization string
	Places       []Place
	Load         int // people referred and accepted or in progress
}

// Reason says why a suggestion scores what it scores. Kind is good, bad or
// info; Key and Args make the sentence.
type Reason struct {
	Kind string
	Key  string
	Args []any
	Text string // the sentence in the reader's language (set by the page)
}

// Suggestion is a service suggested for a need.
type Suggestion struct {
	ServiceID      string
	OrganizationID string
	Service        string
	Organization   string
	Score          int
	Reasons        []Reason
	Referred       string // status of a referral already made for this need
}

// Score rates a candidate for a profile.
func Score(p Profile, c Candidate) Suggestion {
	s := c.Service
	sg := Suggestion{ServiceID: s.ID, OrganizationID: s.OrganizationID, Service: s.Name, Organization: c.Organization}
	add := func(points int, kind, key string, args ...any) {
		sg.Score += points
		sg.Reasons = append(sg.Reasons, Reason{Kind: kind, Key: key, Args: args})
	}
	scoreCategory(p, s, add)
	scorePeople(p, s, add)
	scorePlace(p, c.Places, add)
	scoreSchedule(p, s, add)
	scoreCost(p, s, add)
	scoreCapacity(s, c.Load, add)
	scoreLanguage(p, s, add)
	if s.ReferralRequired {
		add(0, "info", "porta.match.referral_required")
	}
	return sg
}

type adder func(points int, kind, key string, args ...any)

func scoreCategory(p Profile, s directory.Service, add adder) {
	best, code := 0, ""
	for _, need := range p.Categories {
		for _, have := range s.Categories {
			pts := 0
			switch {
			case need == have, p.Parents[have] == need:
				pts = weights.CategoryExact
			case p.Parents[need] == have:
				pts = weights.CategoryNear
			case p.Parents[need] != "" && p.Parents[need] == p.Parents[have]:
				pts = weights.CategorySibling
			}
			if pts > best {
				best, code = pts, have
			}
		}
	}
	switch {
	case best >= weights.CategoryNear:
		add(best, "good", "porta.match.category", code)
	case best > 0:
		add(best, "info", "porta.match.category_near", code)
	}
}

func scorePeople(p Profile, s directory.Service, add adder) {
	if len(s.TargetGroups) > 0 {
		fit := ""
		for _, g := range s.TargetGroups {
			if slices.Contains(p.Groups, g) || g == "DEST-TUTTI" {
				fit = g
				break
			}
		}
		switch {
		case fit != "" && fit != "DEST-TUTTI":
			add(weights.GroupFit, "good", "porta.match.group", fit)
		case fit == "" && len(p.Groups) > 0:
			add(weights.GroupOther, "bad", "porta.match.group_other", s.TargetGroups[0])
		}
	}
	if (s.MinimumAge == nil && s.MaximumAge == nil) || len(p.Ages) == 0 {
		return
	}
	lo, hi := 0, 120
	if s.MinimumAge != nil {
		lo = *s.MinimumAge
	}
	if s.MaximumAge != nil {
		hi = *s.MaximumAge
	}
	for _, a := range p.Ages {
		if a >= lo && a <= hi {
			add(weights.AgeFit, "good", "porta.match.age", a)
			return
		}
	}
	add(weights.AgeOut, "bad", "porta.match.age_out", lo, hi)
}

func scorePlace(p Profile, places []Place, add adder) {
	online, best := false, math.Inf(1)
	for _, pl := range places {
		switch {
		case pl.Online:
			online = true
		case pl.ISTAT != "" && pl.ISTAT == p.ISTAT:
			best = 0
		case pl.Located && p.Located:
			best = math.Min(best, geo.DistanceKm(p.Lat, p.Lon, pl.Lat, pl.Lon))
		}
	}
	switch {
	case best == 0:
		add(weights.SameComune, "good", "porta.match.same_comune")
	case best <= 5:
		add(weights.Near, "good", "porta.match.distance", int(math.Round(best)))
	case best <= 15:
		add(weights.Close, "info", "porta.match.distance", int(math.Round(best)))
	case best > 30 && !math.IsInf(best, 1):
		add(weights.Far, "bad", "porta.match.far", int(math.Round(best)))
	}
	if online {
		add(weights.Online, "good", "porta.match.online")
	}
}

func scoreSchedule(p Profile, s directory.Service, add adder) {
	if len(p.Days) == 0 && len(p.Parts) == 0 {
		return
	}
	days := p.Days
	if len(days) == 0 {
		days = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}
	}
	parts, names := p.Parts, p.PartNames
	if len(parts) == 0 {
		parts, names = [][2]int{{0, 24 * 60}}, []string{""}
	}
	rules := 0
	for _, sc := range s.Schedules {
		r, err := directory.ToRule(sc)
		if err != nil || r.Validate() != nil {
			continue
		}
		rules++
		for _, d := range days {
			for i, pt := range parts {
				if !r.Overlaps(d, pt[0], pt[1]) {
					continue
				}
				if names[i] == "" {
					add(weights.ScheduleFit, "good", "porta.match.schedule_day", weekdayCode(d))
				} else {
					add(weights.ScheduleFit, "good", "porta.match.schedule", weekdayCode(d), names[i])
				}
				return
			}
		}
	}
	if rules > 0 {
		add(weights.ScheduleOut, "bad", "porta.match.schedule_out")
	}
}

func scoreCost(p Profile, s directory.Service, add adder) {
	switch {
	case s.Free && p.FreeOnly:
		add(weights.FreeWanted, "good", "porta.match.free")
	case s.Free:
		add(weights.Free, "good", "porta.match.free")
	case p.FreeOnly:
		add(weights.PaidButFree, "bad", "porta.match.paid")
	default:
		add(0, "info", "porta.match.paid")
	}
}

func scoreCapacity(s directory.Service, load int, add adder) {
	switch {
	case s.Capacity != nil && load >= *s.Capacity && s.WaitingList:
		add(weights.FullWaitingList, "bad", "porta.match.full_waiting_list", load)
	case s.Capacity != nil && load >= *s.Capacity:
		add(weights.Full, "bad", "porta.match.full", load)
	case s.Capacity != nil:
		add(weights.PlacesFree, "good", "porta.match.places", *s.Capacity-load)
	case s.WaitingList:
		add(0, "info", "porta.match.waiting_list")
	}
}

func scoreLanguage(p Profile, s directory.Service, add adder) {
	if p.Language == "" || p.Language == "it" {
		return
	}
	for _, l := range s.Languages {
		if strings.EqualFold(l.Code, p.Language) {
			add(weights.Language, "good", "porta.match.language", p.Language)
			return
		}
	}
	add(weights.NoLang, "bad", "porta.match.no_language", p.Language)
}

func weekdayCode(d time.Weekday) string { return Weekdays[(int(d)+6)%7] }
