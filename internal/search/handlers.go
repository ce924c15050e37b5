package search

import (
	"embed"
	"encoding/json"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/geo"
	"github.com/trama-welfare/trama/internal/platform/text"
	"github.com/trama-welfare/trama/internal/platform/web"
)

//go:embed templates/*.html
var templates embed.FS

// Templates are this package's pages.
func Templates() fs.FS { sub, _ := fs.Sub(templates, "templates"); return sub }

// ActionExplain lets the network see why results rank where they do
// (the debug=1 parameter of the search page).
const ActionExplain auth.Action = "search.explain"

// Rules are the search's rows of the permission table; searching itself
// is public.
var Rules = auth.Rules{
	ActionExplain: {auth.Admin, auth.Coordinator, auth.Operator},
}

// Handlers serve the public search page.
type Handlers struct {
	site  *web.Site
	ix    *Index
	geo   *geo.Store
	fresh directory.Freshness
}

// NewHandlers wires the handlers; fr says when a result is shown "da
// verificare".
func NewHandlers(site *web.Site, ix *Index, g *geo.Store, fr directory.Freshness) *Handlers {
	return &Handlers{site: site, ix: ix, geo: g, fresh: fr}
}

// Routes registers the pages.
func (h *Handlers) Routes(r *web.Router) {
	r.Handle("GET /servizi", auth.Public, h.search)
	r.Handle("GET /servizi/suggerimenti", auth.Public, h.suggest)
}

// fragmentHeader asks for the results part of the page only (instant
// results): same URL, same parameters, so every state stays a link.
const fragmentHeader = "X-Trama-Fragment"

func (h *Handlers) search(w http.ResponseWriter, r *http.Request) {
	ctx, v := r.Context(), r.URL.Query()
	parsed, fields := h.ix.Env.ParseForm(ctx, v)
	q, comune := parsed.Query, parsed.Comune
	p := &pageData{Radius: DefaultRadiusKm, Searched: len(v) > 0, Sort: string(ByRelevance), Options: h.options(r)}
	if q.Sort != "" {
		p.Sort = string(q.Sort)
	}
	for _, k := range []string{"age", "day", "time", "language", "free", "accessible"} {
		p.MoreOpen = p.MoreOpen || v.Get(k) != ""
	}
	if km, err := strconv.Atoi(v.Get("km")); err == nil {
		p.Radius = km
	}
	if comune != nil {
		p.Comune = comune.Label()
	}
	p.NearMe = comune == nil && q.Origin != nil
	p.Understood = h.understood(r, parsed.Understood, v)
	p.Explain = v.Get("debug") == "1" && h.site.Policy.Allows(auth.RoleOf(web.UserFrom(r)), ActionExplain)
	q.Explain = p.Explain
	var err error
	if len(fields) > 0 {
		err = fields.Err()
	} else if p.Results, err = h.ix.Search(ctx, q); err == nil {
		h.decorate(r, p)
	}
	form := web.NewForm(v)
	w.Header().Set("Vary", fragmentHeader)
	if r.Header.Get(fragmentHeader) == "results" {
		view := h.site.View(w, r, p)
		view.Form = form
		if e, ok := errs.As(err); ok && e.Code == errs.Invalid {
			form.Errors = e.Fields
		} else if err != nil {
			h.site.Error(w, r, err)
			return
		}
		h.site.Renderer.Fragment(w, "search/search", "search-results", view)
		return
	}
	h.site.RenderForm(w, r, "search/search", p, form, err)
}

// pageData is what search/search shows.
type pageData struct {
	Results  *Results
	Items    []item
	Facets   []facetLink
	AllURL   string // the search without a category
	Comune   string // the comune understood, "Buccinasco (MI)"
	NearMe   bool   // distances from the user's position
	Radius   int
	Explain  bool
	Searched bool
	MoreOpen bool // a filter inside "more filters" is set
	// Understood lists the filters read from the words, in words.
	Understood []string
	Sort       string
	Options    options
	// Feed is the calendar of this search (internal/portal serves it).
	Feed string
}

// options are the choices of the form's selects, already translated.
type options struct {
	Radii, Ages, Days, Parts, Languages, Sorts [][]string
}

// dayCodes are RFC 5545 weekdays by time.Weekday, for their names.
var dayCodes = [7]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

func (h *Handlers) options(r *http.Request) options {
	t := func(key string, args ...any) string { return h.site.T(r, key, args...) }
	var o options
	for _, km := range Radii {
		label := t("search.radius", km)
		if km == 0 {
			label = t("search.radius_comune")
		}
		o.Radii = append(o.Radii, []string{strconv.Itoa(km), label})
	}
	o.Ages = append(o.Ages, []string{"0", t("search.age_baby")})
	for n := 1; n <= maxChildAge; n++ {
		o.Ages = append(o.Ages, []string{strconv.Itoa(n), h.site.Cat.N(web.LangFrom(r), "search.age_years", n)})
	}
	o.Ages = append(o.Ages, []string{"adulti", t("search.age_adults")}, []string{"anziani", t("search.age_seniors")})
	for i := 1; i <= 7; i++ {
		d := i % 7
		o.Days = append(o.Days, []string{strconv.Itoa(d), t("directory.weekday." + dayCodes[d])})
	}
	for _, p := range Parts {
		o.Parts = append(o.Parts, []string{PartName(p), t("search.part." + PartName(p))})
	}
	for _, l := range directory.Languages {
		o.Languages = append(o.Languages, []string{l, t("lang." + l)})
	}
	for _, s := range []Sort{ByRelevance, ByDistance, ByName} {
		o.Sorts = append(o.Sorts, []string{string(s), t("search.sort." + string(s))})
	}
	return o
}

// item is a result as the page shows it.
type item struct {
	Result
	URL      string
	When     string
	Where    string
	More     int // other places
	Ages     string
	Distance string
	Point    *Place
	Explain  string
	// Unverified: the organization has not confirmed it for too long.
	Unverified bool
}

// facetLink is a category with its count and the link that selects it.
type facetLink struct {
	Facet
	Label    string
	URL      string
	Children []facetLink
}

// understood says, in the reader's language, the filters read from the
// words that no field overrides.
func (h *Handlers) understood(r *http.Request, u understood, v url.Values) []string {
	var out []string
	if u.Day != nil && v.Get("day") == "" {
		out = append(out, h.site.T(r, "directory.weekday."+dayCodes[*u.Day]))
	}
	if u.Part != "" && v.Get("time") == "" {
		out = append(out, h.site.T(r, "search.part."+PartName(u.Part)))
	}
	if u.Age != nil && v.Get("age") == "" {
		out = append(out, h.site.Cat.N(web.LangFrom(r), "search.age_years", *u.Age))
	}
	if u.Comune != nil && v.Get("comune") == "" && v.Get("lat") == "" {
		out = append(out, h.site.T(r, "search.near", u.Comune.Label()))
	}
	return out
}

// decorate prepares results and facets for the page, in the reader's
// language.
func (h *Handlers) decorate(r *http.Request, p *pageData) {
	lang := web.LangFrom(r)
	for _, res := range p.Results.Items {
		it := item{Result: res, URL: "/servizi/" + res.ServiceID, Unverified: h.fresh.Unverified(res.AssuredDate),
			When: directory.DescribeSchedules(res.Schedules, lang), Ages: h.ages(r, res.MinAge, res.MaxAge)}
		if len(res.Places) > 0 {
			pl := res.Places[0]
			it.Where = strings.Join(nonEmpty(pl.Name, pl.Address, pl.Comune), ", ")
			if pl.Online {
				it.Where = strings.Join(nonEmpty(h.site.T(r, "search.online"), pl.Name), ", ")
			}
			it.More = len(res.Places) - 1
		}
		for i := range res.Places {
			if res.Places[i].HasPoint {
				it.Point = &res.Places[i]
				break
			}
		}
		if res.HasDistance {
			it.Distance = h.site.T(r, "search.km", decimal(res.DistanceKm, lang))
		}
		if p.Explain {
			it.Explain = h.explain(r, res)
		}
		p.Items = append(p.Items, it)
	}
	v := r.URL.Query()
	v.Del("page")
	p.AllURL = withParam(v, "category", "")
	feed := url.Values{}
	for k, vs := range v {
		if k != "debug" && k != "sort" {
			feed[k] = vs
		}
	}
	p.Feed = "/servizi.ics"
	if len(feed) > 0 {
		p.Feed += "?" + feed.Encode()
	}
	for _, f := range p.Results.Facets {
		p.Facets = append(p.Facets, h.facetLink(r, v, f))
	}
}

func (h *Handlers) facetLink(r *http.Request, v url.Values, f Facet) facetLink {
	l := facetLink{Facet: f, URL: withParam(v, "category", f.Code)}
	if t, ok := h.ix.Env.Tax.ByCode(r.Context(), f.Code); ok {
		l.Label = t.Label(web.LangFrom(r))
	}
	for _, c := range f.Children {
		l.Children = append(l.Children, h.facetLink(r, v, c))
	}
	return l
}

// withParam is /servizi with v, key set to value (or removed when empty).
func withParam(v url.Values, key, value string) string {
	c := url.Values{}
	for k, vs := range v {
		c[k] = append([]string(nil), vs...)
	}
	if value == "" {
		c.Del(key)
	} else {
		c.Set(key, value)
	}
	if len(c) == 0 {
		return "/servizi"
	}
	return "/servizi?" + c.Encode()
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// decimal writes x with one decimal, with a comma in Italian.
func decimal(x float64, lang string) string {
	s := strconv.FormatFloat(x, 'f', 1, 64)
	if lang == "it" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// ages says an age range in words.
func (h *Handlers) ages(r *http.Request, minAge, maxAge *int) string {
	return Ages(h.site, r, minAge, maxAge)
}

// Ages says an age range in words, in the reader's language ("da 6 a 10
// anni"); "" when the range is open at both ends.
func Ages(site *web.Site, r *http.Request, minAge, maxAge *int) string {
	switch {
	case minAge != nil && maxAge != nil:
		return site.T(r, "search.ages.range", *minAge, *maxAge)
	case minAge != nil:
		return site.T(r, "search.ages.from", *minAge)
	case maxAge != nil:
		return site.T(r, "search.ages.to", *maxAge)
	}
	return ""
}

// explain says the parts of a result's score.
func (h *Handlers) explain(r *http.Request, res Result) string {
	yes := func(b bool) string {
		if b {
			return h.site.T(r, "search.explain.yes")
		}
		return h.site.T(r, "search.explain.no")
	}
	band, dist := "–", "–"
	if res.Score.Band > 0 {
		band = h.site.T(r, "search.km", decimal(res.Score.Band, web.LangFrom(r)))
	}
	if res.HasDistance {
		dist = h.site.T(r, "search.km", decimal(res.DistanceKm, web.LangFrom(r)))
	}
	fresh := res.Score.Fresh
	if fresh == "" {
		fresh = "–"
	}
	return h.site.T(r, "search.explain.line", res.Score.Rank, res.Score.Text(), yes(res.Score.Exact), yes(res.Score.InName),
		yes(res.Score.AgeFit), band, dist, fresh, res.Score.RID)
}

// suggestion is one entry of the type-ahead list.
type suggestion struct {
	Label string `json:"label"`
	Kind  string `json:"kind"` // "category" or "service"
	URL   string `json:"url"`
}

// maxSuggestions bounds the type-ahead list.
const maxSuggestions = 8

// suggest answers type-ahead: categories whose name contains the words,
// then the best matching services.
func (h *Handlers) suggest(w http.ResponseWriter, r *http.Request) {
	ctx, lang := r.Context(), web.LangFrom(r)
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	out := []suggestion{}
	if len(q) > maxTextBytes {
		q = ""
	}
	if key := text.Fold(q); len([]rune(key)) >= 2 {
		tree, err := h.ix.Env.Tax.Tree(ctx, directory.TaxServices)
		if err != nil {
			http.Error(w, "error", http.StatusInternalServerError)
			return
		}
		for _, t := range tree {
			for _, c := range append([]directory.Term{t}, t.Children...) {
				if len(out) < 3 && strings.Contains(text.Fold(c.Label(lang)), key) {
					out = append(out, suggestion{Label: c.Label(lang), Kind: "category", URL: "/servizi?category=" + url.QueryEscape(c.Code)})
				}
			}
		}
		res, err := h.ix.Search(ctx, Query{Text: q, PerPage: maxSuggestions - len(out), SkipFacets: true})
		if err != nil {
			http.Error(w, "error", http.StatusInternalServerError)
			return
		}
		for _, it := range res.Items {
			out = append(out, suggestion{Label: it.Name, Kind: "service", URL: "/servizi/" + it.ServiceID})
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=60")
	json.NewEncoder(w).Encode(out)
}
