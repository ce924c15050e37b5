// Package web embeds the page shell (layout, partials), the static assets
// and the message catalogues. The vendor/ folder under static is built from
// npm packages by `make assets` and is not committed.
package web

import (
	"embed"
	"io/fs"
)

//go:embed templates
var templates embed.FS

//go:embed all:static
var static embed.FS

//go:embed locales
var locales embed.FS

// Templates returns layout.html, error.html and partials/.
func Templates() fs.FS { return sub(templates, "templates") }

// Static returns the files served under /static/.
func Static() fs.FS { return sub(static, "static") }

// Locales returns <lang>/*.toml.
func Locales() fs.FS { return sub(locales, "locales") }

func sub(f fs.FS, dir string) fs.FS {
	s, err := fs.Sub(f, dir)
	if err != nil {
		panic(err)
	}
	return s
}
