package portal

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/geo"
	"github.com/trama-welfare/trama/internal/platform/web"
	"github.com/trama-welfare/trama/internal/schedule"
	"github.com/trama-welfare/trama/internal/search"
)

// Home is what the home page shows every visitor: the categories as
// entry points with their counts, and what's on in the next seven days
// near a comune.
type Home struct {
	Categories []HomeCategory
	Comune     string       // the comune of "this week", "Buccinasco (MI)"
	Comuni     []geo.Comune // the territory's, for the comune field's suggestions
	Days       []WeekDay    // the next seven days, today first; nil without a comune
	Any        bool         // something happens in those days
	SearchURL  string       // the search of the same comune
}

// HomeCategory is a top-level category with how many published services
// it has.
type HomeCategory struct {
	Code, Label, URL string
	Count            int
}

// WeekDay is a day of "this week": the nearest activities of that day,
// by time.
type WeekDay struct {
	Label string // "sabato 28 novembre"
	Date  time.Time
	Items []WeekItem
	More  int    // other activities that day
	URL   string // the search of that weekday near the comune
}

// WeekItem is a service happening on a day of the week list.
type WeekItem struct {
	ID, Name, Org, Where, Distance, Hours string
	Start                                 time.Time
}

// Limits of the home page's week list.
const (
	PerDay       = 4 // activities shown per day, the nearest
	weekRadiusKm = search.DefaultRadiusKm
	countsTTL    = time.Minute
)

// Home reads the home page's citizen part for the request. Its comune is
// the "comune" parameter (the search page's), else the first comune of
// the visitor's territory (or of the first territory); a comune unknown
// is a field error, the rest of the page still filled.
func (p *Portal) Home(r *http.Request) (any, error) {
	ctx := r.Context()
	h := &Home{}
	var err error
	if h.Categories, err = p.homeCategories(r); err != nil {
		return nil, err
	}
	var tid string
	if u := web.UserFrom(r); u != nil {
		tid = u.TerritoryID
	}
	h.Comuni = p.territoryComuni(ctx, tid)
	name := strings.TrimSpace(r.URL.Query().Get("comune"))
	var c geo.Comune
	switch ok := false; {
	case name != "":
		if c, ok = p.ix.Env.FindComune(name); !ok || len(name) > 80 {
			var f errs.Fields
			f.Add("comune", "search.errors.comune")
			return h, f.Err()
		}
	case len(h.Comuni) > 0:
		c = h.Comuni[0]
	default:
		return h, nil
	}
	h.Comune = c.Label()
	h.SearchURL = "/servizi?" + url.Values{"comune": {c.Label()}}.Encode()
	h.Days, h.Any, err = p.week7(r, c, time.Now().In(web.Rome))
	return h, err
}

// homeCategories are the top-level service categories with the number
// of published services of each (cached for countsTTL).
func (p *Portal) homeCategories(r *http.Request) ([]HomeCategory, error) {
	ctx, lang := r.Context(), web.LangFrom(r)
	counts, err := p.categoryCounts(ctx)
	if err != nil {
		return nil, err
	}
	tree, err := p.dir.Tax.Tree(ctx, directory.TaxServices)
	if err != nil {
		return nil, err
	}
	var out []HomeCategory
	for _, t := range tree {
		if n := counts[t.Code]; n > 0 {
			out = append(out, HomeCategory{Code: t.Code, Label: t.Label(lang), Count: n,
				URL: "/servizi?" + url.Values{"category": {t.Code}}.Encode()})
		}
	}
	return out, nil
}

func (p *Portal) categoryCounts(ctx context.Context) (map[string]int, error) {
	p.countsMu.Lock()
	defer p.countsMu.Unlock()
	if p.counts != nil && time.Since(p.countsAt) < countsTTL {
		return p.counts, nil
	}
	counts, err := p.ix.CategoryCounts(ctx)
	if err != nil {
		return nil, err
	}
	p.counts, p.countsAt = counts, time.Now()
	return counts, nil
}

// territoryComuni are the comuni of the territory tid, or of the first
// territory; nil when there is none.
func (p *Portal) territoryComuni(ctx context.Context, tid string) []geo.Comune {
	if tid == "" {
		list, err := p.terr.List(ctx)
		if err != nil || len(list) == 0 {
			return nil
		}
		tid = list[0].ID
	}
	t, err := p.terr.Get(ctx, tid)
	if err != nil {
		return nil
	}
	codes, _ := p.terr.ComuniCodes(ctx, tid) // by ISTAT code: the first is stable
	out := make([]geo.Comune, 0, len(t.Comuni))
	for _, code := range codes {
		if i := slices.IndexFunc(t.Comuni, func(c geo.Comune) bool { return c.ISTAT == code }); i >= 0 {
			out = append(out, t.Comuni[i])
		}
	}
	return out
}

// week7 lists, for each of the seven days from now, the services near
// comune c that happen that day: the PerDay nearest, by time.
func (p *Portal) week7(r *http.Request, c geo.Comune, now time.Time) ([]WeekDay, bool, error) {
	q := search.Query{Origin: &search.Point{Lat: c.Lat, Lon: c.Lon}, RadiusKm: weekRadiusKm, Sort: search.ByDistance,
		PerPage: search.MaxPerPage, SkipFacets: true}
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	end := today.AddDate(0, 0, 7)
	days := make([]WeekDay, 7)
	for i := range days {
		d := today.AddDate(0, 0, i)
		days[i] = WeekDay{Date: d, Label: p.dayLabel(r, d),
			URL: "/servizi?" + url.Values{"comune": {c.Label()}, "day": {strconv.Itoa(int(d.Weekday()))}}.Encode()}
	}
	found := false
	for page := 1; ; page++ {
		q.Page = page
		res, err := p.ix.Search(r.Context(), q)
		if err != nil {
			return nil, false, err
		}
		for _, it := range res.Items { // nearest first
			for i, o := range firstEachDay(it.Schedules, now, end, today) {
				if o == nil {
					continue
				}
				found = true
				if len(days[i].Items) < PerDay {
					days[i].Items = append(days[i].Items, p.weekItem(r, it, *o))
				} else {
					days[i].More++
				}
			}
		}
		if page >= res.Pages {
			break
		}
	}
	for _, d := range days {
		slices.SortStableFunc(d.Items, func(a, b WeekItem) int { return a.Start.Compare(b.Start) })
	}
	return days, found, nil
}

// firstEachDay is, for each of the seven days from today, the first
// occurrence of any of the schedules that day still to start after now.
func firstEachDay(list []directory.Schedule, now, end, today time.Time) [7]*schedule.Occurrence {
	var out [7]*schedule.Occurrence
	for _, s := range list {
		rule, err := directory.ToRule(s)
		if err != nil {
			continue
		}
		for _, o := range rule.Occurrences(now, end, 50) {
			start := o.Start.In(today.Location())
			i := int(time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, today.Location()).Sub(today).Hours()+12) / 24
			if i >= 0 && i < 7 && (out[i] == nil || o.Start.Before(out[i].Start)) {
				o := o
				out[i] = &o
			}
		}
	}
	return out
}

// dayLabel is "sabato 28 novembre".
func (p *Portal) dayLabel(r *http.Request, d time.Time) string {
	return p.site.T(r, "directory.weekday."+dayKeys[(int(d.Weekday())+6)%7]) + " " + strconv.Itoa(d.Day()) + " " +
		p.site.T(r, "date.month."+strconv.Itoa(int(d.Month())))
}

func (p *Portal) weekItem(r *http.Request, res search.Result, o schedule.Occurrence) WeekItem {
	it := WeekItem{ID: res.ServiceID, Name: res.Name, Org: res.OrganizationName, Start: o.Start,
		Hours: p.site.T(r, "portal.all_day")}
	if !o.AllDay {
		it.Hours = o.Start.In(web.Rome).Format("15:04")
		if o.End.After(o.Start) {
			it.Hours += "–" + o.End.In(web.Rome).Format("15:04")
		}
	}
	if len(res.Places) > 0 {
		pl := res.Places[0]
		it.Where = strings.Join(nonEmpty(pl.Name, pl.Comune), ", ")
	}
	if res.HasDistance {
		km := strconv.FormatFloat(res.DistanceKm, 'f', 1, 64)
		if web.LangFrom(r) == "it" {
			km = strings.Replace(km, ".", ",", 1)
		}
		it.Distance = p.site.T(r, "search.km", km)
	}
	return it
}
