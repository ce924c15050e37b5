package hsds

import (
	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/db"
)

// HSDS is the capability as the app wires it.
type HSDS struct {
	DB        *db.DB
	Spec      *Spec
	Dir       *directory.Directory
	Centroids map[string][2]float64 // comune centres, for confidential places
}

// New builds the capability on the directory.
func New(d *db.DB, dir *directory.Directory) (*HSDS, error) {
	spec, err := LoadSpec()
	if err != nil {
		return nil, err
	}
	c, err := Centroids()
	if err != nil {
		return nil, err
	}
	return &HSDS{DB: d, Spec: spec, Dir: dir, Centroids: c}, nil
}

// Importer returns the HSDS package importer.
func (h *HSDS) Importer() *Importer { return &Importer{DB: h.DB, Spec: h.Spec, Store: h.Dir.Store} }

// Exporter returns the HSDS package exporter.
func (h *HSDS) Exporter() *Exporter { return &Exporter{DB: h.DB, Spec: h.Spec, Centroids: h.Centroids} }
