package portal

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/web"
	"github.com/trama-welfare/trama/internal/search"
)

// place is a location as the public may see it. A confidential place has
// its name and comune only: no address, no position.
type place struct {
	Name, Address, PostalCode string
	Comune                    string // "Buccinasco (MI)"
	ComuneName                string // "Buccinasco"
	Province                  string
	Online                    bool
	URL                       string
	Confidential              bool
	Lat, Lon                  float64
	HasPoint                  bool
	Accessibility             []string
	Transportation            string
	hours                     []directory.Schedule // the place's opening hours
}

// Hours are the place's opening hours in words ("" when it has none).
func (pl place) Hours(lang string) string { return directory.DescribeSchedules(pl.hours, lang) }

func (p *Portal) place(l *directory.Location) place {
	pl := place{Name: l.Name, Online: l.LocationType == directory.LocationVirtual, Confidential: l.Confidential}
	if c, ok := p.ix.Env.Comune(l.ISTATCode); ok {
		pl.Comune, pl.ComuneName, pl.Province = c.Label(), c.Name, c.ProvinceCode
	}
	if pl.Online {
		pl.URL = l.URL
	}
	for _, a := range l.Accessibility {
		if t := strings.TrimSpace(strings.Join(nonEmpty(a.Description, a.Details), ": ")); t != "" {
			pl.Accessibility = append(pl.Accessibility, t)
		}
	}
	if l.Confidential {
		return pl
	}
	a := l.Address()
	pl.Address, pl.PostalCode, pl.Transportation, pl.hours = a.Address1, a.PostalCode, l.Transportation, l.Schedules
	if !pl.Online && l.Latitude != nil && l.Longitude != nil {
		pl.Lat, pl.Lon, pl.HasPoint = *l.Latitude, *l.Longitude, true
	}
	return pl
}

// Line is the place in one line: name, address, comune.
func (pl place) Line() string { return strings.Join(nonEmpty(pl.Name, pl.Address, pl.Comune), ", ") }

// places are the public places of a service, in its order.
func (p *Portal) places(rec *directory.Record, s *directory.Service) []place {
	var out []place
	for _, sal := range s.ServiceAtLocations {
		if l := rec.Location(sal.LocationID); l != nil {
			out = append(out, p.place(l))
		}
	}
	return out
}

// published returns the published record of the organization of a
// service the public may see, and the service; NotFound for anything else
// (unknown, draft, inactive, archived).
func (p *Portal) published(ctx context.Context, serviceID string) (*directory.Record, *directory.Service, error) {
	res, err := p.ix.Lookup(ctx, serviceID)
	if err != nil {
		return nil, nil, err
	}
	rec, st, err := p.dir.Store.Published(ctx, res.OrganizationID)
	if err != nil {
		return nil, nil, err
	}
	if rec == nil {
		return nil, nil, errs.NotFoundErr()
	}
	s := rec.Service(serviceID)
	if s == nil || !search.Public(st, s.Status) {
		return nil, nil, errs.NotFoundErr()
	}
	return rec, s, nil
}

// notFound answers 404 with the portal's own message, and other errors as
// the site does.
func (p *Portal) notFound(w http.ResponseWriter, r *http.Request, err error, key string) {
	if e, ok := errs.As(err); ok && e.Code == errs.NotFound {
		p.site.ErrorStatus(w, r, http.StatusNotFound, key)
		return
	}
	p.site.Error(w, r, err)
}

// ages says an age range in words, as the search page does.
func (p *Portal) ages(r *http.Request, minAge, maxAge *int) string {
	if a := search.Ages(p.site, r, minAge, maxAge); a != "" {
		return a
	}
	return p.site.T(r, "portal.all_ages")
}

// languages names the languages of a service in the reader's language.
func (p *Portal) languages(r *http.Request, list []directory.Language) []string {
	var out []string
	for _, l := range list {
		code := strings.ToLower(strings.TrimSpace(l.Code))
		name := l.Name
		if slices.Contains(directory.Languages, code) {
			name = p.site.T(r, "lang."+code)
		}
		if name = strings.TrimSpace(name); name != "" && !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}

// labels are the names of taxonomy terms in the reader's language.
func (p *Portal) labels(r *http.Request, codes []string) []string {
	return p.dir.Tax.Labels(r.Context(), codes, web.LangFrom(r))
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
