package web

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

// Assets serves the embedded static files under /static/. Each file is also
// served under a content-hashed name (css/trama.3f2a1b9c.css) with a
// one-year immutable cache; templates link to that name through the "asset"
// function, so a new release is never hidden by an old cached file.
type Assets struct {
	fsys   fs.FS
	hashed map[string]string // logical path → hashed path
	byHash map[string]string // hashed path → logical path
	etags  map[string]string
}

// NewAssets indexes every file of fsys.
func NewAssets(fsys fs.FS) (*Assets, error) {
	a := &Assets{fsys: fsys, hashed: map[string]string{}, byHash: map[string]string{}, etags: map[string]string{}}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		h := hex.EncodeToString(sum[:])[:10]
		ext := path.Ext(p)
		hp := strings.TrimSuffix(p, ext) + "." + h + ext
		a.hashed[p], a.byHash[hp], a.etags[p] = hp, p, `"`+h+`"`
		return nil
	})
	return a, err
}

// URL returns the hashed URL of a logical path, or the plain one when the
// file is missing (so a page still renders while assets are being built).
func (a *Assets) URL(p string) string {
	p = strings.TrimPrefix(p, "/")
	if hp, ok := a.hashed[p]; ok {
		return "/static/" + hp
	}
	return "/static/" + p
}

// Has tells whether a logical path exists.
func (a *Assets) Has(p string) bool { _, ok := a.hashed[strings.TrimPrefix(p, "/")]; return ok }

// ServeHTTP serves /static/{path...}.
func (a *Assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := strings.TrimPrefix(r.URL.Path, "/static/")
	logical, immutable := a.byHash[p]
	if !immutable {
		logical = p
	}
	etag, ok := a.etags[logical]
	if !ok {
		http.NotFound(w, r)
		return
	}
	if immutable {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		// Files referenced by relative URLs from CSS (fonts, images).
		w.Header().Set("Cache-Control", "public, max-age=86400")
	}
	w.Header().Set("ETag", etag)
	if ct := mime.TypeByExtension(path.Ext(logical)); ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	f, err := a.fsys.Open(logical)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	rs, ok := f.(interface {
		Read([]byte) (int, error)
		Seek(int64, int) (int64, error)
	})
	if !ok {
		http.Error(w, "unseekable asset", http.StatusInternalServerError)
		return
	}
	http.ServeContent(w, r, logical, time.Time{}, rs)
}
