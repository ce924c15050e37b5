package demo

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/trama-welfare/trama/internal/territory"
)

// The demo network is written in TOML, one file per comune (data/*.toml),
// so that it reads like a list of the organizations of a place. A file
// looks like this (every key is optional unless said otherwise):
//
//	comune = "015036"                 # default comune of the places below (required)
//
//	[[org]]
//	key = "polisportiva"              # required, unique: other demo data links to it
//	name = "Polisportiva Buccinasco APS"   # required
//	kind = "aps"                      # required: directory.Kinds
//	description = "…"                 # required
//	email, website, phone, social_utility, volunteer_management, partner_notes
//	volunteers = 38
//	activities = ["CTS-T"]            # art. 5 CTS codes
//	members = ["operatore@trama.example"]  # demo accounts working for it
//	verified = 8                      # last verified 8 months ago (stale); default: recently
//	state = "published"               # or pending, changes_requested, update_submitted, archived
//	comment = "…"                     # the coordinator's words for changes_requested / archived
//
//	[[org.training]]                  # training plans: title, period, audience
//	[[org.place]]                     # key, name, address, comune, cap, access, transport,
//	                                  # phone, confidential; url instead of address: online
//	[[org.service]]                   # see service below
//
// Places and services with later = true are not in the first published
// version: they are the change an update (changes_requested,
// update_submitted) brings.

//go:embed data/*.toml
var dataFS embed.FS

// file is one data file.
type file struct {
	Comune string `toml:"comune"`
	Orgs   []org  `toml:"org"`
}

// org is an organization as written in the data.
type org struct {
	Key                 string     `toml:"key"`
	Name                string     `toml:"name"`
	Kind                string     `toml:"kind"`
	Description         string     `toml:"description"`
	Email               string     `toml:"email"`
	Website             string     `toml:"website"`
	Phone               string     `toml:"phone"`
	SocialUtility       string     `toml:"social_utility"`
	VolunteerManagement string     `toml:"volunteer_management"`
	PartnerNotes        string     `toml:"partner_notes"`
	Volunteers          *int       `toml:"volunteers"`
	Activities          []string   `toml:"activities"`
	Members             []string   `toml:"members"`
	Verified            int        `toml:"verified"`
	State               string     `toml:"state"`
	Comment             string     `toml:"comment"`
	Training            []training `toml:"training"`
	Places              []place    `toml:"place"`
	Services            []service  `toml:"service"`

	comune string // the file's
}

type training struct {
	Title    string `toml:"title"`
	Period   string `toml:"period"`
	Audience string `toml:"audience"`
}

type place struct {
	Key          string `toml:"key"`
	Name         string `toml:"name"`
	Address      string `toml:"address"`
	Comune       string `toml:"comune"`
	CAP          string `toml:"cap"`
	URL          string `toml:"url"`
	Access       string `toml:"access"`
	Transport    string `toml:"transport"`
	Phone        string `toml:"phone"`
	Description  string `toml:"description"`
	Confidential bool   `toml:"confidential"`
	Later        bool   `toml:"later"`
}

// service is a service as written in the data.
//
//	key (default: made from the name, "minibasket"),
//	name, description (required), categories (required: trama-servizi
//	codes), targets (trama-destinatari codes), ages ("6-10", "65+", "0-3"),
//	when (schedules, see when.go), at (place keys; default: the first
//	place), free, cost (["Quota annuale = 180"]), fees (text), lang (ISO
//	codes; default ["it"]), capacity, waiting_list, referral,
//	volunteers_wanted, eligibility, application, accessibility,
//	partner_notes, email, phone, url, status (default active), alert.
type service struct {
	Key              string   `toml:"key"`
	Name             string   `toml:"name"`
	Description      string   `toml:"description"`
	Categories       []string `toml:"categories"`
	Targets          []string `toml:"targets"`
	Ages             string   `toml:"ages"`
	When             []string `toml:"when"`
	At               []string `toml:"at"`
	Free             bool     `toml:"free"`
	Cost             []string `toml:"cost"`
	Fees             string   `toml:"fees"`
	Lang             []string `toml:"lang"`
	Capacity         *int     `toml:"capacity"`
	WaitingList      bool     `toml:"waiting_list"`
	Referral         bool     `toml:"referral"`
	VolunteersWanted bool     `toml:"volunteers_wanted"`
	Eligibility      string   `toml:"eligibility"`
	Application      string   `toml:"application"`
	Accessibility    string   `toml:"accessibility"`
	PartnerNotes     string   `toml:"partner_notes"`
	Email            string   `toml:"email"`
	Phone            string   `toml:"phone"`
	URL              string   `toml:"url"`
	Status           string   `toml:"status"`
	Alert            string   `toml:"alert"`
	Later            bool     `toml:"later"`
}

// Organization states in the data.
const (
	statePublished        = "published"
	statePending          = "pending"
	stateChangesRequested = "changes_requested"
	stateUpdateSubmitted  = "update_submitted"
	stateArchived         = "archived"
)

var states = []string{statePublished, statePending, stateChangesRequested, stateUpdateSubmitted, stateArchived}

// readData reads every data file, in name order, and checks what the
// directory's own validation cannot: unknown keys (a typo would silently
// drop data), duplicate keys, references between entries.
func readData(fsys fs.FS) ([]org, error) {
	names, err := fs.Glob(fsys, "data/*.toml")
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	var all []org
	seen := map[string]bool{}
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		var f file
		md, err := toml.Decode(string(b), &f)
		if err != nil {
			return nil, fmt.Errorf("demo: %s: %w", name, err)
		}
		if un := md.Undecoded(); len(un) > 0 {
			return nil, fmt.Errorf("demo: %s: unknown keys %v", name, un)
		}
		if f.Comune == "" {
			return nil, fmt.Errorf("demo: %s: no comune", name)
		}
		for _, o := range f.Orgs {
			o.comune = f.Comune
			if err := o.check(); err != nil {
				return nil, fmt.Errorf("demo: %s: %w", path.Base(name), err)
			}
			if seen[o.Key] {
				return nil, fmt.Errorf("demo: %s: organization key %q used twice", name, o.Key)
			}
			seen[o.Key] = true
			all = append(all, o)
		}
	}
	return all, nil
}

// check looks for mistakes in the data that would otherwise surface as a
// confusing validation error, or not at all.
func (o *org) check() error {
	if o.Key == "" || strings.ContainsAny(o.Key, "/ ") {
		return fmt.Errorf("organization %q: key %q must be a short word", o.Name, o.Key)
	}
	if o.State == "" {
		o.State = statePublished
	}
	if !slices.Contains(states, o.State) {
		return fmt.Errorf("%s: state %q (want one of %v)", o.Key, o.State, states)
	}
	if len(o.Places) == 0 {
		return fmt.Errorf("%s: no place", o.Key)
	}
	places := map[string]bool{}
	for _, p := range o.Places {
		if p.Key == "" || places[p.Key] {
			return fmt.Errorf("%s: place %q: missing or repeated key", o.Key, p.Name)
		}
		places[p.Key] = true
	}
	services := map[string]bool{}
	for i := range o.Services {
		s := &o.Services[i]
		if s.Key == "" {
			s.Key = territory.Slugify(s.Name) // "Minibasket (6-10 anni)" → "minibasket-6-10-anni"
		}
		if services[s.Key] {
			return fmt.Errorf("%s: service key %q used twice", o.Key, s.Key)
		}
		services[s.Key] = true
		for _, at := range s.At {
			if !places[at] {
				return fmt.Errorf("%s/%s: unknown place %q", o.Key, s.Key, at)
			}
		}
		if len(s.When) == 0 {
			return fmt.Errorf("%s/%s: no schedule", o.Key, s.Key)
		}
	}
	later := slices.ContainsFunc(o.Services, func(s service) bool { return s.Later }) ||
		slices.ContainsFunc(o.Places, func(p place) bool { return p.Later })
	if wantsUpdate := o.State == stateChangesRequested || o.State == stateUpdateSubmitted; later != wantsUpdate {
		return fmt.Errorf("%s: later items go with (only) the states %s and %s", o.Key, stateChangesRequested, stateUpdateSubmitted)
	}
	if (o.State == stateChangesRequested || o.State == stateArchived) && o.Comment == "" {
		return fmt.Errorf("%s: state %s needs a comment", o.Key, o.State)
	}
	if (o.State == statePending || o.State == stateChangesRequested || o.State == stateUpdateSubmitted) && len(o.Members) == 0 {
		return fmt.Errorf("%s: state %s needs a member who submits", o.Key, o.State)
	}
	return nil
}
