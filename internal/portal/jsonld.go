package portal

import (
	"net/http"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/web"
)

// JSON-LD (schema.org) for search engines. It sits in a
// <script type="application/ld+json"> block: a data block, which the
// browser never runs, so the Content-Security-Policy (script-src 'self')
// does not apply to it; html/template escapes it as JSON.

// serviceLD describes a service: a schema.org Service provided by an
// Organization, served at Places.
func (p *Portal) serviceLD(r *http.Request, rec *directory.Record, s *directory.Service, places []place) map[string]any {
	ld := map[string]any{"@context": "https://schema.org", "@type": "Service", "name": s.Name,
		"url": p.link("/servizi/" + s.ID), "provider": p.orgLD(&rec.Organization), "inLanguage": web.LangFrom(r)}
	if s.Description != "" {
		ld["description"] = s.Description
	}
	if cats := p.labels(r, s.Categories); len(cats) > 0 {
		ld["serviceType"] = cats
	}
	var areas []any
	for _, pl := range places {
		if !pl.Online {
			areas = append(areas, placeLD(pl))
		}
	}
	if len(areas) > 0 {
		ld["areaServed"] = areas
	}
	if s.Free {
		ld["offers"] = map[string]any{"@type": "Offer", "price": "0", "priceCurrency": "EUR"}
	}
	if s.URL != "" {
		ld["sameAs"] = s.URL
	}
	return ld
}

// orgLD is an organization as schema.org sees it.
func (p *Portal) orgLD(o *directory.Organization) map[string]any {
	ld := map[string]any{"@type": "Organization", "name": o.Name, "url": p.link("/enti/" + o.ID)}
	if o.Website != "" {
		ld["sameAs"] = o.Website
	}
	if o.Email != "" {
		ld["email"] = o.Email
	}
	if l := o.LogoPath(); l != "" {
		ld["logo"] = p.link(l)
	}
	return ld
}

// placeLD is a place: a confidential one gives its comune only.
func placeLD(pl place) map[string]any {
	addr := map[string]any{"@type": "PostalAddress", "addressCountry": "IT"}
	if pl.ComuneName != "" {
		addr["addressLocality"] = pl.ComuneName
		addr["addressRegion"] = pl.Province
	}
	if pl.Address != "" {
		addr["streetAddress"] = pl.Address
	}
	if pl.PostalCode != "" {
		addr["postalCode"] = pl.PostalCode
	}
	ld := map[string]any{"@type": "Place", "address": addr}
	if pl.Name != "" {
		ld["name"] = pl.Name
	}
	if pl.HasPoint {
		ld["geo"] = map[string]any{"@type": "GeoCoordinates", "latitude": pl.Lat, "longitude": pl.Lon}
	}
	return ld
}
