package loadmix

import (
	"fmt"
	"html"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/reliability/load"
)

// unique returns a text unique to this run and request.
func (t *Target) unique() string { return fmt.Sprintf("%s-%d", t.run, t.seq.Add(1)) }

// helpRequest is the public "chiedi aiuto" form, consent step included.
func (t *Target) helpRequest(r *rand.Rand) load.Request {
	cats := []string{"EDU", "FAM", "ANZ", "BEN", "CASA"}
	return load.Request{Method: http.MethodPost, Path: "/chiedi-aiuto/invia", OK: redirect, Form: url.Values{
		"categories": {cats[r.IntN(len(cats))]}, "urgency": {"2"}, "istat_code": {"015036"},
		"description": {"Cerco un doposcuola per i miei figli, faccio i turni (prova di carico " + t.unique() + ")."},
		"involved":    {"children"}, "children_ages": {"8, 11"}, "first_name": {"Giulia"}, "last_name": {"Carico"},
		"birth_year": {"1988"}, "contact_pref": {"email"}, "email": {"carico-" + t.unique() + "@prova.example"},
		"days": {"MO", "WE"}, "parts": {"afternoon"}, "consent": {"on"}, "consent_referrals": {"on"}}}
}

var answerRe = regexp.MustCompile(`name="(answer_[^"]+)"`)

// eventRegistration reads a public event's page and registers a new
// person with its form (waiting list when full: still a registration).
func (t *Target) eventRegistration(r *rand.Rand) load.Request {
	id := t.Events[r.IntN(len(t.Events))]
	return load.Request{Method: "flow", Path: "/eventi/" + id, Flow: t.eventFlow(id)}
}

// flow is a sequence of requests sent through do.
type flow = func(do func(load.Request) (*load.Response, error)) error

func (t *Target) eventFlow(id string) flow {
	return func(do func(load.Request) (*load.Response, error)) error {
		page, err := do(load.Request{Method: http.MethodGet, Path: "/eventi/" + id, OK: ok200})
		if err != nil {
			return err
		}
		form := formValues(page.Body, "/eventi/"+id+"/iscrizione")
		if form == nil {
			return fmt.Errorf("event %s: no registration form", id)
		}
		n := t.unique()
		form.Set("name", "Persona "+n)
		form.Set("email", "iscrizione-"+n+"@prova.example")
		for _, m := range answerRe.FindAllStringSubmatch(page.Body, -1) {
			if form.Get(m[1]) == "" {
				form.Set(m[1], "Sì")
			}
		}
		_, err = do(load.Request{Method: http.MethodPost, Path: "/eventi/" + id + "/iscrizione", Form: form, OK: redirect})
		return err
	}
}

// shiftSignUp is the demo volunteer signing up for a shift of an
// opportunity and, so that the next flow finds it free again, cancelling
// the sign-up from their commitments page.
func (t *Target) shiftSignUp(r *rand.Rand) load.Request {
	id := t.Opportunities[r.IntN(len(t.Opportunities))]
	pick := r.IntN(1 << 20)
	return load.Request{Method: "flow", Path: "/volontariato/opportunita/" + id, Flow: t.shiftFlow(id, pick)}
}

func (t *Target) shiftFlow(id string, pick int) flow {
	c := t.Clients[auth.Volunteer]
	return func(do func(load.Request) (*load.Response, error)) error {
		t.shiftMu.Lock()
		defer t.shiftMu.Unlock()
		page, err := do(load.Request{Method: http.MethodGet, Path: "/volontariato/opportunita/" + id, Client: c, OK: ok200})
		if err != nil {
			return err
		}
		starts := startRe.FindAllStringSubmatch(page.Body, -1)
		if len(starts) == 0 {
			return fmt.Errorf("opportunity %s: no shift to sign up for", id)
		}
		start := starts[pick%len(starts)][1]
		if _, err := do(load.Request{Method: http.MethodPost, Path: "/volontariato/opportunita/" + id + "/iscriviti", Client: c,
			Form: url.Values{"start": {start}, "note": {"prova di carico"}}, OK: redirect}); err != nil {
			return err
		}
		mine, err := do(load.Request{Method: http.MethodGet, Path: "/volontariato/impegni", Client: c, OK: ok200})
		if err != nil {
			return err
		}
		for _, m := range cancelRe.FindAllStringSubmatch(mine.Body, -1) {
			if _, err := do(load.Request{Method: http.MethodPost, Path: "/volontariato/iscrizioni/" + m[1] + "/annulla", Client: c, OK: redirect}); err != nil {
				return err
			}
		}
		return nil
	}
}

// directoryEdit is the demo operator changing their organization's
// description through the back-office form (a draft for review).
func (t *Target) directoryEdit(*rand.Rand) load.Request {
	path := "/ente/" + t.OperatorOrg + "/dati"
	c := t.Clients[auth.Operator]
	return load.Request{Method: "flow", Path: path, Flow: func(do func(load.Request) (*load.Response, error)) error {
		t.editMu.Lock() // the form carries the revision it was read at
		defer t.editMu.Unlock()
		page, err := do(load.Request{Method: http.MethodGet, Path: path, Client: c, OK: ok200})
		if err != nil {
			return err
		}
		form := formValues(page.Body, path)
		if form == nil {
			return fmt.Errorf("%s: no form", path)
		}
		desc, _, _ := strings.Cut(form.Get("description"), " [prova di carico")
		form.Set("description", desc+" [prova di carico "+t.unique()+"]")
		_, err = do(load.Request{Method: http.MethodPost, Path: path, Client: c, Form: form, OK: redirect})
		return err
	}}
}

var (
	inputRe    = regexp.MustCompile(`(?s)<input\b[^>]*>`)
	textareaRe = regexp.MustCompile(`(?s)<textarea\b([^>]*)>(.*?)</textarea>`)
	selectRe   = regexp.MustCompile(`(?s)<select\b([^>]*)>(.*?)</select>`)
	optionRe   = regexp.MustCompile(`(?s)<option\b[^>]*>`)
	attrRe     = regexp.MustCompile(`([a-z-]+)(?:="([^"]*)")?`)
)

// formValues returns what a browser would post from the form whose action
// is action, as the page shows it (nil: no such form). Enough for Trama's
// server-rendered forms: inputs, checked boxes, text areas, selected
// options.
func formValues(page, action string) url.Values {
	i := strings.Index(page, `action="`+action+`"`)
	if i < 0 {
		return nil
	}
	body := page[i:]
	if end := strings.Index(body, "</form>"); end >= 0 {
		body = body[:end]
	}
	v := url.Values{}
	for _, tag := range inputRe.FindAllString(body, -1) {
		a := attrs(tag)
		switch a["type"] {
		case "submit", "button", "file", "image", "reset":
			continue
		case "checkbox", "radio":
			if !hasAttr(a, "checked") {
				continue
			}
			if !hasAttr(a, "value") {
				a["value"] = "on"
			}
		}
		if a["name"] != "" {
			v.Add(a["name"], a["value"])
		}
	}
	for _, m := range textareaRe.FindAllStringSubmatch(body, -1) {
		if name := attrs(m[1])["name"]; name != "" {
			v.Add(name, html.UnescapeString(strings.TrimPrefix(m[2], "\n")))
		}
	}
	for _, m := range selectRe.FindAllStringSubmatch(body, -1) {
		name := attrs(m[1])["name"]
		opts := optionRe.FindAllString(m[2], -1)
		if name == "" || len(opts) == 0 {
			continue
		}
		chosen := attrs(opts[0])["value"] // a browser sends the first option when none is selected
		for _, opt := range opts {
			if a := attrs(opt); hasAttr(a, "selected") {
				chosen = a["value"]
			}
		}
		v.Add(name, chosen)
	}
	return v
}

// attrs reads the attributes of a tag, values unescaped.
func attrs(tag string) map[string]string {
	out := map[string]string{}
	tag = strings.TrimPrefix(strings.TrimPrefix(tag, "<"), strings.Fields(tag + " ")[0][1:])
	for _, m := range attrRe.FindAllStringSubmatch(tag, -1) {
		out[m[1]] = html.UnescapeString(m[2])
	}
	return out
}

func hasAttr(a map[string]string, name string) bool { _, ok := a[name]; return ok }
