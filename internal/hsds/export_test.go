package hsds

import (
	"io/fs"
)

// Hooks into unexported parsers, for the fuzz targets of the external test
// package.

// ReadFS reads a data package from a file system (datapackage.json at its
// root), as Read does with a folder.
func (s *Spec) ReadFS(fsys fs.FS) (*Package, error) { return s.readPackage(fsys, ".", noProgress) }

// DecodeText is how an uploaded spreadsheet becomes text.
var DecodeText = decodeText
