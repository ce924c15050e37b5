package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strings"
)

// Renderer holds every page template, parsed once at start.
//
// The shared FS has layout.html (the page shell), partials/*.html (form
// fields, pagination …) and error.html. Each capability brings its own FS of
// pages; files whose names start with "_" are that capability's partials.
// A page is named "<namespace>/<file without .html>", e.g. "account/login".
type Renderer struct {
	pages map[string]*template.Template
}

// NewRenderer parses the shell and the pages of every namespace.
func NewRenderer(shared fs.FS, funcs template.FuncMap, modules map[string]fs.FS) (*Renderer, error) {
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(shared, "layout.html", "partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: parse layout: %w", err)
	}
	r := &Renderer{pages: map[string]*template.Template{}}
	add := func(name string, fsys fs.FS, files ...string) error {
		t, err := base.Clone()
		if err != nil {
			return err
		}
		if _, err := t.ParseFS(fsys, files...); err != nil {
			return fmt.Errorf("web: parse %s: %w", name, err)
		}
		r.pages[name] = t
		return nil
	}
	if err := add("error", shared, "error.html"); err != nil {
		return nil, err
	}
	for ns, fsys := range modules {
		files, err := fs.Glob(fsys, "*.html")
		if err != nil {
			return nil, err
		}
		var partials []string
		for _, f := range files {
			if strings.HasPrefix(f, "_") {
				partials = append(partials, f)
			}
		}
		for _, f := range files {
			if strings.HasPrefix(f, "_") {
				continue
			}
			name := ns + "/" + strings.TrimSuffix(path.Base(f), ".html")
			if err := add(name, fsys, append([]string{f}, partials...)...); err != nil {
				return nil, err
			}
		}
	}
	return r, nil
}

// Has tells whether a page exists.
func (r *Renderer) Has(name string) bool { _, ok := r.pages[name]; return ok }

// Pages lists the page names.
func (r *Renderer) Pages() []string {
	out := make([]string, 0, len(r.pages))
	for k := range r.pages {
		out = append(out, k)
	}
	return out
}

// Execute renders page into a buffer first, so that a template error gives a
// clean 500 instead of half a page.
func (r *Renderer) Execute(w http.ResponseWriter, status int, page string, v *View) {
	t, ok := r.pages[page]
	if !ok {
		slog.Error("web: unknown page", "page", page)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", v); err != nil {
		slog.Error("web: render", "page", page, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// Fragment renders a named block of a page on its own (for partial updates
// requested by JavaScript).
func (r *Renderer) Fragment(w http.ResponseWriter, page, block string, v *View) {
	t, ok := r.pages[page]
	if !ok {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, block, v); err != nil {
		slog.Error("web: render fragment", "page", page, "block", block, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(buf.Bytes())
}
