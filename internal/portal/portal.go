// Package portal is the public face of the directory beyond the search
// page: a service's page (/servizi/{id}), an organization's page
// (/enti/{id}), the iCalendar feeds of one service and of a search
// (/servizi/{id}.ics, /servizi.ics), and what the home page shows
// citizens (categories with counts, what's on this week near a comune).
//
// It only reads: published records through the directory, public
// documents through the search index. Confidential places never show
// their address or position, in HTML, JSON-LD or calendars.
package portal

import (
	"embed"
	"io/fs"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/web"
	"github.com/trama-welfare/trama/internal/search"
	"github.com/trama-welfare/trama/internal/territory"
)

//go:embed templates/*.html
var templates embed.FS

// Templates are this package's pages.
func Templates() fs.FS { sub, _ := fs.Sub(templates, "templates"); return sub }

// Portal serves the public pages.
type Portal struct {
	site    *web.Site
	dir     *directory.Directory
	ix      *search.Index
	terr    *territory.Store
	baseURL string

	countsMu sync.Mutex // the home page's category counts
	counts   map[string]int
	countsAt time.Time
}

// New wires the portal.
func New(site *web.Site, dir *directory.Directory, ix *search.Index, terr *territory.Store, baseURL string) *Portal {
	return &Portal{site: site, dir: dir, ix: ix, terr: terr, baseURL: strings.TrimRight(baseURL, "/")}
}

// Routes registers the pages. Go's ServeMux wildcards take whole
// segments, so "/servizi/{id}" also answers "/servizi/{id}.ics".
func (p *Portal) Routes(r *web.Router) {
	r.Handle("GET /servizi/{id}", auth.Public, p.service)
	r.Handle("GET /servizi.ics", auth.Public, p.searchFeed)
	r.Handle("GET /enti/{id}", auth.Public, p.organization)
}

// link is the absolute URL of a path of the site.
func (p *Portal) link(path string) string { return p.baseURL + path }

// host is the site's host name, for calendar UIDs.
func (p *Portal) host() string {
	if u, err := url.Parse(p.baseURL); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "trama"
}
