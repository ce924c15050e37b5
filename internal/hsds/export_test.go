package hsds

import (
	"context"
	"fmt"
	"io/fs"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/text"
)

// Hooks into unexported parsers, for the fuzz targets of the external test
// package.

// ReadFS reads a data package from a file system (datapackage.json at its
// root), as Read does with a folder.
func (s *Spec) ReadFS(fsys fs.FS) (*Package, error) { return s.readPackage(fsys, ".", noProgress) }

// DecodeText is how an uploaded spreadsheet becomes text.
var DecodeText = decodeText

// TemplateRow is a spreadsheet row as read.
type TemplateRow = tplRow

// TemplateReader returns a reader of spreadsheets as PlanTemplate reads
// them, up to the rows it would apply: the accepted rows and the rejected
// ones. It reads the taxonomies once, here, so that the reader itself
// needs no database.
func TemplateReader(ctx context.Context, tax *directory.Taxonomies) (func(content string) ([]TemplateRow, []RowError, error), error) {
	terms, err := termNames(ctx, tax)
	if err != nil {
		return nil, err
	}
	return templateReader(terms), nil
}

// FixedTemplateReader is TemplateReader with a few terms of each taxonomy
// given here instead of the database's: under fuzzing instrumentation the
// embedded SQLite is too slow to set up in every worker.
func FixedTemplateReader() func(content string) ([]TemplateRow, []RowError, error) {
	terms := map[string]map[string]string{}
	for taxonomy, names := range map[string][]string{
		directory.TaxServices: {"Doposcuola e aiuto compiti", "Musica, arte e teatro", "Trasporto e accompagnamento", "Centri per le famiglie"},
		directory.TaxTargets:  {"Bambini", "Ragazzi", "Famiglie"},
	} {
		terms[taxonomy] = map[string]string{}
		for i, n := range names {
			terms[taxonomy][text.Fold(n)] = fmt.Sprintf("T%d", i)
		}
	}
	return templateReader(terms)
}

func templateReader(terms map[string]map[string]string) func(content string) ([]TemplateRow, []RowError, error) {
	return func(content string) ([]TemplateRow, []RowError, error) {
		header, cells, lines, err := splitCSV(content)
		if err != nil {
			return nil, nil, err
		}
		rr, err := rowReaderWith(terms, "foglio.csv", header)
		if err != nil {
			return nil, nil, err
		}
		var rows []TemplateRow
		for i, c := range cells {
			if row, ok := rr.read(c, lines[i]); ok {
				rows = append(rows, row)
			}
		}
		return rows, rr.errs, nil
	}
}
