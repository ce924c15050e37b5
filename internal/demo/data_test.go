package demo

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/trama-welfare/trama/internal/platform/web"
)

// today is a fixed Sunday, 22 November 2026.
var today = time.Date(2026, 11, 22, 0, 0, 0, 0, web.Rome)

func TestParseWhen(t *testing.T) {
	places := map[string]string{"palestra": "loc-1"}
	for _, c := range []struct {
		line string
		want string // kind days|nth weekday|date opens-closes from..to seasonal location
	}{
		{"SA 15:00-17:00", "weekly SA 15:00-17:00"},
		{"MO,WE,FR 16:30-18:30", "weekly MO,WE,FR 16:30-18:30"},
		{"MO-FR 09:00-12:30", "weekly MO,TU,WE,TH,FR 09:00-12:30"},
		{"MO-WE,SA 09:00-12:30", "weekly MO,TU,WE,SA 09:00-12:30"},
		{"MO-SU", "weekly MO,TU,WE,TH,FR,SA,SU -"},
		{"2SA 09:00-12:00", "monthly 2 SA 09:00-12:00"},
		{"-1TH 18:00-19:30", "monthly -1 TH 18:00-19:30"},
		// Three weeks after Sunday 22 November is Sunday 13 December;
		// the first Saturday from then is the 19th.
		{"once +3w SA 15:00-18:00", "once 2026-12-19 15:00-18:00"},
		{"once +10d 20:30-22:00", "once 2026-12-02 20:30-22:00"},
		// A school year under way; a summer already over is next year's.
		{"SA 15:00-17:00 from 09-15 to 06-10", "weekly SA 15:00-17:00 2026-09-15..2027-06-10 seasonal"},
		{"MO-FR 08:30-16:30 from 06-12 to 07-28", "weekly MO,TU,WE,TH,FR 08:30-16:30 2027-06-12..2027-07-28 seasonal"},
		{"WE 17:00-18:30 @palestra", "weekly WE 17:00-18:30 at loc-1"},
	} {
		r, err := parseWhen(c.line, today, places)
		if err != nil {
			t.Errorf("%q: %v", c.line, err)
			continue
		}
		got := r.Kind
		switch r.Kind {
		case "weekly":
			got += " " + strings.Join(r.Days, ",")
		case "monthly":
			got += " " + r.Nth + " " + r.Weekday
		case "once":
			got += " " + r.Date
		}
		got += " " + r.Opens + "-" + r.Closes
		if r.ValidFrom != "" {
			got += " " + r.ValidFrom + ".." + r.ValidTo
		}
		if r.Seasonal {
			got += " seasonal"
		}
		if r.LocationID != "" {
			got += " at " + r.LocationID
		}
		if got != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.line, got, c.want)
		}
	}
	for _, bad := range []string{"", "XX 15:00-17:00", "FR-MO 10:00-11:00", "once", "once 3w", "SA 15:00",
		"SA 15:00-17:00 from 9-15 to 06-10", "SA 15:00-17:00 @altrove", "SA 15:00-17:00 sempre"} {
		if _, err := parseWhen(bad, today, places); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestAgesAndCosts(t *testing.T) {
	for s, want := range map[string]string{"6-10": "6..10", "65+": "65..", "": "..", "0-3": "0..3"} {
		lo, hi, err := ages(s)
		got := ".."
		if lo != nil {
			got = strconv.Itoa(*lo) + got
		}
		if hi != nil {
			got += strconv.Itoa(*hi)
		}
		if err != nil || got != want {
			t.Errorf("ages(%q) = %s, %v; want %s", s, got, err, want)
		}
	}
	for _, bad := range []string{"6", "sei-dieci", "6-"} {
		if _, _, err := ages(bad); err == nil {
			t.Errorf("ages(%q) accepted", bad)
		}
	}
	c, err := costOption("Settimana con pranzo = 120.50")
	if err != nil || c.Option != "Settimana con pranzo" || c.Amount == nil || *c.Amount != 120.5 || c.Currency != "EUR" {
		t.Errorf("cost option: %+v %v", c, err)
	}
	if c, err := costOption("Offerta libera"); err != nil || c.Amount != nil {
		t.Errorf("cost without amount: %+v %v", c, err)
	}
	if _, err := costOption("Quota = tanti"); err == nil {
		t.Error("cost with a bad amount accepted")
	}
}

// TestReadDataRejectsMistakes: a typo in a data file must stop the load
// with a message naming the organization, not drop data silently.
func TestReadDataRejectsMistakes(t *testing.T) {
	const good = `
comune = "015036"
[[org]]
key = "x"
name = "X APS"
kind = "aps"
description = "Descrizione."
[[org.place]]
key = "sede"
name = "Sede"
address = "Via Roma 1"
[[org.service]]
name = "Servizio"
description = "Descrizione."
categories = ["EDU-SPORT"]
when = ["SA 15:00-17:00"]
`
	if orgs, err := readData(fstest.MapFS{"data/a.toml": {Data: []byte(good)}}); err != nil || len(orgs) != 1 ||
		orgs[0].State != statePublished || orgs[0].Services[0].Key != "servizio" {
		t.Fatalf("good file: %+v %v", orgs, err)
	}
	for name, c := range map[string]struct{ from, to, msg string }{
		"unknown key":      {`name = "Servizio"`, `name = "Servizio"` + "\ndescrizione = \"refuso\"", "unknown keys"},
		"unknown place":    {`when = ["SA 15:00-17:00"]`, `when = ["SA 15:00-17:00"]` + "\nat = [\"palestra\"]", `unknown place "palestra"`},
		"no schedule":      {`when = ["SA 15:00-17:00"]`, ``, "no schedule"},
		"bad state":        {`kind = "aps"`, `kind = "aps"` + "\nstate = \"chiuso\"", `state "chiuso"`},
		"later, no state":  {`name = "Servizio"`, `name = "Servizio"` + "\nlater = true", "later items"},
		"archived, no why": {`kind = "aps"`, `kind = "aps"` + "\nstate = \"archived\"", "needs a comment"},
		"pending, nobody":  {`kind = "aps"`, `kind = "aps"` + "\nstate = \"pending\"", "needs a member"},
		"no key":           {`key = "x"`, ``, "key"},
	} {
		bad := strings.Replace(good, c.from, c.to, 1)
		_, err := readData(fstest.MapFS{"data/a.toml": {Data: []byte(bad)}})
		if err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: error %v, want one mentioning %q", name, err, c.msg)
		}
	}
	twice := fstest.MapFS{"data/a.toml": {Data: []byte(good)}, "data/b.toml": {Data: []byte(good)}}
	if _, err := readData(twice); err == nil || !strings.Contains(err.Error(), "used twice") {
		t.Errorf("the same organization key in two files: %v", err)
	}
}

// TestBundledData reads the real data files: they parse, and every
// schedule line and age range in them is understood.
func TestBundledData(t *testing.T) {
	orgs, err := readData(dataFS)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orgs {
		places := map[string]string{}
		for _, p := range o.Places {
			places[p.Key] = p.Key
		}
		for _, s := range o.Services {
			for _, line := range s.When {
				if _, err := parseWhen(line, today, places); err != nil {
					t.Errorf("%s/%s: %v", o.Key, s.Key, err)
				}
			}
			if _, _, err := ages(s.Ages); err != nil {
				t.Errorf("%s/%s: %v", o.Key, s.Key, err)
			}
		}
	}
}

// TestWorldRand: a seeder gets the same numbers on every load, and
// different seeders different ones.
func TestWorldRand(t *testing.T) {
	w := NewWorld("t", today)
	draw := func(name string) []int {
		r := w.Rand(name)
		return []int{r.IntN(1000), r.IntN(1000), r.IntN(1000), r.IntN(1000)}
	}
	a, b, c := draw("participation"), draw("participation"), draw("people")
	if !slices.Equal(a, b) || slices.Equal(a, c) {
		t.Errorf("participation %v then %v; people %v", a, b, c)
	}
}
