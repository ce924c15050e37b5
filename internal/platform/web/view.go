package web

import (
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Rome without the system's zoneinfo

	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/i18n"
)

// Rome is the time zone pages show times in.
var Rome = mustLoad("Europe/Rome")

func mustLoad(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// NavItem is an entry of the main navigation, shown to whoever may do Action.
type NavItem struct {
	Href   string
	Key    string // i18n label
	Action auth.Action
}

// HomeCard is a "what you can do here" card on the home page.
type HomeCard struct {
	Href    string
	Key     string // i18n title; Key+"_text" is the description
	Action  auth.Action
	Icon    string // Bootstrap Italia sprite name, e.g. "it-search"
	Section string // "citizen", "network", "coordination", "admin"
}

// View is what every page template receives.
type View struct {
	tr   i18n.Translator
	site *Site

	Lang      string
	Langs     []string
	User      *auth.User
	Path      string
	Query     url.Values
	Flash     string // translated
	FlashKind string // "success", "info", "warning", "danger"
	Header    string // territory or site name
	Demo      bool
	Nav       []NavItem
	Form      *Form
	Data      any
}

// T translates key in the page's language.
func (v *View) T(key string, args ...any) string { return v.tr.T(key, args...) }

// N translates a counted message.
func (v *View) N(key string, n int, args ...any) string { return v.tr.N(key, n, args...) }

// Can tells whether the visitor may do a (for showing links; the routes
// check again).
func (v *View) Can(a string) bool { return v.site.Policy.Allows(auth.RoleOf(v.User), auth.Action(a)) }

// Role is the visitor's role (empty when not logged in).
func (v *View) Role() string { return string(auth.RoleOf(v.User)) }

// Date formats t as "22 novembre 2026" / "22 November 2026".
func (v *View) Date(t any) string {
	tt, ok := asTime(t)
	if !ok {
		return ""
	}
	tt = tt.In(Rome)
	return fmt.Sprintf("%d %s %d", tt.Day(), v.T("date.month."+strconv.Itoa(int(tt.Month()))), tt.Year())
}

// DateTime formats t as "22 novembre 2026, 15:04".
func (v *View) DateTime(t any) string {
	tt, ok := asTime(t)
	if !ok {
		return ""
	}
	return v.Date(tt) + ", " + tt.In(Rome).Format("15:04")
}

// ISODate formats t as 2026-11-22 (for <time datetime> and date inputs).
func (v *View) ISODate(t any) string {
	tt, ok := asTime(t)
	if !ok {
		return ""
	}
	return tt.In(Rome).Format("2006-01-02")
}

func asTime(t any) (time.Time, bool) {
	switch t := t.(type) {
	case time.Time:
		return t, !t.IsZero()
	case *time.Time:
		if t == nil {
			return time.Time{}, false
		}
		return *t, !t.IsZero()
	}
	return time.Time{}, false
}

// Active tells whether the current path is href or below it.
func (v *View) Active(href string) bool {
	if href == "/" {
		return v.Path == "/"
	}
	return v.Path == href || strings.HasPrefix(v.Path, strings.TrimSuffix(href, "/")+"/")
}

// URLWith returns the current path with query parameter key set to value
// (page links, sorting) and the others kept.
func (v *View) URLWith(key, value string) string {
	q := url.Values{}
	for k, vs := range v.Query {
		q[k] = append([]string(nil), vs...)
	}
	if value == "" {
		q.Del(key)
	} else {
		q.Set(key, value)
	}
	if len(q) == 0 {
		return v.Path
	}
	return v.Path + "?" + q.Encode()
}

// CurrentURL is the path with its query, for "next" parameters.
func (v *View) CurrentURL() string {
	if len(v.Query) == 0 {
		return v.Path
	}
	return v.Path + "?" + v.Query.Encode()
}

// FieldError returns the translated message of a form field, or "".
func (v *View) FieldError(name string) string {
	if v.Form == nil {
		return ""
	}
	f, ok := v.Form.Errors[name]
	if !ok {
		return ""
	}
	return v.T(f.Key, f.Args...)
}

// Attribution is the credit line of the reference data.
func (v *View) Attribution() string { return v.site.Attribution }

// SiteName is the installation's name.
func (v *View) SiteName() string { return v.site.Config.SiteName }

// LangName is a language's own name.
func (v *View) LangName(l string) string { return i18n.LangName(l) }

// Config exposes the site configuration to templates (map tiles, base URL).
func (v *View) Config() SiteConfig { return v.site.Config }

// Form is a submitted (or prefilled) form and its validation messages.
type Form struct {
	Values url.Values
	Errors errs.Fields
}

// NewForm wraps values (r.PostForm usually).
func NewForm(values url.Values) *Form {
	if values == nil {
		values = url.Values{}
	}
	return &Form{Values: values}
}

// Get returns a field's value.
func (f *Form) Get(name string) string {
	if f == nil {
		return ""
	}
	return f.Values.Get(name)
}

// Has tells whether a multi-valued field holds value (checkboxes).
func (f *Form) Has(name, value string) bool {
	if f == nil {
		return false
	}
	for _, v := range f.Values[name] {
		if v == value {
			return true
		}
	}
	return false
}

// Checked tells whether a checkbox is on.
func (f *Form) Checked(name string) bool {
	v := f.Get(name)
	return v == "on" || v == "1" || v == "true"
}

// Funcs are the template functions every page can use.
func Funcs(assets *Assets) template.FuncMap {
	return template.FuncMap{
		"asset": assets.URL,
		"icon": func(name string) template.URL {
			return template.URL(assets.URL("vendor/bootstrap-italia/svg/sprites.svg") + "#" + name)
		},
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, fmt.Errorf("dict: odd number of arguments")
			}
			m := make(map[string]any, len(kv)/2)
			for i := 0; i < len(kv); i += 2 {
				k, ok := kv[i].(string)
				if !ok {
					return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
				}
				m[k] = kv[i+1]
			}
			return m, nil
		},
		"list": func(v ...any) []any { return v },
		"add":  func(a, b int) int { return a + b },
		"sub":  func(a, b int) int { return a - b },
		"join": strings.Join,
		"itoa": strconv.Itoa,
		"seq": func(from, to int) []int {
			var s []int
			for i := from; i <= to; i++ {
				s = append(s, i)
			}
			return s
		},
		"lines": func(s string) []string { return strings.Split(strings.TrimSpace(s), "\n") },
	}
}
