// Package data ships the reference data Trama needs with the binary. The
// sources and licences of every file are in SOURCES.md.
package data

import "embed"

// FS holds the reference files: comuni.csv, attivita-interesse-generale.csv,
// sinonimi.txt and whatever later capabilities add (taxonomies).
//
//go:embed *.csv *.txt SOURCES.md
var FS embed.FS

// Attribution is the credit line the product shows for its reference data.
const Attribution = "Fonte: ISTAT (elenco comuni 30/06/2023; popolazione 2021). " +
	"Coordinate: Wikidata (CC0) e © OpenStreetMap contributors (ODbL)."
