package portal

import (
	"net/http"
	"slices"
	"strings"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/web"
	"github.com/trama-welfare/trama/internal/search"
)

// orgPage is what portal/organization shows.
type orgPage struct {
	Org         *directory.Organization
	Identifiers []directory.OrganizationIdentifier
	Activities  []string
	Places      []place
	Services    []orgService
	JSONLD      map[string]any
}

// orgService is a published service in the organization's list.
type orgService struct {
	ID, Name, Description, When, Ages, Where string
	Closed, Free, Unverified                 bool
}

func (p *Portal) organization(w http.ResponseWriter, r *http.Request) {
	rec, st, err := p.dir.Store.Published(r.Context(), r.PathValue("id"))
	if err == nil && (rec == nil || st != directory.OrgActive) {
		err = errs.NotFoundErr()
	}
	if err != nil {
		p.notFound(w, r, err, "portal.errors.org_not_found")
		return
	}
	p.site.Render(w, r, "portal/organization", p.orgPage(r, rec, st))
}

func (p *Portal) orgPage(r *http.Request, rec *directory.Record, st directory.OrgStatus) orgPage {
	lang := web.LangFrom(r)
	o := &rec.Organization
	d := orgPage{Org: o, Identifiers: o.OrganizationIdentifiers, Activities: p.labels(r, o.Activities), JSONLD: p.orgLD(o)}
	d.JSONLD["@context"] = "https://schema.org"
	if o.Description != "" {
		d.JSONLD["description"] = o.Description
	}
	used := map[string]bool{}
	for i := range rec.Services {
		s := &rec.Services[i]
		if !search.Public(st, s.Status) {
			continue
		}
		var comuni []string
		for _, pl := range p.places(rec, s) {
			if !pl.Online && pl.Comune != "" && !slices.Contains(comuni, pl.Comune) {
				comuni = append(comuni, pl.Comune)
			}
		}
		for _, sal := range s.ServiceAtLocations {
			used[sal.LocationID] = true
		}
		d.Services = append(d.Services, orgService{ID: s.ID, Name: s.Name, Description: firstLine(s.Description),
			When: directory.DescribeSchedules(s.Schedules, lang), Ages: p.ages(r, s.MinimumAge, s.MaximumAge),
			Where: strings.Join(comuni, ", "), Closed: s.Status == directory.StatusTemporarilyClosed, Free: s.Free,
			Unverified: p.dir.Freshness.Unverified(s.AssuredDate)})
	}
	for i := range rec.Locations {
		if l := &rec.Locations[i]; used[l.ID] {
			d.Places = append(d.Places, p.place(l))
		}
	}
	return d
}

// firstLine is the first paragraph of a text, for lists.
func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i > 0 {
		return strings.TrimSpace(s[:i])
	}
	return s
}
