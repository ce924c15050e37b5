package hsds

import (
	"context"
	"io/fs"

	"github.com/trama-welfare/trama/internal/directory"
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
	}, nil
}
