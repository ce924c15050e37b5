package app_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/platform/i18n"
	webui "github.com/trama-welfare/trama/web"
)

var verbRe = regexp.MustCompile(`%[-+# 0]*[0-9]*(\.[0-9]+)?[a-zA-Z%]`)

// TestCataloguesComplete: English has every Italian message and no other,
// with the same fmt verbs in the same order.
func TestCataloguesComplete(t *testing.T) {
	cat, err := i18n.Load(webui.Locales())
	if err != nil {
		t.Fatal(err)
	}
	it, en := cat.Keys("it"), cat.Keys("en")
	for _, k := range it {
		if !slices.Contains(en, k) {
			t.Errorf("English lacks %q", k)
			continue
		}
		vi := verbRe.FindAllString(cat.T("it", k), -1)
		ve := verbRe.FindAllString(cat.T("en", k), -1)
		if !slices.Equal(vi, ve) {
			t.Errorf("%q: Italian verbs %v, English verbs %v", k, vi, ve)
		}
	}
	for _, k := range en {
		if !slices.Contains(it, k) {
			t.Errorf("Italian lacks %q", k)
		}
	}
	if len(it) < 100 {
		t.Fatalf("only %d messages: catalogue not loaded?", len(it))
	}
}

// Keys written literally in templates and Go code must exist.
var (
	tmplKeyRe = regexp.MustCompile(`(?:\.T|\.N|"label"|"help"|"empty"|"legend") "([a-z0-9_]+(?:\.[a-z0-9_]+)+)"`)
	// Go code passes keys to these calls and fields.
	goKeyRe = regexp.MustCompile(`(?:errs\.(?:E|New)\([^"\n]*|\.Add\("[^"]*", |Key: |ErrorStatus\([^"\n]*|` +
		`Redirect\(w, r, [^\n]+, |\.T\([^"\n]*|Render\(w, r, "[^"]+", )"([a-z0-9_]+(?:\.[a-z0-9_]+)+)"`)
	nKeyRe = regexp.MustCompile(`\.N "([a-z0-9_.]+)"`)
)

func TestUsedKeysExist(t *testing.T) {
	cat, err := i18n.Load(webui.Locales())
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join("..", "..")
	found := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == ".git" || d.Name() == "vendor") {
			return filepath.SkipDir
		}
		isTmpl := strings.HasSuffix(path, ".html")
		isGo := strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go")
		if !isTmpl && !isGo {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		src := string(b)
		re := goKeyRe
		if isTmpl {
			re = tmplKeyRe
			for _, m := range nKeyRe.FindAllStringSubmatch(src, -1) {
				for _, form := range []string{".one", ".other"} {
					if !cat.Has("it", m[1]+form) {
						t.Errorf("%s: counted message %q lacks %s", path, m[1], form)
					}
				}
				found++
			}
		}
		for _, m := range re.FindAllStringSubmatch(src, -1) {
			key := m[1]
			if isTmpl && strings.Contains(src, `.N "`+key+`"`) {
				continue
			}
			found++
			// A template's .T "key" prints that very message; elsewhere a
			// key can be the base of computed ones (key + ".subject").
			literal := isTmpl && strings.Contains(src, `.T "`+key+`"`)
			if !cat.Has("it", key) && (literal || !hasPrefix(cat, key)) {
				t.Errorf("%s: message %q is not in the catalogue", path, key)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 100 {
		t.Fatalf("only %d keys found in the sources: scanner broken?", found)
	}
}

// hasPrefix accepts keys used as a base for computed ones (key + ".subject").
func hasPrefix(cat *i18n.Catalog, key string) bool {
	for _, k := range cat.Keys("it") {
		if strings.HasPrefix(k, key+".") {
			return true
		}
	}
	return false
}
