// Package loadmix is the realistic request mix of issue 8's load test:
// 80% public reads (search with varied queries and filters, service and
// organization pages, calendars, the HSDS API), 15% back-office pages of
// logged-in accounts (one per role) and 5% writes (public help requests,
// event registrations, shift sign-ups, directory edits) through the real
// forms. Discover finds the ids the mix needs on a running server with the
// demo data (alone or on top of the national synthetic directory) and logs
// the demo accounts in; cmd/trama-load replays the mix with
// internal/reliability/load.
package loadmix

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/trama-welfare/trama/internal/app"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/reliability/load"
	"github.com/trama-welfare/trama/internal/search/benchmix"
)

// Target is what Discover found on the server.
type Target struct {
	Base          string
	Services      []string // published service ids
	Organizations []string // published organization ids
	Events        []string // public events with an open registration form
	Opportunities []string // volunteering opportunities with shifts to sign up for
	OperatorOrg   string   // the demo operator's organization
	Clients       map[auth.Role]*http.Client
	run           string // makes e-mails and texts of this run unique
	seq           atomic.Int64
	editMu        sync.Mutex // one directory edit at a time (the form's revision)
	shiftMu       sync.Mutex // one sign-up flow at a time (one volunteer)
}

var (
	serviceRe     = regexp.MustCompile(`href="/servizi/([0-9a-f-]{36})"`)
	orgRe         = regexp.MustCompile(`href="/enti/([0-9a-f-]{36})"`)
	eventRe       = regexp.MustCompile(`href="/eventi/([0-9a-f-]{36})"`)
	opportunityRe = regexp.MustCompile(`href="/volontariato/opportunita/([0-9a-f-]{36})"`)
	backofficeRe  = regexp.MustCompile(`href="/ente/([0-9a-f-]{36})"`)
	cancelRe      = regexp.MustCompile(`action="/volontariato/iscrizioni/([0-9a-f-]{36})/annulla"`)
	startRe       = regexp.MustCompile(`name="start" value="([0-9]+)"`)
)

// Discover logs the demo accounts in and collects the ids of the mix.
func Discover(base, run string) (*Target, error) {
	t := &Target{Base: base, Clients: map[auth.Role]*http.Client{}, run: run}
	for _, acc := range app.DemoAccounts {
		c, err := Login(base, acc.Email, acc.Password)
		if err != nil {
			return nil, err
		}
		t.Clients[acc.Role] = c
	}
	get := func(c *http.Client, path string) string {
		r, err := load.Send(base, c, load.Request{Method: http.MethodGet, Path: path})
		if err != nil {
			return ""
		}
		return r.Body
	}
	for _, q := range []string{"bambini", "anziani", "calcio", "doposcuola", "sport", "ascolto", "emporio", "italiano"} {
		t.Services = appendNew(t.Services, serviceRe, get(nil, "/servizi?q="+url.QueryEscape(q)), 400)
	}
	for _, id := range t.Services[:min(len(t.Services), 40)] {
		t.Organizations = appendNew(t.Organizations, orgRe, get(nil, "/servizi/"+id), 200)
	}
	// The events and opportunities whose forms the demo accounts can use:
	// one registration, one sign-up and its cancellation each.
	try := func(f flow) bool {
		return f(func(r load.Request) (*load.Response, error) { return load.Send(base, r.Client, r) }) == nil
	}
	for _, id := range appendNew(nil, eventRe, get(nil, "/eventi"), 50) {
		if try(t.eventFlow(id)) {
			t.Events = append(t.Events, id)
		}
	}
	for _, id := range appendNew(nil, opportunityRe, get(t.Clients[auth.Volunteer], "/volontariato"), 50) {
		if try(t.shiftFlow(id, 0)) {
			t.Opportunities = append(t.Opportunities, id)
		}
	}
	if m := backofficeRe.FindStringSubmatch(get(t.Clients[auth.Operator], "/ente")); m != nil {
		t.OperatorOrg = m[1]
	}
	switch {
	case len(t.Services) == 0 || len(t.Organizations) == 0:
		return nil, fmt.Errorf("loadmix: no public services found on %s", base)
	case len(t.Events) == 0 || len(t.Opportunities) == 0 || t.OperatorOrg == "":
		return nil, fmt.Errorf("loadmix: the demo data is missing on %s (events %d, opportunities %d, operator's organization %q)",
			base, len(t.Events), len(t.Opportunities), t.OperatorOrg)
	}
	return t, nil
}

// Login logs in through the login form and returns a client with the
// session cookie.
func Login(base, email, password string) (*http.Client, error) {
	c := load.NewClient()
	c.Jar, _ = cookiejar.New(nil)
	_, err := load.Send(base, c, load.Request{Method: http.MethodPost, Path: "/accedi",
		Form: url.Values{"email": {email}, "password": {password}}, OK: redirect})
	if err != nil {
		return nil, fmt.Errorf("loadmix: log in %s: %w", email, err)
	}
	return c, nil
}

func appendNew(list []string, re *regexp.Regexp, body string, limit int) []string {
	for _, m := range re.FindAllStringSubmatch(body, -1) {
		if len(list) < limit && !slices.Contains(list, m[1]) {
			list = append(list, m[1])
		}
	}
	return list
}

func redirect(status int) bool { return status == http.StatusSeeOther || status == http.StatusFound }
func ok200(status int) bool    { return status == http.StatusOK }

// Mix returns the scenarios. Every request must get the status it expects
// (200 for pages, a redirect after a form): anything else is an error.
func (t *Target) Mix() []load.Scenario {
	searches := benchmix.Mix(nil)
	get := func(path string) load.Request { return load.Request{Method: http.MethodGet, Path: path, OK: ok200} }
	pages := func(role auth.Role, paths ...string) func(*rand.Rand) load.Request {
		return func(r *rand.Rand) load.Request {
			req := get(paths[r.IntN(len(paths))])
			req.Client = t.Clients[role]
			return req
		}
	}
	pick := func(r *rand.Rand, list []string) string { return list[r.IntN(len(list))] }
	org := "/ente/" + t.OperatorOrg
	return []load.Scenario{
		{Name: "search page", Group: "read", Weight: 300, Next: func(r *rand.Rand) load.Request {
			s := searches[r.IntN(len(searches))]
			for s.Class == benchmix.TypeAhead {
				s = searches[r.IntN(len(searches))]
			}
			v := maps.Clone(s.Values) // Set replaces a slice: a shallow copy is enough
			if r.IntN(4) == 0 {
				v.Set("page", strconv.Itoa(2+r.IntN(3)))
			}
			return get("/servizi?" + v.Encode())
		}},
		{Name: "type-ahead", Group: "read", Weight: 80, Next: func(r *rand.Rand) load.Request {
			for {
				if s := searches[r.IntN(len(searches))]; s.Class == benchmix.TypeAhead {
					return get("/servizi/suggerimenti?" + s.Values.Encode())
				}
			}
		}},
		{Name: "service page", Group: "read", Weight: 150, Next: func(r *rand.Rand) load.Request { return get("/servizi/" + pick(r, t.Services)) }},
		{Name: "organization page", Group: "read", Weight: 80, Next: func(r *rand.Rand) load.Request { return get("/enti/" + pick(r, t.Organizations)) }},
		{Name: "service calendar", Group: "read", Weight: 40, Next: func(r *rand.Rand) load.Request { return get("/servizi/" + pick(r, t.Services) + ".ics") }},
		{Name: "search calendar", Group: "read", Weight: 30, Next: func(r *rand.Rand) load.Request {
			s := searches[r.IntN(len(searches))]
			for s.Class != benchmix.TextCatAge && s.Class != benchmix.NearComune {
				s = searches[r.IntN(len(searches))]
			}
			return get("/servizi.ics?" + s.Values.Encode())
		}},
		{Name: "HSDS service list", Group: "read", Weight: 40, Next: func(r *rand.Rand) load.Request {
			return get(fmt.Sprintf("/api/hsds/services?page=%d&per_page=%d", 1+r.IntN(50), []int{10, 25, 50}[r.IntN(3)]))
		}},
		{Name: "HSDS service", Group: "read", Weight: 40, Next: func(r *rand.Rand) load.Request { return get("/api/hsds/services/" + pick(r, t.Services)) }},
		{Name: "HSDS organization", Group: "read", Weight: 20, Next: func(r *rand.Rand) load.Request { return get("/api/hsds/organizations/" + pick(r, t.Organizations)) }},
		{Name: "events", Group: "read", Weight: 20, Next: func(r *rand.Rand) load.Request {
			if r.IntN(2) == 0 {
				return get("/eventi")
			}
			return get("/eventi/" + pick(r, t.Events))
		}},
		{Name: "coordinator pages", Group: "backoffice", Weight: 50, Next: pages(auth.Coordinator,
			"/coordinamento/validazioni", "/coordinamento/porta", "/coordinamento/porta/casi", "/coordinamento/enti",
			"/coordinamento/servizi", "/rete", "/eventi/gestione", "/volontariato/gestione")},
		{Name: "operator pages", Group: "backoffice", Weight: 50, Next: pages(auth.Operator,
			"/ente", org, org+"/dati", org+"/volontariato", org+"/ore", "/invii", "/eventi/gestione")},
		{Name: "volunteer pages", Group: "backoffice", Weight: 30, Next: pages(auth.Volunteer,
			"/volontariato", "/volontariato/impegni", "/volontariato/ore", "/volontariato/profilo", "/profilo")},
		{Name: "admin pages", Group: "backoffice", Weight: 20, Next: pages(auth.Admin,
			"/admin/utenti", "/admin/registro", "/admin/ambiti", "/admin/tassonomie")},
		{Name: "help request", Group: "write", Weight: 15, Next: t.helpRequest},
		{Name: "event registration", Group: "write", Weight: 12, Next: t.eventRegistration},
		{Name: "shift sign-up", Group: "write", Weight: 10, Next: t.shiftSignUp},
		{Name: "directory edit", Group: "write", Weight: 13, Next: t.directoryEdit},
	}
}
