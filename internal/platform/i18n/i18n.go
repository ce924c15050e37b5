// Package i18n is Trama's message catalogue: Italian first, English
// complete. Messages live in web/locales/<lang>/<capability>.toml; nested
// tables become dotted keys ("login.title"). Arguments use fmt verbs.
package i18n

import (
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"golang.org/x/text/language"
)

// Default is the language of a visitor who says nothing else.
const Default = "it"

// Catalog holds the messages of every language.
type Catalog struct {
	langs    []string // Default first
	messages map[string]map[string]string
	matcher  language.Matcher
	missing  sync.Map // lang+key already logged as missing
}

// Load reads every <lang>/*.toml in fsys.
func Load(fsys fs.FS) (*Catalog, error) {
	c := &Catalog{messages: map[string]map[string]string{}}
	dirs, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("i18n: %w", err)
	}
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		lang := d.Name()
		files, err := fs.Glob(fsys, lang+"/*.toml")
		if err != nil {
			return nil, err
		}
		msgs := map[string]string{}
		for _, f := range files {
			var raw map[string]any
			b, err := fs.ReadFile(fsys, f)
			if err != nil {
				return nil, err
			}
			if err := toml.Unmarshal(b, &raw); err != nil {
				return nil, fmt.Errorf("i18n: %s: %w", f, err)
			}
			if err := flatten("", raw, msgs, f); err != nil {
				return nil, err
			}
		}
		c.messages[lang] = msgs
		c.langs = append(c.langs, lang)
	}
	if _, ok := c.messages[Default]; !ok {
		return nil, fmt.Errorf("i18n: no %q catalogue", Default)
	}
	slices.SortFunc(c.langs, func(a, b string) int {
		switch {
		case a == Default:
			return -1
		case b == Default:
			return 1
		}
		return strings.Compare(a, b)
	})
	tags := make([]language.Tag, len(c.langs))
	for i, l := range c.langs {
		tags[i] = language.Make(l)
	}
	c.matcher = language.NewMatcher(tags)
	return c, nil
}

func flatten(prefix string, in map[string]any, out map[string]string, file string) error {
	for k, v := range in {
		key := k
		if prefix != "" {
			key = prefix + "." + k
		}
		switch v := v.(type) {
		case string:
			if _, dup := out[key]; dup {
				return fmt.Errorf("i18n: %s: key %q defined twice", file, key)
			}
			out[key] = v
		case map[string]any:
			if err := flatten(key, v, out, file); err != nil {
				return err
			}
		default:
			return fmt.Errorf("i18n: %s: key %q is not a string", file, key)
		}
	}
	return nil
}

// Langs lists the languages, Default first.
func (c *Catalog) Langs() []string { return c.langs }

// Supported tells whether lang has a catalogue.
func (c *Catalog) Supported(lang string) bool { _, ok := c.messages[lang]; return ok }

// Keys returns the keys of a language, sorted.
func (c *Catalog) Keys(lang string) []string {
	keys := make([]string, 0, len(c.messages[lang]))
	for k := range c.messages[lang] {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Has tells whether key exists in lang.
func (c *Catalog) Has(lang, key string) bool { _, ok := c.messages[lang][key]; return ok }

// Match picks the best supported language for an Accept-Language header.
func (c *Catalog) Match(acceptLanguage string) string {
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return Default
	}
	_, i, conf := c.matcher.Match(tags...)
	if conf == language.No {
		return Default
	}
	return c.langs[i]
}

// T translates key into lang, formatting args with fmt. A key missing in
// lang falls back to Italian; a key missing everywhere is returned as is
// (and logged once) so that a gap shows instead of breaking the page.
func (c *Catalog) T(lang, key string, args ...any) string {
	msg, ok := c.messages[lang][key]
	if !ok {
		msg, ok = c.messages[Default][key]
		if !ok {
			if _, seen := c.missing.LoadOrStore(lang+"\x00"+key, true); !seen {
				slog.Warn("i18n: missing message", "lang", lang, "key", key)
			}
			return key
		}
	}
	if len(args) == 0 {
		return msg
	}
	return fmt.Sprintf(msg, args...)
}

// N translates a message that depends on a count: key.one when n == 1,
// key.other otherwise; n is the first argument.
func (c *Catalog) N(lang, key string, n int, args ...any) string {
	form := ".other"
	if n == 1 {
		form = ".one"
	}
	return c.T(lang, key+form, append([]any{n}, args...)...)
}

// Translator is a Catalog bound to one language.
type Translator struct {
	c    *Catalog
	Lang string
}

// For binds c to lang.
func (c *Catalog) For(lang string) Translator { return Translator{c: c, Lang: lang} }

// T translates key.
func (t Translator) T(key string, args ...any) string { return t.c.T(t.Lang, key, args...) }

// N translates a counted message.
func (t Translator) N(key string, n int, args ...any) string { return t.c.N(t.Lang, key, n, args...) }

// LangName is a language's name in itself, for the switcher.
func LangName(lang string) string {
	switch lang {
	case "it":
		return "Italiano"
	case "en":
		return "English"
	}
	return path.Base(lang)
}
