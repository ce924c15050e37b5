package hsds

import (
	"context"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/db"
)

// HSDS is the capability as the app wires it.
type HSDS struct {
	DB        *db.DB
	Spec      *Spec
	Dir       *directory.Directory
	Centroids map[string][2]float64 // comune centres, for confidential places
	API       *API
	// Text, when set, answers the API's search parameter on services
	// through the portal's index (the app sets it to the search.Index);
	// without it, a LIKE over names and descriptions does.
	Text     TextFinder
	progress progress
}

// TextFinder turns a text search into an SQL condition on a service id
// column, appending its values to those of the statement.
type TextFinder interface {
	TextCondition(ctx context.Context, text, column string, values *[]any) (string, error)
}

// New builds the capability on the directory; baseURL is the site's public
// address (for the API's links).
func New(d *db.DB, dir *directory.Directory, baseURL string) (*HSDS, error) {
	spec, err := LoadSpec()
	if err != nil {
		return nil, err
	}
	c, err := Centroids()
	if err != nil {
		return nil, err
	}
	h := &HSDS{DB: d, Spec: spec, Dir: dir, Centroids: c}
	doc, err := openAPI(baseURL)
	if err != nil {
		return nil, err
	}
	h.API = &API{h: h, baseURL: baseURL, openapi: doc}
	return h, nil
}

// Importer returns the HSDS package importer.
func (h *HSDS) Importer() *Importer {
	return &Importer{DB: h.DB, Spec: h.Spec, Store: h.Dir.Store, Index: h.Dir}
}

// Exporter returns the HSDS package exporter.
func (h *HSDS) Exporter() *Exporter { return &Exporter{DB: h.DB, Spec: h.Spec, Centroids: h.Centroids} }
