package porta_test

import (
	"slices"
	"testing"
	"time"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/porta"
)

func keys(s porta.Suggestion) []string {
	var out []string
	for _, r := range s.Reasons {
		out = append(out, r.Kind+":"+r.Key)
	}
	return out
}

func svc(mod func(*directory.Service)) directory.Service {
	s := directory.Service{ID: "s", Name: "Servizio", Status: directory.StatusActive, Categories: []string{"EDU-DOPO"}}
	if mod != nil {
		mod(&s)
	}
	return s
}

// TestScoreSaysWhy: each criterion moves the score the right way and
// leaves its reason.
func TestScoreSaysWhy(t *testing.T) {
	parents := map[string]string{"EDU-DOPO": "EDU", "EDU-SPORT": "EDU", "BEN-ALIM": "BEN"}
	base := porta.Profile{Categories: []string{"EDU"}, Parents: parents, Ages: []int{8}, Groups: []string{"DEST-BAMB", "DEST-FAM"},
		ISTAT: "015036", Lat: 45.42, Lon: 9.11, Located: true, Days: []time.Weekday{time.Saturday},
		Parts: [][2]int{{13 * 60, 19 * 60}}, PartNames: []string{"afternoon"}, FreeOnly: true, Language: "ar"}
	sat := directory.Schedule{Freq: "WEEKLY", ByDay: "SA", OpensAt: "15:00", ClosesAt: "18:00"}
	mon := directory.Schedule{Freq: "WEEKLY", ByDay: "MO", OpensAt: "15:00", ClosesAt: "18:00"}
	here := []porta.Place{{ISTAT: "015036"}}
	far := []porta.Place{{ISTAT: "039007", Lat: 44.26, Lon: 12.35, Located: true}}

	good := porta.Score(base, porta.Candidate{Service: svc(func(s *directory.Service) {
		s.TargetGroups = []string{"DEST-BAMB"}
		s.MinimumAge, s.MaximumAge = porta.Int(6), porta.Int(10)
		s.Schedules = []directory.Schedule{sat}
		s.Free, s.Capacity = true, porta.Int(10)
		s.Languages = []directory.Language{{Code: "ar"}}
	}), Places: here, Load: 3})
	want := []string{"good:porta.match.category", "good:porta.match.group", "good:porta.match.age", "good:porta.match.same_comune",
		"good:porta.match.schedule", "good:porta.match.free", "good:porta.match.places", "good:porta.match.language"}
	if !slices.Equal(keys(good), want) {
		t.Fatalf("reasons of a perfect match:\n%v\nwant\n%v", keys(good), want)
	}

	for _, c := range []struct {
		name   string
		cand   porta.Candidate
		reason string
	}{
		{"older children", porta.Candidate{Service: svc(func(s *directory.Service) { s.MinimumAge, s.MaximumAge = porta.Int(11), porta.Int(14) }), Places: here}, "bad:porta.match.age_out"},
		{"far away", porta.Candidate{Service: svc(nil), Places: far}, "bad:porta.match.far"},
		{"wrong day", porta.Candidate{Service: svc(func(s *directory.Service) { s.Schedules = []directory.Schedule{mon} }), Places: here}, "bad:porta.match.schedule_out"},
		{"paid", porta.Candidate{Service: svc(func(s *directory.Service) { s.Free = false }), Places: here}, "bad:porta.match.paid"},
		{"full", porta.Candidate{Service: svc(func(s *directory.Service) { s.Capacity = porta.Int(3) }), Places: here, Load: 3}, "bad:porta.match.full"},
		{"other people", porta.Candidate{Service: svc(func(s *directory.Service) { s.TargetGroups = []string{"DEST-ANZ"} }), Places: here}, "bad:porta.match.group_other"},
		{"no arabic", porta.Candidate{Service: svc(nil), Places: here}, "bad:porta.match.no_language"},
		{"other category", porta.Candidate{Service: svc(func(s *directory.Service) { s.Categories = []string{"BEN-ALIM"} }), Places: here}, ""},
	} {
		s := porta.Score(base, c.cand)
		if s.Score >= good.Score {
			t.Errorf("%s: score %d not below the perfect match's %d", c.name, s.Score, good.Score)
		}
		if c.reason != "" && !slices.Contains(keys(s), c.reason) {
			t.Errorf("%s: reasons %v lack %s", c.name, keys(s), c.reason)
		}
	}

	// Categories: exact or within the need's area beats a neighbour.
	broad := porta.Score(porta.Profile{Categories: []string{"EDU-DOPO"}, Parents: parents},
		porta.Candidate{Service: svc(func(s *directory.Service) { s.Categories = []string{"EDU"} })})
	sibling := porta.Score(porta.Profile{Categories: []string{"EDU-DOPO"}, Parents: parents},
		porta.Candidate{Service: svc(func(s *directory.Service) { s.Categories = []string{"EDU-SPORT"} })})
	exact := porta.Score(porta.Profile{Categories: []string{"EDU-DOPO"}, Parents: parents}, porta.Candidate{Service: svc(nil)})
	if !(exact.Score > broad.Score && broad.Score > sibling.Score && sibling.Score > 0) {
		t.Fatalf("category scores: exact %d, broader %d, sibling %d", exact.Score, broad.Score, sibling.Score)
	}
}
